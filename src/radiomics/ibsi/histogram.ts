/**
 * IBSI intensity histogram features (family ZVCW) over the discretised grey levels X_d of the ROI
 * intensity mask, 3D volume (aggregation ''). The histogram H = {n_1..n_Ng} runs over every level
 * 1..Ng (Ng = highest level present), empty bins included; p_i = n_i / N_v.
 */
import { distributionStats, maskedSorted, unaggregated } from './statistics.js';
import type { IbsiFamily, IbsiInput, IbsiValue } from './types.js';

/** IBSI codes of the intensity histogram features (see ibsiHistogram). */
const HISTOGRAM_CODES = {
  mean: 'X6K6', variance: 'CH89', skewness: '88K1', kurtosis: 'C3I7', median: 'WIFQ', min: '1PR8', p10: '1PR8',
  p90: 'GPMT', max: '3NCY', mode: 'AMMC', iqr: 'WR0O', range: '5Z3W', mad: 'D2ZX', rmad: 'WRZB', medad: '4RNL',
  cov: 'CWYJ', qcod: 'SLWD', entropy: 'TLU2', uniformity: 'BJ5W', gMax: '12CE', gMaxAt: '8E6O', gMin: 'VQB3',
  gMinAt: 'RHQZ',
} as const;

/**
 * Mean X6K6, variance CH89, skewness 88K1, excess kurtosis C3I7, median WIFQ, minimum 1PR8, P10 (printed
 * as 1PR8 in the manual too; kept so rows join with reference_values.csv), P90 GPMT, maximum 3NCY, mode AMMC
 * (highest count; ties: closest to the mean, then the lower level), IQR WR0O, range 5Z3W, MAD D2ZX, robust
 * MAD WRZB, median absolute deviation 4RNL, coefficient of variation CWYJ, quartile coefficient of
 * dispersion SLWD, entropy TLU2 (-sum p log2 p), uniformity BJ5W (sum p^2), and the histogram gradient
 * H'_1 = n_2 - n_1, H'_i = (n_{i+1} - n_{i-1}) / 2, H'_Ng = n_Ng - n_{Ng-1}: maximum 12CE and its level
 * 8E6O, minimum VQB3 and its level RHQZ (first level on ties).
 */
export const ibsiHistogram: IbsiFamily = (q: IbsiInput): IbsiValue[] => {
  const x = maskedSorted(q.levels, q.mask);
  const n = x.length;
  const st = distributionStats(x);
  const ng = Math.max(1, x[n - 1]);
  const counts = new Float64Array(ng + 2);
  for (let i = 0; i < n; i++) counts[x[i]]++;
  let mode = 1;
  for (let i = 1; i <= ng; i++) {
    const c = counts[i];
    if (c > counts[mode] || (c === counts[mode] && Math.abs(i - st.mean) < Math.abs(mode - st.mean))) mode = i;
  }
  let entropy = 0;
  let uniformity = 0;
  for (let i = 1; i <= ng; i++) {
    const p = counts[i] / n;
    if (p > 0) entropy -= p * Math.log2(p);
    uniformity += p * p;
  }
  let gMax = -Infinity;
  let gMaxAt = 1;
  let gMin = Infinity;
  let gMinAt = 1;
  for (let i = 1; i <= ng; i++) {
    let g: number;
    if (ng === 1) g = 0;
    else if (i === 1) g = counts[2] - counts[1];
    else if (i === ng) g = counts[ng] - counts[ng - 1];
    else g = (counts[i + 1] - counts[i - 1]) / 2;
    if (g > gMax) {
      gMax = g;
      gMaxAt = i;
    }
    if (g < gMin) {
      gMin = g;
      gMinAt = i;
    }
  }
  return unaggregated({ ...st, mode, entropy, uniformity, gMax, gMaxAt, gMin, gMinAt }, HISTOGRAM_CODES);
};
