/**
 * Distribution functions used by the tests: normal, chi-squared, Student t, F and the Kolmogorov
 * limit distribution. Upper tails are computed directly (no 1 − CDF cancellation), so p-values as small
 * as 1e-300 keep their relative accuracy. No npm statistics package is installed; these rest on
 * ./special.ts.
 */
import { betaI, gammaP, gammaQ } from './special.js';

/** Standard normal CDF Φ(z) = ½ erfc(−z/√2), via erfc(x) = Q(½, x²) for x ≥ 0 (R: pnorm(z)). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const x2 = (z * z) / 2;
  return z < 0 ? 0.5 * gammaQ(0.5, x2) : 0.5 + 0.5 * gammaP(0.5, x2);
}

/** Standard normal upper tail 1 − Φ(z) (R: pnorm(z, lower.tail = FALSE)). */
export function normalSf(z: number): number {
  return normalCdf(-z);
}

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Two-sided normal p-value 2 (1 − Φ(|z|)) (R: 2 * pnorm(-abs(z))). */
export function normalTwoSided(z: number): number {
  return 2 * normalCdf(-Math.abs(z));
}

// Acklam's rational approximation (relative error < 1.2e-9), refined below by Halley steps.
const QA = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const QB = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const QC = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const QD = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Standard normal quantile Φ⁻¹(p) (R: qnorm(p)): Acklam's approximation + 2 Halley steps on Φ. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const plow = 0.02425;
  let x: number;
  if (p < plow || p > 1 - plow) {
    const q = Math.sqrt(-2 * Math.log(p < plow ? p : 1 - p));
    x = (((((QC[0] * q + QC[1]) * q + QC[2]) * q + QC[3]) * q + QC[4]) * q + QC[5]) / ((((QD[0] * q + QD[1]) * q + QD[2]) * q + QD[3]) * q + 1);
    if (p > plow) x = -x;
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((QA[0] * r + QA[1]) * r + QA[2]) * r + QA[3]) * r + QA[4]) * r + QA[5]) * q) / (((((QB[0] * r + QB[1]) * r + QB[2]) * r + QB[3]) * r + QB[4]) * r + 1);
  }
  for (let k = 0; k < 2; k++) {
    // Work in the smaller tail so the residual keeps its relative precision.
    const e = x < 0 ? normalCdf(x) - p : 1 - p - normalSf(x);
    const u = e / normalPdf(x);
    x -= u / (1 + (x * u) / 2);
  }
  return x;
}

/** Chi-squared upper tail P(X > x), X ~ χ²(df): Q(df/2, x/2) (R: pchisq(x, df, lower.tail = FALSE)). */
export function chiSquaredSf(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}

/** Chi-squared CDF P(X ≤ x) = P(df/2, x/2) (R: pchisq(x, df)). */
export function chiSquaredCdf(x: number, df: number): number {
  return gammaP(df / 2, x / 2);
}

/**
 * Student t upper tail P(T > t), T ~ t(ν): ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0 (R: pt(t, df, lower.tail = FALSE)).
 * ν may be fractional (Welch).
 */
export function tSf(t: number, df: number): number {
  const t2 = t * t;
  const tail = 0.5 * betaI(df / 2, 0.5, df / (df + t2), false, t2 / (df + t2));
  return t >= 0 ? tail : 1 - tail;
}

/** Two-sided t p-value P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, ½) (R: 2 * pt(-abs(t), df)). */
export function tTwoSided(t: number, df: number): number {
  const t2 = t * t;
  return betaI(df / 2, 0.5, df / (df + t2), false, t2 / (df + t2));
}

/** F upper tail P(F > f), F ~ F(d1, d2): I_{d2/(d2+d1 f)}(d2/2, d1/2) (R: pf(f, d1, d2, lower.tail = FALSE)). */
export function fSf(f: number, d1: number, d2: number): number {
  if (f <= 0) return 1;
  const den = d2 + d1 * f;
  return betaI(d2 / 2, d1 / 2, d2 / den, false, (d1 * f) / den);
}

/** F CDF P(F ≤ f) = I_{d1 f/(d1 f+d2)}(d1/2, d2/2) (R: pf(f, d1, d2)). */
export function fCdf(f: number, d1: number, d2: number): number {
  if (f <= 0) return 0;
  const den = d2 + d1 * f;
  return betaI(d1 / 2, d2 / 2, (d1 * f) / den, false, d2 / den);
}

/**
 * F quantile (R: qf(p, d1, d2)), d1, d2 may be fractional: solves fCdf(f) = p by bisection on
 * u = f/(1+f) ∈ (0, 1) to machine precision.
 */
export function fQuantile(p: number, d1: number, d2: number): number {
  if (!(d1 > 0 && d2 > 0)) return NaN;
  if (!(p > 0 && p < 1)) return p === 0 ? 0 : p === 1 ? Infinity : NaN;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (fCdf(mid / (1 - mid), d1, d2) < p) lo = mid;
    else hi = mid;
  }
  const u = 0.5 * (lo + hi);
  return u / (1 - u);
}

/**
 * Kolmogorov limit distribution upper tail P(K > x) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²x²) for x ≥ 1, and
 * 1 − (√(2π)/x) Σ_{k≥1} exp(−(2k−1)²π²/(8x²)) below (the two series R's pkstwo uses). The asymptotic
 * p-value of the one-sample KS test is kolmogorovSf(√n D).
 */
export function kolmogorovSf(x: number): number {
  if (!(x > 0)) return 1;
  if (x < 1) {
    const w = Math.log(x);
    const z = (-(Math.PI * Math.PI) / 8) / (x * x);
    let s = 0;
    for (let k = 1; k < 200; k += 2) {
      const term = Math.exp(k * k * z - w);
      s += term;
      if (term < 1e-17 * s) break;
    }
    return 1 - Math.sqrt(2 * Math.PI) * s;
  }
  const z = -2 * x * x;
  let s = 0;
  let sign = 1;
  for (let k = 1; k < 200; k++) {
    const term = Math.exp(z * k * k);
    s += sign * term;
    sign = -sign;
    if (term < 1e-17 * Math.abs(s)) break;
  }
  return Math.min(1, 2 * s);
}
