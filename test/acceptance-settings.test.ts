/**
 * Acceptance (issues 2 and 3): PyRadiomics settings that no baseline column exercises, each on a closed-form case
 * worked by hand from PyRadiomics' definitions (imageoperations.py, glcm.py, gldm.py), and the diagnostics
 * columns against PyRadiomics' own baseline diagnostics (../shared/data/pyradiomics/baseline).
 */
import { describe, expect, it } from 'vitest';
import type { Volume } from '../src/io/volume.js';
import { extractFeatures } from '../src/radiomics/extract.js';
import { paramsFromObject } from '../src/radiomics/settings.js';
import { extractCase } from '../src/radiomics/case.js';
import { isAlnmError } from '../src/util/errors.js';
import { data } from './helpers/data.js';
import { caseVolume, extractColumn, loadBaseline, withinPyRadiomicsTolerance } from './helpers/pyradiomics.js';

const vol = (size: [number, number, number], values: number[], spacing: [number, number, number] = [1, 1, 1]): Volume => ({
  size,
  spacing,
  origin: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  data: Float32Array.from(values),
});
const ones = (n: number) => new Array<number>(n).fill(1);

/** One feature of one class with the given settings (feature name without the `original_<class>_` prefix). */
/** One feature; the small hand-worked ROIs here are often 1-D, so minimumROIDimensions is 1 unless a test sets it. */
function feature(image: Volume, mask: Volume, cls: string, name: string, setting: Record<string, unknown>): number {
  const params = paramsFromObject({ setting: { minimumROIDimensions: 1, ...setting }, featureClass: { [cls]: [name] } }, 'acceptance');
  const row = extractFeatures(image, mask, params, { image: 'img', mask: 'msk' });
  const k = row.names.indexOf(`original_${cls}_${name}`);
  expect(k, `original_${cls}_${name} computed`).toBeGreaterThanOrEqual(0);
  return row.values[k];
}

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isAlnmError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('symmetricalGLCM (glcm.py: P + P^T per angle when true)', () => {
  // 2 x 2 image [[1, 2], [3, 4]] (x fastest), binWidth 1: levels 1..4; the 4 in-plane angles each hold pairs:
  // (1,0): 1->2, 3->4; (0,1): 1->3, 2->4; (1,1): 1->4; (-1,1): 2->3.
  // JointAverage = mu_x = sum_i i p(i, j), mean over angles.
  // Asymmetric: (1 + 3)/2, (1 + 2)/2, 1, 2 -> (2 + 1.5 + 1 + 2)/4 = 1.625. Symmetric: every angle 2.5.
  const img = vol([2, 2, 1], [1, 2, 3, 4]);
  const msk = vol([2, 2, 1], ones(4));
  it('JointAverage 2.5 symmetric, 1.625 asymmetric', () => {
    expect(feature(img, msk, 'glcm', 'JointAverage', { binWidth: 1 })).toBeCloseTo(2.5, 12);
    expect(feature(img, msk, 'glcm', 'JointAverage', { binWidth: 1, symmetricalGLCM: false })).toBeCloseTo(1.625, 12);
  });
});

describe('gldm_a (gldm.py: a neighbour is dependent when |i - j| <= alpha)', () => {
  // 3 x 1 x 1 image [1, 2, 4], binWidth 1 (levels 1, 2, 4). alpha 0: no dependent neighbour, every voxel in
  // column j = 1 (dependence 0): LargeDependenceEmphasis = 1. alpha 1: voxels 1 and 2 depend on each other
  // (j = 2), voxel 4 on none (j = 1): LDE = (4 + 4 + 1) / 3 = 3.
  const img = vol([3, 1, 1], [1, 2, 4]);
  const msk = vol([3, 1, 1], ones(3));
  it('LargeDependenceEmphasis 1 with alpha 0, 3 with alpha 1', () => {
    expect(feature(img, msk, 'gldm', 'LargeDependenceEmphasis', { binWidth: 1 })).toBeCloseTo(1, 12);
    expect(feature(img, msk, 'gldm', 'LargeDependenceEmphasis', { binWidth: 1, gldm_a: 1 })).toBeCloseTo(3, 12);
  });
});

describe('resegmentMode (imageoperations.resegmentMask)', () => {
  // ROI values 1..10 on a 10 x 1 x 1 line.
  const img = vol([10, 1, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const msk = vol([10, 1, 1], ones(10));
  const minmax = (s: Record<string, unknown>) => [feature(img, msk, 'firstorder', 'Minimum', s), feature(img, msk, 'firstorder', 'Maximum', s)];
  it('absolute [3, 7] keeps 3..7', () => {
    expect(minmax({ resegmentRange: [3, 7] })).toEqual([3, 7]);
  });
  it('relative [0.5] keeps values >= 0.5 * max = 5', () => {
    expect(minmax({ resegmentRange: [0.5], resegmentMode: 'relative' })).toEqual([5, 10]);
  });
  it('sigma [-1, 1] keeps mean +/- 1 population SD = 5.5 +/- 2.872: 3..8', () => {
    expect(minmax({ resegmentRange: [-1, 1], resegmentMode: 'sigma' })).toEqual([3, 8]);
  });
});

describe('normalize, normalizeScale, removeOutliers (imageoperations.normalizeImage)', () => {
  // Whole image = ROI = [0 x7, 10]: sitk.Normalize uses mean 1.25 and SD (n - 1) sqrt(12.5) = 3.5355;
  // z(0) = -0.35355, z(10) = 2.4749, clipped to removeOutliers = 1; then times normalizeScale.
  const img = vol([2, 2, 2], [0, 0, 0, 0, 0, 0, 0, 10]);
  const msk = vol([2, 2, 2], ones(8));
  const z0 = -1.25 / Math.sqrt(12.5);
  it('without outlier removal: min z(0), max z(10), times the scale', () => {
    expect(feature(img, msk, 'firstorder', 'Maximum', { normalize: true })).toBeCloseTo(8.75 / Math.sqrt(12.5), 6);
    expect(feature(img, msk, 'firstorder', 'Minimum', { normalize: true, normalizeScale: 100 })).toBeCloseTo(100 * z0, 4);
  });
  it('removeOutliers 1 clips at +/- 1 SD before scaling', () => {
    expect(feature(img, msk, 'firstorder', 'Maximum', { normalize: true, removeOutliers: 1 })).toBeCloseTo(1, 6);
    expect(feature(img, msk, 'firstorder', 'Maximum', { normalize: true, normalizeScale: 100, removeOutliers: 1 })).toBeCloseTo(100, 4);
    expect(feature(img, msk, 'firstorder', 'Minimum', { normalize: true, removeOutliers: 1 })).toBeCloseTo(z0, 6);
  });
});

describe('minimumROIDimensions, minimumROISize, geometryTolerance (imageoperations.checkMask)', () => {
  const img = vol([10, 1, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const msk = vol([10, 1, 1], ones(10));
  it('a 1-D ROI is refused by default (PyRadiomics: minimumROIDimensions 2) and accepted with 1', () => {
    const defaults = paramsFromObject({ featureClass: { firstorder: ['Mean'] } }, 'defaults');
    expect(refusal(() => extractFeatures(img, msk, defaults, { image: 'img', mask: 'msk' }))).toMatch(/msk: .*1 dimension.*minimumROIDimensions is 2/);
    expect(refusal(() => feature(img, msk, 'firstorder', 'Mean', { minimumROIDimensions: 3 }))).toMatch(/msk: .*1 dimension.*minimumROIDimensions is 3/);
    expect(feature(img, msk, 'firstorder', 'Mean', { minimumROIDimensions: 1 })).toBeCloseTo(5.5, 12);
  });
  it('a 10-voxel ROI is refused when minimumROISize is 11, accepted at 10', () => {
    expect(refusal(() => feature(img, msk, 'firstorder', 'Mean', { minimumROIDimensions: 1, minimumROISize: 11 }))).toMatch(/msk: .*10 voxels.*minimumROISize is 11/);
    expect(feature(img, msk, 'firstorder', 'Mean', { minimumROIDimensions: 1, minimumROISize: 10 })).toBeCloseTo(5.5, 12);
  });
  it('a mask whose origin differs by 1e-3 mm is refused by default and accepted with geometryTolerance 1e-2', () => {
    const shifted: Volume = { ...msk, origin: [1e-3, 0, 0] };
    expect(refusal(() => feature(img, shifted, 'firstorder', 'Mean', { minimumROIDimensions: 1 }))).toMatch(/msk: image and mask geometry differ.*origin/);
    expect(feature(img, shifted, 'firstorder', 'Mean', { minimumROIDimensions: 1, geometryTolerance: 1e-2 })).toBeCloseTo(5.5, 12);
  });
});

describe('interpolator with resampledPixelSpacing (imageoperations.resampleImage grid)', () => {
  // Image 8 x 4 x 4, value = x index, mask everywhere. Resampling to (0.5, 1, 1): spacing ratio 2 along x, grid
  // from floor((0 - 0.5) * 2 - 5) -> 0 to min(ceil((8 - 0.5) * 2 + 5), ceil(8 * 2) - 1) = 15 (16 points), origin
  // index 0.5 * (0.5 - 1) / 1 = -0.25: x = -0.25 + 0.5 k. y and z keep spacing 1 (identity).
  // sitkLinear: x clamped to [0, 7] (ITK's linear interpolator at the border); sitkNearestNeighbor: round(x).
  const n = 8 * 4 * 4;
  const img = vol([8, 4, 4], Array.from({ length: n }, (_, t) => t % 8));
  const msk = vol([8, 4, 4], ones(n));
  const xs = Array.from({ length: 16 }, (_, k) => -0.25 + 0.5 * k);
  const variance = (v: number[]) => {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length;
  };
  it('sitkLinear: the variance of the clamped ramp', () => {
    const want = variance(xs.map((x) => Math.min(7, Math.max(0, x))));
    expect(feature(img, msk, 'firstorder', 'Variance', { resampledPixelSpacing: [0.5, 1, 1], interpolator: 'sitkLinear' })).toBeCloseTo(want, 6);
  });
  it('sitkNearestNeighbor: every integer twice, variance (8^2 - 1) / 12', () => {
    expect(feature(img, msk, 'firstorder', 'Variance', { resampledPixelSpacing: [0.5, 1, 1], interpolator: 'sitkNearestNeighbor' })).toBeCloseTo(63 / 12, 6);
  });
});

describe('preCrop (PyRadiomics: crop to the bounding box + padDistance before resampling; features unchanged)', () => {
  for (const cls of ['firstorder', 'glcm']) {
    it(`${cls}: brain1_resampling with preCrop true is within PyRadiomics' 3 % of the baseline`, async () => {
      const b = loadBaseline(cls);
      const col = 'brain1_resampling';
      const withCrop = { ...b, settings: { ...b.settings, [col]: { ...b.settings[col], preCrop: true } } };
      const got = await extractColumn(withCrop, cls, col);
      const expected = Object.entries(b.features[col]).filter(([k]) => k.startsWith(`original_${cls}_`));
      expect(expected.length).toBeGreaterThan(0);
      const bad = expected.filter(([k, v]) => !withinPyRadiomicsTolerance(got.get(k) ?? NaN, v)).map(([k, v]) => `${k}: ${got.get(k)} vs ${v}`);
      expect(bad).toEqual([]);
    });
  }
});

describe('diagnostics columns against PyRadiomics baseline diagnostics', () => {
  const b = loadBaseline('glcm');
  for (const c of ['brain1', 'brain2']) {
    it(`${c}: image and mask hashes, bounding box, voxel count`, async () => {
      const params = paramsFromObject({ featureClass: { firstorder: ['Mean'] } }, 'acceptance');
      const r = await extractCase({ id: c, image: data('pyradiomics', `${c}_image.nrrd`), mask: data('pyradiomics', `${c}_label.nrrd`) }, params, true);
      const got = new Map(r.diagnostics);
      const want = b.diagnostics[c];
      for (const k of ['diagnostics_Image-original_Hash', 'diagnostics_Mask-original_Hash', 'diagnostics_Mask-original_BoundingBox', 'diagnostics_Mask-original_VoxelNum']) {
        expect(want[k], `${k} in the baseline`).toBeTruthy();
        expect(got.get(k), k).toBe(want[k]);
      }
    });
  }
});

describe('custom settings of an image type (imageType: Original: {binWidth: ...})', () => {
  it('override the general settings for the features: PyRadiomics\' brain1 baseline (binWidth 25) is met with setting binWidth 5 overridden by Original: {binWidth: 25}', async () => {
    const b = loadBaseline('glcm');
    const column = 'brain1';
    const setting = { ...b.settings[column], binWidth: 5 };
    const params = paramsFromObject({ setting, imageType: { Original: { binWidth: 25 } }, featureClass: { glcm: [] } }, 'override');
    const row = extractFeatures(await caseVolume('brain1', 'image'), await caseVolume('brain1', 'label'), params, { image: 'brain1', mask: 'brain1' });
    const expected = Object.entries(b.features[column]).filter(([n]) => n.startsWith('original_glcm_'));
    expect(expected.length).toBeGreaterThan(20);
    for (const [name, e] of expected) {
      const a = row.values[row.names.indexOf(name)];
      expect(withinPyRadiomicsTolerance(a, e), `${name}: ${a} vs ${e}`).toBe(true);
    }
  });
  it('are checked like general settings', () => {
    expect(() => paramsFromObject({ imageType: { Original: { binWidht: 25 } } }, 'p.yaml')).toThrow(/p\.yaml: imageType Original: unknown setting "binWidht"/);
  });
});
