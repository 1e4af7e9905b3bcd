/**
 * Histogram standardisation (Nyul, Udupa and Zhang, IEEE TMI 2000, "New variants of a method of MRI scale
 * standardization"): a piecewise-linear map that sends an image's intensity landmarks (percentiles inside a
 * foreground mask; default 1, 10, 20, ..., 90, 99) onto standard landmarks learnt from training images.
 *
 * fit (training images only): each image's landmarks are mapped linearly so that its lowest and highest
 * landmarks (pLow, pHigh) land on the standard scale [sMin, sMax]; the standard landmarks are the means of
 * the mapped landmarks. apply (any image, unchanged parameters): piecewise-linear interpolation between
 * the image's landmarks and the standard ones; intensities below the first or above the last landmark follow
 * the slope of the first or last segment. The map is monotone increasing by construction.
 */
import { AlnmError } from '../util/errors.js';
import type { Volume, VoxelArray } from '../io/volume.js';

export interface NyulOptions {
  /** Landmark percentiles (increasing, in (0, 100)); default [1, 10, 20, ..., 90, 99]. */
  percentiles?: number[];
  /** Standard scale for the first and last landmark; default [1, 100]. */
  scale?: [number, number];
}

/** The fitted parameters, saved as JSON and applied unchanged to any other image. */
export interface NyulLandmarks {
  method: 'nyul';
  percentiles: number[];
  scale: [number, number];
  /** Standard landmark intensities, one per percentile. */
  standard: number[];
  /** Number of training images. */
  n: number;
}

export const DEFAULT_PERCENTILES = [1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99];

/**
 * Foreground voxels of an image: those where `mask` is non-zero, or, without a mask, those above the image's
 * mean intensity (the usual automatic foreground for MRI: air and background are below the mean).
 */
export function foregroundValues(data: VoxelArray, mask?: VoxelArray): Float64Array {
  let threshold = -Infinity;
  if (!mask) {
    let s = 0;
    for (let i = 0; i < data.length; i++) s += data[i];
    threshold = s / data.length;
  }
  let n = 0;
  for (let i = 0; i < data.length; i++) if (mask ? mask[i] !== 0 : data[i] > threshold) n++;
  const out = new Float64Array(n);
  for (let i = 0, k = 0; i < data.length; i++) if (mask ? mask[i] !== 0 : data[i] > threshold) out[k++] = data[i];
  return out;
}

/** Percentiles of sorted values, linear interpolation (numpy.percentile default, R type 7). */
export function percentilesSorted(sorted: Float64Array, ps: readonly number[]): number[] {
  const n = sorted.length;
  return ps.map((p) => {
    const h = ((n - 1) * p) / 100;
    const lo = Math.floor(h);
    const hi = Math.min(n - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  });
}

/** The landmarks of one image (`what` names it in errors). */
export function imageLandmarks(data: VoxelArray, percentiles: readonly number[], mask: VoxelArray | undefined, what: string): number[] {
  const v = foregroundValues(data, mask).sort();
  if (v.length < 2) throw new AlnmError(`${what}: fewer than 2 foreground voxels for histogram standardisation`);
  const l = percentilesSorted(v, percentiles);
  for (let k = 1; k < l.length; k++) {
    if (!(l[k] > l[k - 1])) {
      throw new AlnmError(`${what}: intensity landmarks are not increasing (percentiles ${percentiles[k - 1]} and ${percentiles[k]} both at ${l[k]}); the image has too few distinct intensities for histogram standardisation`);
    }
  }
  return l;
}

export interface TrainingImage {
  data: VoxelArray;
  mask?: VoxelArray;
  /** Name for messages (file or case ID). */
  name: string;
}

/** Learn the standard landmarks from training images. */
export function fitNyul(images: readonly TrainingImage[], opts: NyulOptions = {}): NyulLandmarks {
  const percentiles = opts.percentiles ?? DEFAULT_PERCENTILES;
  const scale = opts.scale ?? [1, 100];
  if (percentiles.length < 2 || percentiles.some((p, k) => !(p > 0 && p < 100) || (k > 0 && p <= percentiles[k - 1]))) {
    throw new AlnmError(`histogram standardisation: percentiles must increase within (0, 100), got ${percentiles.join(', ')}`);
  }
  if (!(scale[1] > scale[0])) throw new AlnmError(`histogram standardisation: scale must be [low, high] with low < high`);
  if (images.length === 0) throw new AlnmError('histogram standardisation: no training images');
  const sum = new Float64Array(percentiles.length);
  for (const img of images) {
    const l = imageLandmarks(img.data, percentiles, img.mask, img.name);
    const a = (scale[1] - scale[0]) / (l[l.length - 1] - l[0]);
    for (let k = 0; k < l.length; k++) sum[k] += scale[0] + a * (l[k] - l[0]);
  }
  return { method: 'nyul', percentiles: [...percentiles], scale: [scale[0], scale[1]], standard: Array.from(sum, (s) => s / images.length), n: images.length };
}

/** Check a landmarks object read from JSON. */
export function checkLandmarks(o: unknown, file: string): NyulLandmarks {
  const l = o as NyulLandmarks;
  const ok =
    l && l.method === 'nyul' && Array.isArray(l.percentiles) && Array.isArray(l.standard) && l.percentiles.length === l.standard.length &&
    l.standard.length >= 2 && l.standard.every((x, k) => Number.isFinite(x) && (k === 0 || x > l.standard[k - 1]));
  if (!ok) throw new AlnmError(`${file}: not a histogram-standardisation landmarks file (alnm standardize fit writes one)`);
  return l;
}

/** Map intensities with the piecewise-linear standardisation (new float32 array). */
export function applyNyulToData(data: VoxelArray, lm: NyulLandmarks, mask: VoxelArray | undefined, what: string): Float32Array {
  const src = imageLandmarks(data, lm.percentiles, mask, what);
  const dst = lm.standard;
  const m = src.length;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    // segment k: src[k] <= x < src[k+1], clamped to the first/last segment for extrapolation
    let lo = 0;
    let hi = m - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (src[mid] <= x) lo = mid;
      else hi = mid;
    }
    out[i] = dst[lo] + ((x - src[lo]) * (dst[hi] - dst[lo])) / (src[hi] - src[lo]);
  }
  return out;
}

export function applyNyul(v: Volume, lm: NyulLandmarks, mask: Volume | undefined, what: string): Volume {
  return { size: [...v.size], spacing: [...v.spacing], origin: [...v.origin], direction: [...v.direction], data: applyNyulToData(v.data, lm, mask?.data, what) };
}
