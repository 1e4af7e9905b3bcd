// LASSO path with 10-fold CV, binomial (issue 4): our cvGlmnetAsync (path fits on worker threads, one per
// core) and cvGlmnet (single-threaded) against R's
// cv.glmnet(x, y, family = "binomial", foldid = foldid) on the same data and folds (when Rscript and
// glmnet are available). Target: no slower than glmnet; lambda_min equal on each data set.
// Runs alternate (ours, then one Rscript timing one run after a warm-up) so both sides see the same
// machine load; wall and CPU (user + system, all threads) times, medians over the pairs. Our side is
// warmed up too (one call of each; the first async call, which starts the worker threads, is printed).
// Data (seeded): x_ij ~ N(0, 1) by Box-Muller from xoshiro128**; y ~ Bernoulli(1 / (1 + exp(-eta))),
// eta = -0.3 + sum of a few true effects; folds = stratifiedFolds(y, 10, seed) written to the CSV.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Rng } from '../dist/util/random.js';
import { closeCvPool, cvGlmnet, cvGlmnetAsync, stratifiedFolds } from '../dist/learn/cv-glmnet.js';
import { machineLoad, median, rAvailable, relDiff, runR, timed } from './r/run-r.mjs';

/** Like `timed`, for an async function. */
async function timedAsync(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1000 };
}

/** True if the two CV results are identical, bit for bit, in every output field. */
function identical(a, b) {
  const arr = (x) => JSON.stringify(Array.from(x));
  return ['lambda', 'cvm', 'cvsd', 'nzero'].every((k) => arr(a[k]) === arr(b[k])) && arr(a.fit.beta) === arr(b.fit.beta) && arr(a.fit.a0) === arr(b.fit.a0) &&
    a.lambdaMin === b.lambdaMin && a.lambda1se === b.lambda1se && JSON.stringify(a.warnings) === JSON.stringify(b.warnings);
}

const PAIRS = 5;
const JOBS = os.availableParallelism();
const ms = (x) => `${x.toFixed(1)} ms`;
const haveR = rAvailable(['glmnet']);
const dir = mkdtempSync(path.join(os.tmpdir(), 'alnm-bench-lasso-'));
console.log(`10-fold CV of the binomial LASSO path (nlambda 100, deviance), ${JOBS} worker threads, ${machineLoad()}`);
if (!haveR) console.log('R not found (Rscript with package glmnet): only our figures are shown.');

/** n x p design with true effects `effects` on the first columns; returns X (row-major), y, foldid. */
function simulate(n, p, effects, seed) {
  const rng = new Rng(seed);
  const normal = () => {
    const u = 1 - rng.nextFloat(); // (0, 1]
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  };
  const data = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = -0.3;
    for (let j = 0; j < p; j++) {
      const v = normal();
      data[i * p + j] = v;
      if (j < effects.length) eta += effects[j] * v;
    }
    y[i] = rng.nextFloat() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  return { X: { rows: n, cols: p, data }, y, foldid: stratifiedFolds(y, 10, seed) };
}

let allMet = true;
for (const [n, p, effects, seed] of [
  [300, 1000, [1, -1, 0.8, -0.8, 0.6], 11],
  [500, 30, [0.8, -0.6, 0.5], 12],
]) {
  const { X, y, foldid } = simulate(n, p, effects, seed);
  let events = 0;
  for (let i = 0; i < n; i++) events += y[i];
  const csv = path.join(dir, `lasso_${n}x${p}.csv`);
  if (haveR) {
    const lines = [['y', 'foldid', ...Array.from({ length: p }, (_, j) => `x${j + 1}`)].join(',')];
    for (let i = 0; i < n; i++) lines.push([y[i], foldid[i], ...X.data.subarray(i * p, (i + 1) * p)].join(',')); // round-trip decimals
    writeFileSync(csv, lines.join('\n') + '\n');
  }
  const first = await timedAsync(() => cvGlmnetAsync(X, y, { foldid }, { jobs: JOBS })); // warm-up (as the R side)
  let cv = cvGlmnet(X, y, { foldid });
  const same = identical(first.value, cv);
  const our = { wall: [], cpu: [] };
  const sync = { wall: [], cpu: [] };
  const rt = { wall: [], cpu: [] };
  const ratio = { wall: [], cpu: [] };
  let r;
  for (let k = 0; k < PAIRS; k++) {
    const t = await timedAsync(() => cvGlmnetAsync(X, y, { foldid }, { jobs: JOBS }));
    cv = t.value;
    our.wall.push(t.wall);
    our.cpu.push(t.cpu);
    const ts = timed(() => cvGlmnet(X, y, { foldid }));
    sync.wall.push(ts.wall);
    sync.cpu.push(ts.cpu);
    if (!haveR) continue;
    r = runR('lasso.R', [csv, 1]);
    const rw = Number(r.elapsed_ms[0]);
    const rc = Number(r.cpu_ms[0]);
    rt.wall.push(rw);
    rt.cpu.push(rc);
    ratio.wall.push(rw / t.wall);
    ratio.cpu.push(rc / t.cpu);
  }
  console.log(`\n${n} x ${p} (${events} events, ${effects.length} true effects)`);
  console.log(`  alnm cvGlmnetAsync (${JOBS} threads), median of ${PAIRS}: wall ${ms(median(our.wall))}, CPU ${ms(median(our.cpu))}; ${cv.lambda.length} lambdas; lambda_min ${cv.lambdaMin.toPrecision(8)} (#${cv.indexMin + 1}, nzero ${cv.nzero[cv.indexMin]}), lambda_1se ${cv.lambda1se.toPrecision(8)}`);
  console.log(`  alnm cvGlmnet (single-threaded), median of ${PAIRS}: wall ${ms(median(sync.wall))}, CPU ${ms(median(sync.cpu))}; first cvGlmnetAsync call of the process (starts the workers, cold JIT): wall ${ms(first.wall)}, CPU ${ms(first.cpu)}; async result identical to sync: ${same ? 'yes' : 'NO'}`);
  if (!haveR) continue;
  const rMin = Number(r.lambda_min[0]);
  const r1se = Number(r.lambda_1se[0]);
  console.log(`  R glmnet ${r.glmnet[0]} cv.glmnet, system.time, median of ${PAIRS}: wall ${ms(median(rt.wall))}, CPU ${ms(median(rt.cpu))}; ${r.nlambda[0]} lambdas; lambda_min ${rMin.toPrecision(8)} (#${r.index_min[0]}, nzero ${r.nzero_min[0]}), lambda_1se ${r1se.toPrecision(8)}`);
  const rl = r.lambda.map(Number);
  const rcvm = r.cvm.map(Number);
  let dl = 0;
  let dc = 0;
  const common = Math.min(rl.length, cv.lambda.length);
  for (let l = 0; l < common; l++) {
    dl = Math.max(dl, relDiff(rl[l], cv.lambda[l]));
    dc = Math.max(dc, relDiff(rcvm[l], cv.cvm[l]));
  }
  const agree = cv.indexMin + 1 === Number(r.index_min[0]) && relDiff(cv.lambdaMin, rMin) < 1e-6;
  console.log(`  max relative difference over the ${common} common lambdas: lambda ${dl.toExponential(1)}, cvm ${dc.toExponential(1)}; lambda_min ${relDiff(cv.lambdaMin, rMin).toExponential(1)}, lambda_1se ${relDiff(cv.lambda1se, r1se).toExponential(1)}`);
  const rw = median(ratio.wall);
  const rc = median(ratio.cpu);
  console.log(`  glmnet / alnm, median of paired ratios: wall ${rw.toFixed(2)}x, CPU ${rc.toFixed(2)}x; target (no slower than glmnet): ${rw >= 1 ? 'met' : 'NOT met'} (wall), ${rc >= 1 ? 'met' : 'NOT met'} (CPU); lambda_min agrees: ${agree ? 'yes' : 'NO'}`);
  allMet &&= rw >= 1 && same && agree;
}
if (haveR) console.log(`\nall targets met: ${allMet ? 'yes' : 'NO'} (${machineLoad()} at the end)`);
rmSync(dir, { recursive: true, force: true });
await closeCvPool();
