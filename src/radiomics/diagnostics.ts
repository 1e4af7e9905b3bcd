/**
 * PyRadiomics-style `diagnostics_*` columns: versions, settings, image and mask hashes and geometry, bounding box,
 * voxel count. Values are strings, as PyRadiomics writes them.
 */
import { createHash } from 'node:crypto';
import { asBytes } from '../io/dtype.js';
import type { Volume } from '../io/volume.js';
import type { Roi } from './roi.js';
import type { Params } from './settings.js';
import { VERSION } from '../util/version.js';


function sha1(v: Volume): string {
  return createHash('sha1').update(asBytes(v.data)).digest('hex');
}

const tuple = (xs: readonly number[]) => `(${xs.join(', ')})`;

export function diagnostics(image: Volume, mask: Volume, roi: Roi, params: Params): [string, string][] {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  const d = image.data;
  for (let i = 0; i < d.length; i++) {
    const x = d[i];
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  // Centre of mass of the ROI, in box index then original index and physical space.
  let ci = 0;
  let cj = 0;
  let ck = 0;
  const [nx, ny] = roi.size;
  for (let idx = 0; idx < roi.shapeMask.length; idx++) {
    if (!roi.shapeMask[idx]) continue;
    ci += idx % nx;
    cj += Math.floor(idx / nx) % ny;
    ck += Math.floor(idx / (nx * ny));
  }
  const n = roi.shapeCount;
  const com = [roi.bbox.lo[0] + ci / n, roi.bbox.lo[1] + cj / n, roi.bbox.lo[2] + ck / n];
  return [
    ['diagnostics_Versions_alnm', VERSION],
    ['diagnostics_Versions_Node', process.versions.node],
    ['diagnostics_Configuration_Settings', JSON.stringify(params.settings)],
    ['diagnostics_Configuration_EnabledImageTypes', JSON.stringify(Object.fromEntries(params.imageTypes.map((t) => [t.name, t.options])))],
    ['diagnostics_Image-original_Hash', sha1(image)],
    ['diagnostics_Image-original_Dimensionality', image.size[2] > 1 ? '3D' : '2D'],
    ['diagnostics_Image-original_Spacing', tuple(image.spacing)],
    ['diagnostics_Image-original_Size', tuple(image.size)],
    ['diagnostics_Image-original_Mean', String(sum / d.length)],
    ['diagnostics_Image-original_Minimum', String(min)],
    ['diagnostics_Image-original_Maximum', String(max)],
    ['diagnostics_Mask-original_Hash', sha1(mask)],
    ['diagnostics_Mask-original_Spacing', tuple(mask.spacing)],
    ['diagnostics_Mask-original_Size', tuple(mask.size)],
    ['diagnostics_Mask-original_BoundingBox', tuple([...roi.bbox.lo, ...roi.bbox.size])],
    ['diagnostics_Mask-original_VoxelNum', String(roi.shapeCount)],
    ['diagnostics_Mask-original_CenterOfMassIndex', tuple(com)],
    ['diagnostics_Mask-resegmented_VoxelNum', String(roi.count)],
  ];
}
