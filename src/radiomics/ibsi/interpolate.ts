/**
 * IBSI interpolation (VTM2) of image and ROI mask for configurations B-E (ibsi-doc_02_Image_processing.rst):
 *  - grid: "align grid centers" (3WE3), n_b = ceil(n_a s_a / s_b) (026Q), origin
 *    x_b = x_a + (s_a (n_a - 1) - s_b (n_b - 1)) / 2 (QCY4); slice-wise (2D) interpolation keeps the z grid;
 *  - image: trilinear / bilinear or tricubic spline, extrapolated with the nearest boundary intensity (every
 *    point of the aligned grid lies within half a voxel of the input, where the resampler clamps), then rounded
 *    to the nearest integer (68QD);
 *  - ROI: the indicator of the label, (bi/tri)linearly interpolated to a fraction 0..1 (E8H9), thresholded
 *    later by the partial-volume threshold.
 * "Tricubic spline" is the interpolating cubic B-spline (prefiltered coefficients), as scipy.ndimage's
 * order-3 spline used by the reference implementation MIRP; `resample`'s 'bspline' is that spline (ITK's
 * BSplineInterpolateImageFunction, mirror boundary; the boundary only matters within ~2 voxels of the edge).
 */
import { alignedCentreGrid, resample } from '../../image/resample.js';
import type { Vec3, Volume } from '../../io/volume.js';
import type { IbsiResampler, Interpolation } from './config.js';

/**
 * Interpolated ROI fractions are snapped to multiples of this step before thresholding, so that a fraction of
 * exactly 1/2 is not lost as 0.4999... (the manual's warning); intensities are snapped likewise before rounding
 * to integers, so that exact ties (x.5, e.g. halfway between two slices) round up (Math.round) whatever the
 * floating-point noise of the interpolator.
 */
export const SNAP = 1e-9;
const INTENSITY_SNAP = 1e-6;
/** x snapped to a multiple of `step` (integer / 10^k is correctly rounded, so 1/2 stays exactly 1/2). */
const snap = (x: number, step: number) => Math.round(x / step) / Math.round(1 / step);

/** Resample image and ROI indicator onto the IBSI grid (an `IbsiResampler`). */
export const ibsiResample: IbsiResampler = (image: Volume, mask: Volume, how: Interpolation, label: number) => {
  // Slice-wise (2D): the z spacing is the original one, so n_b = n_a and the z shift is 0 (no z interpolation).
  const spacing: Vec3 = [how.spacing[0], how.spacing[1], how.inPlane ? image.spacing[2] : how.spacing[2]];
  const grid = alignedCentreGrid(image, spacing);
  const img = resample(image, grid, { interpolator: how.image === 'cubic' ? 'bspline' : 'linear', outputType: 'float64', what: 'IBSI interpolation' });
  if (how.roundIntensities) {
    const d = img.data;
    for (let i = 0; i < d.length; i++) d[i] = Math.round(snap(d[i], INTENSITY_SNAP));
  }
  const ind = new Float64Array(mask.data.length);
  const m = mask.data;
  for (let i = 0; i < m.length; i++) ind[i] = Math.round(m[i]) === label ? 1 : 0;
  const frac = resample({ ...mask, data: ind }, grid, { interpolator: 'linear', outputType: 'float64', what: 'IBSI ROI interpolation' });
  const f = frac.data;
  for (let i = 0; i < f.length; i++) f[i] = snap(f[i], SNAP);
  return { image: img, mask: frac };
};
