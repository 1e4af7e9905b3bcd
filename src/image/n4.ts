/**
 * N4 bias-field correction (Tustison et al., "N4ITK: improved N3 bias correction", IEEE TMI 2010), following
 * ITK's N4BiasFieldCorrectionImageFilter as SimpleITK and ANTs run it:
 *  1. shrink image and mask by `shrinkFactor` (one voxel per block, at the block centre);
 *  2. work on log intensities inside the mask; at each fitting level, iterate: sharpen the histogram of the
 *     current log-uncorrected image (Gaussian of `biasFwhm` deconvolved by a Wiener filter with `wienerNoise`,
 *     `histogramBins` bins, then E[u | v]), fit a cubic B-spline (multilevel B-spline approximation, one
 *     level) to the residual log(v) - E[u | v] and add its control points to the level's lattice; stop when
 *     the coefficient of variation of exp(change of the log field) falls below `convergenceThreshold` or after
 *     `iterations[level]` iterations; the next level doubles the control-point spans;
 *  3. evaluate the log field on the full grid, corrected = input / exp(field).
 * Deviations from ITK, documented in docs/preprocessing.md: voxels <= 0 are left out of the fit (ITK would
 * take the raw value into its log image), and the field is rescaled to geometric mean 1 inside the mask so
 * that the corrected image keeps the input's intensity scale.
 */
import { AlnmError } from '../util/errors.js';
import type { Vec3, Volume, VoxelArray } from '../io/volume.js';
import { addLattice, axisTable, fitLattice, type AxisTable } from './bspline-lattice.js';
import { fft } from './fft.js';
import { otsuThreshold } from './otsu.js';

export interface N4Options {
  shrinkFactor?: number;
  /** Voxels to fit (non-zero = in); default: Otsu foreground of the input. */
  mask?: VoxelArray;
  /** Maximum iterations per fitting level; its length is the number of levels. */
  iterations?: number[];
  convergenceThreshold?: number;
  /** Control points per axis at the first level (>= 4 for cubic splines). */
  controlPoints?: number;
  wienerNoise?: number;
  biasFwhm?: number;
  histogramBins?: number;
}

export const N4_DEFAULTS = {
  shrinkFactor: 4,
  iterations: [50, 50, 50, 50],
  convergenceThreshold: 0.001,
  controlPoints: 4,
  wienerNoise: 0.01,
  biasFwhm: 0.15,
  histogramBins: 200,
};

export interface N4Result {
  corrected: Volume;
  /** Multiplicative bias field (float32), geometric mean 1 inside the mask. */
  bias: Volume;
  /** Iterations run and last convergence measure, per level. */
  levels: { iterations: number; convergence: number }[];
}

/** N4's histogram sharpening: the expected true log intensity E[u | v] of each masked voxel. */
export function sharpen(v: Float64Array, n: number, bins: number, fwhm: number, noise: number, out: Float64Array): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (v[i] < lo) lo = v[i];
    if (v[i] > hi) hi = v[i];
  }
  if (!(hi > lo)) {
    out.set(v.subarray(0, n));
    return;
  }
  const slope = (hi - lo) / (bins - 1);
  const H = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const c = (v[i] - lo) / slope;
    const idx = Math.floor(c);
    const off = c - idx;
    if (off === 0) H[idx] += 1;
    else if (idx < bins - 1) {
      H[idx] += 1 - off;
      H[idx + 1] += off;
    }
  }
  const size = 2 ** (Math.ceil(Math.log(bins) / Math.log(2)) + 1);
  const offset = Math.floor(0.5 * (size - bins));
  const Vr = new Float64Array(size);
  const Vi = new Float64Array(size);
  for (let b = 0; b < bins; b++) Vr[b + offset] = H[b];
  fft(Vr, Vi);
  const scaled = fwhm / slope;
  const expFactor = (4 * Math.log(2)) / (scaled * scaled);
  const scale = (2 * Math.sqrt(Math.log(2) / Math.PI)) / scaled;
  const Fr = new Float64Array(size);
  const Fi = new Float64Array(size);
  Fr[0] = scale;
  const half = size / 2;
  for (let k = 1; k <= half; k++) Fr[k] = Fr[size - k] = scale * Math.exp(-k * k * expFactor);
  Fr[half] = scale * Math.exp(0.25 * -size * size * expFactor);
  fft(Fr, Fi);
  // Wiener filter G = conj(F) / (|F|^2 + noise); U = V * Re(G)
  const Ur = new Float64Array(size);
  const Ui = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    const a = Fr[k];
    const b = Fi[k];
    // c = conj(F) = a - ib; c * F = a^2 + b^2 (real); G = c / (|F|^2 + noise)
    const g = a / (a * a + b * b + noise);
    Ur[k] = Vr[k] * g;
    Ui[k] = Vi[k] * g;
  }
  fft(Ur, Ui, true);
  for (let k = 0; k < size; k++) {
    Ur[k] = Math.max(Ur[k], 0);
    Ui[k] = 0;
  }
  const Nr = new Float64Array(size);
  const Ni = new Float64Array(size);
  for (let k = 0; k < size; k++) Nr[k] = (lo + (k - offset) * slope) * Ur[k];
  const convolve = (re: Float64Array, im: Float64Array) => {
    fft(re, im);
    for (let k = 0; k < size; k++) {
      const a = re[k];
      const b = im[k];
      re[k] = a * Fr[k] - b * Fi[k];
      im[k] = a * Fi[k] + b * Fr[k];
    }
    fft(re, im, true);
  };
  convolve(Nr, Ni);
  const Dr = Ur;
  const Di = Ui;
  convolve(Dr, Di);
  const E = new Float64Array(bins);
  for (let b = 0; b < bins; b++) E[b] = Dr[b + offset] !== 0 ? Nr[b + offset] / Dr[b + offset] : 0;
  for (let i = 0; i < n; i++) {
    const c = (v[i] - lo) / slope;
    const idx = Math.floor(c);
    out[i] = idx < bins - 1 ? E[idx] + (E[idx + 1] - E[idx]) * (c - idx) : E[bins - 1];
  }
}

/** Coefficient of variation of exp(a - b) over the masked samples (ITK's convergence measure). */
function convergence(a: Float64Array, b: Float64Array, idx: Int32Array): number {
  let mu = 0;
  let sigma = 0;
  let n = 0;
  for (let q = 0; q < idx.length; q++) {
    const p = Math.exp(a[idx[q]] - b[idx[q]]);
    n += 1;
    if (n > 1) sigma += ((p - mu) * (p - mu) * (n - 1)) / n;
    mu = mu * (1 - 1 / n) + p / n;
  }
  return Math.sqrt(sigma / (n - 1)) / mu;
}

export function n4(image: Volume, options: N4Options = {}, what = 'N4'): N4Result {
  const o = { ...N4_DEFAULTS, ...options };
  const f = Math.floor(o.shrinkFactor);
  if (!(f >= 1)) throw new AlnmError(`${what}: shrink factor must be >= 1`);
  if (o.controlPoints < 4) throw new AlnmError(`${what}: N4 needs at least 4 control points per axis (cubic splines)`);
  if (o.iterations.length === 0 || o.iterations.some((x) => !(x >= 0))) throw new AlnmError(`${what}: give one iteration count >= 0 per fitting level`);
  const [Nx, Ny, Nz] = image.size;
  const src = image.data;
  let mask = o.mask;
  if (mask && mask.length !== src.length) throw new AlnmError(`${what}: mask and image sizes differ`);
  if (!mask) {
    const t = otsuThreshold(src, 200);
    mask = new Uint8Array(src.length);
    for (let i = 0; i < src.length; i++) mask[i] = src[i] > t ? 1 : 0;
  }
  // Shrunk grid: block centres (full-resolution continuous index of each shrunk voxel).
  const dims = [Nx, Ny, Nz];
  const ns = dims.map((N) => Math.max(1, Math.floor(N / f)));
  const pos = dims.map((N, d) => Float64Array.from({ length: ns[d] }, (_, i) => Math.min(N - 1, i * f + Math.floor(f / 2))));
  const [sx, sy, sz] = ns;
  const nS = sx * sy * sz;
  const logIn = new Float64Array(nS);
  const use = new Uint8Array(nS);
  let nUse = 0;
  for (let k = 0, p = 0; k < sz; k++) {
    for (let j = 0; j < sy; j++) {
      for (let i = 0; i < sx; i++, p++) {
        const q = pos[0][i] + Nx * (pos[1][j] + Ny * pos[2][k]);
        if (mask[q] && src[q] > 0) {
          use[p] = 1;
          logIn[p] = Math.log(src[q]);
          nUse++;
        }
      }
    }
  }
  if (nUse < 16) throw new AlnmError(`${what}: fewer than 16 positive voxels inside the mask after shrinking; N4 needs positive intensities`);
  const idx = new Int32Array(nUse);
  for (let p = 0, q = 0; p < nS; p++) if (use[p]) idx[q++] = p;
  const values = new Float64Array(nUse);
  const sharp = new Float64Array(nUse);
  const residual = new Float64Array(nS);
  let field = new Float64Array(nS);
  let next = new Float64Array(nS);
  const lattices: { phi: Float64Array; m: Vec3; spans: Vec3 }[] = [];
  const previous = new Float64Array(nS); // log field of the finished levels (fixed during a level)
  const levels: N4Result['levels'] = [];
  let spans0 = o.controlPoints - 3;
  for (let level = 0; level < o.iterations.length; level++) {
    const spans = [spans0, spans0, spans0] as Vec3;
    const m = spans.map((s) => s + 3) as Vec3;
    const tabs = [0, 1, 2].map((d) => axisTable(pos[d], dims[d] - 1, spans[d])) as [AxisTable, AxisTable, AxisTable];
    const phi = new Float64Array(m[0] * m[1] * m[2]);
    lattices.push({ phi, m, spans });
    let it = 0;
    let conv = Infinity;
    while (it < o.iterations[level] && conv > o.convergenceThreshold) {
      it++;
      for (let q = 0; q < nUse; q++) values[q] = logIn[idx[q]] - field[idx[q]];
      sharpen(values, nUse, o.histogramBins, o.biasFwhm, o.wienerNoise, sharp);
      residual.fill(0);
      for (let q = 0; q < nUse; q++) residual[idx[q]] = values[q] - sharp[q];
      const dphi = fitLattice(residual, use, tabs[0], tabs[1], tabs[2], m);
      for (let c = 0; c < phi.length; c++) phi[c] += dphi[c];
      // new field = finished levels + this level's lattice
      next.set(previous);
      addLattice(phi, m, tabs[0], tabs[1], tabs[2], next);
      conv = convergence(field, next, idx);
      [field, next] = [next, field];
    }
    levels.push({ iterations: it, convergence: conv });
    previous.set(field);
    spans0 *= 2;
  }
  // Full-resolution log field, rescaled to geometric mean 1 over the fitted voxels.
  const full = new Float64Array(src.length);
  for (const l of lattices) {
    const t = dims.map((N, d) => axisTable(Float64Array.from({ length: N }, (_, i) => i), N - 1, l.spans[d]));
    addLattice(l.phi, l.m, t[0], t[1], t[2], full);
  }
  let meanLog = 0;
  for (let q = 0; q < nUse; q++) meanLog += field[idx[q]];
  meanLog /= nUse;
  const bias = new Float32Array(src.length);
  const corrected = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const b = Math.exp(full[i] - meanLog);
    bias[i] = b;
    corrected[i] = src[i] / b;
  }
  const geom = (data: Float32Array): Volume => ({ size: [...image.size], spacing: [...image.spacing], origin: [...image.origin], direction: [...image.direction], data });
  return { corrected: geom(corrected), bias: geom(bias), levels };
}
