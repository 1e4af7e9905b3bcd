/**
 * The fast DeLong path: the radix score order against the order of the numbers (hand-written cases and
 * the definition on random data), placements against their O(m n) definition, and the CI / paired
 * test from shared placements against R pROC 1.18.0 on the Rotterdam reference scores.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readTable } from '../src/util/csv.js';
import { Rng } from '../src/util/random.js';
import { aucCiDelong, delongCi, delongPairedTest, delongPlacements, delongTest, rocCurve, scoreOrder } from '../src/eval/roc.js';
import { isAlnmError } from '../src/util/errors.js';
import { data } from './helpers/data.js';

const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);

/** True if ord is a permutation of 0..N-1 listing s by increasing value, equal values by increasing index. */
function isStableOrder(ord: Uint32Array, s: ArrayLike<number>): boolean {
  const seen = new Uint8Array(s.length);
  for (let k = 0; k < ord.length; k++) {
    if (ord[k] >= s.length || seen[ord[k]]) return false;
    seen[ord[k]] = 1;
    if (k === 0) continue;
    const a = s[ord[k - 1]];
    const b = s[ord[k]];
    if (a > b || (a === b && ord[k - 1] > ord[k])) return false;
  }
  return ord.length === s.length;
}

describe('scoreOrder (radix sort of the float64 bit patterns)', () => {
  it('signs, -0 = +0 (tie, index order), subnormals, +/-1.8e308, values equal in the high word', () => {
    const e = 2 ** -52; // 1 + e and 1 differ in the last mantissa bit only (the low word)
    const s = [2, -0, 1e308, 0, -1e308, -5e-324, 5e-324, 2, 1 + e, 1, -2.5, 1 + 2 ** -40, -(1 + e), -1, Number.MAX_VALUE, -Number.MAX_VALUE];
    // by hand: -MAX, -1e308, -2.5, -(1+e), -1, -5e-324, {-0, 0}, 5e-324, 1, 1+e, 1+2^-40, {2, 2}, 1e308, MAX
    expect(Array.from(scoreOrder(s))).toEqual([15, 4, 10, 12, 13, 5, 1, 3, 6, 9, 8, 11, 0, 7, 2, 14]);
  });
  it('random data: a stable order by value (continuous, 2-decimal ties, long runs differing only in the low word)', () => {
    const rng = new Rng(11);
    const gens: Array<() => number> = [
      () => rng.nextFloat() * 2 - 1,
      () => Math.round((rng.nextFloat() - 0.5) * 400) / 100,
      () => (rng.nextFloat() < 0.5 ? -1 : 1) * (1 + rng.nextInt(40) * 2 ** -50), // runs > 16 with one high word
      () => (1 + rng.nextInt(3) * 2 ** -45) * 2 ** (rng.nextInt(5) - 2), // short runs (insertion path)
    ];
    for (const gen of gens) {
      for (const N of [1, 2, 7, 1000, 20000]) {
        const s = Float64Array.from({ length: N }, gen);
        expect(isStableOrder(scoreOrder(s), s)).toBe(true);
      }
    }
  });
});

describe('delongPlacements against the definition', () => {
  it('V10_i = sum_j psi(x_i, y_j) / n and V01_j = sum_i psi(x_i, y_j) / m exactly (psi = 1, 1/2, 0), with ties, -0/+0 and low-word-only differences', () => {
    const rng = new Rng(5);
    const pool = [-0, 0, 1, 1 + 2 ** -52, 1 + 2 ** -51, -1, 0.5, 2, 2, 3];
    for (let trial = 0; trial < 20; trial++) {
      const N = 5 + rng.nextInt(300);
      const y = Uint8Array.from({ length: N }, () => (rng.nextFloat() < 0.4 ? 1 : 0));
      y[0] = 1;
      y[1] = 0;
      const s = Float64Array.from({ length: N }, () => (trial % 2 ? pool[rng.nextInt(pool.length)] : Math.round(rng.nextFloat() * 50) / 10));
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < N; i++) (y[i] ? xs : ys).push(s[i]);
      const psi = (a: number, b: number) => (a > b ? 1 : a === b ? 0.5 : 0);
      const p = delongPlacements(s, y);
      expect(Array.from(p.cases)).toEqual(xs.map((a) => ys.reduce((t, b) => t + psi(a, b), 0) / ys.length));
      expect(Array.from(p.controls)).toEqual(ys.map((b) => xs.reduce((t, a) => t + psi(a, b), 0) / xs.length));
      let U = 0;
      for (const a of xs) for (const b of ys) U += psi(a, b);
      close(p.auc, U / (xs.length * ys.length), 1e-15);
    }
  });
  it('rocCurve with a -0/+0 tie and scores near the float64 limit: thresholds -Inf, 0.5, 5e307, 1.25e308 (a/2 + b/2, as pROC when |mean| > 1e100), +Inf', () => {
    const c = rocCurve([-0, 0, 1, 1e308, 1.5e308], [0, 1, 0, 1, 1]);
    expect(Array.from(c.thresholds)).toEqual([-Infinity, 0.5, 5e307, 1.25e308, Infinity]);
    // cases >= t: 3, 2, 2, 1, 0 of 3; controls < t: 0, 1, 2, 2, 2 of 2
    expect(Array.from(c.sensitivities)).toEqual([1, 2 / 3, 2 / 3, 1 / 3, 0]);
    expect(Array.from(c.specificities)).toEqual([0, 0.5, 1, 1, 1]);
  });
});

describe('shared placements against pROC (rotterdam_roc.json)', () => {
  const ref = JSON.parse(readFileSync(data('reference', 'rotterdam_roc.json'), 'utf8'));
  const table = readTable(data('reference', 'rotterdam_scores.csv'));
  const y = Uint8Array.from(table.rows, (r) => Number(r.node_positive));
  const model = Float64Array.from(table.rows, (r) => Number(r.score_model));
  const negPgr = Float64Array.from(table.rows, (r) => Number(r.neg_pgr));
  const p1 = delongPlacements(model, y);
  const p2 = delongPlacements(negPgr, y);

  it('delongCi(p) = pROC ci.auc(method = "delong") for both scores, and the same numbers as aucCiDelong', () => {
    for (const [p, x, r] of [
      [p1, model, ref.score_model],
      [p2, negPgr, ref.neg_pgr],
    ] as const) {
      const c = delongCi(p);
      close(c.auc, r.auc, 1e-12);
      close(c.low, r.ci_low, 1e-9);
      close(c.high, r.ci_high, 1e-9);
      expect(c).toEqual(aucCiDelong(x, y));
    }
  });
  it('delongTest(p1, p2) = pROC roc.test(method = "delong", paired = TRUE): z 13.0390039315252, p 7.34e-39; same as delongPairedTest', () => {
    const t = delongTest(p1, p2);
    close(t.z, ref.delong_test.z, 1e-9);
    expect(Math.abs(t.p / ref.delong_test.p - 1)).toBeLessThan(1e-6);
    expect(t).toEqual(delongPairedTest(model, negPgr, y));
    close(delongTest(p2, p1).z, -ref.delong_test.z, 1e-9);
  });
  it('placements of different subjects are refused with a one-line AlnmError', () => {
    const other = delongPlacements([1, 2, 3], [0, 1, 1]);
    let err: unknown;
    try {
      delongTest(p1, other);
    } catch (e) {
      err = e;
    }
    expect(isAlnmError(err)).toBe(true);
    expect((err as Error).message).toMatch(/placements of different subjects \(1546 cases, 1436 controls vs 2 cases, 1 controls\)/);
  });
});
