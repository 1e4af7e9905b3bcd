/**
 * Resampling of a volume onto another grid, as ITK's ResampleImageFilter with an identity transform: each
 * output voxel's physical point is mapped to a continuous index of the input; points within half a voxel of
 * the input's extent are interpolated (nearest, linear or cubic B-spline), the rest get `defaultValue`.
 * The output voxel type is chosen by the caller; integer outputs are clamped to the type's range and
 * truncated toward zero, as ITK's CastPixelWithBoundsChecking does.
 */
import { AlnmError } from '../util/errors.js';
import { allocate, componentTypeOf, type ComponentType } from '../io/dtype.js';
import { maxVoxels } from '../io/limits.js';
import type { Vec3, Volume, VoxelArray } from '../io/volume.js';
import { bsplineCoefficients, cubicWeights, mirror } from './bspline.js';

export type Interpolator = 'nearest' | 'linear' | 'bspline';

export interface Grid {
  size: Vec3;
  spacing: Vec3;
  origin: Vec3;
  direction: number[];
}

export interface ResampleOptions {
  interpolator: Interpolator;
  /** Output voxel type; default: the input's. */
  outputType?: ComponentType;
  /** Value outside the input (default 0). */
  defaultValue?: number;
  /** Name for error messages. */
  what?: string;
}

const RANGE: Partial<Record<ComponentType, [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

/** Check a target grid before allocating it. */
export function checkGrid(g: Grid, what = 'resampling'): void {
  if (g.spacing.some((s) => !(s > 0) || !Number.isFinite(s))) throw new AlnmError(`${what}: spacing must be positive, got ${g.spacing.join(', ')}`);
  if (g.size.some((s) => !Number.isInteger(s) || s < 1)) throw new AlnmError(`${what}: bad target size ${g.size.join('x')}`);
  const n = g.size[0] * g.size[1] * g.size[2];
  if (n > maxVoxels()) {
    throw new AlnmError(`${what}: the target grid ${g.size.join('x')} has ${n} voxels, more than the limit of ${maxVoxels()} (ALNM_MAX_VOXELS)`);
  }
}

export function resample(input: Volume, grid: Grid, opts: ResampleOptions): Volume {
  checkGrid(grid, opts.what);
  const type = opts.outputType ?? componentTypeOf(input.data);
  const out = allocate(type, grid.size[0] * grid.size[1] * grid.size[2]);
  const def = opts.defaultValue ?? 0;
  const range = RANGE[type];
  const cast = range
    ? (v: number) => (v < range[0] ? range[0] : v > range[1] ? range[1] : Math.trunc(v))
    : (v: number) => v;
  // continuous input index = M * outIndex + t, with M = S_in^-1 D_in^T D_out S_out
  const Di = input.direction;
  const Do = grid.direction;
  const M = new Float64Array(9);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += Di[k * 3 + r] * Do[k * 3 + c];
      const m = (s * grid.spacing[c]) / input.spacing[r];
      M[r * 3 + c] = Math.abs(s) < 1e-12 ? 0 : m; // round-off of orthogonal axes is exactly 0
    }
  }
  const dO = [grid.origin[0] - input.origin[0], grid.origin[1] - input.origin[1], grid.origin[2] - input.origin[2]];
  const t = [0, 1, 2].map((r) => (Di[r] * dO[0] + Di[3 + r] * dO[1] + Di[6 + r] * dO[2]) / input.spacing[r]);
  const [nx, ny, nz] = input.size;
  const src = input.data;
  const coef = opts.interpolator === 'bspline' ? bsplineCoefficients(src, input.size) : null;
  if (M[1] === 0 && M[2] === 0 && M[3] === 0 && M[5] === 0 && M[6] === 0 && M[7] === 0) {
    // Axis-aligned grids (the usual case): separable passes, the same arithmetic in the same order.
    const taps = [0, 1, 2].map((a) => axisTaps(opts.interpolator, M[a * 4], t[a], grid.size[a], input.size[a]));
    separable(coef ?? src, input.size, grid.size, taps, out, def, cast);
    return { size: [...grid.size], spacing: [...grid.spacing], origin: [...grid.origin], direction: [...grid.direction], data: out };
  }
  const w = new Float64Array(12);
  const ix = new Int32Array(4);
  const iy = new Int32Array(4);
  const iz = new Int32Array(4);
  const nxy = nx * ny;
  let o = 0;
  for (let k = 0; k < grid.size[2]; k++) {
    for (let j = 0; j < grid.size[1]; j++) {
      for (let i = 0; i < grid.size[0]; i++, o++) {
        const x = M[0] * i + M[1] * j + M[2] * k + t[0];
        const y = M[3] * i + M[4] * j + M[5] * k + t[1];
        const z = M[6] * i + M[7] * j + M[8] * k + t[2];
        if (!(x >= -0.5 && x < nx - 0.5 && y >= -0.5 && y < ny - 0.5 && z >= -0.5 && z < nz - 0.5)) {
          out[o] = def;
          continue;
        }
        let v: number;
        if (opts.interpolator === 'nearest') {
          v = src[Math.floor(x + 0.5) + nx * Math.floor(y + 0.5) + nxy * Math.floor(z + 0.5)];
        } else if (opts.interpolator === 'linear') {
          v = linear(src, nx, ny, nz, x, y, z);
        } else {
          const fx = cubicWeights(x, w, 0);
          const fy = cubicWeights(y, w, 4);
          const fz = cubicWeights(z, w, 8);
          for (let a = 0; a < 4; a++) {
            ix[a] = mirror(fx + a, nx);
            iy[a] = mirror(fy + a, ny) * nx;
            iz[a] = mirror(fz + a, nz) * nxy;
          }
          v = 0;
          for (let c = 0; c < 4; c++) {
            let sy = 0;
            for (let b = 0; b < 4; b++) {
              const base = iz[c] + iy[b];
              const sx = w[0] * coef![base + ix[0]] + w[1] * coef![base + ix[1]] + w[2] * coef![base + ix[2]] + w[3] * coef![base + ix[3]];
              sy += w[4 + b] * sx;
            }
            v += w[8 + c] * sy;
          }
        }
        out[o] = cast(v);
      }
    }
  }
  return { size: [...grid.size], spacing: [...grid.spacing], origin: [...grid.origin], direction: [...grid.direction], data: out };
}

/** Interpolation taps of one axis: for output index i, input indices idx[i*k + a] with weights w[i*k + a]. */
interface AxisTaps {
  k: number;
  idx: Int32Array;
  w: Float64Array;
  /** 0 where the coordinate is outside the input (more than half a voxel beyond its extent). */
  inside: Uint8Array;
}

/** Taps of an axis whose continuous input coordinate is x = m * i + t0. */
function axisTaps(interp: Interpolator, m: number, t0: number, nOut: number, nIn: number): AxisTaps {
  const k = interp === 'bspline' ? 4 : interp === 'linear' ? 2 : 1;
  const idx = new Int32Array(nOut * k);
  const w = new Float64Array(nOut * k);
  const inside = new Uint8Array(nOut);
  const cw = new Float64Array(4);
  for (let i = 0; i < nOut; i++) {
    const x = m * i + t0;
    if (!(x >= -0.5 && x < nIn - 0.5)) continue;
    inside[i] = 1;
    const o = i * k;
    if (interp === 'nearest') {
      idx[o] = Math.floor(x + 0.5);
      w[o] = 1;
    } else if (interp === 'linear') {
      const c = Math.min(Math.max(x, 0), nIn - 1);
      const x0 = Math.floor(c);
      idx[o] = x0;
      idx[o + 1] = Math.min(x0 + 1, nIn - 1);
      w[o] = 1 - (c - x0);
      w[o + 1] = c - x0;
    } else {
      const f = cubicWeights(x, cw, 0);
      for (let a = 0; a < 4; a++) {
        idx[o + a] = mirror(f + a, nIn);
        w[o + a] = cw[a];
      }
    }
  }
  return { k, idx, w, inside };
}

/**
 * Separable resampling: along x for every input row, then y, then z. Each output value is
 * sum_c wz_c (sum_b wy_b (sum_a wx_a src[a, b, c])), each sum taken in tap order: the same operations as the
 * voxel-by-voxel path. Nearest neighbour has one tap of weight 1 (exact).
 */
function separable(src: ArrayLike<number>, nIn: readonly number[], nOut: readonly number[], [tx, ty, tz]: AxisTaps[], out: VoxelArray, def: number, cast: (v: number) => number): void {
  const [nx, ny, nz] = nIn;
  const [mx, my, mz] = nOut;
  // x pass: a[z_in][y_in][i]
  const a = new Float64Array(mx * ny * nz);
  for (let r = 0; r < ny * nz; r++) {
    const row = r * nx;
    const dst = r * mx;
    for (let i = 0; i < mx; i++) {
      if (!tx.inside[i]) continue;
      const o = i * tx.k;
      let s = tx.w[o] * src[row + tx.idx[o]];
      for (let q = 1; q < tx.k; q++) s += tx.w[o + q] * src[row + tx.idx[o + q]];
      a[dst + i] = s;
    }
  }
  // y pass: b[z_in][j][i]
  const b = new Float64Array(mx * my * nz);
  for (let z = 0; z < nz; z++) {
    for (let j = 0; j < my; j++) {
      if (!ty.inside[j]) continue;
      const o = j * ty.k;
      const dst = (z * my + j) * mx;
      for (let q = 0; q < ty.k; q++) {
        const wq = ty.w[o + q];
        const srcRow = (z * ny + ty.idx[o + q]) * mx;
        if (q === 0) for (let i = 0; i < mx; i++) b[dst + i] = wq * a[srcRow + i];
        else for (let i = 0; i < mx; i++) b[dst + i] += wq * a[srcRow + i];
      }
    }
  }
  // z pass into the output, with the outside test of all three axes
  const line = new Float64Array(mx);
  for (let k = 0; k < mz; k++) {
    for (let j = 0; j < my; j++) {
      const dst = (k * my + j) * mx;
      if (!tz.inside[k] || !ty.inside[j]) {
        for (let i = 0; i < mx; i++) out[dst + i] = def;
        continue;
      }
      const o = k * tz.k;
      for (let q = 0; q < tz.k; q++) {
        const wq = tz.w[o + q];
        const srcRow = (tz.idx[o + q] * my + j) * mx;
        if (q === 0) for (let i = 0; i < mx; i++) line[i] = wq * b[srcRow + i];
        else for (let i = 0; i < mx; i++) line[i] += wq * b[srcRow + i];
      }
      for (let i = 0; i < mx; i++) out[dst + i] = tx.inside[i] ? cast(line[i]) : def;
    }
  }
}

/** Trilinear interpolation with edge clamping (ITK's LinearInterpolateImageFunction). */
function linear(src: VoxelArray, nx: number, ny: number, nz: number, x: number, y: number, z: number): number {
  const cx = Math.min(Math.max(x, 0), nx - 1);
  const cy = Math.min(Math.max(y, 0), ny - 1);
  const cz = Math.min(Math.max(z, 0), nz - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const z0 = Math.floor(cz);
  const x1 = Math.min(x0 + 1, nx - 1);
  const y1 = Math.min(y0 + 1, ny - 1);
  const z1 = Math.min(z0 + 1, nz - 1);
  const dx = cx - x0;
  const dy = cy - y0;
  const dz = cz - z0;
  const nxy = nx * ny;
  const at = (a: number, b: number, c: number) => src[a + nx * b + nxy * c];
  const c00 = at(x0, y0, z0) * (1 - dx) + at(x1, y0, z0) * dx;
  const c10 = at(x0, y1, z0) * (1 - dx) + at(x1, y1, z0) * dx;
  const c01 = at(x0, y0, z1) * (1 - dx) + at(x1, y0, z1) * dx;
  const c11 = at(x0, y1, z1) * (1 - dx) + at(x1, y1, z1) * dx;
  return (c00 * (1 - dy) + c10 * dy) * (1 - dz) + (c01 * (1 - dy) + c11 * dy) * dz;
}

/** A grid covering the same physical extent as `v` with a new spacing (IBSI: grid centres aligned). */
export function alignedCentreGrid(v: Grid, spacing: Vec3): Grid {
  // (the relative 1e-6 keeps float32 header spacings such as 0.800000012 from adding a voxel)
  const size = [0, 1, 2].map((k) => Math.ceil(((v.size[k] * v.spacing[k]) / spacing[k]) * (1 - 1e-6))) as Vec3;
  // index-space shift that keeps the grid centres aligned: (s_in (n_in - 1) - s_out (n_out - 1)) / 2 in mm
  const shift = [0, 1, 2].map((k) => (v.spacing[k] * (v.size[k] - 1) - spacing[k] * (size[k] - 1)) / 2);
  const d = v.direction;
  const origin: Vec3 = [0, 1, 2].map((r) => v.origin[r] + d[r * 3] * shift[0] + d[r * 3 + 1] * shift[1] + d[r * 3 + 2] * shift[2]) as Vec3;
  return { size, spacing: [...spacing] as Vec3, origin, direction: [...v.direction] };
}
