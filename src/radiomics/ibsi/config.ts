/**
 * The image processing of the IBSI chapter-1 reference data sets (ibsi-doc_05_Reference_data_sets.rst,
 * processing steps from ibsi-doc_02_Image_processing.rst): for each configuration the order is
 *   cast to float64 (and round, for the CT phantom) -> interpolation (B-E) -> morphological mask ->
 *   re-segmentation (range, 3 sigma outliers) = intensity mask -> discretisation (texture and IH).
 * The intensity-volume histogram has its own discretisation (see ivh.ts); its parameters are carried along.
 */
import { AlnmError, fileError } from '../../util/errors.js';
import { geometryMismatch, type Vec3, type Volume } from '../../io/volume.js';
import type { IbsiInput } from './types.js';
import type { IvhParams } from './ivh.js';
import { ibsiResample } from './interpolate.js';
import { boxWhere } from '../../image/mask-box.js';

export type IbsiConfigId = 'digital' | 'A' | 'B' | 'C' | 'D' | 'E';
export const IBSI_CONFIG_IDS: readonly IbsiConfigId[] = ['digital', 'A', 'B', 'C', 'D', 'E'];

/** Discretisation of intensities into grey levels 1..N (IBSI 4R0B). */
export type Discretisation =
  /** Intensities are already grey levels (the digital phantom). */
  | { method: 'none' }
  /** Fixed bin size (Q3RU): floor((x - min) / width) + 1; `min` defaults to the re-segmentation lower bound. */
  | { method: 'fbs'; width: number; min?: number }
  /** Fixed bin number (K15C): floor(bins (x - min)/(max - min)) + 1, max -> bins, over the ROI's range. */
  | { method: 'fbn'; bins: number };

/** Interpolation step of configurations B-E (IBSI interpolation section). */
export interface Interpolation {
  /** New spacing (mm), x y z; for 2D configurations z keeps the original spacing. */
  spacing: Vec3;
  /** In-plane (2D, config B) or volumetric (3D) interpolation. */
  inPlane: boolean;
  /** Image interpolator: (bi/tri)linear, or the tricubic spline (interpolating cubic B-spline). */
  image: 'linear' | 'cubic';
  /** ROI interpolator: (bi/tri)linear on the label's indicator. */
  roi: 'linear';
  /** Interpolated ROI values >= this are in the ROI. */
  partialVolume: number;
  /** Round interpolated intensities to integers. */
  roundIntensities: boolean;
}

/**
 * Resamples image and mask on the IBSI grid (same centre, ceil of the fractional size); the returned mask
 * holds the interpolated fraction (0..1) of the ROI label. The default is `ibsiResample` (interpolate.ts).
 */
export type IbsiResampler = (image: Volume, mask: Volume, how: Interpolation, label: number) => { image: Volume; mask: Volume };

export interface IbsiConfig {
  id: IbsiConfigId;
  /** Which texture aggregations the reference has: 2D/2.5D for slice-wise configs, 3D for volumetric ones. */
  texture: '2D' | '3D' | 'both';
  roundIntensities: boolean;
  interpolation: Interpolation | null;
  /** Range re-segmentation [a, b] (USB3); b may be Infinity. */
  resegmentRange: [number, number] | null;
  /** Outlier re-segmentation mu +/- k sigma (7ACA); null for none. */
  outlierSigma: number | null;
  /** Discretisation for texture and intensity-histogram families. */
  discretisation: Discretisation;
  ivh: IvhParams;
}

const interp3d = (image: 'linear' | 'cubic'): Interpolation => ({
  spacing: [2, 2, 2],
  inPlane: false,
  image,
  roi: 'linear',
  partialVolume: 0.5,
  roundIntensities: true,
});

/** The six IBSI-1 configurations (digital phantom and CT configurations A-E). */
export const IBSI_CONFIGS: Record<IbsiConfigId, IbsiConfig> = {
  digital: {
    id: 'digital',
    texture: 'both',
    roundIntensities: false,
    interpolation: null,
    resegmentRange: null,
    outlierSigma: null,
    discretisation: { method: 'none' },
    ivh: { method: 'discrete', range: null },
  },
  A: {
    id: 'A',
    texture: '2D',
    roundIntensities: true,
    interpolation: null,
    resegmentRange: [-500, 400],
    outlierSigma: null,
    discretisation: { method: 'fbs', width: 25 },
    ivh: { method: 'discrete', range: [-500, 400] },
  },
  B: {
    id: 'B',
    texture: '2D',
    roundIntensities: true,
    // z spacing is kept: filled in from the image when the step runs.
    interpolation: { spacing: [2, 2, NaN], inPlane: true, image: 'linear', roi: 'linear', partialVolume: 0.5, roundIntensities: true },
    resegmentRange: [-500, 400],
    outlierSigma: null,
    discretisation: { method: 'fbn', bins: 32 },
    ivh: { method: 'discrete', range: [-500, 400] },
  },
  C: {
    id: 'C',
    texture: '3D',
    roundIntensities: true,
    interpolation: interp3d('linear'),
    resegmentRange: [-1000, 400],
    outlierSigma: null,
    discretisation: { method: 'fbs', width: 25 },
    ivh: { method: 'fbs', width: 2.5, range: [-1000, 400] },
  },
  D: {
    id: 'D',
    texture: '3D',
    roundIntensities: true,
    interpolation: interp3d('linear'),
    resegmentRange: null,
    outlierSigma: 3,
    discretisation: { method: 'fbn', bins: 32 },
    ivh: { method: 'discrete', range: null },
  },
  E: {
    id: 'E',
    texture: '3D',
    roundIntensities: true,
    interpolation: interp3d('cubic'),
    resegmentRange: [-1000, 400],
    outlierSigma: 3,
    discretisation: { method: 'fbn', bins: 32 },
    ivh: { method: 'fbn', bins: 1000 },
  },
};

export function ibsiConfig(id: string): IbsiConfig {
  const c = (IBSI_CONFIGS as Record<string, IbsiConfig | undefined>)[id];
  if (!c) throw new AlnmError(`unknown IBSI configuration "${id}" (use one of ${IBSI_CONFIG_IDS.join(', ')})`);
  return c;
}

export interface ProcessOptions {
  /** Mask label of the ROI (default 1). */
  label?: number;
  /** Interpolation for configurations B-E (default `ibsiResample`, interpolate.ts). */
  resample?: IbsiResampler;
  /** File names for messages. */
  imageFile?: string;
  maskFile?: string;
}

/** Radius (mm) of the 1 cm^3 sphere of the local intensity features: (3 / (4 pi))^(1/3) cm. */
export const PEAK_RADIUS_MM = 10 * Math.cbrt(3 / (4 * Math.PI));

/**
 * Run a configuration's processing on an image and its mask. The result covers the bounding box of the
 * morphological mask, widened by the 1 cm^3 sphere radius (local intensity needs the neighbours) and clamped
 * to the image.
 */
export function processIbsi(image: Volume, mask: Volume, cfg: IbsiConfig, opts: ProcessOptions = {}): IbsiInput {
  const imageFile = opts.imageFile ?? 'image';
  const maskFile = opts.maskFile ?? 'mask';
  const mismatch = geometryMismatch(image, mask);
  if (mismatch) throw fileError(maskFile, `mask and image ${imageFile} are on different grids: ${mismatch}`);
  if (cfg.interpolation) {
    const how = { ...cfg.interpolation, spacing: [...cfg.interpolation.spacing] as Vec3 };
    if (how.inPlane) how.spacing[2] = image.spacing[2];
    // CT: cast to float and round to integers before interpolation (IBSI reference data sets).
    if (cfg.roundIntensities) image = { ...image, data: Float64Array.from(image.data, Math.round) };
    const r = (opts.resample ?? ibsiResample)(image, mask, how, opts.label ?? 1);
    image = r.image;
    mask = r.mask;
  }
  const label = opts.label ?? 1;
  const threshold = cfg.interpolation ? cfg.interpolation.partialVolume : 0.5;
  const [nx, ny] = image.size;
  const src = image.data;
  const msrc = mask.data;
  // ROI: the label (or, for an interpolated 0..1 mask, the fraction >= partial volume).
  const inRoi = (m: number) => (cfg.interpolation ? m >= threshold : Math.round(m) === label);
  const { lo, hi, count } = boxWhere(msrc, image.size, inRoi);
  if (count === 0) throw fileError(maskFile, `label ${label} is not present in the mask`);
  const boxLo: Vec3 = [0, 0, 0];
  const size: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const pad = Math.ceil(PEAK_RADIUS_MM / image.spacing[a]) + 1;
    boxLo[a] = Math.max(0, lo[a] - pad);
    size[a] = Math.min(image.size[a] - 1, hi[a] + pad) - boxLo[a] + 1;
  }
  const n = size[0] * size[1] * size[2];
  // Round (again, idempotent) after interpolation when the configuration asks for it (68QD).
  const round = cfg.interpolation ? cfg.interpolation.roundIntensities : cfg.roundIntensities;
  const img = new Float64Array(n);
  const morph = new Uint8Array(n);
  for (let k = 0, o = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const base = boxLo[0] + nx * (boxLo[1] + j + ny * (boxLo[2] + k));
      for (let i = 0; i < size[0]; i++, o++) {
        const v = src[base + i];
        img[o] = round ? Math.round(v) : v;
        morph[o] = inRoi(msrc[base + i]) ? 1 : 0;
      }
    }
  }
  const intensityMask = resegment(img, morph, cfg);
  let nIn = 0;
  for (let i = 0; i < n; i++) nIn += intensityMask[i];
  if (nIn === 0) throw fileError(maskFile, `no ROI voxel is left after re-segmentation of configuration ${cfg.id}`);
  const { levels, nLevels } = discretise(img, intensityMask, cfg.discretisation, cfg.resegmentRange);
  return { size, spacing: [...image.spacing] as Vec3, image: img, mask: intensityMask, morphMask: morph, levels, nLevels };
}

/**
 * Intensity mask = morphological mask restricted to the re-segmentation range [a, b] (USB3) and to
 * mu +/- k sigma of the morphological ROI (7ACA, sigma with 1/N); combined as the intersection.
 */
export function resegment(image: Float64Array, morph: Uint8Array, cfg: Pick<IbsiConfig, 'resegmentRange' | 'outlierSigma'>): Uint8Array {
  let a = -Infinity;
  let b = Infinity;
  if (cfg.resegmentRange) [a, b] = cfg.resegmentRange;
  if (cfg.outlierSigma !== null) {
    let s = 0;
    let ss = 0;
    let n = 0;
    for (let i = 0; i < image.length; i++) {
      if (morph[i]) {
        s += image[i];
        n++;
      }
    }
    const mu = s / n;
    for (let i = 0; i < image.length; i++) if (morph[i]) ss += (image[i] - mu) ** 2;
    const sd = Math.sqrt(ss / n);
    a = Math.max(a, mu - cfg.outlierSigma * sd);
    b = Math.min(b, mu + cfg.outlierSigma * sd);
  }
  const out = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) out[i] = morph[i] && image[i] >= a && image[i] <= b ? 1 : 0;
  return out;
}

/**
 * Grey levels 1..nLevels inside `mask`, 0 outside. FBS (Q3RU) uses `min`, else the re-segmentation lower
 * bound, else the ROI minimum; FBN (K15C) the ROI's own range. `nLevels` is the highest level present.
 */
export function discretise(
  image: Float64Array,
  mask: Uint8Array,
  d: Discretisation,
  range: [number, number] | null,
): { levels: Int32Array; nLevels: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < image.length; i++) {
    if (mask[i]) {
      if (image[i] < min) min = image[i];
      if (image[i] > max) max = image[i];
    }
  }
  const levels = new Int32Array(image.length);
  let nLevels = 0;
  for (let i = 0; i < image.length; i++) {
    if (!mask[i]) continue;
    const x = image[i];
    let l: number;
    if (d.method === 'none') {
      l = Math.round(x);
      if (l < 1) throw new AlnmError(`discretisation "none" needs integer intensities >= 1 in the ROI (found ${x})`);
    } else if (d.method === 'fbs') {
      const lo = d.min ?? (range && Number.isFinite(range[0]) ? range[0] : min);
      l = Math.floor((x - lo) / d.width) + 1;
    } else {
      l = x >= max ? d.bins : Math.floor((d.bins * (x - min)) / (max - min)) + 1;
    }
    levels[i] = l;
    if (l > nLevels) nLevels = l;
  }
  return { levels, nLevels };
}
