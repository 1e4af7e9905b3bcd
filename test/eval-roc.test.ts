/**
 * ROC analysis against R's pROC 1.18.0 (R 4.2.2), on the Rotterdam reference scores and a small tied
 * example, and the xoshiro128** / SplitMix64 generators against their published reference outputs.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readTable } from '../src/util/csv.js';
import { Rng, splitmix64 } from '../src/util/random.js';
import { auc, aucCiBootstrap, aucCiDelong, delongPairedTest, delongPlacements, delongVariance, quantileType7, rocCurve } from '../src/eval/roc.js';
import { bestThresholds, confusionAt, confusionCiBootstrap } from '../src/eval/threshold.js';
import { data } from './helpers/data.js';
import { alnmErrorMessage } from './helpers/errors.js';

const ref = JSON.parse(readFileSync(data('reference', 'rotterdam_roc.json'), 'utf8'));
const table = readTable(data('reference', 'rotterdam_scores.csv'));
const y = Uint8Array.from(table.rows, (r) => Number(r.node_positive));
const model = Float64Array.from(table.rows, (r) => Number(r.score_model));
const negPgr = Float64Array.from(table.rows, (r) => Number(r.neg_pgr));

const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);

describe('pROC reference (rotterdam_roc.json: roc(node_positive, score, direction = "<"), ci.auc(method = "delong"), roc.test(method = "delong", paired = TRUE), coords("best", best.method = "youden"))', () => {
  it('AUC and DeLong CI of both scores within 1e-6', () => {
    for (const [x, r] of [
      [model, ref.score_model],
      [negPgr, ref.neg_pgr],
    ] as const) {
      const c = aucCiDelong(x, y);
      close(c.auc, r.auc, 1e-12);
      close(c.low, r.ci_low, 1e-9);
      close(c.high, r.ci_high, 1e-9);
    }
  });

  it('DeLong variance of neg_pgr (many ties) equals pROC var(r2, method = "delong") = 0.000111699128616867', () => {
    close(delongVariance(delongPlacements(negPgr, y)), 0.000111699128616867, 1e-15);
  });

  it('paired DeLong test z and p within 1e-6 (p relative)', () => {
    const t = delongPairedTest(model, negPgr, y);
    close(t.z, ref.delong_test.z, 1e-9);
    expect(Math.abs(t.p / ref.delong_test.p - 1)).toBeLessThan(1e-6);
    close(t.delta, ref.score_model.auc - ref.neg_pgr.auc, 1e-12);
    const back = delongPairedTest(negPgr, model, y); // antisymmetric
    close(back.z, -ref.delong_test.z, 1e-9);
  });

  it('Youden point equals coords(best): threshold at pROC midpoint, se, sp, accuracy', () => {
    const b = bestThresholds(model, y, 'youden');
    expect(b).toHaveLength(1);
    const r = ref.score_model.youden;
    close(b[0].threshold, r.threshold, 1e-14);
    // equal up to the 15 digits the JSON prints: the same counts, 1045/1546 cases and 888/1436 controls
    close(b[0].sensitivity, r.sensitivity, 1e-15);
    close(b[0].specificity, r.specificity, 1e-15);
    expect([b[0].tp, b[0].tp + b[0].fn, b[0].tn, b[0].tn + b[0].fp]).toEqual([1045, 1546, 888, 1436]);
    close(1045 / 1546, r.sensitivity, 1e-15);
    close(888 / 1436, r.specificity, 1e-15);
    close(b[0].accuracy, r.accuracy, 1e-14);
    // the threshold is a midpoint between two observed scores, not a score
    expect(model.includes(b[0].threshold)).toBe(false);
  });

  it('stratified bootstrap CI (2000, seed 42) within 0.005 of pROC (different RNG)', () => {
    const c = aucCiBootstrap(model, y, { n: 2000, seed: 42 });
    const [lo, hi] = ref.score_model.bootstrap_ci_2000_stratified_seed42;
    close(c.low, lo, 0.005);
    close(c.high, hi, 0.005);
    close(c.auc, ref.score_model.auc, 1e-12);
    // deterministic: same seed, same interval; another seed, another one
    expect(aucCiBootstrap(model, y, { n: 200, seed: 7 }).low).toBe(aucCiBootstrap(model, y, { n: 200, seed: 7 }).low);
    expect(aucCiBootstrap(model, y, { n: 200, seed: 7 }).low).not.toBe(aucCiBootstrap(model, y, { n: 200, seed: 8 }).low);
  });
});

describe('pROC 1.18.0, further calls (R 4.2.2, on rotterdam_scores.csv: r1 <- roc(d$node_positive, d$score_model, direction="<", levels=c(0,1)); r2 same with d$neg_pgr)', () => {
  it('coords(r1, "best", best.method="closest.topleft", ret=c("threshold","sensitivity","specificity","accuracy","ppv","npv"))', () => {
    const b = bestThresholds(model, y, 'closest.topleft');
    expect(b).toHaveLength(1);
    close(b[0].threshold, 0.11972038275519, 1e-13);
    close(b[0].sensitivity, 0.675937904269082, 1e-14);
    close(b[0].specificity, 0.618384401114206, 1e-14);
    close(b[0].ppv, 0.655994978028876, 1e-14);
    close(b[0].npv, 0.639308855291577, 1e-14);
  });

  it('coords(r2, "best", ...) with tied integer scores: youden -159.5, closest.topleft -42.5', () => {
    const yb = bestThresholds(negPgr, y, 'youden');
    expect(yb.map((b) => b.threshold)).toEqual([-159.5]);
    close(yb[0].sensitivity, 0.73156532988357, 1e-14);
    close(yb[0].specificity, 0.31058495821727, 1e-14);
    close(yb[0].accuracy, 0.528839704896043, 1e-14);
    close(yb[0].ppv, 0.533239038189533, 1e-14);
    close(yb[0].npv, 0.518002322880372, 1e-14);
    const tl = bestThresholds(negPgr, y, 'closest.topleft');
    expect(tl.map((b) => b.threshold)).toEqual([-42.5]);
    close(tl[0].sensitivity, 0.515523932729625, 1e-14);
    close(tl[0].specificity, 0.509052924791086, 1e-14);
  });

  it('r2 curve: length(r2$thresholds) = 612; head(r2$thresholds, 4) = -Inf -4002.0 -2919.5 -2717.5; r2$sensitivities[2:4], r2$specificities[2:4]', () => {
    const c = rocCurve(negPgr, y);
    expect(c.thresholds.length).toBe(612);
    expect(Array.from(c.thresholds.slice(0, 4))).toEqual([-Infinity, -4002, -2919.5, -2717.5]);
    expect(c.thresholds[611]).toBe(Infinity);
    close(c.sensitivities[1], 0.999353169469599, 1e-14);
    close(c.sensitivities[2], 0.998706338939198, 1e-14);
    close(c.sensitivities[3], 0.998706338939198, 1e-14);
    expect(c.specificities[1]).toBe(0);
    expect(c.specificities[2]).toBe(0);
    close(c.specificities[3], 0.000696378830083565, 1e-16);
  });

  it('set.seed(1); ci.coords(r1, x=0.119720382755189, input="threshold", ret=c(...), boot.n=2000): same intervals within 0.01', () => {
    const c = confusionCiBootstrap(model, y, 0.119720382755189, { n: 2000, seed: 1 });
    const r = {
      sensitivity: [0.651358344114, 0.699870633894],
      specificity: [0.593314763231, 0.643454038997],
      accuracy: [0.631120053655, 0.666331321261],
      ppv: [0.6395821153, 0.673065911886],
      npv: [0.619969161884, 0.659189661438],
    } as const;
    for (const k of Object.keys(r) as (keyof typeof r)[]) {
      close(c[k].low, r[k][0], 0.01);
      close(c[k].high, r[k][1], 0.01);
      expect(c[k].low).toBeLessThan(c[k].estimate);
      expect(c[k].high).toBeGreaterThan(c[k].estimate);
    }
    close(c.sensitivity.estimate, 0.675937904269082, 1e-14);
  });
});

describe('small tied example (R: x <- c(1,2,2,3,4,4,5,2,3,6); y <- c(0,0,1,0,1,1,0,1,1,1); rs <- roc(y, x, direction="<", levels=c(0,1)))', () => {
  const x = [1, 2, 2, 3, 4, 4, 5, 2, 3, 6];
  const yy = [0, 0, 1, 0, 1, 1, 0, 1, 1, 1];
  const x2 = [3, 1, 2, 5, 4, 4, 1, 2, 6, 5];

  it('auc(rs) = 0.645833333333 = 15.5/24 by counting pairs; var(rs) = 0.042650462962963; ci.auc clipped at 1', () => {
    // by hand: controls 1, 2, 3, 5; cases 2, 2, 3, 4, 4, 6. Each case 2 beats 1 and ties 2 -> 1.5; case 3 beats 1, 2 and
    // ties 3 -> 2.5; cases 4 beat 1, 2, 3 -> 3; case 6 beats all -> 4: (1.5 + 1.5 + 2.5 + 3 + 3 + 4) / 24 = 15.5/24
    expect(auc(x, yy)).toBe(15.5 / 24);
    close(auc(x, yy), 0.645833333333, 1e-12);
    const c = aucCiDelong(x, yy);
    close(c.variance, 0.042650462962963, 1e-14);
    close(c.low, 0.241061796345, 1e-11);
    expect(c.high).toBe(1);
  });

  it('rs2 with x2 <- c(3,1,2,5,4,4,1,2,6,5): auc(rs2) = 0.729166666667; roc.test(rs, rs2, method="delong", paired=TRUE): Z = -0.292352673102343, p = 0.770016989639977', () => {
    expect(auc(x2, yy)).toBeCloseTo(0.729166666667, 11);
    const t = delongPairedTest(x, x2, yy);
    close(t.z, -0.292352673102343, 1e-13);
    close(t.p, 0.770016989639977, 1e-13);
  });

  it('rs$thresholds = -Inf 1.5 2.5 3.5 4.5 5.5 Inf; coords(rs, "best") returns both tied thresholds 1.5 (se 1, sp .25, acc .7) and 3.5 (se .5, sp .75, acc .6)', () => {
    expect(Array.from(rocCurve(x, yy).thresholds)).toEqual([-Infinity, 1.5, 2.5, 3.5, 4.5, 5.5, Infinity]);
    const b = bestThresholds(x, yy);
    expect(b.map((p) => [p.threshold, p.sensitivity, p.specificity, p.accuracy])).toEqual([
      [1.5, 1, 0.25, 0.7],
      [3.5, 0.5, 0.75, 0.6],
    ]);
  });

  it('confusion counts at 3.5 by hand: positives are scores >= 3.5 -> cases 4,4,6 (tp 3), control 5 (fp 1)', () => {
    const c = confusionAt(x, yy, 3.5);
    expect([c.tp, c.fp, c.tn, c.fn]).toEqual([3, 1, 3, 3]);
    expect(c.ppv).toBe(0.75);
    expect(c.npv).toBe(0.5);
  });
});

describe('closed forms', () => {
  it('perfect separation: AUC 1, variance 0, CI [1, 1]; reversed: AUC 0', () => {
    const yy = [0, 0, 0, 1, 1, 1];
    const c = aucCiDelong([1, 2, 3, 4, 5, 6], yy);
    expect([c.auc, c.variance, c.low, c.high]).toEqual([1, 0, 1, 1]);
    expect(auc([6, 5, 4, 3, 2, 1], yy)).toBe(0);
  });
  it('all scores tied: AUC 1/2 (every pair counts 1/2); identical scores compared: z = 0, p = 1', () => {
    expect(auc([3, 3, 3, 3], [0, 1, 0, 1])).toBe(0.5);
    const t = delongPairedTest([1, 2, 3, 4], [1, 2, 3, 4], [0, 1, 0, 1]);
    expect([t.z, t.p]).toEqual([0, 1]);
  });
  it('R quantile(c(1, 2, 4, 8), c(0, 0.25, 0.5, 0.9, 1)) = 1, 1.75, 3, 6.8, 8 (type 7)', () => {
    const s = [1, 2, 4, 8];
    expect([0, 0.25, 0.5, 0.9, 1].map((p) => quantileType7(s, p))).toEqual([1, 1.75, 3, quantileType7(s, 0.9), 8]);
    close(quantileType7(s, 0.9), 6.8, 1e-14);
  });
});

describe('bad input', () => {
  it('one class only, non-binary labels, non-finite scores, length mismatch: one-line messages', () => {
    expect(alnmErrorMessage(() => auc([1, 2, 3], [1, 1, 1]))).toMatch(/only one outcome class present \(3 positive, 0 negative\)/);
    expect(alnmErrorMessage(() => auc([1, 2, 3], [0, 2, 1]))).toMatch(/label 2 at position 2 is not 0 or 1/);
    expect(alnmErrorMessage(() => auc([1, NaN, 3], [0, 1, 1]))).toMatch(/score NaN at position 2/);
    expect(alnmErrorMessage(() => auc([1, 2], [0, 1, 1]))).toMatch(/2 scores but 3 labels/);
  });
});

describe('random: xoshiro128** and SplitMix64 reference outputs', () => {
  it('xoshiro128** from state (0, 1, 2, 3): 5760, 17280, 2966400, 32451840, 2604340873, ... (outputs of the reference C code prng.di.unimi.it/xoshiro128starstar.c, as quoted in public test suites)', () => {
    const r = Rng.fromState([0, 1, 2, 3]);
    const want = [5760, 17280, 2966400, 32451840, 2604340873, 3891234569, 1254043636, 216095511, 3291724652, 2070429911, 3403762308, 371730125];
    expect(want.map(() => r.nextUint32())).toEqual(want);
  });
  it('SplitMix64 seed 1234567: 6457827717110365317, 3203168211198807973, 9817491932198370423 (Rosetta Code "Pseudo-random numbers/Splitmix64")', () => {
    let s = 1234567n;
    const out: bigint[] = [];
    for (let k = 0; k < 3; k++) {
      const [v, ns] = splitmix64(s);
      out.push(v);
      s = ns;
    }
    expect(out).toEqual([6457827717110365317n, 3203168211198807973n, 9817491932198370423n]);
  });
  it('seeded streams are reproducible; nextInt stays in range and is about uniform; nextFloat in [0, 1)', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    for (let k = 0; k < 100; k++) expect(a.nextUint32()).toBe(b.nextUint32());
    const r = new Rng(2024);
    const counts = new Int32Array(7);
    for (let k = 0; k < 70000; k++) counts[r.nextInt(7)]++;
    // chi-squared with 6 df; P(> 22.46) = 0.001
    let chi = 0;
    for (const c of counts) chi += (c - 10000) ** 2 / 10000;
    expect(chi).toBeLessThan(22.46);
    for (let k = 0; k < 1000; k++) {
      const u = r.nextFloat();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
});
