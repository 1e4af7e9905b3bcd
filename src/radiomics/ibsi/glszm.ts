/**
 * IBSI grey level size zone (GLSZM) and grey level distance zone (GLDZM) families, plus the slice-wise
 * aggregation the zone, NGTDM and NGLDM families share.
 *
 * Aggregation (spelled as in reference_values.csv): `2D` = one matrix per axial slice (k), features per slice,
 * averaged over the slices holding ROI voxels; `2.5D` = the per-slice matrices summed, features of the sum;
 * `3D` = one volumetric matrix. Zones are 8-connected in-slice (2D, 2.5D) and 26-connected in 3D.
 *
 * GLDZM: the distance of a ROI voxel to the ROI border is the smallest number of 4-connected (in-slice) or
 * 6-connected (3D) steps to a voxel outside the morphological mask, the grid outside the box counting as
 * outside (border voxels have distance 1). A zone's distance is the smallest distance of its voxels. Zones are
 * found on the intensity mask (after re-segmentation), distances on the morphological mask (IBSI ECJF).
 */
import type { Vec3 } from '../../io/volume.js';
import { chebyshevOffsets, countStats, countsFromPairs, glszmMatrix, labelZones, mergeCounts, type CountMatrix, type CountStats } from '../glszm.js';
import type { IbsiFamily, IbsiInput, IbsiValue } from './types.js';

/** One axial slice (or the whole box when `k` = -1) as views into the input: no copies. */
export interface Plane {
  k: number;
  size: Vec3;
  levels: Int32Array;
  morphMask: Uint8Array;
}

/** The axial slices holding at least one voxel of the intensity ROI. */
export function roiSlices(q: IbsiInput): Plane[] {
  const [nx, ny, nz] = q.size;
  const nxy = nx * ny;
  const out: Plane[] = [];
  for (let k = 0; k < nz; k++) {
    const levels = q.levels.subarray(k * nxy, (k + 1) * nxy);
    if (!levels.some((v) => v > 0)) continue;
    out.push({ k, size: [nx, ny, 1], levels, morphMask: q.morphMask.subarray(k * nxy, (k + 1) * nxy) });
  }
  return out;
}

/**
 * Features of a family in the three IBSI aggregations: `build` makes the matrix of a plane (in-slice
 * neighbourhoods when `planar`), `merge` sums matrices, `features` maps a matrix to values keyed like `codes`.
 */
export function aggregate<M>(
  q: IbsiInput,
  build: (p: Plane, planar: boolean) => M,
  merge: (ms: M[]) => M,
  features: (m: M) => Record<string, number>,
  codes: readonly (readonly [string, string])[],
): IbsiValue[] {
  const slices = roiSlices(q).map((p) => build(p, true));
  const perSlice = slices.map(features);
  const merged = features(merge(slices));
  const vol = features(build({ k: -1, size: q.size, levels: q.levels, morphMask: q.morphMask }, false));
  const out: IbsiValue[] = [];
  for (const [key, code] of codes) {
    let sum = 0;
    let n = 0;
    for (const f of perSlice) {
      if (Number.isFinite(f[key])) {
        sum += f[key];
        n++;
      }
    }
    out.push({ code, aggr: '2D', value: n ? sum / n : NaN });
    out.push({ code, aggr: '2.5D', value: merged[key] });
    out.push({ code, aggr: '3D', value: vol[key] });
  }
  return out;
}

/**
 * City-block distance of each voxel of `mask` to the nearest voxel outside it (outside the box counts as
 * outside): 1 on the border. In-slice 4-connected steps when `planar`, 6-connected otherwise. 0 outside the mask.
 */
export function borderDistance(mask: Uint8Array, size: Vec3, planar: boolean): Int32Array {
  const [nx, ny, nz] = size;
  const nxy = nx * ny;
  const n = mask.length;
  const dist = new Int32Array(n);
  const queue = new Int32Array(n);
  const steps = planar ? 4 : 6;
  const DI = [1, -1, 0, 0, 0, 0];
  const DJ = [0, 0, 1, -1, 0, 0];
  const DK = [0, 0, 0, 0, 1, -1];
  let head = 0;
  let tail = 0;
  for (let k = 0, idx = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        if (!mask[idx]) continue;
        for (let a = 0; a < steps; a++) {
          const ni = i + DI[a];
          const nj = j + DJ[a];
          const nk = k + DK[a];
          if (ni < 0 || nj < 0 || nk < 0 || ni >= nx || nj >= ny || nk >= nz || !mask[ni + nx * nj + nxy * nk]) {
            dist[idx] = 1;
            queue[tail++] = idx;
            break;
          }
        }
      }
    }
  }
  while (head < tail) {
    const idx = queue[head++];
    const k = (idx / nxy) | 0;
    const r = idx - k * nxy;
    const j = (r / nx) | 0;
    const i = r - j * nx;
    for (let a = 0; a < steps; a++) {
      const ni = i + DI[a];
      const nj = j + DJ[a];
      const nk = k + DK[a];
      if (ni < 0 || nj < 0 || nk < 0 || ni >= nx || nj >= ny || nk >= nz) continue;
      const t = ni + nx * nj + nxy * nk;
      if (mask[t] && dist[t] === 0) {
        dist[t] = dist[idx] + 1;
        queue[tail++] = t;
      }
    }
  }
  return dist;
}

/** GLDZM: P(i, d) = number of zones of grey level i whose smallest border distance is d. */
export function gldzmMatrix(levels: Int32Array, morphMask: Uint8Array, size: Vec3, planar: boolean): CountMatrix {
  const z = labelZones(levels, size, chebyshevOffsets([1], planar ? 2 : -1));
  const dist = borderDistance(morphMask, size, planar);
  const zd = new Int32Array(z.count + 1).fill(0x7fffffff);
  for (let t = 0; t < levels.length; t++) {
    const l = z.label[t];
    if (l > 0 && dist[t] < zd[l]) zd[l] = dist[t];
  }
  let nv = 0;
  for (let t = 1; t <= z.count; t++) nv += z.size[t];
  return countsFromPairs(z.level.subarray(1), zd.subarray(1), z.count, nv);
}

/**
 * CountStats keys in the order the IBSI manual lists the zone and dependence features: small / large j
 * emphasis, low / high grey level emphasis, small j low / high grey level emphasis, large j low / high grey
 * level emphasis, grey level non-uniformity and its normalised form, j non-uniformity and its normalised form,
 * percentage N_s / N_v, grey level variance, j variance, j entropy, j energy.
 */
const COUNT_KEYS: readonly (keyof CountStats)[] = ['sje', 'lje', 'lgle', 'hgle', 'sjlgle', 'sjhgle', 'ljlgle', 'ljhgle', 'gln', 'glnn', 'jn', 'jnn', 'percentage', 'glv', 'jv', 'entropy', 'energy'];

/** (CountStats key, IBSI code) pairs of a family: `codes[i]` is the code of COUNT_KEYS[i]. */
export function countCodes(codes: readonly string[]): readonly (readonly [keyof CountStats, string])[] {
  return codes.map((code, i) => [COUNT_KEYS[i], code] as const);
}

/**
 * IBSI GLSZM (section "Grey level size zone based features", j = zone size): codes as printed in
 * reference_values.csv, in COUNT_KEYS order, without energy. The CSV has no code for small zone emphasis
 * (IBSI 5QRC): it is returned with the CSV's empty code.
 */
export const IBSI_GLSZM_CODES = countCodes(['', '48P8', 'XMSY', '5GN9', '5RAI', 'HW1V', 'YH51', 'J17V', 'JNSA', 'Y1RO', '4JP3', 'VB3A', 'P30P', 'BYLV', '3NSA', 'GU8N']);

/** IBSI GLDZM (section "Grey level distance zone based features", j = zone distance): codes in COUNT_KEYS order, without energy. */
export const IBSI_GLDZM_CODES = countCodes(['0GBI', 'MB4I', 'S1RA', 'K26C', 'RUVG', 'DKNJ', 'A7WM', 'KLTH', 'VFT7', '7HP3', 'V294', 'IATH', 'VIWW', 'QK93', '7WT1', 'GBDU']);

/**
 * An IBSI family of count-matrix features in the 2D, 2.5D and 3D aggregations: `build` makes a plane's
 * CountMatrix, the features are its CountStats under `codes`.
 */
export function countFamily(build: (p: Plane, planar: boolean) => CountMatrix, codes: readonly (readonly [keyof CountStats, string])[]): IbsiFamily {
  return (q) => aggregate(q, build, mergeCounts, (m) => countStats(m) as unknown as Record<string, number>, codes);
}

/** IBSI GLSZM family in the 2D, 2.5D and 3D aggregations. */
export const ibsiGlszm = countFamily((p, planar) => glszmMatrix(p.levels, p.size, chebyshevOffsets([1], planar ? 2 : -1)), IBSI_GLSZM_CODES);

/** IBSI GLDZM family in the 2D, 2.5D and 3D aggregations. */
export const ibsiGldzm = countFamily((p, planar) => gldzmMatrix(p.levels, p.morphMask, p.size, planar), IBSI_GLDZM_CODES);
