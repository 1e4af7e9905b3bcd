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

export interface LabelBox {
  /** First and last index along each axis (inclusive); [-1, -1, -1] when no voxel qualifies. */
  lo: Vec3;
  hi: Vec3;
  count: number;
}

function addVoxel(b: LabelBox, idx: number, nx: number, nxy: number): void {
  const k = Math.floor(idx / nxy);
  const r = idx - k * nxy;
  const j = Math.floor(r / nx);
  const i = r - j * nx;
  if (b.count === 0) {
    b.lo = [i, j, k];
    b.hi = [i, j, k];
  } else {
    if (i < b.lo[0]) b.lo[0] = i;
    if (i > b.hi[0]) b.hi[0] = i;
    if (j < b.lo[1]) b.lo[1] = j;
    if (j > b.hi[1]) b.hi[1] = j;
    if (k < b.lo[2]) b.lo[2] = k;
    if (k > b.hi[2]) b.hi[2] = k;
  }
  b.count++;
}

/** Bounding box and count of the voxels equal to `label`; the native indexOf skips everything else. */
export function labelBox(mask: { length: number; indexOf(v: number, from?: number): number }, size: readonly number[], label: number): LabelBox {
  const b: LabelBox = { lo: [-1, -1, -1], hi: [-1, -1, -1], count: 0 };
  const nx = size[0];
  const nxy = size[0] * size[1];
  for (let idx = mask.indexOf(label); idx !== -1; idx = mask.indexOf(label, idx + 1)) addVoxel(b, idx, nx, nxy);
  return b;
}

/** Bounding box and count of the voxels whose value satisfies `inside`. */
export function boxWhere(mask: ArrayLike<number>, size: readonly number[], inside: (v: number) => boolean): LabelBox {
  const b: LabelBox = { lo: [-1, -1, -1], hi: [-1, -1, -1], count: 0 };
  const nx = size[0];
  const nxy = size[0] * size[1];
  for (let idx = 0; idx < mask.length; idx++) if (inside(mask[idx])) addVoxel(b, idx, nx, nxy);
  return b;
}
