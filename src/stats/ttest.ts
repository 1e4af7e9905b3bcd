/** Two-sample t tests (R: t.test(x, y, var.equal = TRUE / FALSE)), two-sided. */
import { mean, variance } from './describe.js';
import { tTwoSided } from './distributions.js';

export interface TTestResult {
  t: number;
  df: number;
  p: number;
}

/**
 * Student's t with pooled variance: t = (x̄ − ȳ) / √(s²ₚ (1/n₁ + 1/n₂)),
 * s²ₚ = ((n₁−1)s²ₓ + (n₂−1)s²ᵧ)/(n₁+n₂−2), df = n₁ + n₂ − 2.
 */
export function studentT(x: ArrayLike<number>, y: ArrayLike<number>): TTestResult {
  const n1 = x.length;
  const n2 = y.length;
  const df = n1 + n2 - 2;
  const sp2 = ((n1 - 1) * variance(x) + (n2 - 1) * variance(y)) / df;
  const t = (mean(x) - mean(y)) / Math.sqrt(sp2 * (1 / n1 + 1 / n2));
  return { t, df, p: tTwoSided(t, df) };
}

/**
 * Welch's t: t = (x̄ − ȳ)/√(s²ₓ/n₁ + s²ᵧ/n₂), Welch-Satterthwaite
 * df = (s²ₓ/n₁ + s²ᵧ/n₂)² / [(s²ₓ/n₁)²/(n₁−1) + (s²ᵧ/n₂)²/(n₂−1)].
 */
export function welchT(x: ArrayLike<number>, y: ArrayLike<number>): TTestResult {
  const vx = variance(x) / x.length;
  const vy = variance(y) / y.length;
  const se2 = vx + vy;
  const df = (se2 * se2) / ((vx * vx) / (x.length - 1) + (vy * vy) / (y.length - 1));
  const t = (mean(x) - mean(y)) / Math.sqrt(se2);
  return { t, df, p: tTwoSided(t, df) };
}
