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
import { Rng } from '../util/random.js';
import { coefAt, glmnetBinomial, type GlmnetFit, type GlmnetOptions } from './glmnet.js';
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

/** Cross-validate the binomial elastic-net path (see the module comment for the exact definitions). */
export function cvGlmnet(X: Matrix, y: ArrayLike<number>, opts: CvGlmnetOptions = {}): CvGlmnetResult {
  const n = X.rows;
  const warnings: string[] = [];
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
  for (let k = 1; k <= nfolds; k++) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (foldid[i] === k) idx.push(i);
    members.push(Int32Array.from(idx));
  }

  const { measure: _m, nfolds: _k, foldid: _f, seed: _s, ...fitOpts } = opts;
  const fit = glmnetBinomial(X, yy, fitOpts);
  if (fit.warning) warnings.push(`full data: ${fit.warning}`);
  const lambda = fit.lambda;
  const L = lambda.length;
  const p = X.cols;

  // Held-out linear predictors at the full-data λ (rows x L), then probabilities. With finite x, the
  // zero coefficients add ±0 and are skipped (the sum, hence the probability, is unchanged).
  const prob = new Float64Array(n * L);
  let finite = true;
  for (let t = 0; t < X.data.length; t++) if (!Number.isFinite(X.data[t])) finite = false;
  const nz = new Int32Array(p);
  for (let k = 0; k < nfolds; k++) {
    const test = members[k];
    if (test.length === 0) continue;
    const train: number[] = [];
    for (let i = 0; i < n; i++) if (foldid[i] !== k + 1) train.push(i);
    const fk = glmnetBinomial(selectRows(X, train), selectValues(yy, train), { ...fitOpts, weights: selectValues(w, train) });
    if (fk.warning) warnings.push(`fold ${k + 1}: ${fk.warning}`);
    const { a0, beta } = coefAt(fk, lambda);
    for (let l = 0; l < L; l++) {
      const bo = l * p;
      let c = 0;
      for (let j = 0; j < p; j++) if (!finite || beta[bo + j] !== 0) nz[c++] = j;
      for (const i of test) {
        const row = i * p;
        let e = a0[l];
        for (let t = 0; t < c; t++) e += X.data[row + nz[t]] * beta[bo + nz[t]];
        prob[i * L + l] = 1 / (1 + Math.exp(-e));
      }
    }
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
  for (let l = 0; l < L; l++) {
    let sw = 0;
    let s = 0;
    for (let k = 0; k < rawRows; k++) {
      const e = raw[k * L + l];
      if (Number.isNaN(e)) continue;
      sw += rawW[k];
      s += rawW[k] * e;
    }
    const m = s / sw;
    let ss = 0;
    for (let k = 0; k < rawRows; k++) {
      const e = raw[k * L + l];
      if (Number.isNaN(e)) continue;
      ss += rawW[k] * (e - m) * (e - m);
    }
    cvmAll[l] = m;
    cvsdAll[l] = Math.sqrt(ss / sw / (N - 1));
  }
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

/** Coefficients of the full-data fit at λ (interpolated as glmnet's coef(..., s = λ)): intercept first. */
export function cvCoef(res: CvGlmnetResult, s: number): { intercept: number; beta: Float64Array } {
  const { a0, beta } = coefAt(res.fit, [s]);
  return { intercept: a0[0], beta };
}
