/**
 * Principal axes of a 3-D ROI: eigenvalues of the covariance of its voxel centres, from which PyRadiomics'
 * shape class and IBSI's morphology family take the axis lengths (4 sqrt(lambda)), elongation and flatness.
 */
import type { Vec3 } from '../io/volume.js';

/** Eigenvalues of a symmetric 3 x 3 matrix (row-major), ascending, by cyclic Jacobi rotations. */
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
 * Eigenvalues (ascending) of the covariance of the physical coordinates (index * spacing) of the voxels in
 * `mask`: C = X^T X / (N - ddof), X the centred coordinates. PyRadiomics' shape uses ddof = 0 (1/N), IBSI's
 * morphology ddof = 1 (1/(N - 1), numpy.cov). Eigenvalues do not depend on the direction matrix (a rotation).
 * Tiny negative values (> -1e-10, round-off for flat ROIs) are set to 0.
 */
export function principalMoments(mask: Uint8Array, size: Vec3, spacing: Vec3, ddof: 0 | 1 = 0): Vec3 {
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
  const ev = symmetricEigenvalues3([xx, xy, xz, xy, yy, yz, xz, yz, zz].map((v) => v / (n - ddof)));
  for (let i = 0; i < 3; i++) if (ev[i] < 0 && ev[i] > -1e-10) ev[i] = 0;
  return ev;
}
