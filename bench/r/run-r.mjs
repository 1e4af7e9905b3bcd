// Helpers shared by the benchmarks that time an R reference on the same data in the same run.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Median of a list of numbers (upper median for even lengths). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** True if `Rscript` runs and every named R package loads. */
export function rAvailable(packages) {
  const code = packages.map((p) => `suppressPackageStartupMessages(library(${p}))`).join(';');
  const r = spawnSync('Rscript', ['-e', code], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/**
 * Run `bench/r/<script>` with the given arguments and parse its "key value..." output lines into
 * { key: string[] }. Throws with R's stderr on failure.
 */
export function runR(script, args) {
  const r = spawnSync('Rscript', [path.join(here, script), ...args.map(String)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error || r.status !== 0) throw new Error(`Rscript ${script} failed: ${r.error ?? r.stderr}`);
  const out = {};
  for (const line of r.stdout.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts[0]) out[parts[0]] = parts.slice(1);
  }
  return out;
}

/** Load averages (1, 5, 15 min) and core count, to say whether the machine was busy. */
export function machineLoad() {
  return `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, ${os.cpus().length} cores`;
}

/** |a - b| / max(|a|, |b|) (0 when both are 0). */
export function relDiff(a, b) {
  const s = Math.max(Math.abs(a), Math.abs(b));
  return s === 0 ? 0 : Math.abs(a - b) / s;
}

/** Run `fn` once; returns its result with wall-clock and process CPU (user + system) time in ms. */
export function timed(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1000 };
}
