/**
 * Worker thread of `cvGlmnetAsync`: runs the path fits it is sent (`cvPathFit`, the same call as the
 * single-threaded `cvGlmnet`) and posts each fit back with its index, its arrays transferred.
 */
import { parentPort } from 'node:worker_threads';
import { cvPathFit } from './cv-glmnet.js';
import type { GlmnetFit, GlmnetOptions } from './glmnet.js';
import { setWasmKernels } from './glmnet-wasm.js';
import type { Matrix } from './types.js';

export interface CvFitJob {
  index: number;
  /** All observations (data on a SharedArrayBuffer), outcomes and weights. */
  X: Matrix;
  y: Float64Array;
  w: Float64Array;
  fitOpts: GlmnetOptions;
  /** Training rows of a fold, or null for the full-data fit. */
  train: Int32Array | null;
  /** Use the WebAssembly kernels (as the calling thread does). */
  wasm: boolean;
}

export type CvFitResult = { index: number; ok: true; fit: GlmnetFit } | { index: number; ok: false; message: string };

parentPort?.on('message', (job: CvFitJob) => {
  try {
    setWasmKernels(job.wasm);
    const fit = cvPathFit(job.X, job.y, job.w, job.fitOpts, job.train);
    const buffers = [fit.lambda, fit.a0, fit.beta, fit.devRatio, fit.df].map((a) => a.buffer as ArrayBuffer);
    parentPort!.postMessage({ index: job.index, ok: true, fit } satisfies CvFitResult, buffers);
  } catch (e) {
    parentPort!.postMessage({ index: job.index, ok: false, message: (e as Error).message } satisfies CvFitResult);
  }
});
