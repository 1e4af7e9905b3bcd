/**
 * A small worker-thread pool: runs `jobs` through `workers` threads of `script`, each job answered by one message
 * carrying its `index`. Results come back in input order, whatever the number of threads.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The compiled worker script: next to this module in dist/, or in dist/ when running from src/ (tests). */
export function workerScript(relativeToDist: string): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const base = here.replace(/([\\/])src[\\/]util[\\/]?$/, '$1dist$1util$1');
  const file = fileURLToPath(new URL(relativeToDist, 'file://' + base.replace(/\\/g, '/')));
  if (!existsSync(file)) throw new Error(`worker script ${file} not found: run \`npm run build\``);
  return file;
}

export async function runPool<J extends { index: number }, R extends { index: number }>(
  script: string,
  jobs: J[],
  workers: number,
  onResult?: (r: R) => void,
): Promise<R[]> {
  const results: R[] = new Array(jobs.length);
  let next = 0;
  const n = Math.max(1, Math.min(workers, jobs.length));
  await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<void>((resolve, reject) => {
        const w = new Worker(script);
        const feed = () => {
          if (next >= jobs.length) {
            void w.terminate().then(() => resolve());
            return;
          }
          w.postMessage(jobs[next++]);
        };
        w.on('message', (r: R) => {
          results[r.index] = r;
          onResult?.(r);
          feed();
        });
        w.on('error', reject);
        feed();
      }),
    ),
  );
  return results;
}
