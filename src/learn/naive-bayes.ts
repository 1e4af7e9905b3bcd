/**
 * Gaussian naive Bayes as scikit-learn's `GaussianNB(var_smoothing=1e-9)`:
 * per class c: prior pi_c = n_c / n, mean theta_cj, population variance sigma2_cj + eps with
 * eps = var_smoothing * max_j var(X_j) (variance over all rows); joint log-likelihood
 * jll_c(x) = log pi_c - 0.5 sum_j log(2 pi sigma2_cj) - 0.5 sum_j (x_j - theta_cj)^2 / sigma2_cj;
 * P(y=1|x) = exp(jll_1 - logsumexp(jll_0, jll_1)).
 */
import type { ClassifierOf, FittedClassifier, Matrix } from './types.js';

export interface NaiveBayesParams {
  varSmoothing?: number;
}

export class FittedGaussianNB implements FittedClassifier {
  constructor(
    readonly prior: Float64Array, // [pi_0, pi_1]
    readonly theta: Float64Array, // 2 x p
    readonly sigma2: Float64Array, // 2 x p (smoothed)
  ) {}

  predictProba(X: Matrix): Float64Array {
    const p = X.cols;
    const out = new Float64Array(X.rows);
    const base = [0, 1].map((c) => {
      let s = Math.log(this.prior[c]!);
      for (let j = 0; j < p; j++) s -= 0.5 * Math.log(2 * Math.PI * this.sigma2[c * p + j]!);
      return s;
    });
    for (let i = 0; i < X.rows; i++) {
      const jll = [0, 1].map((c) => {
        let s = base[c]!;
        for (let j = 0; j < p; j++) {
          const d = X.data[i * p + j]! - this.theta[c * p + j]!;
          s -= (0.5 * d * d) / this.sigma2[c * p + j]!;
        }
        return s;
      });
      const mx = Math.max(jll[0]!, jll[1]!);
      const lse = mx + Math.log(Math.exp(jll[0]! - mx) + Math.exp(jll[1]! - mx));
      out[i] = Math.exp(jll[1]! - lse);
    }
    return out;
  }
}

/** Gaussian naive Bayes (see module doc). Both classes must be present. */
export function gaussianNB(params: NaiveBayesParams = {}): ClassifierOf<FittedGaussianNB> {
  const vs = params.varSmoothing ?? 1e-9;
  return {
    fit(X: Matrix, y: Float64Array): FittedGaussianNB {
      const n = X.rows;
      const p = X.cols;
      const cnt = new Float64Array(2);
      const theta = new Float64Array(2 * p);
      const sigma2 = new Float64Array(2 * p);
      for (let i = 0; i < n; i++) {
        const c = y[i]! > 0.5 ? 1 : 0;
        cnt[c]!++;
        for (let j = 0; j < p; j++) theta[c * p + j]! += X.data[i * p + j]!;
      }
      if (cnt[0] === 0 || cnt[1] === 0) throw new RangeError('gaussianNB: both classes must be present');
      for (let c = 0; c < 2; c++) for (let j = 0; j < p; j++) theta[c * p + j]! /= cnt[c]!;
      let maxVar = 0;
      for (let j = 0; j < p; j++) {
        let mean = 0;
        for (let i = 0; i < n; i++) mean += X.data[i * p + j]!;
        mean /= n;
        let v = 0;
        for (let i = 0; i < n; i++) v += (X.data[i * p + j]! - mean) ** 2;
        maxVar = Math.max(maxVar, v / n);
      }
      for (let i = 0; i < n; i++) {
        const c = y[i]! > 0.5 ? 1 : 0;
        for (let j = 0; j < p; j++) sigma2[c * p + j]! += (X.data[i * p + j]! - theta[c * p + j]!) ** 2;
      }
      const eps = vs * maxVar;
      for (let c = 0; c < 2; c++) for (let j = 0; j < p; j++) sigma2[c * p + j] = sigma2[c * p + j]! / cnt[c]! + eps;
      return new FittedGaussianNB(Float64Array.from([cnt[0]! / n, cnt[1]! / n]), theta, sigma2);
    },
  };
}
