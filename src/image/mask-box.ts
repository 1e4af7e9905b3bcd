import type { Vec3 } from '../io/volume.js';

/**
 * Bounding box of the non-zero voxels of `mask` (size[0] x size[1] x size[2], i fastest): the first and last
 * index holding one along each axis (inclusive; -1 when the mask is empty) and their count, from the
 * projections of the mask onto the three axes.
 */
export function maskBox(mask: ArrayLike<number>, size: readonly number[]): { lo: Vec3; hi: Vec3; count: number } {
  const [nx, ny, nz] = size;
  const onI = new Uint8Array(nx);
  const onJ = new Uint8Array(ny);
  const onK = new Uint8Array(nz);
  let count = 0;
  for (let k = 0, idx = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        if (!mask[idx]) continue;
        count++;
        onI[i] = 1;
        onJ[j] = 1;
        onK[k] = 1;
      }
    }
  }
  return {
    lo: [onI.indexOf(1), onJ.indexOf(1), onK.indexOf(1)],
    hi: [onI.lastIndexOf(1), onJ.lastIndexOf(1), onK.lastIndexOf(1)],
    count,
  };
}
