// DeLong AUC + 95% CI and the paired DeLong test on 100,000 synthetic cases (issue 4), side by side
// with R pROC on the same CSV when Rscript and pROC are available.
// Work timed on each side: ROC curves of two scores, DeLong CI of the first AUC, paired DeLong test.
//   ours: rocCurve(s1), rocCurve(s2), aucCiDelong(s1), delongPairedTest(s1, s2)
//   R:    roc(y, s1), roc(y, s2), ci.auc(r1, method = "delong"), roc.test(r1, r2, method = "delong", paired = TRUE)
// Also timed (ours only, outside the comparison): the same CI and test from placements computed once per
// score, delongPlacements(s1), delongPlacements(s2), delongCi(p1), delongTest(p1, p2), as the CLI can do it.
// Runs alternate (ours, then one Rscript timing one run after a warm-up) so both sides see the same
// machine load; wall and CPU (user + system) times, medians over the pairs. Target: no slower than pROC.
// Data: y ~ Bernoulli(0.3); s1 = y + z1; s2 = round(0.8 y + 0.6 z1 + 0.8 z2, 2) (z ~ N(0, 1) by
// Box-Muller from xoshiro128** seed 20240404; s2 rounded to 2 decimals so it has many ties).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Rng } from '../dist/util/random.js';
import { aucCiDelong, delongCi, delongPairedTest, delongPlacements, delongTest, rocCurve } from '../dist/eval/roc.js';
import { machineLoad, median, rAvailable, relDiff, runR, timed } from './r/run-r.mjs';

const N = 100_000;
const PAIRS = 9;
const ms = (x) => `${x.toFixed(1)} ms`;

const rng = new Rng(20240404);
const normal = () => {
  const u = 1 - rng.nextFloat(); // (0, 1]
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
};
const y = new Float64Array(N);
const s1 = new Float64Array(N);
const s2 = new Float64Array(N);
for (let i = 0; i < N; i++) {
  y[i] = rng.nextFloat() < 0.3 ? 1 : 0;
  const z1 = normal();
  const z2 = normal();
  s1[i] = y[i] + z1;
  s2[i] = Math.round((0.8 * y[i] + 0.6 * z1 + 0.8 * z2) * 100) / 100;
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'alnm-bench-delong-'));
const csv = path.join(dir, 'delong.csv');
{
  const lines = ['y,s1,s2'];
  for (let i = 0; i < N; i++) lines.push(`${y[i]},${s1[i]},${s2[i]}`); // shortest round-trip decimal: R reads the same doubles
  writeFileSync(csv, lines.join('\n') + '\n');
}
let cases = 0;
for (let i = 0; i < N; i++) cases += y[i];
console.log(`${N} cases (${cases} positive), 2 scores; ${machineLoad()}`);
const haveR = rAvailable(['pROC']);
if (!haveR) console.log('R not found (Rscript with package pROC): only our figures are shown.');

/** One run of our side: wall time per step and the results. */
function ours() {
  const t0 = performance.now();
  rocCurve(s1, y);
  rocCurve(s2, y);
  const t1 = performance.now();
  const ci = aucCiDelong(s1, y);
  const t2 = performance.now();
  const test = delongPairedTest(s1, s2, y);
  const t3 = performance.now();
  return { ci, test, parts: [t1 - t0, t2 - t1, t3 - t2] };
}
ours(); // warm-up (as the R side)
const our = { wall: [], cpu: [], parts: [[], [], []] };
const r = { wall: [], cpu: [], parts: [[], [], []] };
const ratio = { wall: [], cpu: [] };
let res;
let rOut;
for (let k = 0; k < PAIRS; k++) {
  const t = timed(ours);
  res = t.value;
  our.wall.push(t.wall);
  our.cpu.push(t.cpu);
  res.parts.forEach((x, i) => our.parts[i].push(x));
  if (!haveR) continue;
  rOut = runR('delong.R', [csv, 1]);
  const rw = Number(rOut.elapsed_ms[0]);
  const rc = Number(rOut.cpu_ms[0]);
  r.wall.push(rw);
  r.cpu.push(rc);
  ['roc_ms', 'ci_ms', 'test_ms'].forEach((key, i) => r.parts[i].push(Number(rOut[key][0])));
  ratio.wall.push(rw / t.wall);
  ratio.cpu.push(rc / t.cpu);
}
const { ci, test } = res;
const mp = (a) => a.map((x) => ms(median(x)));
const [o1, o2, o3] = mp(our.parts);
console.log(`alnm (dist/eval/roc.js), median of ${PAIRS}: wall ${ms(median(our.wall))}, CPU ${ms(median(our.cpu))} (rocCurve x 2 ${o1}, aucCiDelong ${o2}, delongPairedTest ${o3})`);
console.log(`  AUC1 ${ci.auc.toFixed(6)} [${ci.low.toFixed(6)}, ${ci.high.toFixed(6)}], AUC2 ${test.auc2.toFixed(6)}, z ${test.z.toFixed(4)}, p ${test.p.toExponential(4)}`);
{
  // Shared placements: each score's placements once, reused by the CI and the test; same figures.
  const shared = () => {
    const p1 = delongPlacements(s1, y);
    const p2 = delongPlacements(s2, y);
    return { ci: delongCi(p1), test: delongTest(p1, p2) };
  };
  shared();
  const wall = [];
  let out;
  for (let k = 0; k < PAIRS; k++) {
    const t = timed(shared);
    wall.push(t.wall);
    out = t.value;
  }
  const same = ['auc', 'low', 'high'].every((key) => Object.is(out.ci[key], ci[key])) && ['auc2', 'z', 'p'].every((key) => Object.is(out.test[key], test[key]));
  console.log(`  shared placements (delongPlacements x 2 + delongCi + delongTest), median of ${PAIRS}: wall ${ms(median(wall))}; results ${same ? 'identical' : 'DIFFERENT'}`);
}
if (haveR) {
  const num = (key) => Number(rOut[key][0]);
  const [r1, r2, r3] = mp(r.parts);
  console.log(`R pROC ${rOut.pROC[0]} (${rOut.R.join(' ')}), system.time, median of ${PAIRS}: wall ${ms(median(r.wall))}, CPU ${ms(median(r.cpu))} (roc x 2 ${r1}, ci.auc ${r2}, roc.test ${r3})`);
  console.log(`  AUC1 ${num('auc').toFixed(6)} [${num('ci_low').toFixed(6)}, ${num('ci_high').toFixed(6)}], AUC2 ${num('auc2').toFixed(6)}, z ${num('z').toFixed(4)}, p ${num('p').toExponential(4)}`);
  const diffs = [
    ['AUC1', ci.auc, num('auc')],
    ['CI low', ci.low, num('ci_low')],
    ['CI high', ci.high, num('ci_high')],
    ['AUC2', test.auc2, num('auc2')],
    ['z', test.z, num('z')],
    ['p', test.p, num('p')],
  ].map(([key, a, b]) => `${key} ${relDiff(a, b).toExponential(1)}`);
  console.log(`  relative difference alnm vs pROC: ${diffs.join(', ')}`);
  const rw = median(ratio.wall);
  const rc = median(ratio.cpu);
  console.log(`  pROC / alnm, median of paired ratios: wall ${rw.toFixed(2)}x, CPU ${rc.toFixed(2)}x; target (no slower than pROC): ${rw >= 1 ? 'met' : 'NOT met'} (wall), ${rc >= 1 ? 'met' : 'NOT met'} (CPU)`);
}
console.log(`  (${machineLoad()} at the end)`);
rmSync(dir, { recursive: true, force: true });
