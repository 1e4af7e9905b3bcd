/**
 * Moments of the ROI intensities shared by PyRadiomics' firstorder class and IBSI's intensity statistics.
 */

/** Mean, central moments and mean absolute deviation of a sample, all with divisor N. */
export interface CentralMoments {
  /** mu = sum x / N (IBSI Q4LE, PyRadiomics Mean). */
  mean: number;
  /** mu_2 = sum (x - mu)^2 / N (IBSI ECT3, PyRadiomics Variance). */
  m2: number;
  /** mu_3 = sum (x - mu)^3 / N. */
  m3: number;
  /** mu_4 = sum (x - mu)^4 / N. */
  m4: number;
  /** sum |x - mu| / N (IBSI 4FUA, PyRadiomics MeanAbsoluteDeviation). */
  mad: number;
}

/** See CentralMoments: two passes over x, the mean summed in the order of x. */
export function centralMoments(x: ArrayLike<number>): CentralMoments {
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let mad = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    mad += Math.abs(d);
  }
  return { mean, m2: m2 / n, m3: m3 / n, m4: m4 / n, mad: mad / n };
}

/**
 * Robust mean absolute deviation (IBSI 1128, PyRadiomics RobustMeanAbsoluteDeviation): mean |x - mu'| over the
 * values with lo <= x <= hi (lo, hi = P10, P90), mu' the mean of those values.
 */
export function robustMeanAbsoluteDeviation(x: ArrayLike<number>, lo: number, hi: number): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] >= lo && x[i] <= hi) {
      sum += x[i];
      count++;
    }
  }
  const mean = sum / count;
  let dev = 0;
  for (let i = 0; i < x.length; i++) if (x[i] >= lo && x[i] <= hi) dev += Math.abs(x[i] - mean);
  return dev / count;
}
