/**
 * PyRadiomics' image preprocessing before feature extraction (imageoperations.normalizeImage, resampleImage,
 * cropToTumorMask), applied in PyRadiomics' order: normalise the whole image, then resample image and mask to
 * `resampledPixelSpacing` on a grid cropped around the ROI (`padDistance`), or else crop (`preCrop`).
 */
import { AlnmError } from '../util/errors.js';
import { componentTypeOf } from '../io/dtype.js';
import { indexToPoint, type Vec3, type Volume } from '../io/volume.js';
import type { Settings } from './settings.js';
import { resample, type Interpolator } from '../image/resample.js';
import { labelBox } from '../image/mask-box.js';

/** SimpleITK interpolator names (and enum values) that alnm implements. */
export function interpolatorOf(v: string | number | null): Interpolator {
  switch (v) {
    case 'sitkNearestNeighbor':
    case 1:
      return 'nearest';
    case 'sitkLinear':
    case 2:
      return 'linear';
    case 'sitkBSpline':
    case 3:
    case null:
      return 'bspline';
    default:
      throw new AlnmError(`interpolator ${JSON.stringify(v)} is not supported (use sitkNearestNeighbor, sitkLinear or sitkBSpline)`);
  }
}

/**
 * sitk.Normalize then outlier clipping then scaling: x' = clip((x - mean) / sd, +/- removeOutliers) * scale,
 * mean and sd (n - 1) over the whole image (ITK's StatisticsImageFilter), float32 voxels.
 */
export function normalizeImage(v: Volume, scale: number, outliers: number | null): Volume {
  const d = v.data;
  const n = d.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += d[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (d[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  if (!(sd > 0)) throw new AlnmError('normalize: the image is constant (standard deviation 0)');
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.fround((d[i] - mean) / sd);
    if (outliers !== null) z = z > outliers ? outliers : z < -outliers ? -outliers : z;
    out[i] = z * scale;
  }
  return { ...v, size: [...v.size], spacing: [...v.spacing], origin: [...v.origin], direction: [...v.direction], data: out };
}

/** Bounding box (first index and size) of `label` in a mask, or null when absent. */
function roiBox(mask: Volume, label: number): { lo: Vec3; size: Vec3 } | null {
  const b = labelBox(mask.data, mask.size, label);
  if (b.count === 0) return null;
  return { lo: b.lo, size: [b.hi[0] - b.lo[0] + 1, b.hi[1] - b.lo[1] + 1, b.hi[2] - b.lo[2] + 1] };
}

/** PyRadiomics' resampleImage: image with `interpolator`, mask by nearest neighbour, on a grid around the ROI. */
export function resampleLikePyRadiomics(image: Volume, mask: Volume, s: Settings, what: string): { image: Volume; mask: Volume } {
  const target = s.resampledPixelSpacing!;
  const bb = roiBox(mask, s.label);
  if (!bb) throw new AlnmError(`${what}: label ${s.label} is not present in the mask`);
  const ms = mask.spacing;
  let sp = target.map((t, k) => (t === 0 ? ms[k] : t));
  sp = sp.map((t, k) => (bb.size[k] !== 1 ? t : ms[k])); // no resampling where the ROI is one slice thick
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
  if (sp.every((t, k) => close(ms[k], t)) && image.spacing.every((t, k) => close(t, sp[k]))) return { image, mask };
  const ratio = ms.map((m, k) => m / sp[k]);
  const lower = [0, 1, 2].map((k) => Math.max(0, Math.floor((bb.lo[k] - 0.5) * ratio[k] - s.padDistance)));
  const maxUpper = [0, 1, 2].map((k) => Math.ceil(mask.size[k] * ratio[k]) - 1);
  const upper = [0, 1, 2].map((k) => Math.min(maxUpper[k], Math.ceil((bb.lo[k] + bb.size[k] - 0.5) * ratio[k] + s.padDistance)));
  const size = [0, 1, 2].map((k) => upper[k] - lower[k] + 1) as Vec3;
  const originIndex = [0, 1, 2].map((k) => (0.5 * (sp[k] - ms[k])) / ms[k] + lower[k] / ratio[k]);
  const grid = { size, spacing: sp as Vec3, origin: indexToPoint(mask, originIndex), direction: [...mask.direction] };
  return {
    image: resample(image, grid, { interpolator: interpolatorOf(s.interpolator), outputType: componentTypeOf(image.data), what }),
    mask: resample(mask, grid, { interpolator: 'nearest', outputType: componentTypeOf(mask.data), what }),
  };
}

/** PyRadiomics' cropToTumorMask with padDistance (preCrop). */
export function cropToMask(image: Volume, mask: Volume, s: Settings, what: string): { image: Volume; mask: Volume } {
  const bb = roiBox(mask, s.label);
  if (!bb) throw new AlnmError(`${what}: label ${s.label} is not present in the mask`);
  const lo = [0, 1, 2].map((k) => Math.max(0, bb.lo[k] - s.padDistance));
  const hi = [0, 1, 2].map((k) => Math.min(mask.size[k] - 1, bb.lo[k] + bb.size[k] - 1 + s.padDistance));
  const size = [0, 1, 2].map((k) => hi[k] - lo[k] + 1) as Vec3;
  const crop = (v: Volume): Volume => {
    const out = new (v.data.constructor as new (n: number) => Volume['data'])(size[0] * size[1] * size[2]);
    const [nx, ny] = v.size;
    for (let k = 0, o = 0; k < size[2]; k++) {
      for (let j = 0; j < size[1]; j++) {
        const base = lo[0] + nx * (lo[1] + j + ny * (lo[2] + k));
        out.set(v.data.subarray(base, base + size[0]), o);
        o += size[0];
      }
    }
    return { size, spacing: [...v.spacing], origin: indexToPoint(v, lo), direction: [...v.direction], data: out };
  };
  return { image: crop(image), mask: crop(mask) };
}

/** All of PyRadiomics' preprocessing that the settings ask for, in its order. */
export function preprocessLikePyRadiomics(image: Volume, mask: Volume, s: Settings, what: string): { image: Volume; mask: Volume } {
  let img = image;
  if (s.normalize) img = normalizeImage(img, s.normalizeScale, s.removeOutliers);
  if (s.resampledPixelSpacing && s.interpolator !== null) return resampleLikePyRadiomics(img, mask, s, what);
  if (s.preCrop) return cropToMask(img, mask, s, what);
  return { image: img, mask };
}
