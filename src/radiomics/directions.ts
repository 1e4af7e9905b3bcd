/**
 * Neighbour offsets ("angles") of the texture matrices, generated as PyRadiomics' cmatrices.c build_angles does:
 * every offset whose Chebyshev (infinity-norm) length is one of `distances`, in PyRadiomics' order. PyRadiomics
 * works on numpy arrays indexed (z, y, x); alnm's volumes are indexed (i, j, k) with i fastest, so an offset
 * here is [di, dj, dk] = [dx, dy, dz] and PyRadiomics' force2Ddimension d excludes alnm axis 2 - d.
 */
import type { Vec3 } from '../io/volume.js';

/** A neighbour offset [di, dj, dk] in voxels. */
export type Offset = readonly [number, number, number];

export interface OffsetOptions {
  /** Chebyshev distances to generate (PyRadiomics setting `distances`; default [1]). */
  distances?: readonly number[];
  /**
   * PyRadiomics numpy axis (0 = z/k, 1 = y/j, 2 = x/i) in which offsets must be 0 (`force2Ddimension` when
   * `force2D` is set), or null for 3-D offsets.
   */
  force2Ddimension?: number | null;
  /** Both members of each +/- pair (GLSZM, GLDM, NGTDM) instead of one (GLCM, GLRLM). Default false. */
  bidirectional?: boolean;
}

/**
 * Offsets for a box of `size` voxels ([ni, nj, nk]): all d with max|d| in `distances`, |d| < size per axis
 * (longer offsets cannot pair two voxels of the box), 0 along the excluded axis. For one direction per pair PyRadiomics
 * keeps the first of each pair in its generation order, which starts at (+max, +max, +max) in (z, y, x); for
 * distance 1 in 3-D these are the 13 offsets (z, y, x) = (1,1,1), (1,1,0), ..., (0,0,1); in-plane (z excluded)
 * the 4 offsets (0,1,1), (0,1,0), (0,1,-1), (0,0,1).
 */
export function textureOffsets(size: Vec3, opts: OffsetOptions = {}): Offset[] {
  const distances = opts.distances ?? [1];
  const excluded = opts.force2Ddimension ?? null;
  const maxD = Math.max(...distances);
  const n = 2 * maxD + 1;
  // numpy order: axis 0 = z (alnm k), 1 = y (j), 2 = x (i)
  const npSize = [size[2], size[1], size[0]];
  const all: Offset[] = [];
  const total = n * n * n;
  for (let idx = 0; idx < total; idx++) {
    const o = [maxD - (Math.floor(idx / (n * n)) % n), maxD - (Math.floor(idx / n) % n), maxD - (idx % n)];
    let dist = 0;
    let valid = true;
    for (let a = 0; a < 3; a++) {
      if ((a === excluded && o[a] !== 0) || Math.abs(o[a]) >= npSize[a]) {
        valid = false;
        break;
      }
      dist = Math.max(dist, Math.abs(o[a]));
    }
    if (valid && dist > 0 && distances.includes(dist)) all.push([o[2], o[1], o[0]]);
  }
  // The generation order is point-symmetric (idx <-> total - 1 - idx negates the offset): the first half holds
  // one member of every pair.
  return opts.bidirectional ? all : all.slice(0, all.length / 2);
}

/** The 4 in-plane (i, j) offsets of distance 1 (IBSI 2-D / 2.5-D), in PyRadiomics' order. */
export const IN_PLANE_OFFSETS: readonly Offset[] = textureOffsets([3, 3, 3], { force2Ddimension: 0 });

/** The 13 offsets of distance 1 in 3-D (IBSI 3-D), in PyRadiomics' order. */
export const OFFSETS_3D: readonly Offset[] = textureOffsets([3, 3, 3]);

/**
 * PyRadiomics' distance weight of an offset for `weightingNorm`, with `spacing` [si, sj, sk] in mm. `gaussian`
 * gives the GLCM weight exp(-d^2) (glcm.py), otherwise the distance d itself (glrlm.py):
 * infinity d = max|o*s|, euclidean d = sqrt(sum (o*s)^2), manhattan d = sum |o*s|, no_weighting 1.
 */
export function offsetWeight(o: Offset, spacing: Vec3, norm: 'manhattan' | 'euclidean' | 'infinity' | 'no_weighting', gaussian: boolean): number {
  if (norm === 'no_weighting') return 1;
  const a = Math.abs(o[0] * spacing[0]);
  const b = Math.abs(o[1] * spacing[1]);
  const c = Math.abs(o[2] * spacing[2]);
  if (norm === 'infinity') {
    const d = Math.max(a, b, c);
    return gaussian ? Math.exp(-d * d) : d;
  }
  if (norm === 'euclidean') {
    const d2 = a * a + b * b + c * c;
    return gaussian ? Math.exp(-d2) : Math.sqrt(d2);
  }
  const d = a + b + c;
  return gaussian ? Math.exp(-d * d) : d;
}

/** Linear index step of an offset in a box of `size` (i fastest). */
export function offsetStep(o: Offset, size: Vec3): number {
  return o[0] + size[0] * (o[1] + size[1] * o[2]);
}
