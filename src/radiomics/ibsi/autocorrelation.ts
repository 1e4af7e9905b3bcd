/**
 * Spatial autocorrelation of the ROI intensities (IBSI morphology): Moran's I (N365) and Geary's C (NPT7),
 * with weights w_km = 1 / ||x_k - x_m|| (world distance between voxel centres, k != m) over the N voxels of
 * the intensity mask. Both are exact (no subsampling). The weight depends only on the voxel offset, so the
 * pair sums are sums over offsets of w times a correlation: for small ROIs (N <= 2000) they are summed pair
 * by pair (O(N^2)), for larger ones through FFTs of the zero-padded box (O(B log B), B = box voxels).
 */
import { fft3 } from '../../image/fft.js';
import { maskBox } from '../../image/mask-box.js';

/**
 * Moran's I = N / W * sum_{k!=m} w_km (X_k - mu)(X_m - mu) / sum_k (X_k - mu)^2 and
 * Geary's C = (N - 1) / (2 W) * sum_{k!=m} w_km (X_k - X_m)^2 / sum_k (X_k - mu)^2, W = sum_{k!=m} w_km.
 */
export function moranGeary(image: Float64Array, mask: Uint8Array, size: readonly number[], spacing: readonly number[]): { moran: number; geary: number } {
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i] ? 1 : 0;
  return count <= 2000 ? moranGearyPairs(image, mask, size, spacing) : moranGearyFft(image, mask, size, spacing);
}

/** Moran's I and Geary's C summed over voxel pairs (O(N^2)). */
export function moranGearyPairs(image: Float64Array, mask: Uint8Array, size: readonly number[], spacing: readonly number[]): { moran: number; geary: number } {
  const [nx, ny, nz] = size;
  const { lo, hi, count: n } = maskBox(mask, size);
  const xi = new Int32Array(n);
  const yi = new Int32Array(n);
  const zi = new Int32Array(n);
  const val = new Float64Array(n);
  let s = 0;
  for (let k = 0, idx = 0, o = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        if (!mask[idx]) continue;
        xi[o] = i;
        yi[o] = j;
        zi[o] = k;
        val[o++] = image[idx];
        s += image[idx];
      }
    }
  }
  const mu = s / n;
  let ss = 0;
  for (let k = 0; k < n; k++) {
    val[k] -= mu;
    ss += val[k] * val[k];
  }
  // w[|di| + ex (|dj| + ey |dk|)]
  const ex = hi[0] - lo[0] + 1;
  const ey = hi[1] - lo[1] + 1;
  const ez = hi[2] - lo[2] + 1;
  const w = new Float64Array(ex * ey * ez);
  for (let dk = 0; dk < ez; dk++) {
    for (let dj = 0; dj < ey; dj++) {
      for (let di = 0; di < ex; di++) {
        const d = Math.hypot(di * spacing[0], dj * spacing[1], dk * spacing[2]);
        w[di + ex * (dj + ey * dk)] = d > 0 ? 1 / d : 0;
      }
    }
  }
  let wSum = 0;
  let moranNum = 0;
  let gearyNum = 0;
  for (let a = 0; a < n; a++) {
    const xa = xi[a];
    const ya = yi[a];
    const za = zi[a];
    const va = val[a];
    let ws = 0;
    let mn = 0;
    let gn = 0;
    for (let b = a + 1; b < n; b++) {
      const dx = xi[b] - xa;
      const dy = yi[b] - ya;
      const wt = w[(dx < 0 ? -dx : dx) + ex * ((dy < 0 ? -dy : dy) + ey * (zi[b] - za))];
      const vb = val[b];
      const diff = va - vb;
      ws += wt;
      mn += wt * vb;
      gn += wt * diff * diff;
    }
    wSum += ws;
    moranNum += va * mn;
    gearyNum += gn;
  }
  // Pairs were counted once (k < m); every sum over k != m is twice that, and the factor 2 cancels.
  if (ss === 0) return { moran: NaN, geary: NaN };
  return { moran: ((n / wSum) * moranNum) / ss, geary: (((n - 1) / (2 * wSum)) * gearyNum) / ss };
}

/**
 * Moran's I and Geary's C by FFT. With z = (X - mu) on the ROI (0 elsewhere) and m the ROI indicator, and
 * C_ab(d) = sum_x a(x) b(x + d): sum_{k!=m} w z_k z_m = sum_d w(d) C_zz(d), W = sum_d w(d) C_mm(d) and
 * sum_{k!=m} w (z_k - z_m)^2 = 2 sum_d w(d) (C_{z^2,m}(d) - C_zz(d)), w(0) = 0. On a grid padded to >= 2L - 1
 * per axis the correlations are circular without wrap-around, and sum_d w(d) C_ab(d) =
 * (1/P) Re sum_f conj(A(f)) B(f) conj(W(f)) (Parseval). Two complex FFTs carry z + i m and z^2 + i w.
 */
export function moranGearyFft(image: Float64Array, mask: Uint8Array, size: readonly number[], spacing: readonly number[]): { moran: number; geary: number } {
  const [nx, ny] = size;
  const { lo, hi, count: n } = maskBox(mask, size);
  let s = 0;
  for (let idx = 0; idx < mask.length; idx++) if (mask[idx]) s += image[idx];
  const mu = s / n;
  const L = [0, 1, 2].map((a) => hi[a] - lo[a] + 1);
  const N = L.map((l) => {
    let p = 1;
    while (p < 2 * l - 1) p *= 2;
    return p;
  });
  const P = N[0] * N[1] * N[2];
  const re1 = new Float64Array(P);
  const im1 = new Float64Array(P);
  const re2 = new Float64Array(P);
  const im2 = new Float64Array(P);
  let ss = 0;
  for (let k = 0; k < L[2]; k++) {
    for (let j = 0; j < L[1]; j++) {
      for (let i = 0; i < L[0]; i++) {
        const idx = lo[0] + i + nx * (lo[1] + j + ny * (lo[2] + k));
        if (!mask[idx]) continue;
        const o = i + N[0] * (j + N[1] * k);
        const z = image[idx] - mu;
        re1[o] = z;
        im1[o] = 1;
        re2[o] = z * z;
        ss += z * z;
      }
    }
  }
  if (ss === 0) return { moran: NaN, geary: NaN };
  for (let dk = -(L[2] - 1); dk < L[2]; dk++) {
    for (let dj = -(L[1] - 1); dj < L[1]; dj++) {
      for (let di = -(L[0] - 1); di < L[0]; di++) {
        if (di === 0 && dj === 0 && dk === 0) continue;
        const o = ((di + N[0]) % N[0]) + N[0] * (((dj + N[1]) % N[1]) + N[1] * ((dk + N[2]) % N[2]));
        im2[o] = 1 / Math.hypot(di * spacing[0], dj * spacing[1], dk * spacing[2]);
      }
    }
  }
  fft3(re1, im1, N);
  fft3(re2, im2, N);
  let szz = 0;
  let smm = 0;
  let sz2m = 0;
  for (let fk = 0; fk < N[2]; fk++) {
    const gk = (N[2] - fk) % N[2];
    for (let fj = 0; fj < N[1]; fj++) {
      const gj = (N[1] - fj) % N[1];
      for (let fi = 0; fi < N[0]; fi++) {
        const o = fi + N[0] * (fj + N[1] * fk);
        const g = (N[0] - fi) % N[0] + N[0] * (gj + N[1] * gk);
        // Split packed spectra: A = (F(f) + conj(F(-f))) / 2, B = (F(f) - conj(F(-f))) / (2i).
        const zr = (re1[o] + re1[g]) / 2;
        const zi = (im1[o] - im1[g]) / 2;
        const mr = (im1[o] + im1[g]) / 2;
        const mi = -(re1[o] - re1[g]) / 2;
        const qr = (re2[o] + re2[g]) / 2;
        const qi = (im2[o] - im2[g]) / 2;
        const wr = (im2[o] + im2[g]) / 2; // w is real and even: its spectrum is real.
        szz += (zr * zr + zi * zi) * wr;
        smm += (mr * mr + mi * mi) * wr;
        sz2m += (qr * mr + qi * mi) * wr; // Re(conj(Q) M)
      }
    }
  }
  const moran = ((n / smm) * szz) / ss;
  const geary = (((n - 1) / (2 * smm)) * (2 * sz2m - 2 * szz)) / ss;
  return { moran, geary };
}
