/**
 * Grey level dependence matrix (GLDM), as PyRadiomics' `gldm.py` with the C matrix of `cmatrices.c`; it is the
 * IBSI neighbouring grey level dependence matrix (NGLDM) with coarseness alpha = `gldm_a`.
 *
 * A neighbour (Chebyshev distance in `distances`, in-plane with force2D, inside the ROI) of a voxel with grey
 * level i depends on it when |i - level| <= alpha. P(i, j) counts the ROI voxels of grey level i with j - 1
 * dependent neighbours (j counts the centre voxel too). Empty rows and columns are dropped.
 */
import type { Vec3 } from '../io/volume.js';
import { chebyshevOffsets, countStats, countsFromPairs, Neighbours, outOfPlaneAxis, pickStats, type CountMatrix, type CountStats, type Offsets } from './glszm.js';
import { registerClass } from './registry.js';
import type { FeatureContext } from './types.js';

/** Dependence matrix of `levels` (> 0 inside the ROI): pairs (grey level, 1 + dependent neighbours) per voxel. */
export function dependenceMatrix(levels: Int32Array, size: Vec3, offsets: Offsets, alpha: number): CountMatrix {
  const n = levels.length;
  const nx = size[0];
  const ny = size[1];
  const nb = new Neighbours(offsets, size);
  const iv = new Int32Array(n);
  const jv = new Int32Array(n);
  let m = 0;
  for (let k = 0, idx = 0; k < size[2]; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        const g = levels[idx];
        if (g <= 0) continue;
        let dep = 1;
        const inner = nb.interior(i, j, k);
        for (let a = 0; a < nb.n; a++) {
          const t = inner ? nb.step(a, idx) : nb.at(a, idx, i, j, k);
          if (t >= 0 && levels[t] > 0 && Math.abs(levels[t] - g) <= alpha) dep++;
        }
        iv[m] = g;
        jv[m] = dep;
        m++;
      }
    }
  }
  return countsFromPairs(iv, jv, m, m);
}

/**
 * PyRadiomics GLDM feature names and the statistic each one is (see CountStats, j = dependence count), with the
 * IBSI NGLDM code: SmallDependenceEmphasis = sje (SODN), LargeDependenceEmphasis = lje (IMOQ),
 * GrayLevelNonUniformity = gln (FP8K), DependenceNonUniformity = jn (Z87G),
 * DependenceNonUniformityNormalized = jnn (OKJI), GrayLevelVariance = glv (1PFV), DependenceVariance = jv (DNX2),
 * DependenceEntropy = entropy (FCBV), LowGrayLevelEmphasis = lgle (TL9H), HighGrayLevelEmphasis = hgle (OAE7),
 * SmallDependenceLowGrayLevelEmphasis = sjlgle (EQ3F), SmallDependenceHighGrayLevelEmphasis = sjhgle (JA6D),
 * LargeDependenceLowGrayLevelEmphasis = ljlgle (NBZI), LargeDependenceHighGrayLevelEmphasis = ljhgle (9QMG).
 */
export const GLDM_FEATURES: Readonly<Record<string, keyof CountStats>> = {
  DependenceEntropy: 'entropy',
  DependenceNonUniformity: 'jn',
  DependenceNonUniformityNormalized: 'jnn',
  DependenceVariance: 'jv',
  GrayLevelNonUniformity: 'gln',
  GrayLevelVariance: 'glv',
  HighGrayLevelEmphasis: 'hgle',
  LargeDependenceEmphasis: 'lje',
  LargeDependenceHighGrayLevelEmphasis: 'ljhgle',
  LargeDependenceLowGrayLevelEmphasis: 'ljlgle',
  LowGrayLevelEmphasis: 'lgle',
  SmallDependenceEmphasis: 'sje',
  SmallDependenceHighGrayLevelEmphasis: 'sjhgle',
  SmallDependenceLowGrayLevelEmphasis: 'sjlgle',
};

/** Deprecated in PyRadiomics (equals first-order Uniformity), computed only when asked for: glnn (5SPA). */
const GLDM_OPTIONAL: Readonly<Record<string, keyof CountStats>> = { GrayLevelNonUniformityNormalized: 'glnn' };

registerClass({
  name: 'gldm',
  features: Object.keys(GLDM_FEATURES),
  optional: Object.keys(GLDM_OPTIONAL),
  compute(ctx: FeatureContext, enabled: readonly string[]) {
    const s = ctx.settings;
    const offsets = chebyshevOffsets(s.distances, outOfPlaneAxis(s));
    const m = dependenceMatrix(ctx.discretised().levels, ctx.roi.size, offsets, s.gldm_a);
    return pickStats(countStats(m), { ...GLDM_FEATURES, ...GLDM_OPTIONAL }, enabled);
  },
});
