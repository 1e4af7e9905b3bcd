/**
 * Worker thread for batch preprocessing: reads a case, preprocesses it, writes the outputs (atomically),
 * and posts back the output paths with the case index.
 */
import { parentPort } from 'node:worker_threads';
import { oneLine } from '../util/errors.js';
import { preprocessFiles, type PreprocessJob } from './preprocess-files.js';

parentPort?.on('message', async (job: PreprocessJob) => {
  try {
    await preprocessFiles(job);
    parentPort!.postMessage({ index: job.index, ok: true });
  } catch (e) {
    parentPort!.postMessage({ index: job.index, ok: false, message: oneLine(e) });
  }
});
