/**
 * PyRadiomics `shape` (radiomics/shape.py): 3-D size and shape of the labelled mask (`roi.shapeMask`, before
 * resegmentation), from the marching-cubes mesh (src/radiomics/mesh.ts) and from the voxel coordinates.
 */
import type { Vec3 } from '../io/volume.js';
import { marchingCubes, meshDiameters, meshVolumeArea } from './mesh.js';
import { principalMoments } from './principal-axes.js';
import { registerClass } from './registry.js';
import type { FeatureContext } from './types.js';

export { principalMoments, symmetricEigenvalues3 } from './principal-axes.js';

/**
 * PyRadiomics shape features (IBSI codes where IBSI defines them). V = MeshVolume, A = SurfaceArea,
 * lambda_major >= lambda_minor >= lambda_least the principal moments (principalMoments, 1/N covariance).
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
  const { volume: V, area: A } = meshVolumeArea(mesh);
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
