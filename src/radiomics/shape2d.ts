/**
 * PyRadiomics `shape2D` (radiomics/shape2D.py): size and shape of a ROI that lies in one slice, used with
 * `force2D: true`. `force2Ddimension` is PyRadiomics' numpy axis of the slice normal (0: k/z, 1: j/y, 2: i/x).
 * The outline is PyRadiomics' marching squares (cshape.c calculate_coefficients2D): vertices halfway along pixel
 * edges joining an ROI and a background pixel, diagonal ROI pixels kept apart (4-connected ROI).
 */
import { AlnmError } from '../util/errors.js';
import { registerClass } from './registry.js';
import type { FeatureContext } from './types.js';

export interface Outline2D {
  /** Enclosed area (mm^2): shoelace sum of the oriented outline segments. */
  area: number;
  /** Outline length (mm). */
  perimeter: number;
  /** Largest distance between outline vertices (mm). */
  diameter: number;
}

/**
 * Marching squares on a 2-D mask (u fastest, nu x nv pixels, spacing su, sv), padded with background.
 * Segments run with the ROI on their left, so area = sum (a_u b_v - a_v b_u) / 2 > 0 and holes subtract.
 */
export function marchingSquares(mask: Uint8Array, nu: number, nv: number, su: number, sv: number): Outline2D {
  const pu = nu + 2;
  const pv = nv + 2;
  const pad = new Uint8Array(pu * pv);
  for (let v = 0; v < nv; v++) for (let u = 0; u < nu; u++) if (mask[u + nu * v]) pad[u + 1 + pu * (v + 1)] = 1;
  // Corners counter-clockwise: 0 (0,0), 1 (1,0), 2 (1,1), 3 (0,1); edge t joins corner t and t + 1.
  const cu = [0, 1, 1, 0];
  const cv = [0, 0, 1, 1];
  const midU = (t: number) => (cu[t] + cu[(t + 1) & 3]) / 2;
  const midV = (t: number) => (cv[t] + cv[(t + 1) & 3]) / 2;
  let area2 = 0;
  let perimeter = 0;
  for (let v = 0; v < pv - 1; v++) {
    for (let u = 0; u < pu - 1; u++) {
      const o = u + pu * v;
      const inside = [pad[o], pad[o + 1], pad[o + 1 + pu], pad[o + pu]];
      for (let t = 0; t < 4; t++) {
        if (!(inside[t] && !inside[(t + 1) & 3])) continue;
        // Edge t leaves the ROI; the segment ends on the edge where this ROI corner run was entered.
        let s = t;
        while (inside[(s + 3) & 3]) s = (s + 3) & 3;
        const e = (s + 3) & 3;
        const au = (u - 1 + midU(t)) * su;
        const av = (v - 1 + midV(t)) * sv;
        const bu = (u - 1 + midU(e)) * su;
        const bv = (v - 1 + midV(e)) * sv;
        area2 += au * bv - av * bu;
        perimeter += Math.hypot(bu - au, bv - av);
      }
    }
  }
  // Outline vertices: midpoints of pixel edges (along u, then along v) joining ROI and background.
  const pts: number[] = [];
  for (let v = 0; v < pv; v++) {
    for (let u = 0; u < pu; u++) {
      const o = u + pu * v;
      if (u + 1 < pu && pad[o] !== pad[o + 1]) pts.push((u - 0.5) * su, (v - 1) * sv);
      if (v + 1 < pv && pad[o] !== pad[o + pu]) pts.push((u - 1) * su, (v - 0.5) * sv);
    }
  }
  let d2 = 0;
  for (let a = 0; a < pts.length; a += 2) {
    for (let b = a + 2; b < pts.length; b += 2) {
      const du = pts[a] - pts[b];
      const dv = pts[a + 1] - pts[b + 1];
      const d = du * du + dv * dv;
      if (d > d2) d2 = d;
    }
  }
  return { area: area2 / 2, perimeter, diameter: Math.sqrt(d2) };
}

/** Eigenvalues (ascending) of the 2 x 2 covariance of the pixel centres (u su, v sv), as PyRadiomics (1/Np). */
export function principalMoments2D(mask: Uint8Array, nu: number, nv: number, su: number, sv: number): [number, number] {
  let n = 0;
  let mu = 0;
  let mv = 0;
  for (let v = 0; v < nv; v++) {
    for (let u = 0; u < nu; u++) {
      if (mask[u + nu * v]) {
        n++;
        mu += u;
        mv += v;
      }
    }
  }
  mu /= n;
  mv /= n;
  let uu = 0;
  let vv = 0;
  let uv = 0;
  for (let v = 0; v < nv; v++) {
    for (let u = 0; u < nu; u++) {
      if (mask[u + nu * v]) {
        const x = (u - mu) * su;
        const y = (v - mv) * sv;
        uu += x * x;
        vv += y * y;
        uv += x * y;
      }
    }
  }
  uu /= n;
  vv /= n;
  uv /= n;
  const mean = (uu + vv) / 2;
  const r = Math.hypot((uu - vv) / 2, uv);
  const ev: [number, number] = [mean - r, mean + r];
  for (let i = 0; i < 2; i++) if (ev[i] < 0 && ev[i] > -1e-10) ev[i] = 0;
  return ev;
}

/**
 * shape2D features. A = MeshSurface, P = Perimeter, lambda_major >= lambda_minor the principal moments.
 * - MeshSurface: area inside the outline. PixelSurface: Np * pixel area. Perimeter: outline length.
 * - PerimeterSurfaceRatio: P / A. Sphericity: 2 sqrt(pi A) / P. SphericalDisproportion (optional): P / (2 sqrt(pi A)).
 * - MaximumDiameter: largest outline-vertex distance.
 * - MajorAxisLength 4 sqrt(lambda_major), MinorAxisLength 4 sqrt(lambda_minor), Elongation sqrt(lambda_minor / lambda_major).
 */
export function shape2DFeatures(mask: Uint8Array, nu: number, nv: number, su: number, sv: number): Map<string, number> {
  let np = 0;
  for (let i = 0; i < nu * nv; i++) if (mask[i]) np++;
  const { area, perimeter, diameter } = marchingSquares(mask, nu, nv, su, sv);
  const [minor, major] = principalMoments2D(mask, nu, nv, su, sv);
  const sphericity = (2 * Math.sqrt(Math.PI * area)) / perimeter;
  return new Map<string, number>([
    ['MeshSurface', area],
    ['PixelSurface', np * su * sv],
    ['Perimeter', perimeter],
    ['PerimeterSurfaceRatio', perimeter / area],
    ['Sphericity', sphericity],
    ['SphericalDisproportion', 1 / sphericity],
    ['MaximumDiameter', diameter],
    ['MajorAxisLength', 4 * Math.sqrt(major)],
    ['MinorAxisLength', 4 * Math.sqrt(minor)],
    ['Elongation', Math.sqrt(minor / major)],
  ]);
}

const FEATURES = [
  'MeshSurface', 'PixelSurface', 'Perimeter', 'PerimeterSurfaceRatio', 'Sphericity', 'MaximumDiameter',
  'MajorAxisLength', 'MinorAxisLength', 'Elongation',
] as const;

registerClass({
  name: 'shape2D',
  features: FEATURES,
  optional: ['SphericalDisproportion'],
  compute(ctx: FeatureContext, enabled: readonly string[]): Map<string, number> {
    const { shapeMask, size, spacing } = ctx.roi;
    const dim = ctx.settings.force2Ddimension;
    const normal = 2 - dim; // numpy axis (z, y, x) -> voxel axis (i, j, k)
    if (size[normal] > 1) {
      throw new AlnmError(
        `shape2D: the ROI spans ${size[normal]} slices along force2Ddimension ${dim}; shape2D needs a ROI in a single slice`,
      );
    }
    // The box is one voxel thick along `normal`: its data is already the 2-D mask, in-plane axes u < v.
    const [u, v] = [0, 1, 2].filter((a) => a !== normal);
    const all = shape2DFeatures(shapeMask, size[u], size[v], spacing[u], spacing[v]);
    return new Map(enabled.map((f) => [f, all.get(f) ?? NaN]));
  },
});
