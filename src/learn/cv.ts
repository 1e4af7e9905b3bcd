/**
 * Seeded stratified k-fold and repeated k-fold splits, cross-validation that refits the WHOLE model
 * (a pipeline of transformers + classifier, see pipeline.ts) on each training fold, and grid search.
 * - Stratified k-fold: each class's rows are shuffled (xoshiro128**, seed) and dealt to folds in turn,
 *   continuing the deal across classes, so every fold holds floor/ceil(n_c / k) of class c and fold
 *   sizes differ by at most one. Repeat r uses the seed stream's r-th draw.
 * - Scores per fold: ROC AUC (Mann-Whitney with mid-ranks: P(s+ > s-) + 0.5 P(s+ = s-)) or
 *   log loss `-mean(y log p + (1 - y) log(1 - p))` (p clipped to [1e-15, 1 - 1e-15], as sklearn).
 * - Grid search: every combination of the grid (keys in insertion order, last key fastest), scored by
 *   the mean over the same folds; the best is the first with the highest mean AUC / lowest mean log loss.
 */
import { AlnmError } from '../util/errors.js';
import { Rng } from '../util/random.js';
import type { Classifier, Matrix } from './types.js';
import { selectRows, selectValues } from './types.js';

export interface Fold {
  train: Int32Array;
  test: Int32Array;
  repeat: number;
  fold: number;
}

/** Seeded stratified k-fold split of 0/1 labels `y` (see module doc). */
export function stratifiedKFold(y: Float64Array, k: number, seed: number, repeat = 0): Fold[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`stratifiedKFold: k must be an integer >= 2, got ${k}`);
  const rng = new Rng(seed);
  const byClass: number[][] = [[], []];
  for (let i = 0; i < y.length; i++) byClass[y[i]! > 0.5 ? 1 : 0]!.push(i);
  for (const c of [0, 1]) {
    if (byClass[c]!.length < k) {
      throw new AlnmError(`cross-validation: class ${c} has ${byClass[c]!.length} cases, fewer than the ${k} folds`);
    }
  }
  const foldOf = new Int32Array(y.length);
  let deal = 0;
  for (const members of byClass) {
    rng.shuffle(members);
    for (const i of members) foldOf[i] = deal++ % k;
  }
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < y.length; i++) (foldOf[i] === f ? test : train).push(i);
    folds.push({ train: Int32Array.from(train), test: Int32Array.from(test), repeat, fold: f });
  }
  return folds;
}

/** `repeats` independent stratified k-fold splits; repeat r is seeded by the r-th draw of Rng(seed). */
export function repeatedStratifiedKFold(y: Float64Array, k: number, repeats: number, seed: number): Fold[] {
  const rng = new Rng(seed);
  const out: Fold[] = [];
  for (let r = 0; r < repeats; r++) out.push(...stratifiedKFold(y, k, rng.nextUint32(), r));
  return out;
}

/** ROC AUC of scores against 0/1 labels: Mann-Whitney U / (n+ n-), ties counted 1/2 (mid-ranks). */
export function rocAuc(score: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = score.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let rankSumPos = 0;
  let nPos = 0;
  for (let a = 0; a < n; ) {
    let b = a;
    while (b + 1 < n && score[idx[b + 1]!] === score[idx[a]!]) b++;
    const mid = (a + b) / 2 + 1;
    for (let q = a; q <= b; q++) {
      if (y[idx[q]!]! > 0.5) {
        rankSumPos += mid;
        nPos++;
      }
    }
    a = b + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Mean log loss with probabilities clipped to [1e-15, 1 - 1e-15]. */
export function logLoss(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(Math.max(p[i]!, 1e-15), 1 - 1e-15);
    s -= y[i]! > 0.5 ? Math.log(q) : Math.log(1 - q);
  }
  return s / p.length;
}

export type Scoring = 'auc' | 'logloss';

export interface CvResult {
  /** Score of each fold, in the order of `folds`. */
  foldScores: Float64Array;
  mean: number;
  /** Sample standard deviation of the fold scores. */
  sd: number;
  /** Out-of-fold P(y=1) per repeat (NaN for rows a repeat never tested). */
  oof: Float64Array[];
}

/** Cross-validate: for each fold, fit `model` (the whole pipeline) on the training rows only, predict the test rows. */
export function crossValidate(model: Classifier, X: Matrix, y: Float64Array, folds: readonly Fold[], scoring: Scoring = 'auc'): CvResult {
  const nRep = folds.reduce((m, f) => Math.max(m, f.repeat + 1), 0);
  const oof = Array.from({ length: nRep }, () => new Float64Array(X.rows).fill(NaN));
  const scores = new Float64Array(folds.length);
  folds.forEach((f, k) => {
    const fitted = model.fit(selectRows(X, f.train), selectValues(y, f.train));
    const p = fitted.predictProba(selectRows(X, f.test));
    const yt = selectValues(y, f.test);
    f.test.forEach((i, r) => (oof[f.repeat]![i] = p[r]!));
    scores[k] = scoring === 'auc' ? rocAuc(p, yt) : logLoss(p, yt);
  });
  let mean = 0;
  for (const s of scores) mean += s;
  mean /= scores.length;
  let v = 0;
  for (const s of scores) v += (s - mean) ** 2;
  return { foldScores: scores, mean, sd: scores.length > 1 ? Math.sqrt(v / (scores.length - 1)) : 0, oof };
}

export interface GridResult<P> {
  results: { params: P; mean: number; sd: number }[];
  best: { params: P; mean: number; sd: number };
}

/** All combinations of a parameter grid, last key varying fastest. */
export function expandGrid<P extends Record<string, unknown>>(grid: { [K in keyof P]: readonly P[K][] }): P[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const key of Object.keys(grid)) {
    const vals = grid[key as keyof P] as readonly unknown[];
    const next: Record<string, unknown>[] = [];
    for (const c of combos) for (const v of vals) next.push({ ...c, [key]: v });
    combos = next;
  }
  return combos as P[];
}

/** Grid search: cross-validate `make(params)` for every combination over the same folds. */
export function gridSearch<P extends Record<string, unknown>>(
  make: (params: P) => Classifier,
  grid: { [K in keyof P]: readonly P[K][] },
  X: Matrix,
  y: Float64Array,
  folds: readonly Fold[],
  scoring: Scoring = 'auc',
): GridResult<P> {
  const results = expandGrid<P>(grid).map((params) => {
    const r = crossValidate(make(params), X, y, folds, scoring);
    return { params, mean: r.mean, sd: r.sd };
  });
  if (results.length === 0) throw new RangeError('gridSearch: empty grid');
  let best = results[0]!;
  for (const r of results) if (scoring === 'auc' ? r.mean > best.mean : r.mean < best.mean) best = r;
  return { results, best };
}
