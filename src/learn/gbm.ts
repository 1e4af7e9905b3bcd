/**
 * Gradient boosting for binary classification with the binomial deviance, as scikit-learn's
 * `GradientBoostingClassifier` (1.2, loss "log_loss", criterion "friedman_mse"; Friedman 2001):
 * - init: prior log-odds `F0 = log(p / (1 - p))`, `p` = weighted mean of y clipped to [eps32, 1 - eps32];
 * - stage m: negative gradient `r_i = y_i - sigmoid(F_{m-1}(x_i))`; a regression tree (see tree.ts)
 *   fitted to r on the (sub)sample; each leaf R gets the Newton step
 *   `gamma_R = sum_{i in R} w_i r_i / sum_{i in R} w_i p_i (1 - p_i)` (0 if the denominator < 1e-150);
 *   `F_m = F_{m-1} + learning_rate * gamma_{leaf(x)}`;
 * - P(y = 1 | x) = sigmoid(F_M(x));
 * - training deviance per stage `-2 / sum w * sum w (y F - log(1 + e^F))` (in-bag when subsampling);
 * - feature importances: mean over trees with a split of their unnormalised impurity decrease,
 *   normalised to sum 1.
 * Randomness (feature order at each node, subsample mask) replays sklearn's: numpy's legacy
 * `RandomState(randomState)`, one `randint(0, RAND_R_MAX)` per tree after that stage's subsample draw.
 */
import type { ClassifierOf, FittedClassifier, Matrix } from './types.js';
import {
  NumpyRandomState,
  RAND_R_MAX,
  applyTree,
  fitRegressionTree,
  toFloat32,
  treeFeatureImportances,
  type RegressionTree,
} from './tree.js';

export interface GbmParams {
  nEstimators?: number;
  learningRate?: number;
  maxDepth?: number;
  /** Fraction of samples drawn (without replacement) for each stage; 1 = all. */
  subsample?: number;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
  /** Features drawn at each node (default all). */
  maxFeatures?: number;
  /** Seed of the numpy-compatible stream (sklearn's `random_state`). */
  randomState?: number;
}

const EPS32 = 1.1920928955078125e-7;

// ---- exp as glibc's libm (x86-64 FMA variant), so that sigmoid residuals are bit-identical ----
// V8's Math.exp differs from glibc's in the last bit for ~9 % of arguments; that flips exact ties
// between features in sklearn's split search and so moves importances. Algorithm (ARM
// optimized-routines, glibc >= 2.28): exp(x) = 2^(k/128) * exp(r), x = k ln2/128 + r, table
// 2^(k/128) ~= H[k] (1 + T[k]), degree-5 polynomial for exp(r) - 1. Table computed here exactly.
const EXP_H = new Float64Array(128);
const EXP_T = new Float64Array(128);
{
  const PREC = 240n;
  const ONE = 1n << PREC;
  const isqrt = (v: bigint): bigint => {
    let x = 1n << (BigInt(v.toString(2).length) / 2n + 1n);
    for (;;) {
      const y = (x + v / x) >> 1n;
      if (y >= x) return x;
      x = y;
    }
  };
  let root = 2n * ONE;
  for (let i = 0; i < 7; i++) root = isqrt(root * ONE); // 2^(1/128), 240-bit fixed point
  let cur = ONE;
  for (let k = 0; k < 128; k++) {
    const h = Number(cur >> (PREC - 60n)) / 2 ** 60;
    const hb = BigInt(h * 2 ** 52) << (PREC - 52n);
    EXP_H[k] = h;
    EXP_T[k] = Number(((cur - hb) << 120n) / hb) / 2 ** 120;
    cur = (cur * root) >> PREC;
  }
}
const INV_LN2_N = 184.6649652337873; // 0x1.71547652b82fep0 * 128
const NEG_LN2_HI_N = -0.005415212348111709; // -0x1.62e42fefa0000p-8
const NEG_LN2_LO_N = -1.2864023111638346e-14; // -0x1.cf79abc9e3b3ap-47
const SHIFT = 6755399441055744; // 0x1.8p52
const C2 = 0.49999999999996786;
const C3 = 0.16666666666665886;
const C4 = 0.0416666808410674;
const C5 = 0.008333335853059549;
const SPLITTER = 134217729; // 2^27 + 1
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: u32[0] = low word

/** Fused multiply-add `a * b + c` with one rounding (Dekker product + TwoSum; exact but in rare double-rounding cases). */
function fma(a: number, b: number, c: number): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = p + c;
  const bb = s - p;
  const err = p - (s - bb) + (c - bb);
  return s + (err + e);
}

/** e^x with glibc's rounding (see above); |x| >= 512 and tiny/NaN arguments use Math.exp. */
export function libmExp(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < 512) || ax < 5.551115123125783e-17) return Math.exp(x);
  f64[0] = fma(INV_LN2_N, x, SHIFT);
  const k = u32[0]! | 0;
  const kd = f64[0] - SHIFT;
  const r = fma(kd, NEG_LN2_LO_N, fma(kd, NEG_LN2_HI_N, x));
  const idx = k & 127;
  const r2 = r * r;
  const tmp = fma(r2 * r2, fma(r, C5, C4), fma(r2, fma(r, C3, C2), EXP_T[idx]! + r));
  const scale = EXP_H[idx]! * 2 ** ((k - idx) / 128);
  return fma(scale, tmp, scale);
}

/** Logistic function `1 / (1 + e^-x)`, evaluated as scipy's `expit` with glibc's exp (same bits). */
export function expit(x: number): number {
  return 1 / (1 + libmExp(-x));
}

/**
 * numpy's pairwise summation of a[0:n] (`np.sum` on a contiguous float64 array): blocks of up to
 * 128 summed with 8 accumulators, larger ranges split in halves (multiple of 8). Reproduces numpy's
 * rounding so that boosting's leaf values are bit-identical to sklearn's.
 */
export function pairwiseSum(a: Float64Array, off: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[off + i]!;
    return res;
  }
  if (n <= 128) {
    let r0 = a[off]!, r1 = a[off + 1]!, r2 = a[off + 2]!, r3 = a[off + 3]!;
    let r4 = a[off + 4]!, r5 = a[off + 5]!, r6 = a[off + 6]!, r7 = a[off + 7]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const o = off + i;
      r0 += a[o]!;
      r1 += a[o + 1]!;
      r2 += a[o + 2]!;
      r3 += a[o + 3]!;
      r4 += a[o + 4]!;
      r5 += a[o + 5]!;
      r6 += a[o + 6]!;
      r7 += a[o + 7]!;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[off + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, off, n2) + pairwiseSum(a, off + n2, n - n2);
}

/** `log(1 + e^x)` without overflow (numpy `logaddexp(0, x)`). */
function logAddExp0(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** A fitted boosting model. */
export class FittedGbm implements FittedClassifier {
  constructor(
    readonly init: number,
    readonly learningRate: number,
    readonly trees: RegressionTree[],
    /** Impurity-based importances, sum 1 (all zero if no tree split). */
    readonly featureImportances: Float64Array,
    /** Binomial deviance on the (in-bag) training sample after each stage. */
    readonly trainDeviance: Float64Array,
    readonly names: string[] | undefined,
  ) {}

  /** Raw score F(x) (log-odds). */
  decisionFunction(X: Matrix): Float64Array {
    const Xf = toFloat32(X.data);
    const out = new Float64Array(X.rows).fill(this.init);
    for (const t of this.trees) {
      const leaves = applyTree(t, Xf, X.rows, X.cols);
      for (let i = 0; i < X.rows; i++) out[i]! += this.learningRate * t.value[leaves[i]!]!;
    }
    return out;
  }

  predictProba(X: Matrix): Float64Array {
    const f = this.decisionFunction(X);
    for (let i = 0; i < f.length; i++) f[i] = expit(f[i]!);
    return f;
  }
}

/** Binomial deviance `-2 / sum w * sum w (y F - log(1 + e^F))` over rows with mask[i] (or all). */
function deviance(y: Float64Array, F: Float64Array, w: Float64Array, mask: Uint8Array | null): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    if (mask && !mask[i]) continue;
    s += w[i]! * (y[i]! * F[i]! - logAddExp0(F[i]!));
    sw += w[i]!;
  }
  return (-2 / sw) * s;
}

/** Gradient boosting classifier (see module doc); defaults as sklearn. */
export function gradientBoosting(params: GbmParams = {}): ClassifierOf<FittedGbm> {
  const nEst = params.nEstimators ?? 100;
  const lr = params.learningRate ?? 0.1;
  const subsample = params.subsample ?? 1;
  if (!(nEst >= 1) || !(lr > 0) || !(subsample > 0 && subsample <= 1)) {
    throw new RangeError(`gradientBoosting: bad parameters ${JSON.stringify(params)}`);
  }
  const treeParams = {
    criterion: 'friedman_mse' as const,
    maxDepth: params.maxDepth ?? 3,
    minSamplesSplit: params.minSamplesSplit ?? 2,
    minSamplesLeaf: params.minSamplesLeaf ?? 1,
    ...(params.maxFeatures !== undefined ? { maxFeatures: params.maxFeatures } : {}),
  };
  return {
    fit(X: Matrix, y: Float64Array): FittedGbm {
      const n = X.rows;
      const p = X.cols;
      if (y.length !== n) throw new RangeError(`gradientBoosting: ${n} rows but ${y.length} labels`);
      const Xf = toFloat32(X.data);
      const rs = new NumpyRandomState(params.randomState ?? 0);
      const w = new Float64Array(n).fill(1);

      let pos = 0;
      for (let i = 0; i < n; i++) pos += y[i]!;
      const prior = Math.min(Math.max(pos / n, EPS32), 1 - EPS32);
      const init = Math.log(prior / (1 - prior));
      const F = new Float64Array(n).fill(init);
      const resid = new Float64Array(n);
      const trees: RegressionTree[] = [];
      const dev = new Float64Array(nEst);
      const nInBag = Math.max(1, Math.floor(subsample * n));
      const mask = subsample < 1 ? new Uint8Array(n) : null;
      const sw = new Float64Array(n);
      const numer = new Float64Array(n);
      const denom = new Float64Array(n);

      for (let m = 0; m < nEst; m++) {
        if (mask) {
          // sklearn _random_sample_mask: sequential selection sampling of nInBag out of n
          let bagged = 0;
          for (let i = 0; i < n; i++) {
            const u = rs.randomSample();
            mask[i] = u * (n - i) < nInBag - bagged ? 1 : 0;
            bagged += mask[i]!;
          }
        }
        for (let i = 0; i < n; i++) {
          resid[i] = y[i]! - expit(F[i]!);
          sw[i] = mask ? w[i]! * mask[i]! : w[i]!;
        }
        const seed = rs.randint(RAND_R_MAX);
        const tree = fitRegressionTree(Xf, n, p, resid, sw, treeParams, seed);
        const leaves = applyTree(tree, Xf, n, p);
        for (let k = 0; k < tree.nodeCount; k++) {
          if (tree.left[k] !== -1) continue;
          // gather the leaf's in-bag rows in index order, then sum as numpy does
          let c = 0;
          for (let i = 0; i < n; i++) {
            if (leaves[i] !== k || (mask && !mask[i])) continue;
            const r = resid[i]!;
            const yi = y[i]!;
            numer[c] = w[i]! * r;
            denom[c] = w[i]! * (yi - r) * (1 - yi + r);
            c++;
          }
          const num = pairwiseSum(numer, 0, c);
          const den = pairwiseSum(denom, 0, c);
          tree.value[k] = Math.abs(den) < 1e-150 ? 0 : num / den;
        }
        for (let i = 0; i < n; i++) F[i]! += lr * tree.value[leaves[i]!]!;
        trees.push(tree);
        dev[m] = deviance(y, F, w, mask);
      }

      const imp = new Float64Array(p);
      let nRelevant = 0;
      for (const t of trees) {
        if (t.nodeCount <= 1) continue;
        nRelevant++;
        const ti = treeFeatureImportances(t, false);
        for (let f = 0; f < p; f++) imp[f]! += ti[f]!;
      }
      if (nRelevant > 0) {
        let s = 0;
        for (let f = 0; f < p; f++) s += imp[f]! / nRelevant;
        for (let f = 0; f < p; f++) imp[f] = imp[f]! / nRelevant / s;
      }
      return new FittedGbm(init, lr, trees, imp, dev, X.names);
    },
  };
}
