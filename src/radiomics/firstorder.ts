/**
 * PyRadiomics `firstorder` (radiomics/firstorder.py): statistics of the intensities X(1..Np) of the ROI voxels
 * (`roi.image` where `roi.mask` is 1). Entropy and Uniformity use the histogram of the discretised grey levels.
 */
import { centralMoments, robustMeanAbsoluteDeviation } from './moments.js';
import { registerClass } from './registry.js';
import type { FeatureContext } from './types.js';

/**
 * numpy.percentile(x, q) with the default 'linear' method, on ascending `sorted`: position h = (n - 1) q / 100,
 * value x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const h = ((n - 1) * q) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  // numpy's _lerp: evaluate from the nearer end for accuracy.
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/**
 * First-order features (IBSI code where IBSI defines the same quantity; c = voxelArrayShift, Vvox = voxel volume,
 * p(i) = fraction of ROI voxels in grey level i over the non-empty levels, mu = mean, mu_k = k-th central moment):
 * - Energy (N8CA with c = 0): sum (X + c)^2. TotalEnergy: Vvox sum (X + c)^2.
 * - Entropy (TLU2): -sum p(i) log2(p(i) + eps), eps = 2^-52. Uniformity (BJ5W): sum p(i)^2.
 * - Minimum (1GSF), 10Percentile (QG58), 90Percentile (8DWT), Maximum (84IY), Median (Y12H): numpy.percentile
 *   (linear). InterquartileRange (SALO): P75 - P25. Range (2OJQ): max - min.
 * - Mean (Q4LE): mu. MeanAbsoluteDeviation (4FUA): mean |X - mu|. RobustMeanAbsoluteDeviation (1128): mean |X - mu'|
 *   over the voxels with P10 <= X <= P90, mu' their mean. RootMeanSquared (5ZWQ with c = 0): sqrt(sum (X + c)^2 / Np).
 * - Variance (ECT3): mu_2. StandardDeviation (optional, deprecated in PyRadiomics): sqrt(mu_2).
 *   Skewness (KE2A): mu_3 / mu_2^1.5, Kurtosis (IPH6 + 3, not excess): mu_4 / mu_2^2; both 0 for a flat region.
 */
export function firstOrderFeatures(
  values: Float64Array,
  levels: Int32Array,
  voxelVolume: number,
  shift: number,
): Map<string, number> {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let energy = 0;
  for (let i = 0; i < n; i++) energy += (values[i] + shift) * (values[i] + shift);
  const { mean, m2, m3, m4, mad } = centralMoments(values);
  const p10 = percentileSorted(sorted, 10);
  const p90 = percentileSorted(sorted, 90);
  const rmad = robustMeanAbsoluteDeviation(values, p10, p90);
  let maxLevel = 0;
  for (let i = 0; i < levels.length; i++) if (levels[i] > maxLevel) maxLevel = levels[i];
  const hist = new Float64Array(maxLevel + 1);
  for (let i = 0; i < levels.length; i++) hist[levels[i]]++;
  const eps = 2 ** -52;
  let entropy = 0;
  let uniformity = 0;
  for (let g = 0; g <= maxLevel; g++) {
    if (hist[g] === 0) continue;
    const p = hist[g] / levels.length;
    entropy -= p * Math.log2(p + eps);
    uniformity += p * p;
  }
  const flat = m2 === 0;
  return new Map<string, number>([
    ['Energy', energy],
    ['TotalEnergy', energy * voxelVolume],
    ['Entropy', entropy],
    ['Minimum', sorted[0]],
    ['10Percentile', p10],
    ['90Percentile', p90],
    ['Maximum', sorted[n - 1]],
    ['Mean', mean],
    ['Median', percentileSorted(sorted, 50)],
    ['InterquartileRange', percentileSorted(sorted, 75) - percentileSorted(sorted, 25)],
    ['Range', sorted[n - 1] - sorted[0]],
    ['MeanAbsoluteDeviation', mad],
    ['RobustMeanAbsoluteDeviation', rmad],
    ['RootMeanSquared', Math.sqrt(energy / n)],
    ['StandardDeviation', Math.sqrt(m2)],
    ['Skewness', flat ? 0 : m3 / m2 ** 1.5],
    ['Kurtosis', flat ? 0 : m4 / (m2 * m2)],
    ['Variance', m2],
    ['Uniformity', uniformity],
  ]);
}

const FEATURES = [
  'Energy', 'TotalEnergy', 'Entropy', 'Minimum', '10Percentile', '90Percentile', 'Maximum', 'Mean', 'Median',
  'InterquartileRange', 'Range', 'MeanAbsoluteDeviation', 'RobustMeanAbsoluteDeviation', 'RootMeanSquared',
  'Skewness', 'Kurtosis', 'Variance', 'Uniformity',
] as const;

registerClass({
  name: 'firstorder',
  features: FEATURES,
  optional: ['StandardDeviation'],
  compute(ctx: FeatureContext, enabled: readonly string[]): Map<string, number> {
    const { image, mask, count, spacing } = ctx.roi;
    const disc = ctx.discretised();
    const values = new Float64Array(count);
    const levels = new Int32Array(count);
    for (let i = 0, w = 0; i < mask.length; i++) {
      if (mask[i]) {
        values[w] = image[i];
        levels[w++] = disc.levels[i];
      }
    }
    const all = firstOrderFeatures(values, levels, spacing[0] * spacing[1] * spacing[2], ctx.settings.voxelArrayShift);
    return new Map(enabled.map((f) => [f, all.get(f) ?? NaN]));
  },
});
