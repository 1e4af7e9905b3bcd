/**
 * IBSI local intensity features (family 9ST6), 3D (aggregation ''). The neighbourhood of a voxel is every
 * image voxel (in the ROI or not) whose centre lies within r = (3 / (4 pi))^(1/3) cm ~ 6.2 mm of its centre
 * (a 1 cm^3 sphere, world distances); voxels beyond the image edge do not exist and are not counted.
 * The input box must extend at least r beyond the ROI wherever the image does (config.ts makes it so).
 */
import { PEAK_RADIUS_MM } from './config.js';
import type { IbsiFamily, IbsiInput, IbsiValue } from './types.js';

/** Offsets (di, dj, dk) of the voxels within `radius` mm of a centre voxel, flattened as triples. */
export function sphereOffsets(spacing: readonly number[], radius: number): Int32Array {
  const r = [0, 1, 2].map((a) => Math.floor(radius / spacing[a]));
  const out: number[] = [];
  const r2 = radius * radius * (1 + 1e-12);
  for (let dk = -r[2]; dk <= r[2]; dk++) {
    for (let dj = -r[1]; dj <= r[1]; dj++) {
      for (let di = -r[0]; di <= r[0]; di++) {
        const d2 = (di * spacing[0]) ** 2 + (dj * spacing[1]) ** 2 + (dk * spacing[2]) ** 2;
        if (d2 <= r2) out.push(di, dj, dk);
      }
    }
  }
  return Int32Array.from(out);
}

/** Mean intensity in the 1 cm^3 sphere around voxel (i, j, k). */
function sphereMean(q: IbsiInput, off: Int32Array, i: number, j: number, k: number): number {
  const [nx, ny, nz] = q.size;
  let s = 0;
  let c = 0;
  for (let o = 0; o < off.length; o += 3) {
    const x = i + off[o];
    const y = j + off[o + 1];
    const z = k + off[o + 2];
    if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
    s += q.image[x + nx * (y + ny * z)];
    c++;
  }
  return s / c;
}

/**
 * Local intensity peak VJGA: the sphere mean around the ROI intensity-mask voxel of highest intensity
 * (the highest such mean when several voxels share the maximum). Global intensity peak 0F91: the highest
 * sphere mean over all voxels of the ROI intensity mask. (Not in PyRadiomics.)
 */
export const ibsiLocalIntensity: IbsiFamily = (q: IbsiInput): IbsiValue[] => {
  const off = sphereOffsets(q.spacing, PEAK_RADIUS_MM);
  const [nx, ny, nz] = q.size;
  let maxI = -Infinity;
  for (let i = 0; i < q.image.length; i++) if (q.mask[i] && q.image[i] > maxI) maxI = q.image[i];
  let local = -Infinity;
  let global = -Infinity;
  for (let k = 0, idx = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        if (!q.mask[idx]) continue;
        const m = sphereMean(q, off, i, j, k);
        if (m > global) global = m;
        if (q.image[idx] === maxI && m > local) local = m;
      }
    }
  }
  return [
    { code: 'VJGA', aggr: '', value: local },
    { code: '0F91', aggr: '', value: global },
  ];
};
