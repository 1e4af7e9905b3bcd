/** Normality check used in the paper's methods: one-sample Kolmogorov-Smirnov against a fitted normal. */
import { mean, sd, sorted } from './describe.js';
import { kolmogorovSf, normalCdf } from './distributions.js';

export interface KsResult {
  /** D = sup |Fₙ(x) − Φ((x − μ)/σ)|. */
  D: number;
  p: number;
}

/**
 * Two-sided one-sample KS test of x against N(μ, σ²), by default μ = mean(x), σ = sd(x), as
 * R's ks.test(x, "pnorm", mean(x), sd(x)): D = max_i max(i/n − Φᵢ, Φᵢ − (i−1)/n) over the sorted sample,
 * p = P(K > √n D) from the Kolmogorov limit distribution. R uses this asymptotic p when n ≥ 100 or the
 * sample has ties; for n < 100 without ties R computes an exact p that this function does not.
 * (Estimating μ and σ from the same data makes the p conservative, as in R.)
 */
export function ksNormal(x: ArrayLike<number>, mu = mean(x), sigma = sd(x)): KsResult {
  const s = sorted(x);
  const n = s.length;
  let D = 0;
  for (let i = 0; i < n; i++) {
    const F = normalCdf((s[i] - mu) / sigma);
    D = Math.max(D, (i + 1) / n - F, F - i / n);
  }
  return { D, p: kolmogorovSf(Math.sqrt(n) * D) };
}
