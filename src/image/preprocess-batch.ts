/**
 * Batch preprocessing: one case per worker thread (or in this thread with `jobs` 1). A failing case is
 * reported in its outcome and the others go on. Outcomes come back in input order.
 */
import { AlnmError } from '../util/errors.js';
import { runPool, workerScript } from '../util/pool.js';
import { preprocessFiles, type PreprocessJob } from './preprocess-files.js';

export type PreprocessOutcome = { index: number; ok: boolean; message?: string };

export async function preprocessBatch(list: PreprocessJob[], jobs: number, onProgress?: (done: number, total: number) => void): Promise<PreprocessOutcome[]> {
  let done = 0;
  const tick = () => onProgress?.(++done, list.length);
  if (jobs <= 1 || list.length <= 1) {
    const outcomes: PreprocessOutcome[] = [];
    for (const j of list) {
      try {
        await preprocessFiles(j);
        outcomes.push({ index: j.index, ok: true });
      } catch (e) {
        if (!(e instanceof AlnmError)) throw e;
        outcomes.push({ index: j.index, ok: false, message: e.message });
      }
      tick();
    }
    return outcomes;
  }
  return runPool<PreprocessJob, PreprocessOutcome>(workerScript('../image/preprocess-worker.js'), list, jobs, tick);
}
