/**
 * A persistent pool of `cv-glmnet-worker` threads for `cvGlmnetAsync`. Workers are created on first
 * use and kept for later calls, so their JIT and WebAssembly code stay warm (a fresh worker needs
 * 4-5 path fits before it runs at full speed); an idle worker does not keep the process alive
 * (`unref`). `closeCvPool()` ends them. Results come back in job order whatever the thread count.
 * Concurrent calls each take up to their own `threads` workers, so the pool grows to the largest number
 * in use at once.
 */
import { Worker } from 'node:worker_threads';
import { workerScript } from '../util/pool.js';
import type { CvFitJob, CvFitResult } from './cv-glmnet-worker.js';

const idle: Worker[] = [];
const all = new Set<Worker>();

function acquire(): Worker {
  const w = idle.pop() ?? spawn();
  w.ref();
  return w;
}

function spawn(): Worker {
  const w = new Worker(workerScript('../learn/cv-glmnet-worker.js'));
  all.add(w);
  w.on('exit', () => {
    all.delete(w);
    const i = idle.indexOf(w);
    if (i >= 0) idle.splice(i, 1);
  });
  return w;
}

function release(w: Worker): void {
  if (!all.has(w)) return;
  w.unref();
  idle.push(w);
}

/** One job on worker `w`; rejects (and ends the worker) if the thread itself fails. */
function call(w: Worker, job: CvFitJob): Promise<CvFitResult> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      w.off('message', onMessage);
      w.off('error', onError);
    };
    const onMessage = (r: CvFitResult): void => {
      done();
      resolve(r);
    };
    const onError = (e: Error): void => {
      done();
      all.delete(w);
      void w.terminate();
      reject(e);
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.postMessage(job);
  });
}

/** Runs `jobs` (job i has index i) on up to `threads` pooled workers; results in job order. */
export async function runCvFits(jobs: CvFitJob[], threads: number): Promise<CvFitResult[]> {
  const results: CvFitResult[] = new Array(jobs.length);
  let next = 0;
  const lanes = Math.max(1, Math.min(threads, jobs.length));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      const w = acquire();
      try {
        while (next < jobs.length) {
          const job = jobs[next++];
          results[job.index] = await call(w, job);
        }
      } finally {
        release(w);
      }
    }),
  );
  return results;
}

/** Ends every pooled worker (the next `cvGlmnetAsync` starts new ones). */
export async function closeCvPool(): Promise<void> {
  const ws = [...all];
  all.clear();
  idle.length = 0;
  await Promise.all(ws.map((w) => w.terminate()));
}
