/**
 * The one image type of alnm. Like an ITK image it always carries its geometry:
 * a voxel (i, j, k) (i fastest in `data`) lies at the physical point (LPS, mm)
 *   p = origin + D * diag(spacing) * [i, j, k]
 * where D is the 3 x 3 direction matrix stored row-major (`direction[r * 3 + c]`), whose columns are the
 * unit vectors of the voxel axes. Masks are volumes too (integer labels).
 */
export type VoxelArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

export type Vec3 = [number, number, number];

export interface Volume {
  size: Vec3;
  spacing: Vec3;
  origin: Vec3;
  /** 3 x 3 direction cosines, row-major; columns are the voxel axes. */
  direction: number[];
  data: VoxelArray;
}

export const IDENTITY_DIRECTION: readonly number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function voxelCount(size: readonly number[]): number {
  return size[0] * size[1] * size[2];
}

/** Physical point (mm) of a continuous index. */
export function indexToPoint(v: Pick<Volume, 'spacing' | 'origin' | 'direction'>, idx: readonly number[]): Vec3 {
  const d = v.direction;
  const s = [idx[0] * v.spacing[0], idx[1] * v.spacing[1], idx[2] * v.spacing[2]];
  return [
    v.origin[0] + d[0] * s[0] + d[1] * s[1] + d[2] * s[2],
    v.origin[1] + d[3] * s[0] + d[4] * s[1] + d[5] * s[2],
    v.origin[2] + d[6] * s[0] + d[7] * s[1] + d[8] * s[2],
  ];
}

/** Continuous index of a physical point (the direction matrix is orthonormal, so D^-1 = D^T). */
export function pointToIndex(v: Pick<Volume, 'spacing' | 'origin' | 'direction'>, p: readonly number[]): Vec3 {
  const d = v.direction;
  const q = [p[0] - v.origin[0], p[1] - v.origin[1], p[2] - v.origin[2]];
  return [
    (d[0] * q[0] + d[3] * q[1] + d[6] * q[2]) / v.spacing[0],
    (d[1] * q[0] + d[4] * q[1] + d[7] * q[2]) / v.spacing[1],
    (d[2] * q[0] + d[5] * q[1] + d[8] * q[2]) / v.spacing[2],
  ];
}

/** Minimum and maximum of the finite voxels, and the count of non-finite ones. */
export function intensityRange(data: VoxelArray): { min: number; max: number; nonFinite: number } {
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    // integer voxels are always finite
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { min, max, nonFinite };
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v || v === Infinity || v === -Infinity) nonFinite++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { min, max, nonFinite };
}

/**
 * Do two volumes share a grid? Within `tolerance` (PyRadiomics' `geometryTolerance`, default 1e-16 there;
 * compared like SimpleITK, relative to the spacing for origin and absolute for direction).
 * Returns null when they agree, else a description of the first difference.
 */
export function geometryMismatch(a: Volume, b: Volume, tolerance = 1e-6): string | null {
  for (let k = 0; k < 3; k++) {
    if (a.size[k] !== b.size[k]) return `size ${a.size.join('x')} vs ${b.size.join('x')}`;
  }
  for (let k = 0; k < 3; k++) {
    if (Math.abs(a.spacing[k] - b.spacing[k]) > tolerance * Math.max(1, Math.abs(a.spacing[k]))) {
      return `spacing ${fmtVec(a.spacing)} vs ${fmtVec(b.spacing)}`;
    }
  }
  for (let k = 0; k < 3; k++) {
    if (Math.abs(a.origin[k] - b.origin[k]) > tolerance * Math.max(1, Math.abs(a.spacing[k]))) {
      return `origin ${fmtVec(a.origin)} vs ${fmtVec(b.origin)}`;
    }
  }
  for (let k = 0; k < 9; k++) {
    if (Math.abs(a.direction[k] - b.direction[k]) > tolerance) {
      return `direction ${fmtVec(a.direction)} vs ${fmtVec(b.direction)}`;
    }
  }
  return null;
}

export function fmtVec(v: readonly number[]): string {
  return `(${v.map((x) => Number(x.toPrecision(6))).join(', ')})`;
}
