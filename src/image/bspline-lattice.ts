/**
 * Uniform cubic B-spline functions on a 3-D control-point lattice, fitted to scattered data by the
 * multilevel B-spline approximation of Lee, Wolberg and Shin (IEEE TVCG 1997) at a single level, as ITK's
 * BSplineScatteredDataPointSetToImageFilter does inside N4. The parametric domain of axis d is [0, spans_d]
 * with spans_d = m_d - 3 control-point intervals; data here always sit on a regular grid, so the basis is
 * tabulated per axis.
 */
import type { Vec3 } from '../io/volume.js';

/** Cubic B-spline basis functions B0..B3 at t in [0, 1]. */
export function cubicBasis(t: number, out: Float64Array, k: number): void {
  const t2 = t * t;
  const t3 = t2 * t;
  const s = 1 - t;
  out[k] = (s * s * s) / 6;
  out[k + 1] = (3 * t3 - 6 * t2 + 4) / 6;
  out[k + 2] = (-3 * t3 + 3 * t2 + 3 * t + 1) / 6;
  out[k + 3] = t3 / 6;
}

/** Basis table of one axis: for each sample, its first control point and 4 weights. */
export interface AxisTable {
  first: Int32Array;
  w: Float64Array;
}

/**
 * Tabulate an axis whose samples sit at parametric positions u_i = positions[i] / extent * spans
 * (positions in [0, extent]); u = spans belongs to the last span, as in ITK.
 */
export function axisTable(positions: ArrayLike<number>, extent: number, spans: number): AxisTable {
  const n = positions.length;
  const first = new Int32Array(n);
  const w = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    const u = extent > 0 ? (positions[i] / extent) * spans : 0;
    let s = Math.floor(u);
    if (s >= spans) s = spans - 1;
    if (s < 0) s = 0;
    first[i] = s;
    cubicBasis(Math.min(1, Math.max(0, u - s)), w, 4 * i);
  }
  return { first, w };
}

/**
 * Fit control points to values on a grid (sizes from the tables), using only voxels where `use` is 1:
 * phi_c = sum_p w_pc^2 phi_pc / sum_p w_pc^2 with phi_pc = w_pc r_p / sum_c' w_pc'^2.
 */
export function fitLattice(values: Float64Array, use: Uint8Array, tx: AxisTable, ty: AxisTable, tz: AxisTable, m: Vec3): Float64Array {
  const [mx, my] = m;
  const num = new Float64Array(m[0] * m[1] * m[2]);
  const den = new Float64Array(num.length);
  const nx = tx.first.length;
  const ny = ty.first.length;
  const nz = tz.first.length;
  const wx = tx.w;
  const wy = ty.w;
  const wz = tz.w;
  for (let k = 0, p = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, p++) {
        if (!use[p]) continue;
        // sum of squared weights factorises per axis
        let sx = 0;
        let sy = 0;
        let sz = 0;
        for (let a = 0; a < 4; a++) {
          sx += wx[4 * i + a] ** 2;
          sy += wy[4 * j + a] ** 2;
          sz += wz[4 * k + a] ** 2;
        }
        const r = values[p] / (sx * sy * sz);
        for (let c = 0; c < 4; c++) {
          const zc = wz[4 * k + c];
          const zi = (tz.first[k] + c) * mx * my;
          for (let b = 0; b < 4; b++) {
            const yzc = wy[4 * j + b] * zc;
            const yi = zi + (ty.first[j] + b) * mx + tx.first[i];
            for (let a = 0; a < 4; a++) {
              const w = wx[4 * i + a] * yzc;
              const w2 = w * w;
              num[yi + a] += w2 * w * r;
              den[yi + a] += w2;
            }
          }
        }
      }
    }
  }
  for (let c = 0; c < num.length; c++) num[c] = den[c] > 0 ? num[c] / den[c] : 0;
  return num;
}

/** Evaluate a lattice on the grid of the tables (separably), adding into `out` (i fastest). */
export function addLattice(phi: Float64Array, m: Vec3, tx: AxisTable, ty: AxisTable, tz: AxisTable, out: Float64Array): void {
  const [mx, my] = m;
  const nx = tx.first.length;
  const ny = ty.first.length;
  const nz = tz.first.length;
  const plane = new Float64Array(mx * my);
  const row = new Float64Array(mx);
  for (let k = 0, p = 0; k < nz; k++) {
    plane.fill(0);
    for (let c = 0; c < 4; c++) {
      const w = tz.w[4 * k + c];
      const base = (tz.first[k] + c) * mx * my;
      for (let q = 0; q < mx * my; q++) plane[q] += w * phi[base + q];
    }
    for (let j = 0; j < ny; j++) {
      row.fill(0);
      for (let b = 0; b < 4; b++) {
        const w = ty.w[4 * j + b];
        const base = (ty.first[j] + b) * mx;
        for (let a = 0; a < mx; a++) row[a] += w * plane[base + a];
      }
      for (let i = 0; i < nx; i++, p++) {
        const f = tx.first[i];
        const o = 4 * i;
        out[p] += tx.w[o] * row[f] + tx.w[o + 1] * row[f + 1] + tx.w[o + 2] * row[f + 2] + tx.w[o + 3] * row[f + 3];
      }
    }
  }
}
