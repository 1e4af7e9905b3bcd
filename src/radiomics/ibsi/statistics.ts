/**
 * IBSI intensity-based statistical features (family UHIW) over the intensities X_gl of the ROI intensity
 * mask, computed on the 3D volume (aggregation ''). Moments use 1/N; percentiles are type 7 (linear
 * interpolation between order statistics, numpy.percentile's and R's default).
 */
import { centralMoments, robustMeanAbsoluteDeviation } from '../moments.js';
import type { IbsiFamily, IbsiInput, IbsiValue } from './types.js';

/** Values of `data` where `mask` is set, sorted ascending. */
export function maskedSorted(data: ArrayLike<number>, mask: Uint8Array): Float64Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i] ? 1 : 0;
  const out = new Float64Array(n);
  for (let i = 0, o = 0; i < mask.length; i++) if (mask[i]) out[o++] = data[i];
  return out.sort();
}

/** Type-7 quantile of sorted values: x[h0] + (h - h0)(x[h0+1] - x[h0]), h = (n - 1) p. */
export function quantileSorted(x: Float64Array, p: number): number {
  const h = (x.length - 1) * p;
  const h0 = Math.floor(h);
  const h1 = Math.min(h0 + 1, x.length - 1);
  return x[h0] + (h - h0) * (x[h1] - x[h0]);
}

/**
 * The statistics shared by the intensity-statistics and intensity-histogram families, over sorted values x.
 * Returns mean, variance, skewness, excess kurtosis (0 when the variance is 0), median, min, P10, P90, max,
 * IQR, range, mean / robust mean / median absolute deviation, coefficient of variation, quartile coefficient
 * of dispersion.
 */
export function distributionStats(x: Float64Array) {
  const n = x.length;
  const { mean, m2, m3, m4, mad } = centralMoments(x);
  const median = quantileSorted(x, 0.5);
  const p10 = quantileSorted(x, 0.1);
  const p25 = quantileSorted(x, 0.25);
  const p75 = quantileSorted(x, 0.75);
  const p90 = quantileSorted(x, 0.9);
  let medad = 0;
  for (let i = 0; i < n; i++) medad += Math.abs(x[i] - median);
  return {
    mean,
    variance: m2,
    skewness: m2 === 0 ? 0 : m3 / m2 ** 1.5,
    kurtosis: m2 === 0 ? 0 : m4 / (m2 * m2) - 3,
    median,
    min: x[0],
    p10,
    p90,
    max: x[n - 1],
    iqr: p75 - p25,
    range: x[n - 1] - x[0],
    mad,
    rmad: robustMeanAbsoluteDeviation(x, p10, p90),
    medad: medad / n,
    cov: Math.sqrt(m2) / mean,
    qcod: (p75 - p25) / (p75 + p25),
  };
}

/**
 * IBSI rows of features that have no aggregation (aggregation ''): one per entry of `codes` (value name -> IBSI
 * code), in the order of its entries, which is reference_values.csv's order.
 */
export function unaggregated<K extends string>(values: Readonly<Record<K, number>>, codes: Readonly<Record<K, string>>): IbsiValue[] {
  return (Object.keys(codes) as K[]).map((k) => ({ code: codes[k], aggr: '', value: values[k] }));
}

/** IBSI codes of the intensity-based statistics (see ibsiStatistics). */
const STATISTICS_CODES = {
  mean: 'Q4LE', variance: 'ECT3', skewness: 'KE2A', kurtosis: 'IPH6', median: 'Y12H', min: '1GSF', p10: 'QG58',
  p90: '8DWT', max: '84IY', iqr: 'SALO', range: '2OJQ', mad: '4FUA', rmad: '1128', medad: 'N72L', cov: '7TET',
  qcod: '9S40', energy: 'N8CA', rms: '5ZWQ',
} as const;

/**
 * Intensity-based statistics (IBSI 3.3): mean Q4LE, variance ECT3, skewness KE2A, excess kurtosis IPH6,
 * median Y12H, minimum 1GSF, P10 QG58, P90 8DWT, maximum 84IY, interquartile range SALO, range 2OJQ,
 * mean absolute deviation 4FUA, robust MAD (over [P10, P90]) 1128, median absolute deviation N72L,
 * coefficient of variation 7TET (sigma / mu), quartile coefficient of dispersion 9S40
 * ((P75 - P25) / (P75 + P25)), energy N8CA (sum X^2), root mean square 5ZWQ (sqrt(sum X^2 / N)).
 * PyRadiomics' firstorder has most of these (Mean, Variance, ..., Energy with voxel volume 1, no shift).
 */
export const ibsiStatistics: IbsiFamily = (q: IbsiInput): IbsiValue[] => {
  const x = maskedSorted(q.image, q.mask);
  const st = distributionStats(x);
  let energy = 0;
  for (let i = 0; i < x.length; i++) energy += x[i] * x[i];
  return unaggregated({ ...st, energy, rms: Math.sqrt(energy / x.length) }, STATISTICS_CODES);
};
