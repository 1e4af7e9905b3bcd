/**
 * K-fold cross-validation of the binomial elastic-net path, as R's
 * `cv.glmnet(x, y, family = "binomial", type.measure = ...)` (glmnet 4.1, alignment = "lambda", grouped = TRUE).
 *
 * 1. Fit the full data: its λ sequence is the one reported.
 * 2. For each fold k, fit the other folds with their OWN automatic λ sequence (or the user's λ) and
 *    predict the held-out fold at the full-data λ by linear interpolation of the coefficients in λ
 *    (glmnet's lambda.interp; λ beyond a fold's range takes its end solution).
 * 3. Score: deviance and class per observation averaged within folds (grouped), AUC per fold; then
 *    cvm = weighted mean over folds (weights = the folds' total observation weight) and
 *    cvsd = √(Σ_k W_k (e_k − cvm)² / Σ_k W_k / (K − 1)).
 * 4. λ_min = the largest λ attaining the minimum cvm (maximum for AUC); λ_1se = the largest λ whose
 *    cvm ≤ cvm(λ_min) + cvsd(λ_min) (≥ cvm − cvsd for AUC).
 */
import { availableParallelism } from 'node:os';
import { Rng } from '../util/random.js';
import { coefAt, glmnetBinomial, type GlmnetFit, type GlmnetOptions } from './glmnet.js';
import { wasmKernelsEnabled } from './glmnet-wasm.js';
import { runCvFits } from './cv-glmnet-pool.js';
import type { CvFitJob } from './cv-glmnet-worker.js';
import { selectRows, selectValues, type Matrix } from './types.js';

export type CvMeasure = 'deviance' | 'auc' | 'class';

export interface CvGlmnetOptions extends GlmnetOptions {
  /** Loss (glmnet's type.measure). Default "deviance". */
  measure?: CvMeasure;
  /** Number of folds when `foldid` is not given. Default 10. */
  nfolds?: number;
  /** Fold of each observation, 1..K (R's foldid). Overrides nfolds/seed. */
  foldid?: ArrayLike<number>;
  /** Seed of the stratified fold assignment when `foldid` is not given. Default 1. */
  seed?: number;
}

export interface CvGlmnetResult {
  /** Full-data λ sequence. */
  lambda: Float64Array;
  /** Mean cross-validated error (or AUC) per λ. */
  cvm: Float64Array;
  /** Its standard error per λ. */
  cvsd: Float64Array;
  /** Non-zero coefficients of the full fit per λ. */
  nzero: Int32Array;
  lambdaMin: number;
  lambda1se: number;
  /** 0-based positions of λ_min and λ_1se in `lambda`. */
  indexMin: number;
  index1se: number;
  /** The measure used (AUC falls back to deviance with < 10 observations per fold, as glmnet). */
  measure: CvMeasure;
  /** The full-data fit. */
  fit: GlmnetFit;
  /** Folds used, 1..K. */
  foldid: Int32Array;
  /** glmnet's warnings (measure changed, ungrouped, non-convergence). */
  warnings: string[];
}

/**
 * Stratified random folds: within each class the observations are shuffled (xoshiro128** seeded by
 * `seed`) and dealt to folds 1..K in turn, the second class continuing where the first stopped, so fold
 * sizes differ by at most one and each class is spread evenly. Not R's `sample()`: folds from R must be
 * passed as `foldid` to reproduce an R run.
 */
export function stratifiedFolds(y: ArrayLike<number>, nfolds: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const out = new Int32Array(y.length);
  const classes = [...new Set(Array.from(y))].sort((a, b) => a - b);
  let pos = 0;
  for (const c of classes) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === c) idx.push(i);
    rng.shuffle(idx);
    for (const i of idx) out[i] = (pos++ % nfolds) + 1;
  }
  return out;
}

/**
 * Weighted AUC of a fold as glmnet's auc.mat (survival::concordance): over (positive i, negative j)
 * pairs, Σ wᵢwⱼ([pᵢ > pⱼ] + ½[pᵢ = pⱼ]) / (Σ_pos w · Σ_neg w). NaN when one class is absent.
 * `idx` lists the fold's observations; `order` is scratch space of the same length.
 */
function foldAuc(prob: Float64Array, stride: number, col: number, y: Float64Array, w: Float64Array, idx: Int32Array, order: number[]): number {
  const m = idx.length;
  for (let k = 0; k < m; k++) order[k] = k;
  order.length = m;
  order.sort((a, b) => prob[idx[a] * stride + col] - prob[idx[b] * stride + col]);
  let wneg = 0;
  let wpos = 0;
  let num = 0;
  // Walk groups of tied probabilities in ascending order.
  for (let s = 0; s < m; ) {
    const pv = prob[idx[order[s]] * stride + col];
    let e = s;
    let gpos = 0;
    let gneg = 0;
    while (e < m && prob[idx[order[e]] * stride + col] === pv) {
      const i = idx[order[e]];
      if (y[i] === 1) gpos += w[i];
      else gneg += w[i];
      e++;
    }
    num += gpos * (wneg + 0.5 * gneg);
    wneg += gneg;
    wpos += gpos;
    s = e;
  }
  return wpos > 0 && wneg > 0 ? num / (wpos * wneg) : NaN;
}

/** Everything the fits and the scoring need, derived from the inputs (folds checked, options split). */
export interface CvPlan {
  /** Outcome as 0/1 doubles and observation weights (1 each by default). */
  y: Float64Array;
  w: Float64Array;
  foldid: Int32Array;
  nfolds: number;
  /** Observations of each fold k = 1..K at [k − 1]. */
  members: Int32Array[];
  /** Options of every path fit (the CV options removed). */
  fitOpts: GlmnetOptions;
  /**
   * The path fits to run: `null` = all data (always first), else the training rows of fold `fold`
   * (folds with no observations are skipped, as they have nothing to predict).
   */
  tasks: { fold: number; train: Int32Array | null }[];
}

/** Checks the fold assignment and lists the path fits of cv.glmnet (see `cvGlmnet`). */
export function cvPlan(X: Matrix, y: ArrayLike<number>, opts: CvGlmnetOptions = {}): CvPlan {
  const n = X.rows;
  const yy = Float64Array.from(y);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = opts.weights ? opts.weights[i] : 1;
  let foldid: Int32Array;
  if (opts.foldid) {
    foldid = Int32Array.from(opts.foldid);
    if (foldid.length !== n) throw new Error(`cv.glmnet: foldid has ${foldid.length} values, x has ${n} rows`);
  } else foldid = stratifiedFolds(yy, opts.nfolds ?? 10, opts.seed ?? 1);
  let nfolds = 0;
  for (let i = 0; i < n; i++) {
    if (!(foldid[i] >= 1)) throw new Error(`cv.glmnet: fold ids must be integers >= 1 (row ${i + 1})`);
    nfolds = Math.max(nfolds, foldid[i]);
  }
  if (nfolds < 3) throw new Error('cv.glmnet: nfolds must be at least 3; nfolds=10 recommended');
  const members: Int32Array[] = [];
  const tasks: CvPlan['tasks'] = [{ fold: 0, train: null }];
  for (let k = 1; k <= nfolds; k++) {
    const idx: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < n; i++) (foldid[i] === k ? idx : train).push(i);
    members.push(Int32Array.from(idx));
    if (idx.length > 0) tasks.push({ fold: k, train: Int32Array.from(train) });
  }
  const { measure: _m, nfolds: _k, foldid: _f, seed: _s, ...fitOpts } = opts;
  return { y: yy, w, foldid, nfolds, members, fitOpts, tasks };
}

/**
 * One path fit of cv.glmnet: all data (`train` null, the options as given) or the rows `train` with
 * their outcomes and weights. The same call on the main thread and on worker threads.
 */
export function cvPathFit(X: Matrix, y: Float64Array, w: Float64Array, fitOpts: GlmnetOptions, train: Int32Array | null): GlmnetFit {
  if (!train) return glmnetBinomial(X, y, fitOpts);
  return glmnetBinomial(selectRows(X, train), selectValues(y, train), { ...fitOpts, weights: selectValues(w, train) });
}

/**
 * Cross-validate the binomial elastic-net path (see the module comment for the exact definitions).
 * Single-threaded; `cvGlmnetAsync` runs the same fits on worker threads with identical results.
 */
export function cvGlmnet(X: Matrix, y: ArrayLike<number>, opts: CvGlmnetOptions = {}): CvGlmnetResult {
  const plan = cvPlan(X, y, opts);
  const fits = plan.tasks.map((t) => cvPathFit(X, plan.y, plan.w, plan.fitOpts, t.train));
  return cvScore(X, plan, opts, fits);
}

/**
 * `cvGlmnet` with its path fits (the full-data fit and one per fold, independent of each other) run on
 * `jobs` worker threads (default: the number of cores; 1 = in this thread). The result is identical,
 * bit for bit, whatever `jobs` is: each fit is the same deterministic computation wherever it runs,
 * and the scoring runs here, in fold order. The workers (cv-glmnet-pool.ts) persist between calls,
 * idle ones not keeping the process alive; they load `dist/learn/cv-glmnet-worker.js` (`npm run build`).
 */
export async function cvGlmnetAsync(X: Matrix, y: ArrayLike<number>, opts: CvGlmnetOptions = {}, run: { jobs?: number } = {}): Promise<CvGlmnetResult> {
  const plan = cvPlan(X, y, opts);
  const jobs = Math.min(run.jobs ?? availableParallelism(), plan.tasks.length);
  if (!(jobs > 1)) return cvScore(X, plan, opts, plan.tasks.map((t) => cvPathFit(X, plan.y, plan.w, plan.fitOpts, t.train)));
  // x is shared with the workers, not copied per fit.
  const data = new Float64Array(new SharedArrayBuffer(X.data.length * 8));
  data.set(X.data);
  const Xs: Matrix = X.names ? { rows: X.rows, cols: X.cols, data, names: X.names } : { rows: X.rows, cols: X.cols, data };
  const wasm = wasmKernelsEnabled();
  const list: CvFitJob[] = plan.tasks.map((t, index) => ({ index, X: Xs, y: plan.y, w: plan.w, fitOpts: plan.fitOpts, train: t.train, wasm }));
  const results = await runCvFits(list, jobs);
  const fits: GlmnetFit[] = [];
  for (const r of results) {
    if (!r.ok) throw new Error(r.message); // the first failure in task order, as cvGlmnet would throw it
    fits.push(r.fit);
  }
  return cvScore(X, plan, opts, fits);
}

/**
 * Steps 2-4 of cv.glmnet from the path fits of `plan.tasks` (in that order: the full-data fit first):
 * held-out predictions at the full-data λ, the measure per fold, cvm, cvsd, λ_min and λ_1se.
 */
export function cvScore(X: Matrix, plan: CvPlan, opts: CvGlmnetOptions, fits: GlmnetFit[]): CvGlmnetResult {
  const n = X.rows;
  const { y: yy, w, foldid, nfolds, members, tasks } = plan;
  const warnings: string[] = [];
  const fit = fits[0];
  if (fit.warning) warnings.push(`full data: ${fit.warning}`);
  const lambda = fit.lambda;
  const L = lambda.length;
  const p = X.cols;

  // Held-out probabilities at the full-data λ (rows x L).
  const prob = new Float64Array(n * L);
  let finite = true;
  for (let t = 0; t < X.data.length; t++) if (!Number.isFinite(X.data[t])) finite = false;
  const nz = new Int32Array(p);
  for (let f = 1; f < tasks.length; f++) {
    const k = tasks[f].fold - 1;
    const test = members[k];
    const fk = fits[f];
    if (fk.warning) warnings.push(`fold ${k + 1}: ${fk.warning}`);
    const { a0, beta } = coefAt(fk, lambda);
    for (let l = 0; l < L; l++) heldOutProb(X, test, a0[l], beta, l * p, finite, nz, prob, L, l);
  }

  let measure: CvMeasure = opts.measure ?? 'deviance';
  if (measure === 'auc' && n / nfolds < 10) {
    warnings.push("too few (< 10) observations per fold for measure 'auc'; changed to 'deviance' (as cv.glmnet)");
    measure = 'deviance';
  }
  // Per-fold errors e[k][l] and fold weights W_k (grouped), or per-observation errors (ungrouped).
  let grouped = measure !== 'auc';
  if (grouped && n / nfolds < 3) {
    warnings.push('grouped=FALSE enforced, since < 3 observations per fold (as cv.glmnet)');
    grouped = false;
  }
  const pmin = 1e-5;
  const pointErr = (i: number, l: number): number => {
    const pr = prob[i * L + l];
    if (measure === 'class') return yy[i] === 1 ? (pr <= 0.5 ? 1 : 0) : pr > 0.5 ? 1 : 0;
    const pc = Math.min(Math.max(pr, pmin), 1 - pmin);
    return -2 * (yy[i] * Math.log(pc) + (1 - yy[i]) * Math.log(1 - pc));
  };
  let rawRows: number;
  let raw: Float64Array;
  let rawW: Float64Array;
  let N: number;
  if (measure === 'auc' || grouped) {
    rawRows = nfolds;
    raw = new Float64Array(nfolds * L);
    rawW = new Float64Array(nfolds);
    N = nfolds;
    const order: number[] = [];
    for (let k = 0; k < nfolds; k++) {
      const idx = members[k];
      let wk = 0;
      for (const i of idx) wk += w[i];
      rawW[k] = wk;
      for (let l = 0; l < L; l++) {
        if (measure === 'auc') raw[k * L + l] = foldAuc(prob, L, l, yy, w, idx, order);
        else {
          let s = 0;
          for (const i of idx) s += w[i] * pointErr(i, l);
          raw[k * L + l] = wk > 0 ? s / wk : NaN;
        }
      }
    }
  } else {
    rawRows = n;
    raw = new Float64Array(n * L);
    rawW = w;
    N = n;
    for (let i = 0; i < n; i++) for (let l = 0; l < L; l++) raw[i * L + l] = pointErr(i, l);
  }
  const cvmAll = new Float64Array(L);
  const cvsdAll = new Float64Array(L);
  for (let l = 0; l < L; l++) cvStats(raw, rawW, rawRows, L, l, N, cvmAll, cvsdAll);
  // λ whose cvsd is NaN are dropped (cvstats).
  const keep: number[] = [];
  for (let l = 0; l < L; l++) if (!Number.isNaN(cvsdAll[l])) keep.push(l);
  const lam = Float64Array.from(keep, (l) => lambda[l]);
  const cvm = Float64Array.from(keep, (l) => cvmAll[l]);
  const cvsd = Float64Array.from(keep, (l) => cvsdAll[l]);
  const nzero = Int32Array.from(keep, (l) => fit.df[l]);
  if (lam.length === 0) throw new Error('cv.glmnet: no lambda has a finite cross-validated error');

  // getOptcv.glmnet: AUC is maximised (minimise −cvm).
  const sign = measure === 'auc' ? -1 : 1;
  let cvmin = Infinity;
  for (let l = 0; l < lam.length; l++) cvmin = Math.min(cvmin, sign * cvm[l]);
  let indexMin = -1;
  for (let l = 0; l < lam.length; l++) if (sign * cvm[l] <= cvmin && (indexMin < 0 || lam[l] > lam[indexMin])) indexMin = l;
  const semin = sign * cvm[indexMin] + cvsd[indexMin];
  let index1se = -1;
  for (let l = 0; l < lam.length; l++) if (sign * cvm[l] <= semin && (index1se < 0 || lam[l] > lam[index1se])) index1se = l;
  // Report positions in the full-data λ sequence.
  return {
    lambda: lam,
    cvm,
    cvsd,
    nzero,
    lambdaMin: lam[indexMin],
    lambda1se: lam[index1se],
    indexMin: keep[indexMin],
    index1se: keep[index1se],
    measure,
    fit,
    foldid,
    warnings,
  };
}

/**
 * prob[i·L + l] = 1/(1 + e^{−ηᵢ}), ηᵢ = a0 + Σⱼ xᵢⱼ β[bo + j], for the held-out rows `test`. With finite x the
 * zero coefficients add ±0 and are skipped (the sum, hence the probability, is unchanged); `nz`: scratch of length p.
 */
function heldOutProb(X: Matrix, test: Int32Array, a0: number, beta: Float64Array, bo: number, finite: boolean, nz: Int32Array, prob: Float64Array, L: number, l: number): void {
  const p = X.cols;
  const data = X.data;
  let c = 0;
  for (let j = 0; j < p; j++) if (!finite || beta[bo + j] !== 0) nz[c++] = j;
  for (let u = 0; u < test.length; u++) {
    const i = test[u];
    const row = i * p;
    let e = a0;
    for (let t = 0; t < c; t++) e += data[row + nz[t]] * beta[bo + nz[t]];
    prob[i * L + l] = 1 / (1 + Math.exp(-e));
  }
}

/**
 * cvm[l] = Σₖ Wₖeₖ / ΣWₖ and cvsd[l] = √(Σₖ Wₖ(eₖ − cvm)² / ΣWₖ / (N − 1)) over the rows k of `raw` (row-major,
 * L columns) whose error at λ index l is not NaN.
 */
function cvStats(raw: Float64Array, rawW: Float64Array, rows: number, L: number, l: number, N: number, cvm: Float64Array, cvsd: Float64Array): void {
  let sw = 0;
  let s = 0;
  for (let k = 0; k < rows; k++) {
    const e = raw[k * L + l];
    if (Number.isNaN(e)) continue;
    sw += rawW[k];
    s += rawW[k] * e;
  }
  const m = s / sw;
  let ss = 0;
  for (let k = 0; k < rows; k++) {
    const e = raw[k * L + l];
    if (Number.isNaN(e)) continue;
    ss += rawW[k] * (e - m) * (e - m);
  }
  cvm[l] = m;
  cvsd[l] = Math.sqrt(ss / sw / (N - 1));
}

/** Coefficients of the full-data fit at λ (interpolated as glmnet's coef(..., s = λ)): intercept first. */
export function cvCoef(res: CvGlmnetResult, s: number): { intercept: number; beta: Float64Array } {
  const { a0, beta } = coefAt(res.fit, [s]);
  return { intercept: a0[0], beta };
}
export { closeCvPool } from './cv-glmnet-pool.js';
