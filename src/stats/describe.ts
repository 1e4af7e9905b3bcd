/**
 * Descriptive statistics for Table 1: type-7 quantiles, median (Q1, Q3), mean, SD, counts and percents.
 * Inputs are finite numbers; missing values are rejected earlier (see ./columns.ts).
 */

/** Ascending copy as a Float64Array. */
export function sorted(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x).sort();
}

/**
 * Sample quantile of type 7 (R's default quantile(x, p), Hyndman & Fan 1996): with the sorted sample
 * x₍₁₎ ≤ … ≤ x₍ₙ₎ and h = (n − 1) p, Q(p) = x₍⌊h⌋+1₎ + (h − ⌊h⌋)(x₍⌊h⌋+2₎ − x₍⌊h⌋+1₎).
 * `xs` must be sorted ascending.
 */
export function quantile7(xs: ArrayLike<number>, p: number): number {
  const n = xs.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return xs[lo] + (h - lo) * (xs[hi] - xs[lo]);
}

/** Arithmetic mean Σx / n. */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample variance Σ(x − x̄)² / (n − 1) (two-pass; R: var). */
export function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - m) * (x[i] - m);
  return ss / (x.length - 1);
}

/** Sample standard deviation √variance (R: sd). */
export function sd(x: ArrayLike<number>): number {
  return Math.sqrt(variance(x));
}

/** Median and quartiles (type 7) with n. */
export interface MedianIqr {
  n: number;
  median: number;
  q1: number;
  q3: number;
}

/** Median (Q1, Q3) by type-7 quantiles, as Table 1 reports continuous variables. */
export function medianIqr(x: ArrayLike<number>): MedianIqr {
  const s = sorted(x);
  return { n: s.length, median: quantile7(s, 0.5), q1: quantile7(s, 0.25), q3: quantile7(s, 0.75) };
}

/** "median (Q1, Q3)" with `digits` decimals. */
export function formatMedianIqr(m: MedianIqr, digits: number): string {
  return `${m.median.toFixed(digits)} (${m.q1.toFixed(digits)}, ${m.q3.toFixed(digits)})`;
}

/** "mean ± SD" with `digits` decimals. */
export function formatMeanSd(x: ArrayLike<number>, digits: number): string {
  return `${mean(x).toFixed(digits)} ± ${sd(x).toFixed(digits)}`;
}

/** "n (%)" with the percent 100 n / total to `digits` decimals. */
export function formatCount(n: number, total: number, digits: number): string {
  return `${n} (${((100 * n) / total).toFixed(digits)})`;
}
