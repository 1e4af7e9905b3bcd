/** Householder QR least squares for the IRLS steps of ./logistic.ts (column-major, no pivoting). */

export interface QrSolution {
  /** Least-squares coefficients argmin ‖A x − b‖. */
  coef: Float64Array;
  /** Upper-triangular R (p × p, row-major) with AᵀA = RᵀR. */
  R: Float64Array;
  /** Index of the first column found linearly dependent on the earlier ones, or −1. */
  deficientColumn: number;
}

/**
 * Solve min ‖A x − b‖ by Householder QR. `A` is n × p column-major (A[j n + i]); A and b are not modified.
 * A column whose remaining norm is below `tol` times its original norm makes the problem rank deficient:
 * its index is returned in `deficientColumn` and coef is NaN.
 */
export function qrLeastSquares(A: Float64Array, b: Float64Array, n: number, p: number, tol = 1e-10): QrSolution {
  const a = Float64Array.from(A);
  const y = Float64Array.from(b);
  const R = new Float64Array(p * p);
  const coef = new Float64Array(p).fill(NaN);
  for (let k = 0; k < p; k++) {
    const col = k * n;
    let orig = 0;
    for (let i = 0; i < n; i++) orig += A[col + i] * A[col + i];
    let norm = 0;
    for (let i = k; i < n; i++) norm += a[col + i] * a[col + i];
    norm = Math.sqrt(norm);
    if (!(norm > tol * Math.sqrt(orig))) return { coef, R, deficientColumn: k };
    const alpha = a[col + k] > 0 ? -norm : norm;
    a[col + k] -= alpha; // v = x − α e₁ stored in place
    let vv = 0;
    for (let i = k; i < n; i++) vv += a[col + i] * a[col + i];
    for (let j = k + 1; j < p; j++) {
      const cj = j * n;
      let s = 0;
      for (let i = k; i < n; i++) s += a[col + i] * a[cj + i];
      const f = (2 * s) / vv;
      for (let i = k; i < n; i++) a[cj + i] -= f * a[col + i];
      R[k * p + j] = a[cj + k];
    }
    let s = 0;
    for (let i = k; i < n; i++) s += a[col + i] * y[i];
    const f = (2 * s) / vv;
    for (let i = k; i < n; i++) y[i] -= f * a[col + i];
    R[k * p + k] = alpha;
  }
  for (let k = p - 1; k >= 0; k--) {
    let s = y[k];
    for (let j = k + 1; j < p; j++) s -= R[k * p + j] * coef[j];
    coef[k] = s / R[k * p + k];
  }
  return { coef, R, deficientColumn: -1 };
}

/** (RᵀR)⁻¹ = R⁻¹R⁻ᵀ for upper-triangular R (p × p, row-major): R's chol2inv. */
export function chol2inv(R: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p); // R⁻¹, upper triangular
  for (let j = 0; j < p; j++) {
    inv[j * p + j] = 1 / R[j * p + j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += R[i * p + k] * inv[k * p + j];
      inv[i * p + j] = -s / R[i * p + i];
    }
  }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      let s = 0;
      for (let k = j; k < p; k++) s += inv[i * p + k] * inv[j * p + k];
      out[i * p + j] = s;
      out[j * p + i] = s;
    }
  }
  return out;
}
