/**
 * PyRadiomics `shape` (radiomics/shape.py): 3-D size and shape of the labelled mask (`roi.shapeMask`, before
 * resegmentation), from the marching-cubes mesh (src/radiomics/mesh.ts) and from the voxel coordinates.
 */
import type { Vec3 } from '../io/volume.js';
import { marchingCubes, meshArea, meshDiameters, meshVolume } from './mesh.js';
import { registerClass } from './registry.js';
import type { FeatureContext } from './types.js';

/**
 * Eigenvalues of a symmetric 3 x 3 matrix (row-major), ascending, by cyclic Jacobi rotations.
 */
export function symmetricEigenvalues3(m: readonly number[]): Vec3 {
  const a = [...m];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
    if (off < 1e-30 * (a[0] * a[0] + a[4] * a[4] + a[8] * a[8]) || off === 0) break;
    for (const [p, q] of [[0, 1], [0, 2], [1, 2]]) {
      const apq = a[3 * p + q];
      if (apq === 0) continue;
      const app = a[4 * p];
      const aqq = a[4 * q];
      const theta = (aqq - app) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        // rotate columns p, q then rows p, q (A' = J^T A J)
        const akp = a[3 * k + p];
        const akq = a[3 * k + q];
        a[3 * k + p] = c * akp - s * akq;
        a[3 * k + q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[3 * p + k];
        const aqk = a[3 * q + k];
        a[3 * p + k] = c * apk - s * aqk;
        a[3 * q + k] = s * apk + c * aqk;
      }
    }
  }
  return [a[0], a[4], a[8]].sort((x, y) => x - y) as Vec3;
}

/**
 * Eigenvalues (ascending) of the covariance of the physical coordinates of the voxels in `mask`, as PyRadiomics:
 * coordinates index * spacing, centred, divided by sqrt(Np); cov = X^T X. Eigenvalues do not depend on the
 * direction matrix (a rotation). Tiny negative values (> -1e-10, round-off for flat ROIs) are set to 0.
 */
export function principalMoments(mask: Uint8Array, size: Vec3, spacing: Vec3): Vec3 {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sz = 0;
  for (let k = 0, o = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      for (let i = 0; i < size[0]; i++, o++) {
        if (mask[o]) {
          n++;
          sx += i;
          sy += j;
          sz += k;
        }
      }
    }
  }
  const mx = sx / n;
  const my = sy / n;
  const mz = sz / n;
  let xx = 0;
  let yy = 0;
  let zz = 0;
  let xy = 0;
  let xz = 0;
  let yz = 0;
  for (let k = 0, o = 0; k < size[2]; k++) {
    const z = (k - mz) * spacing[2];
    for (let j = 0; j < size[1]; j++) {
      const y = (j - my) * spacing[1];
      for (let i = 0; i < size[0]; i++, o++) {
        if (mask[o]) {
          const x = (i - mx) * spacing[0];
          xx += x * x;
          yy += y * y;
          zz += z * z;
          xy += x * y;
          xz += x * z;
          yz += y * z;
        }
      }
    }
  }
  const ev = symmetricEigenvalues3([xx, xy, xz, xy, yy, yz, xz, yz, zz].map((v) => v / n));
  for (let i = 0; i < 3; i++) if (ev[i] < 0 && ev[i] > -1e-10) ev[i] = 0;
  return ev;
}

/**
 * PyRadiomics shape features (IBSI codes where IBSI defines them). V = MeshVolume, A = SurfaceArea,
 * lambda_major >= lambda_minor >= lambda_least the principal moments (principalMoments).
 * - MeshVolume (RNU0): volume enclosed by the mesh. VoxelVolume (YEKZ): Np * voxel volume.
 * - SurfaceArea (C0JK): mesh area. SurfaceVolumeRatio (2PR5): A / V.
 * - Sphericity (QCFX): (36 pi V^2)^(1/3) / A. Compactness1 (SKGS): V / sqrt(pi A^3). Compactness2 (BQWJ):
 *   36 pi V^2 / A^3. SphericalDisproportion (KRCK): A / (36 pi V^2)^(1/3). The last three are optional.
 * - Maximum3DDiameter (L0JK): largest vertex distance; Maximum2DDiameterSlice/Column/Row: largest vertex distance
 *   within one axial (equal z) / coronal (equal y) / sagittal (equal x) plane.
 * - MajorAxisLength (TDIC) 4 sqrt(lambda_major), MinorAxisLength (P9VJ) 4 sqrt(lambda_minor), LeastAxisLength
 *   (7J51) 4 sqrt(lambda_least), Elongation (Q3CK) sqrt(lambda_minor / lambda_major), Flatness (N17B)
 *   sqrt(lambda_least / lambda_major).
 */
export function shapeFeatures(mask: Uint8Array, size: Vec3, spacing: Vec3): Map<string, number> {
  let np = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) np++;
  const mesh = marchingCubes(mask, size, spacing);
  const V = meshVolume(mesh);
  const A = meshArea(mesh);
  const d = meshDiameters(mesh);
  const [least, minor, major] = principalMoments(mask, size, spacing);
  const sphere = Math.cbrt(36 * Math.PI * V * V);
  return new Map<string, number>([
    ['MeshVolume', V],
    ['VoxelVolume', np * spacing[0] * spacing[1] * spacing[2]],
    ['SurfaceArea', A],
    ['SurfaceVolumeRatio', A / V],
    ['Sphericity', sphere / A],
    ['Compactness1', V / Math.sqrt(Math.PI * A * A * A)],
    ['Compactness2', (36 * Math.PI * V * V) / (A * A * A)],
    ['SphericalDisproportion', A / sphere],
    ['Maximum3DDiameter', d.max3D],
    ['Maximum2DDiameterSlice', d.sliceZ],
    ['Maximum2DDiameterColumn', d.columnY],
    ['Maximum2DDiameterRow', d.rowX],
    ['MajorAxisLength', 4 * Math.sqrt(major)],
    ['MinorAxisLength', 4 * Math.sqrt(minor)],
    ['LeastAxisLength', 4 * Math.sqrt(least)],
    ['Elongation', Math.sqrt(minor / major)],
    ['Flatness', Math.sqrt(least / major)],
  ]);
}

const FEATURES = [
  'MeshVolume', 'VoxelVolume', 'SurfaceArea', 'SurfaceVolumeRatio', 'Sphericity', 'Maximum3DDiameter',
  'Maximum2DDiameterSlice', 'Maximum2DDiameterColumn', 'Maximum2DDiameterRow', 'MajorAxisLength',
  'MinorAxisLength', 'LeastAxisLength', 'Elongation', 'Flatness',
] as const;

registerClass({
  name: 'shape',
  features: FEATURES,
  optional: ['Compactness1', 'Compactness2', 'SphericalDisproportion'],
  compute(ctx: FeatureContext, enabled: readonly string[]): Map<string, number> {
    const all = shapeFeatures(ctx.roi.shapeMask, ctx.roi.size, ctx.roi.spacing);
    return new Map(enabled.map((f) => [f, all.get(f) ?? NaN]));
  },
});
