/**
 * Formats read through ITK itself (itk-wasm): MetaImage (.mha/.mhd) and DICOM series. The itk-wasm image
 * is turned into a {@link Volume}; itk-wasm gives ITK's direction matrix row-major, as alnm stores it.
 */
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

export async function readWithItk(file: string): Promise<Volume> {
  const { readImageNode } = await import('@itk-wasm/image-io');
  let img: ItkImage;
  try {
    img = (await readImageNode(file)) as unknown as ItkImage;
  } catch {
    throw fileError(file, 'not a readable image (ITK could not read it)');
  }
  return fromItkImage(file, img);
}

export async function readDicomSeries(dir: string, files: string[]): Promise<Volume> {
  const { readImageDicomFileSeriesNode } = await import('@itk-wasm/dicom');
  try {
    const res = await readImageDicomFileSeriesNode({ inputImages: files });
    return fromItkImage(dir, res.outputImage as unknown as ItkImage);
  } catch {
    throw fileError(dir, 'not a readable DICOM series');
  }
}
