/**
 * Grey Level Run Length Matrix (GLRLM) features, as PyRadiomics radiomics/glrlm.py with the C matrix of
 * cmatrices.c (calculate_glrlm). P(i,j|a) counts runs (maximal sets of consecutive ROI voxels with the same grey
 * level along offset a) of level i and length j; an offset along which no line crosses more than one ROI voxel is
 * dropped; grey levels absent from the ROI are removed (values kept); with weightingNorm the matrices are summed with
 * weight d (the offset's length in mm under that norm); empty matrices are dropped. Features are computed per matrix
 * and averaged (numpy.nanmean). Notation: N_r = sum P (number of runs), N_p = sum_j j p_r(j) (voxels),
 * p_g(i) = sum_j P(i,j), p_r(j) = sum_i P(i,j), p = P / N_r.
 */
import type { Vec3 } from '../io/volume.js';
import { offsetStep, offsetWeight, type Offset } from './directions.js';
import { nanMeanOver, presentLevels, pyradiomicsOffsets } from './glcm.js';
import { registerClass } from './registry.js';
import type { FeatureContext } from './types.js';

/**
 * Default features in PyRadiomics' output order, with IBSI codes.
 * GrayLevelNonUniformity (R5YN): sum_i p_g(i)^2 / N_r. GrayLevelNonUniformityNormalized (OVBL): sum_i p_g(i)^2 / N_r^2.
 * GrayLevelVariance (8CE5): sum p(i,j) (i - mu)^2, mu = sum p(i,j) i. HighGrayLevelRunEmphasis (G3QZ):
 * sum P i^2 / N_r. LongRunEmphasis (W4KF): sum P j^2 / N_r. LongRunHighGrayLevelEmphasis (3KUM): sum P i^2 j^2 / N_r.
 * LongRunLowGrayLevelEmphasis (IVPO): sum P j^2 / i^2 / N_r. LowGrayLevelRunEmphasis (V3SW): sum P / i^2 / N_r.
 * RunEntropy (HJ9O): -sum p log2(p + eps). RunLengthNonUniformity (W92Y): sum_j p_r(j)^2 / N_r.
 * RunLengthNonUniformityNormalized (IC23): sum_j p_r(j)^2 / N_r^2. RunPercentage (9ZK5): N_r / N_p.
 * RunVariance (SXLW): sum p(i,j) (j - mu)^2, mu = sum p(i,j) j. ShortRunEmphasis (22OV): sum P / j^2 / N_r.
 * ShortRunHighGrayLevelEmphasis (GD3A): sum P i^2 / j^2 / N_r. ShortRunLowGrayLevelEmphasis (HTZT):
 * sum P / (i^2 j^2) / N_r.
 */
export const GLRLM_FEATURES = [
  'GrayLevelNonUniformity',
  'GrayLevelNonUniformityNormalized',
  'GrayLevelVariance',
  'HighGrayLevelRunEmphasis',
  'LongRunEmphasis',
  'LongRunHighGrayLevelEmphasis',
  'LongRunLowGrayLevelEmphasis',
  'LowGrayLevelRunEmphasis',
  'RunEntropy',
  'RunLengthNonUniformity',
  'RunLengthNonUniformityNormalized',
  'RunPercentage',
  'RunVariance',
  'ShortRunEmphasis',
  'ShortRunHighGrayLevelEmphasis',
  'ShortRunLowGrayLevelEmphasis',
] as const;

export type GlrlmFeature = (typeof GLRLM_FEATURES)[number];
export type GlrlmValues = Record<GlrlmFeature, number>;

const EPS = Number.EPSILON;

export interface RunLengthCounts {
  /** Run counts; layout ((g * offsets.length + a) * ng + level - 1) * nr + length - 1. */
  counts: Float64Array;
  /** Longest run length the matrix holds: the largest box dimension. */
  nr: number;
  /** Per (group, offset): 1 if some line along the offset crosses more than one ROI voxel. */
  multi: Uint8Array;
}

/**
 * Run-length counts (cmatrices.c calculate_glrlm): for each offset, every line through the box along the offset
 * (starting at a voxel whose predecessor is outside the box) is walked; runs of equal level l > 0 are counted,
 * a voxel outside the ROI (level 0) ends a run. With `perSlice` the matrices are kept per slice k (in-plane offsets).
 */
export function runLengthCounts(levels: Int32Array, size: Vec3, ng: number, offsets: readonly Offset[], perSlice = false): RunLengthCounts {
  const [nx, ny, nz] = size;
  const nr = Math.max(nx, ny, nz);
  const na = offsets.length;
  if (perSlice && offsets.some((o) => o[2] !== 0)) throw new Error('runLengthCounts: per-slice matrices need in-plane offsets');
  const groups = perSlice ? nz : 1;
  const counts = new Float64Array(groups * na * ng * nr);
  const multi = new Uint8Array(groups * na);
  for (let a = 0; a < na; a++) {
    const [di, dj, dk] = offsets[a];
    const step = offsetStep(offsets[a], size);
    for (let k = 0, idx = 0; k < nz; k++) {
      const g = perSlice ? k : 0;
      const base = (g * na + a) * ng * nr - nr - 1; // + level * nr + length
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++, idx++) {
          const pi = i - di;
          const pj = j - dj;
          const pk = k - dk;
          if (pi >= 0 && pi < nx && pj >= 0 && pj < ny && pk >= 0 && pk < nz) continue; // not a line start
          let gl = 0;
          let rl = 0;
          let elements = 0;
          for (let ci = i, cj = j, ck = k, c = idx; ci >= 0 && ci < nx && cj >= 0 && cj < ny && ck >= 0 && ck < nz; ci += di, cj += dj, ck += dk, c += step) {
            const l = levels[c];
            if (l > 0) {
              elements++;
              if (l === gl) rl++;
              else {
                if (gl > 0) counts[base + gl * nr + rl]++;
                gl = l;
                rl = 1;
              }
            } else if (gl > 0) {
              counts[base + gl * nr + rl]++;
              gl = 0;
            }
          }
          if (gl > 0) counts[base + gl * nr + rl]++;
          if (elements > 1) multi[g * na + a] = 1;
        }
      }
    }
  }
  return { counts, nr, multi };
}

/**
 * All GLRLM features of one run-length matrix P (ng x nr counts, row i stands for grey level `values[i]`,
 * column j for run length j + 1). Null if the matrix holds no run. Definitions: see GLRLM_FEATURES.
 */
export function glrlmMatrixFeatures(P: Float64Array, values: Float64Array, nr: number): GlrlmValues | null {
  const ng = values.length;
  let nRuns = 0;
  let sre = 0;
  let lre = 0;
  let lgl = 0;
  let hgl = 0;
  let srlgl = 0;
  let srhgl = 0;
  let lrlgl = 0;
  let lrhgl = 0;
  let ent = 0;
  let gln = 0;
  let sumI = 0;
  const pr = new Float64Array(nr);
  const pgs = new Float64Array(ng);
  for (let a = 0; a < ng; a++) {
    const i = values[a];
    const i2 = i * i;
    let pg = 0;
    for (let b = 0; b < nr; b++) {
      const q = P[a * nr + b];
      if (q === 0) continue;
      const j = b + 1;
      const j2 = j * j;
      pg += q;
      pr[b] += q;
      sre += q / j2;
      lre += q * j2;
      lgl += q / i2;
      hgl += q * i2;
      srlgl += q / (i2 * j2);
      srhgl += (q * i2) / j2;
      lrlgl += (q * j2) / i2;
      lrhgl += q * i2 * j2;
    }
    pgs[a] = pg;
    nRuns += pg;
    gln += pg * pg;
    sumI += pg * i;
  }
  if (nRuns === 0) return null;
  let rln = 0;
  let sumJ = 0;
  for (let b = 0; b < nr; b++) {
    rln += pr[b] * pr[b];
    sumJ += pr[b] * (b + 1);
  }
  const np = sumJ;
  const muI = sumI / nRuns;
  const muJ = sumJ / nRuns;
  let glv = 0;
  for (let a = 0; a < ng; a++) glv += pgs[a] * (values[a] - muI) ** 2;
  let rv = 0;
  for (let b = 0; b < nr; b++) rv += pr[b] * (b + 1 - muJ) ** 2;
  for (let x = 0; x < ng * nr; x++) {
    const q = P[x] / nRuns;
    if (q > 0) ent -= q * Math.log2(q + EPS);
  }
  return {
    GrayLevelNonUniformity: gln / nRuns,
    GrayLevelNonUniformityNormalized: gln / (nRuns * nRuns),
    GrayLevelVariance: glv / nRuns,
    HighGrayLevelRunEmphasis: hgl / nRuns,
    LongRunEmphasis: lre / nRuns,
    LongRunHighGrayLevelEmphasis: lrhgl / nRuns,
    LongRunLowGrayLevelEmphasis: lrlgl / nRuns,
    LowGrayLevelRunEmphasis: lgl / nRuns,
    RunEntropy: ent,
    RunLengthNonUniformity: rln / nRuns,
    RunLengthNonUniformityNormalized: rln / (nRuns * nRuns),
    RunPercentage: nRuns / np,
    RunVariance: rv / nRuns,
    ShortRunEmphasis: sre / nRuns,
    ShortRunHighGrayLevelEmphasis: srhgl / nRuns,
    ShortRunLowGrayLevelEmphasis: srlgl / nRuns,
  };
}

/** PyRadiomics' GLRLM matrices (after level removal, dropping single-voxel offsets, weighting), `count` blocks. */
export function pyradiomicsGlrlm(ctx: FeatureContext): { P: Float64Array; count: number; values: Float64Array; nr: number } {
  const s = ctx.settings;
  const disc = ctx.discretised();
  const { levels, values } = presentLevels(disc.levels, disc.nBins);
  const ng = values.length;
  const offsets = pyradiomicsOffsets(ctx, [1]);
  const { counts, nr, multi } = runLengthCounts(levels, ctx.roi.size, ng, offsets);
  const mat = ng * nr;
  for (let a = 0; a < offsets.length; a++) if (!multi[a]) counts.fill(0, a * mat, (a + 1) * mat);
  if (!s.weightingNorm) return { P: counts, count: offsets.length, values, nr };
  const sum = new Float64Array(mat);
  offsets.forEach((o, a) => {
    const w = offsetWeight(o, ctx.roi.spacing, s.weightingNorm!, false);
    for (let x = 0; x < mat; x++) sum[x] += w * counts[a * mat + x];
  });
  return { P: sum, count: 1, values, nr };
}

function compute(ctx: FeatureContext): Map<string, number> {
  const { P, count, values, nr } = pyradiomicsGlrlm(ctx);
  const mat = values.length * nr;
  return nanMeanOver(GLRLM_FEATURES, count, (a) => glrlmMatrixFeatures(P.subarray(a * mat, (a + 1) * mat), values, nr));
}

registerClass({ name: 'glrlm', features: GLRLM_FEATURES, compute });
