/**
 * Neighbourhood grey tone difference matrix (NGTDM), as PyRadiomics' `ngtdm.py` with the C matrix of
 * `cmatrices.c` (IBSI NGTDM family).
 *
 * For each ROI voxel of grey level i, A is the mean grey level of its neighbours (Chebyshev distance in
 * `distances`, in-plane with force2D) inside the ROI. n_i counts the voxels of level i and s_i = sum |i - A|.
 * PyRadiomics counts a voxel without any ROI neighbour in n_i with |i - A| = 0; IBSI leaves it out
 * (`countIsolated` = false). Grey levels with n_i = 0 are dropped; N_vp = sum n_i, p_i = n_i / N_vp,
 * N_gp = number of levels kept.
 */
import type { Vec3 } from '../io/volume.js';
import { chebyshevOffsets, Neighbours, outOfPlaneAxis, type Offsets } from './glszm.js';
import { registerClass } from './registry.js';
import type { FeatureContext } from './types.js';

/** NGTDM restricted to present grey levels `i`: counts `n`, sums of absolute differences `s`, N_vp = sum n. */
export interface NgtdmTable {
  i: Float64Array;
  n: Float64Array;
  s: Float64Array;
  nvp: number;
}

/** NGTDM of `levels` (> 0 inside the ROI). */
export function ngtdmTable(levels: Int32Array, size: Vec3, offsets: Offsets, countIsolated: boolean): NgtdmTable {
  let maxL = 0;
  for (let t = 0; t < levels.length; t++) if (levels[t] > maxL) maxL = levels[t];
  const n = new Float64Array(maxL + 1);
  const s = new Float64Array(maxL + 1);
  const nx = size[0];
  const ny = size[1];
  const nb = new Neighbours(offsets, size);
  for (let k = 0, idx = 0; k < size[2]; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        const g = levels[idx];
        if (g <= 0) continue;
        let count = 0;
        let sum = 0;
        const inner = nb.interior(i, j, k);
        for (let a = 0; a < nb.n; a++) {
          const t = inner ? nb.step(a, idx) : nb.at(a, idx, i, j, k);
          if (t >= 0 && levels[t] > 0) {
            count++;
            sum += levels[t];
          }
        }
        if (count === 0 && !countIsolated) continue;
        n[g]++;
        if (count > 0) s[g] += Math.abs(g - sum / count);
      }
    }
  }
  return compact(n, s);
}

function compact(n: Float64Array, s: Float64Array): NgtdmTable {
  let c = 0;
  let nvp = 0;
  for (let g = 0; g < n.length; g++) {
    if (n[g] > 0) {
      c++;
      nvp += n[g];
    }
  }
  const out: NgtdmTable = { i: new Float64Array(c), n: new Float64Array(c), s: new Float64Array(c), nvp };
  c = 0;
  for (let g = 0; g < n.length; g++) {
    if (n[g] > 0) {
      out.i[c] = g;
      out.n[c] = n[g];
      out.s[c] = s[g];
      c++;
    }
  }
  return out;
}

/** Sum of NGTDMs (IBSI "2.5D" aggregation): n_i and s_i added per grey level. */
export function mergeNgtdm(ts: readonly NgtdmTable[]): NgtdmTable {
  let maxL = 0;
  for (const t of ts) for (const g of t.i) if (g > maxL) maxL = g;
  const n = new Float64Array(maxL + 1);
  const s = new Float64Array(maxL + 1);
  for (const t of ts) {
    for (let c = 0; c < t.i.length; c++) {
      n[t.i[c]] += t.n[c];
      s[t.i[c]] += t.s[c];
    }
  }
  return compact(n, s);
}

/**
 * NGTDM features (sums over present grey levels i, j; PyRadiomics name, IBSI code):
 * - Coarseness (QCDE) = 1 / sum p_i s_i; 1e6 when the sum is 0
 * - Contrast (65HE) = [sum_ij p_i p_j (i - j)^2 / (N_gp (N_gp - 1))] * sum_i s_i / N_vp; 0 when N_gp = 1
 * - Busyness (NQ30) = sum p_i s_i / sum_ij |i p_i - j p_j|; 0 when the denominator is 0
 * - Complexity (HDEZ) = sum_ij |i - j| (p_i s_i + p_j s_j) / (p_i + p_j) / N_vp
 * - Strength (1X9X) = sum_ij (p_i + p_j)(i - j)^2 / sum_i s_i; 0 when sum s_i = 0
 * All are NaN for an empty table (no voxel with a neighbour, IBSI counting).
 */
export interface NgtdmFeatures {
  Busyness: number;
  Coarseness: number;
  Complexity: number;
  Contrast: number;
  Strength: number;
}

/** See NgtdmFeatures. */
export function ngtdmFeatures(t: NgtdmTable): NgtdmFeatures {
  const ng = t.i.length;
  if (ng === 0) return { Busyness: NaN, Coarseness: NaN, Complexity: NaN, Contrast: NaN, Strength: NaN };
  const p = new Float64Array(ng);
  let sumPS = 0;
  let sumS = 0;
  for (let a = 0; a < ng; a++) {
    p[a] = t.n[a] / t.nvp;
    sumPS += p[a] * t.s[a];
    sumS += t.s[a];
  }
  let con = 0;
  let absdiff = 0;
  let cpx = 0;
  let str = 0;
  for (let a = 0; a < ng; a++) {
    for (let b = 0; b < ng; b++) {
      const d = t.i[a] - t.i[b];
      con += p[a] * p[b] * d * d;
      absdiff += Math.abs(t.i[a] * p[a] - t.i[b] * p[b]);
      cpx += (Math.abs(d) * (p[a] * t.s[a] + p[b] * t.s[b])) / (p[a] + p[b]);
      str += (p[a] + p[b]) * d * d;
    }
  }
  return {
    Busyness: absdiff === 0 ? 0 : sumPS / absdiff,
    Coarseness: sumPS === 0 ? 1e6 : 1 / sumPS,
    Complexity: cpx / t.nvp,
    Contrast: ng > 1 ? (con / (ng * (ng - 1))) * (sumS / t.nvp) : 0,
    Strength: sumS === 0 ? 0 : str / sumS,
  };
}

const NGTDM_NAMES = ['Busyness', 'Coarseness', 'Complexity', 'Contrast', 'Strength'] as const;

registerClass({
  name: 'ngtdm',
  features: NGTDM_NAMES,
  compute(ctx: FeatureContext, enabled: readonly string[]) {
    const s = ctx.settings;
    const offsets = chebyshevOffsets(s.distances, outOfPlaneAxis(s));
    const f = ngtdmFeatures(ngtdmTable(ctx.discretised().levels, ctx.roi.size, offsets, true));
    const out = new Map<string, number>();
    for (const name of enabled) if ((NGTDM_NAMES as readonly string[]).includes(name)) out.set(name, f[name as keyof NgtdmFeatures]);
    return out;
  },
});
