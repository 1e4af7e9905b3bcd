/**
 * Worker thread of the batch extractor: extracts the cases it is sent, one at a time, and posts each result back
 * with its index so the main thread can put rows in input order whatever the number of workers.
 */
import { parentPort } from 'node:worker_threads';
import { oneLine } from '../util/errors.js';
import { extractCase, type CaseSpec } from './case.js';
import { paramsFromObject } from './settings.js';

export interface WorkerJob {
  index: number;
  spec: CaseSpec;
  params: unknown;
  source: string;
  diagnostics: boolean;
}

parentPort?.on('message', async (job: WorkerJob) => {
  try {
    const params = paramsFromObject(job.params, job.source);
    const r = await extractCase(job.spec, params, job.diagnostics);
    parentPort!.postMessage({ index: job.index, ok: true, result: r });
  } catch (e) {
    parentPort!.postMessage({ index: job.index, ok: false, message: oneLine(e) });
  }
});
