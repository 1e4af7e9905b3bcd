/**
 * IBSI intensity-based statistical features (family UHIW) over the intensities X_gl of the ROI intensity
 * mask, computed on the 3D volume (aggregation ''). Moments use 1/N; percentiles are type 7 (linear
 * interpolation between order statistics, numpy.percentile's and R's default).
 */
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
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const mean = s / n;
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
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const median = quantileSorted(x, 0.5);
  const p10 = quantileSorted(x, 0.1);
  const p25 = quantileSorted(x, 0.25);
  const p75 = quantileSorted(x, 0.75);
  const p90 = quantileSorted(x, 0.9);
  // Robust MAD: values in [P10, P90] and their own mean.
  let rs = 0;
  let rn = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] >= p10 && x[i] <= p90) {
      rs += x[i];
      rn++;
    }
  }
  const rmean = rs / rn;
  let rmad = 0;
  let medad = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] >= p10 && x[i] <= p90) rmad += Math.abs(x[i] - rmean);
    medad += Math.abs(x[i] - median);
  }
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
    mad: mad / n,
    rmad: rmad / rn,
    medad: medad / n,
    cov: Math.sqrt(m2) / mean,
    qcod: (p75 - p25) / (p75 + p25),
  };
}

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
  const v = (code: string, value: number): IbsiValue => ({ code, aggr: '', value });
  return [
    v('Q4LE', st.mean),
    v('ECT3', st.variance),
    v('KE2A', st.skewness),
    v('IPH6', st.kurtosis),
    v('Y12H', st.median),
    v('1GSF', st.min),
    v('QG58', st.p10),
    v('8DWT', st.p90),
    v('84IY', st.max),
    v('SALO', st.iqr),
    v('2OJQ', st.range),
    v('4FUA', st.mad),
    v('1128', st.rmad),
    v('N72L', st.medad),
    v('7TET', st.cov),
    v('9S40', st.qcod),
    v('N8CA', energy),
    v('5ZWQ', Math.sqrt(energy / x.length)),
  ];
};
