/**
 * readVolume: one entry for every image format alnm takes. Checks that the file exists and is an image,
 * that its header is sane before anything large is allocated, and that the data is complete.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileError } from '../util/errors.js';
import { readDicomSeries, readWithItk } from './itk.js';
import { readNifti } from './nifti.js';
import { readNrrd } from './nrrd.js';
import { intensityRange, type Volume } from './volume.js';

export type Format = 'nifti' | 'nrrd' | 'metaimage' | 'dicom';

export function formatOf(file: string): Format | null {
  const f = file.toLowerCase();
  if (f.endsWith('.nii') || f.endsWith('.nii.gz')) return 'nifti';
  if (f.endsWith('.nrrd') || f.endsWith('.nhdr')) return 'nrrd';
  if (f.endsWith('.mha') || f.endsWith('.mhd')) return 'metaimage';
  return null;
}

export interface ReadOptions {
  /** Refuse NaN or infinite voxels (default true). */
  rejectNonFinite?: boolean;
}

export async function readVolume(file: string, opts: ReadOptions = {}): Promise<Volume> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw fileError(file, 'file not found');
  }
  let vol: Volume;
  if (stat.isDirectory()) {
    const names = (await fs.readdir(file, { withFileTypes: true }))
      .filter((e) => !e.name.startsWith('.') && !e.isDirectory())
      .map((e) => e.name)
      .sort();
    if (names.length === 0) throw fileError(file, 'empty folder (expected the files of one DICOM series)');
    vol = await readDicomSeries(file, names.map((n) => path.join(file, n)));
  } else {
    const fmt = formatOf(file);
    if (stat.size === 0) throw fileError(file, 'empty file');
    if (fmt === 'metaimage') vol = await readWithItk(file);
    else {
      const raw = new Uint8Array(await fs.readFile(file));
      if (raw.length === 0) throw fileError(file, 'empty file');
      if (fmt === 'nifti') vol = readNifti(file, raw);
      else if (fmt === 'nrrd') vol = readNrrd(file, raw);
      else if (raw.length > 132 && String.fromCharCode(...raw.subarray(128, 132)) === 'DICM') {
        vol = await readDicomSeries(file, [file]);
      } else {
        throw fileError(file, 'not an image file alnm reads (.nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd or a DICOM folder)');
      }
    }
  }
  if (vol.spacing.some((s) => !(s > 0) || !Number.isFinite(s))) throw fileError(file, `invalid spacing (${vol.spacing.join(', ')})`);
  if (opts.rejectNonFinite !== false) {
    const { nonFinite } = intensityRange(vol.data);
    if (nonFinite > 0) throw fileError(file, `${nonFinite} voxels are NaN or infinite`);
  }
  return vol;
}
