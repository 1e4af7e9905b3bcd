/**
 * The study's preprocessing of one DCE-MRI case (paper, "Image preprocessing and tumor segmentation"):
 * N4 bias-field correction, resampling to isotropic voxels (cubic B-spline for the image; the mask by nearest
 * neighbour or by linear interpolation and a partial-volume threshold), and histogram standardisation with
 * landmarks fitted on the training cohort only. Each step is optional; the order is fixed: N4, resample,
 * standardise.
 */
import { AlnmError } from '../util/errors.js';
import { geometryMismatch, type Vec3, type Volume } from '../io/volume.js';
import { applyNyul, type NyulLandmarks } from './histogram-standardisation.js';
import { n4, type N4Options } from './n4.js';
import { alignedCentreGrid, resample, type Interpolator } from './resample.js';

export interface PreprocessOptions {
  n4?: N4Options | null;
  /** Target spacing in mm (null: keep the grid). */
  spacing?: Vec3 | null;
  interpolator?: Interpolator;
  /** Mask resampling: 'nearest', or a partial-volume threshold in (0, 1] on the linearly interpolated mask. */
  maskResampling?: 'nearest' | number;
  landmarks?: NyulLandmarks | null;
}

export interface Preprocessed {
  image: Volume;
  mask?: Volume;
  bias?: Volume;
}

export function preprocessCase(image: Volume, mask: Volume | undefined, o: PreprocessOptions, what: string): Preprocessed {
  if (mask) {
    const mm = geometryMismatch(image, mask, 1e-4);
    if (mm) throw new AlnmError(`${what}: image and mask geometry differ: ${mm}`);
  }
  let img = image;
  let msk = mask;
  let bias: Volume | undefined;
  if (o.n4) {
    const r = n4(img, o.n4, what);
    img = r.corrected;
    bias = r.bias;
  }
  if (o.spacing) {
    if (o.spacing.some((s) => !(s > 0))) throw new AlnmError(`${what}: spacing must be positive, got ${o.spacing.join(', ')}`);
    const grid = alignedCentreGrid(img, o.spacing);
    img = resample(img, grid, { interpolator: o.interpolator ?? 'bspline', outputType: 'float32', what });
    if (bias) bias = resample(bias, grid, { interpolator: 'linear', outputType: 'float32', what });
    if (msk) {
      const mr = o.maskResampling ?? 'nearest';
      if (mr === 'nearest') msk = resample(msk, grid, { interpolator: 'nearest', what });
      else {
        if (!(mr > 0 && mr <= 1)) throw new AlnmError(`${what}: mask threshold must be in (0, 1], got ${mr}`);
        const labels = new Set(msk.data);
        if ([...labels].some((l) => l !== 0 && l !== 1)) throw new AlnmError(`${what}: partial-volume mask resampling needs a binary (0/1) mask`);
        const frac = resample(msk, grid, { interpolator: 'linear', outputType: 'float32', what });
        msk = { ...frac, data: Uint8Array.from(frac.data, (v) => (v >= mr ? 1 : 0)) };
      }
    }
  }
  if (o.landmarks) img = applyNyul(img, o.landmarks, undefined, what);
  return { image: img, mask: msk, bias };
}
