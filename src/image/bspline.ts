/**
 * Cubic B-spline interpolation as ITK's BSplineInterpolateImageFunction (order 3), which SimpleITK's
 * sitkBSpline and PyRadiomics use: the image is first turned into B-spline coefficients by recursive
 * filtering along each axis (Unser, IEEE Signal Processing Magazine 1999, Box 2; ITK's
 * BSplineDecompositionImageFilter with mirror boundaries and its 1e-10 horizon tolerance), then evaluated
 * with the cubic weights over the 4 x 4 x 4 neighbourhood, indices mirrored at the borders.
 */
const POLE = Math.sqrt(3) - 2;
const TOLERANCE = 1e-10;

/** Coefficients of one line, in place (ITK's DataToCoefficients1D for a single pole). */
function lineToCoefficients(c: Float64Array, n: number): void {
  if (n === 1) return;
  const z = POLE;
  const gain = (1 - z) * (1 - 1 / z); // 6 for cubic splines
  for (let i = 0; i < n; i++) c[i] *= gain;
  // causal initialisation (mirror boundaries)
  const horizon = Math.ceil(Math.log(TOLERANCE) / Math.log(Math.abs(z)));
  if (horizon < n) {
    let zn = z;
    let sum = c[0];
    for (let i = 1; i < horizon; i++) {
      sum += zn * c[i];
      zn *= z;
    }
    c[0] = sum;
  } else {
    let zn = z;
    const iz = 1 / z;
    let z2n = Math.pow(z, n - 1);
    let sum = c[0] + z2n * c[n - 1];
    z2n *= z2n * iz;
    for (let i = 1; i <= n - 2; i++) {
      sum += (zn + z2n) * c[i];
      zn *= z;
      z2n *= iz;
    }
    c[0] = sum / (1 - zn * zn);
  }
  for (let i = 1; i < n; i++) c[i] += z * c[i - 1];
  // anticausal initialisation and recursion
  c[n - 1] = (z / (z * z - 1)) * (z * c[n - 2] + c[n - 1]);
  for (let i = n - 2; i >= 0; i--) c[i] = z * (c[i + 1] - c[i]);
}

/**
 * The same recursion as lineToCoefficients, on `width` lines at once: element e of line step i is
 * c[base + i * stride + e]. Each element sees exactly the operations of the one-line version, in the same order;
 * running across contiguous elements only makes the memory access sequential.
 */
function linesToCoefficients(c: Float64Array, base: number, n: number, stride: number, width: number, sum: Float64Array): void {
  if (n === 1) return;
  const z = POLE;
  const gain = (1 - z) * (1 - 1 / z);
  const at = (i: number) => base + i * stride;
  for (let i = 0; i < n; i++) for (let e = at(i), end = e + width; e < end; e++) c[e] *= gain;
  const horizon = Math.ceil(Math.log(TOLERANCE) / Math.log(Math.abs(z)));
  if (horizon < n) {
    let zn = z;
    for (let e = 0; e < width; e++) sum[e] = c[base + e];
    for (let i = 1; i < horizon; i++) {
      const o = at(i);
      for (let e = 0; e < width; e++) sum[e] += zn * c[o + e];
      zn *= z;
    }
    for (let e = 0; e < width; e++) c[base + e] = sum[e];
  } else {
    let zn = z;
    const iz = 1 / z;
    let z2n = Math.pow(z, n - 1);
    const last = at(n - 1);
    for (let e = 0; e < width; e++) sum[e] = c[base + e] + z2n * c[last + e];
    z2n *= z2n * iz;
    for (let i = 1; i <= n - 2; i++) {
      const o = at(i);
      const f = zn + z2n;
      for (let e = 0; e < width; e++) sum[e] += f * c[o + e];
      zn *= z;
      z2n *= iz;
    }
    const d = 1 - zn * zn;
    for (let e = 0; e < width; e++) c[base + e] = sum[e] / d;
  }
  for (let i = 1; i < n; i++) {
    const o = at(i);
    const p = at(i - 1);
    for (let e = 0; e < width; e++) c[o + e] += z * c[p + e];
  }
  const k = z / (z * z - 1);
  const o1 = at(n - 1);
  const o2 = at(n - 2);
  for (let e = 0; e < width; e++) c[o1 + e] = k * (z * c[o2 + e] + c[o1 + e]);
  for (let i = n - 2; i >= 0; i--) {
    const o = at(i);
    const q = at(i + 1);
    for (let e = 0; e < width; e++) c[o + e] = z * (c[q + e] - c[o + e]);
  }
}

/** B-spline coefficients of a volume (float64, same layout, i fastest). */
export function bsplineCoefficients(data: ArrayLike<number>, size: readonly number[]): Float64Array {
  const [nx, ny, nz] = size;
  const c = ArrayBuffer.isView(data) ? new Float64Array(data as unknown as ArrayLike<number>) : Float64Array.from(data);
  // x: each row is contiguous
  for (let r = 0; r < ny * nz; r++) lineToCoefficients(c.subarray(r * nx, r * nx + nx), nx);
  // y: per slice, all x at once; z: all (x, y) at once
  const sum = new Float64Array(nx * ny);
  for (let k = 0; k < nz; k++) linesToCoefficients(c, k * nx * ny, ny, nx, nx, sum);
  linesToCoefficients(c, 0, nz, nx * ny, nx * ny, sum);
  return c;
}

/** Cubic B-spline weights for the 4 indices floor(x)-1 .. floor(x)+2 (ITK's SetInterpolationWeights). */
export function cubicWeights(x: number, out: Float64Array, k: number): number {
  const first = Math.floor(Math.fround(x)) - 1; // ITK floors the float-cast coordinate
  const w = x - (first + 1);
  const w3 = (1 / 6) * w * w * w;
  const w0 = 1 / 6 + 0.5 * w * (w - 1) - w3;
  const w2 = w + w0 - 2 * w3;
  out[k] = w0;
  out[k + 1] = 1 - w0 - w2 - w3;
  out[k + 2] = w2;
  out[k + 3] = w3;
  return first;
}

/** Mirror an index into [0, n-1] as ITK's ApplyMirrorBoundaryConditions (one reflection each side). */
export function mirror(i: number, n: number): number {
  if (n === 1) return 0;
  if (i < 0) i = -i;
  if (i >= n - 1) i = n - 1 - (i - (n - 1));
  return i;
}
