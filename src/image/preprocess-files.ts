/** Preprocessing of one case from files to files (used by the CLI and its worker threads). */
import { readFileSync } from 'node:fs';
import { readVolume } from '../io/read.js';
import { writeVolume } from '../io/write.js';
import { fileError, inCase } from '../util/errors.js';
import { checkLandmarks, type NyulLandmarks } from './histogram-standardisation.js';
import { preprocessCase, type PreprocessOptions } from './preprocess.js';

export interface PreprocessJob {
  index: number;
  id?: string;
  image: string;
  mask?: string;
  out: string;
  outMask?: string;
  biasOut?: string;
  /** Options with landmarks given as a file path (read in the worker). */
  options: Omit<PreprocessOptions, 'landmarks'> & { landmarksFile?: string };
}

export function readLandmarks(file: string): NyulLandmarks {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw fileError(file, 'landmarks file not found');
  }
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    throw fileError(file, 'not JSON');
  }
  return checkLandmarks(o, file);
}

export async function preprocessFiles(job: PreprocessJob): Promise<void> {
  const what = job.id ? `case ${job.id}: ${job.image}` : job.image;
  try {
    const image = await readVolume(job.image);
    const mask = job.mask ? await readVolume(job.mask) : undefined;
    const landmarks = job.options.landmarksFile ? readLandmarks(job.options.landmarksFile) : null;
    const r = preprocessCase(image, mask, { ...job.options, landmarks }, what);
    await writeVolume(job.out, r.image);
    if (job.outMask && r.mask) await writeVolume(job.outMask, r.mask);
    if (job.biasOut && r.bias) await writeVolume(job.biasOut, r.bias);
  } catch (e) {
    throw inCase(job.id, e);
  }
}
