/**
 * Formats read through ITK itself (itk-wasm): MetaImage (.mha/.mhd) and DICOM series. The itk-wasm image
 * is turned into a {@link Volume}; itk-wasm gives ITK's direction matrix row-major, as alnm stores it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkMetaImageHeader } from './metaimage-header.js';
import { fileError } from '../util/errors.js';
import type { VoxelArray, Volume } from './volume.js';

interface ItkImage {
  imageType: { dimension: number; componentType: string; pixelType: string; components: number };
  size: number[];
  spacing: number[];
  origin: number[];
  direction: ArrayLike<number>;
  data: null | ArrayLike<number>;
}

export function fromItkImage(file: string, img: ItkImage): Volume {
  if (img.imageType.components !== 1) throw fileError(file, `${img.imageType.components}-component pixels; alnm needs a scalar image`);
  const dim = img.imageType.dimension;
  if (dim > 3 && img.size.slice(3).some((s) => s > 1)) throw fileError(file, `${dim}-D image; alnm needs one 3-D volume`);
  if (!img.data) throw fileError(file, 'image has no voxel data');
  const size = [img.size[0], img.size[1] ?? 1, img.size[2] ?? 1] as [number, number, number];
  const spacing = [img.spacing[0], img.spacing[1] ?? 1, img.spacing[2] ?? 1] as [number, number, number];
  const origin = [img.origin[0], img.origin[1] ?? 0, img.origin[2] ?? 0] as [number, number, number];
  const direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  for (let r = 0; r < Math.min(dim, 3); r++) {
    for (let c = 0; c < Math.min(dim, 3); c++) direction[r * 3 + c] = Number(img.direction[r * dim + c]) + 0;
  }
  return { size, spacing, origin, direction, data: img.data as unknown as VoxelArray };
}

let muted = 0;
let saved: Pick<Console, 'log' | 'error'> = console;

/**
 * Run an itk-wasm call with console.log/error muted: on a failing pipeline itk-wasm prints
 * "Exception while running pipeline" lines, which would break alnm's one-line error messages.
 * Counted, so overlapping calls restore the real console only when the last one ends.
 */
async function quietly<T>(run: () => Promise<T>): Promise<T> {
  if (muted++ === 0) {
    saved = { log: console.log, error: console.error };
    console.log = () => {};
    console.error = () => {};
  }
  try {
    return await run();
  } finally {
    if (--muted === 0) {
      console.log = saved.log;
      console.error = saved.error;
    }
  }
}

export async function readWithItk(file: string): Promise<Volume> {
  if (/\.(mha|mhd)$/i.test(file)) checkMetaImageHeader(file);
  const { readImageNode } = await import('@itk-wasm/image-io');
  let img: ItkImage;
  try {
    img = (await quietly(() => readImageNode(file))) as unknown as ItkImage;
  } catch {
    throw fileError(file, 'not a readable image (ITK could not read it)');
  }
  return fromItkImage(file, img);
}

/** Does the file carry the DICOM Part 10 marker ("DICM" after the 128-byte preamble)? */
async function isPart10(file: string): Promise<boolean> {
  const h = await fs.open(file, 'r');
  try {
    const b = new Uint8Array(132);
    const { bytesRead } = await h.read(b, 0, 132, 0);
    return bytesRead === 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
  } finally {
    await h.close();
  }
}

/**
 * One DICOM series from its files (any order; ITK sorts the slices by position along the slice normal and
 * takes the geometry from ImagePositionPatient, ImageOrientationPatient and PixelSpacing).
 * Every file must be a DICOM Part 10 file of the same series: a folder is never read in part.
 */
export async function readDicomSeries(dir: string, files: string[]): Promise<Volume> {
  const marked = await Promise.all(files.map(isPart10));
  const bad = files.filter((_, k) => !marked[k]);
  if (bad.length === files.length) throw fileError(dir, 'not a readable DICOM series (no DICOM file in it)');
  if (bad.length > 0) {
    throw fileError(dir, `${path.basename(bad[0])} is not a DICOM file (${bad.length} of ${files.length}); put one DICOM series alone in the folder`);
  }
  const { readImageDicomFileSeriesNode } = await import('@itk-wasm/dicom');
  let img: ItkImage;
  let read: number;
  try {
    const res = await quietly(() => readImageDicomFileSeriesNode({ inputImages: files }));
    img = res.outputImage as unknown as ItkImage;
    read = Array.isArray(res.sortedFilenames) ? res.sortedFilenames.length : files.length;
  } catch {
    throw fileError(dir, 'not a readable DICOM series');
  }
  if (read !== files.length) {
    throw fileError(dir, `holds more than one DICOM series (${files.length} files, ${read} in the series read); put one series per folder`);
  }
  return fromItkImage(dir, img);
}
