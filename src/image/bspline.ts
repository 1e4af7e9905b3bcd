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

/** B-spline coefficients of a volume (float64, same layout, i fastest). */
export function bsplineCoefficients(data: ArrayLike<number>, size: readonly number[]): Float64Array {
  const [nx, ny, nz] = size;
  const c = Float64Array.from(data as ArrayLike<number>);
  const line = new Float64Array(Math.max(nx, ny, nz));
  const strides = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const n = size[axis];
    if (n === 1) continue;
    const stride = strides[axis];
    // iterate over every line along `axis`
    const [a, b] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
    for (let q = 0; q < size[b]; q++) {
      for (let p = 0; p < size[a]; p++) {
        const start = p * strides[a] + q * strides[b];
        for (let i = 0; i < n; i++) line[i] = c[start + i * stride];
        lineToCoefficients(line, n);
        for (let i = 0; i < n; i++) c[start + i * stride] = line[i];
      }
    }
  }
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
