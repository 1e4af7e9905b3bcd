import { fileError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { encodeNifti } from './nifti.js';
import { encodeNrrd } from './nrrd.js';
import type { Volume } from './volume.js';

/** Write a volume as NIfTI (.nii, .nii.gz) or NRRD (.nrrd), atomically. */
export async function writeVolume(file: string, v: Volume): Promise<void> {
  const f = file.toLowerCase();
  let bytes: Uint8Array;
  if (f.endsWith('.nii.gz')) bytes = encodeNifti(v, true);
  else if (f.endsWith('.nii')) bytes = encodeNifti(v, false);
  else if (f.endsWith('.nrrd')) bytes = encodeNrrd(v, true);
  else throw fileError(file, 'output must end in .nii, .nii.gz or .nrrd');
  await writeFileAtomic(file, bytes);
}
