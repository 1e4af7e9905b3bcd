/**
 * The region of interest, as every feature class sees it: the image and mask cropped to the mask's bounding
 * box, the mask after resegmentation, and the grey levels after discretisation. Mask validation follows
 * PyRadiomics' imageoperations.checkMask; discretisation its getBinEdges/binImage exactly (numpy.arange,
 * numpy.histogram and numpy.digitize semantics), so that bin boundaries fall where PyRadiomics puts them.
 */
import { AlnmError } from '../util/errors.js';
import { geometryMismatch, type Vec3, type Volume } from '../io/volume.js';
import type { Settings } from './settings.js';
import { resample } from '../image/resample.js';
import { labelBox } from '../image/mask-box.js';

export interface BoundingBox {
  /** First index in the original grid (inclusive). */
  lo: Vec3;
  /** Size of the box. */
  size: Vec3;
}

export interface Roi {
  /** Size of the cropped box (i fastest). */
  size: Vec3;
  spacing: Vec3;
  direction: number[];
  bbox: BoundingBox;
  /** Intensities in the box (float64). */
  image: Float64Array;
  /** 1 where the voxel is in the ROI used for intensity and texture features (after resegmentation). */
  mask: Uint8Array;
  /** 1 where the voxel is in the labelled mask (before resegmentation): what shape features measure. */
  shapeMask: Uint8Array;
  /** Voxels in `mask`. */
  count: number;
  /** Voxels in `shapeMask`. */
  shapeCount: number;
}

export interface Discretised {
  /** Grey level per box voxel: 1..nBins inside the ROI, 0 outside. */
  levels: Int32Array;
  /** Highest grey level (bins are 1..nBins; some may be empty). */
  nBins: number;
  /** Bin edges (numpy semantics: bin i covers edges[i-1] <= x < edges[i]). */
  edges: number[];
}

/** Python's float modulo (result has the sign of the divisor). */
export function pyMod(a: number, b: number): number {
  let m = a % b;
  if (m !== 0 && b < 0 !== m < 0) m += b;
  return m;
}

/** numpy.arange(start, stop, step) for floats: length ceil((stop-start)/step), values start + i*delta. */
export function npArange(start: number, stop: number, step: number): number[] {
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const out = new Array<number>(n);
  if (n === 0) return out;
  out[0] = start;
  if (n > 1) {
    const delta = start + step - start;
    for (let i = 1; i < n; i++) out[i] = start + i * delta;
  }
  return out;
}

/** Edges of numpy.histogram(values, bins=n): linspace(min, max, n + 1), or min -/+ 0.5 if flat. */
export function npHistogramEdges(min: number, max: number, n: number): number[] {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const out = new Array<number>(n + 1);
  const step = (last - first) / n;
  for (let i = 0; i <= n; i++) out[i] = first + i * step;
  out[n] = last;
  return out;
}

/** PyRadiomics' getBinEdges over the values inside the ROI. */
export function binEdges(min: number, max: number, s: Pick<Settings, 'binWidth' | 'binCount'>): number[] {
  if (s.binCount !== null) {
    const e = npHistogramEdges(min, max, s.binCount);
    e[e.length - 1] += 1;
    return e;
  }
  const w = s.binWidth;
  const low = min - pyMod(min, w);
  const high = max + 2 * w;
  let e = npArange(low, high, w);
  if (e.length === 1) e = [e[0] - 0.5, e[0] + 0.5];
  return e;
}

/** numpy.digitize(x, edges) for increasing edges: the i with edges[i-1] <= x < edges[i]. */
export function digitize(x: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Discretise the ROI's intensities (PyRadiomics' binImage). */
export function discretise(roi: Roi, s: Pick<Settings, 'binWidth' | 'binCount'>): Discretised {
  let min = Infinity;
  let max = -Infinity;
  const { image, mask } = roi;
  for (let i = 0; i < image.length; i++) {
    if (mask[i]) {
      const v = image[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const edges = binEdges(min, max, s);
  const levels = new Int32Array(image.length);
  let nBins = 0;
  for (let i = 0; i < image.length; i++) {
    if (mask[i]) {
      const l = digitize(image[i], edges);
      levels[i] = l;
      if (l > nBins) nBins = l;
    }
  }
  return { levels, nBins, edges };
}

/** Context given to mask validation errors. */
export interface Where {
  image: string;
  mask: string;
  id?: string;
}

function where(w: Where): string {
  return w.id ? `case ${w.id}: ${w.mask}` : w.mask;
}

/**
 * Validate image and mask (PyRadiomics' checkMask) and crop both to the bounding box of `label`.
 * Resegmentation (`resegmentRange`, `resegmentMode`) is applied to the intensity/texture mask.
 */
export function prepareRoi(image: Volume, mask: Volume, s: Settings, w: Where): Roi {
  const tol = s.geometryTolerance ?? 1e-6;
  const mismatch = geometryMismatch(image, mask, tol);
  if (mismatch) {
    if (!s.correctMask) {
      throw new AlnmError(`${where(w)}: image and mask geometry differ beyond geometryTolerance ${tol}: ${mismatch} (set correctMask: true to resample the mask)`);
    }
    // PyRadiomics' _correctMask: resample the mask onto the image grid by nearest neighbour.
    mask = resample(mask, image, { interpolator: 'nearest', what: where(w) });
  }
  const [nx, ny] = image.size;
  const md = mask.data;
  const lab = s.label;
  const { lo, hi, count } = labelBox(md, image.size, lab);
  if (count === 0) {
    const labels = new Set<number>();
    for (let i = 0; i < md.length && labels.size < 20; i++) if (md[i] !== 0) labels.add(md[i]);
    const others = [...labels].sort((a, b) => a - b);
    throw new AlnmError(`${where(w)}: label ${lab} is not present in the mask` + (others.length ? ` (labels found: ${others.join(', ')})` : ' (the mask is empty)'));
  }
  const size: Vec3 = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const dims = size.filter((d) => d > 1).length;
  if (count === 1) throw new AlnmError(`${where(w)}: the mask holds a single voxel of label ${lab}; features cannot be computed on one voxel`);
  if (dims < s.minimumROIDimensions) {
    throw new AlnmError(`${where(w)}: the ROI has ${dims} dimension(s) > 1 voxel, minimumROIDimensions is ${s.minimumROIDimensions}`);
  }
  if (s.minimumROISize !== null && count < s.minimumROISize) {
    throw new AlnmError(`${where(w)}: the ROI has ${count} voxels, minimumROISize is ${s.minimumROISize}`);
  }
  const n = size[0] * size[1] * size[2];
  const img = new Float64Array(n);
  const shapeMask = new Uint8Array(n);
  const id = image.data;
  for (let k = 0, o = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const base = lo[0] + nx * (lo[1] + j + ny * (lo[2] + k));
      for (let i = 0; i < size[0]; i++, o++) {
        img[o] = id[base + i];
        shapeMask[o] = md[base + i] === lab ? 1 : 0;
      }
    }
  }
  const roi: Roi = {
    size,
    spacing: [...image.spacing],
    direction: [...image.direction],
    bbox: { lo, size },
    image: img,
    mask: shapeMask,
    shapeMask,
    count,
    shapeCount: count,
  };
  if (s.resegmentRange) resegment(roi, s, w);
  return roi;
}

/** PyRadiomics' resegmentMask: drop ROI voxels outside the range (absolute, relative to max, or mean +/- k SD). */
export function resegment(roi: Roi, s: Settings, w: Where): void {
  const range = s.resegmentRange;
  if (!range) return;
  const { image, shapeMask } = roi;
  let lo = range[0];
  let hi = range.length > 1 ? range[1] : Infinity;
  if (s.resegmentMode === 'relative') {
    let max = -Infinity;
    for (let i = 0; i < image.length; i++) if (shapeMask[i] && image[i] > max) max = image[i];
    lo = lo * max;
    hi = range.length > 1 ? range[1] * max : Infinity;
  } else if (s.resegmentMode === 'sigma') {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < image.length; i++) {
      if (shapeMask[i]) {
        sum += image[i];
        n++;
      }
    }
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < image.length; i++) if (shapeMask[i]) ss += (image[i] - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    lo = mean + lo * sd;
    hi = range.length > 1 ? mean + range[1] * sd : Infinity;
  }
  const mask = new Uint8Array(image.length);
  let count = 0;
  for (let i = 0; i < image.length; i++) {
    if (shapeMask[i] && image[i] >= lo && image[i] <= hi) {
      mask[i] = 1;
      count++;
    }
  }
  if (count === 0) throw new AlnmError(`${where(w)}: resegmentation (${s.resegmentMode} ${JSON.stringify(range)}) leaves no voxel in the ROI`);
  roi.mask = mask;
  roi.count = count;
  if (s.resegmentShape) {
    roi.shapeMask = mask;
    roi.shapeCount = count;
  }
}
