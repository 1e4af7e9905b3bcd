/**
 * Feature extraction on the inputs radiology users bring that the reference tests do not: single slices, masks at
 * the image border, masks stored as float or with another label, flipped axes (direction diag(-1,-1,1)), flat and
 * two-level ROIs, empty bins, large offsets and negative intensities. Every expected value comes from the feature
 * definitions (closed forms worked out in the comments), from PyRadiomics' documented special values, or from an
 * invariance the definitions imply (features of the same voxels must not change) - never from a run of this code.
 */
import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../src/radiomics/extract.js';
import { paramsFromObject } from '../src/radiomics/settings.js';
import { indexToPoint, type Volume, type VoxelArray } from '../src/io/volume.js';
import { syntheticCase } from '../src/study/synthetic.js';

type V3 = [number, number, number];
const vol = (size: V3, data: VoxelArray, spacing: V3 = [1, 1, 1]): Volume => ({ size, spacing, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data });

function features(img: Volume, msk: Volume, setting: Record<string, unknown> = {}, featureClass?: Record<string, null>): Map<string, number> {
  const r = extractFeatures(img, msk, paramsFromObject({ setting, featureClass }), { image: 'img', mask: 'msk' });
  return new Map(r.names.map((n, i) => [n.replace(/^original_/, ''), r.values[i]]));
}

/** Relative agreement of every feature of `b` with `a` except those matching `skip`. */
function expectSame(a: Map<string, number>, b: Map<string, number>, rel: number, skip = /^$/) {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [n, x] of a) {
    if (skip.test(n)) continue;
    const y = b.get(n)!;
    expect(Number.isFinite(x), n).toBe(true);
    expect(Math.abs(y - x), n).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(x)));
  }
}

/** The same physical image stored with i and j reversed: direction diag(-1,-1,1) (as NIfTI from many scanners). */
function flipIJ(v: Volume): Volume {
  const [nx, ny, nz] = v.size;
  const out = new (v.data.constructor as new (n: number) => VoxelArray)(v.data.length);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) out[nx - 1 - i + nx * (ny - 1 - j + ny * k)] = v.data[i + nx * (j + ny * k)];
  const d = v.direction;
  return { size: [...v.size], spacing: [...v.spacing], origin: indexToPoint(v, [nx - 1, ny - 1, 0]), direction: [-d[0], -d[1], d[2], -d[3], -d[4], d[5], -d[6], -d[7], d[8]], data: out };
}

/** An nx x ny x 1 slice, `value(i, j)` inside a w x h rectangle at (i0, j0) (mask 1), 7 outside. */
function slice(nx: number, ny: number, i0: number, j0: number, w: number, h: number, value: (i: number, j: number) => number, spacing: V3 = [1, 1, 1]) {
  const im = new Float64Array(nx * ny).fill(7);
  const m = new Uint8Array(nx * ny);
  for (let j = j0; j < j0 + h; j++) for (let i = i0; i < i0 + w; i++) {
    im[i + nx * j] = value(i - i0, j - j0);
    m[i + nx * j] = 1;
  }
  return { image: vol([nx, ny, 1], im, spacing), mask: vol([nx, ny, 1], m, spacing) };
}

// 25 x 25 x 8 voxels of 0.8 x 0.8 x 2 mm: extents 20, 20, 16 mm, whole multiples of 1 mm (see the flip test)
const syn = syntheticCase('e', true, 5, { size: [25, 25, 8] });

describe('single slice, border, one row', () => {
  it('shape of a w x h rectangle in one slice touching the image border (closed forms of marching squares)', () => {
    // Marching squares puts the contour through the midpoints between inside and outside pixel centres: the
    // w x h rectangle with its 4 corners cut by half-pixel triangles. Area (w h - 1/2) sx sy, perimeter
    // 2 (w-1) sx + 2 (h-1) sy + 4 sqrt((sx/2)^2 + (sy/2)^2), largest vertex distance sqrt((w sx)^2 + ((h-1) sy)^2)
    // for w >= h and sx = sy. VoxelVolume (3D shape) = w h sx sy sz.
    const [w, h, sx, sz] = [5, 3, 0.7, 3];
    const c = slice(9, 6, 0, 0, w, h, () => 100, [sx, sx, sz]);
    const f = features(c.image, c.mask, { force2D: true }, { shape2D: null, shape: null });
    expect(f.get('shape2D_PixelSurface')).toBeCloseTo(w * h * sx * sx, 12);
    expect(f.get('shape2D_MeshSurface')).toBeCloseTo((w * h - 0.5) * sx * sx, 12);
    expect(f.get('shape2D_Perimeter')).toBeCloseTo(2 * (w - 1) * sx + 2 * (h - 1) * sx + 4 * Math.hypot(sx / 2, sx / 2), 12);
    expect(f.get('shape2D_MaximumDiameter')).toBeCloseTo(Math.hypot(w * sx, (h - 1) * sx), 12);
    expect(f.get('shape_VoxelVolume')).toBeCloseTo(w * h * sx * sx * sz, 12);
  });

  it('flat 4 x 3 ROI in one slice at the border: PyRadiomics special values and run/zone closed forms', () => {
    const c = slice(8, 8, 0, 5, 4, 3, () => 100);
    const f = features(c.image, c.mask, { force2D: true });
    const n = 12;
    // first order: Energy = N v^2; flat: Skewness = Kurtosis = 0 (PyRadiomics docs), Uniformity 1
    expect(f.get('firstorder_Energy')).toBe(n * 100 * 100);
    expect(f.get('firstorder_Skewness')).toBe(0);
    expect(f.get('firstorder_Kurtosis')).toBe(0);
    expect(f.get('firstorder_Uniformity')).toBe(1);
    expect(Math.abs(f.get('firstorder_Entropy')!)).toBeLessThan(1e-15);
    // GLCM (PyRadiomics docs): flat region Correlation = 1, MCC = 1, Imc1 = Imc2 = 0; Contrast 0, Id = 1
    expect(f.get('glcm_Correlation')).toBe(1);
    expect(f.get('glcm_MCC')).toBeCloseTo(1, 12);
    expect(f.get('glcm_Imc1')).toBe(0);
    expect(f.get('glcm_Imc2')).toBe(0);
    expect(f.get('glcm_Contrast')).toBe(0);
    expect(f.get('glcm_Id')).toBe(1);
    // NGTDM (PyRadiomics docs): flat region Coarseness 1e6, Contrast, Busyness, Complexity, Strength 0
    expect(f.get('ngtdm_Coarseness')).toBe(1e6);
    for (const k of ['Contrast', 'Busyness', 'Complexity', 'Strength']) expect(f.get(`ngtdm_${k}`), k).toBe(0);
    // GLSZM: one zone of 12 voxels: ZonePercentage 1/12, SmallAreaEmphasis 1/144, LargeAreaEmphasis 144
    expect(f.get('glszm_ZonePercentage')).toBeCloseTo(1 / n, 15);
    expect(f.get('glszm_SmallAreaEmphasis')).toBeCloseTo(1 / (n * n), 15);
    expect(f.get('glszm_LargeAreaEmphasis')).toBe(n * n);
    // GLRLM: 4 in-plane angles; runs: 3 rows of 4, 4 columns of 3, 6 diagonals (1,2,3,3,2,1) twice:
    // RunPercentage = mean Nr / Np = (3 + 4 + 6 + 6) / (4 * 12)
    expect(f.get('glrlm_RunPercentage')).toBeCloseTo(19 / 48, 15);
    // GLDM (alpha 0, 8-neighbourhood): dependence 4 at the 4 corners, 6 at 6 edge voxels, 9 at 2 inner voxels:
    // DependenceNonUniformity = (4^2 + 6^2 + 2^2) / 12
    expect(f.get('gldm_DependenceNonUniformity')).toBeCloseTo(56 / 12, 13);
  });

  it('an ROI one row thick passes with minimumROIDimensions 1 and has run length = row length', () => {
    const c = slice(10, 6, 2, 5, 6, 1, (i) => 10 + 30 * (i % 2));
    expect(() => features(c.image, c.mask)).toThrow(/1 dimension\(s\) > 1 voxel, minimumROIDimensions is 2/);
    const f = features(c.image, c.mask, { minimumROIDimensions: 1 }, { firstorder: null, shape: null, glrlm: null });
    // values 10, 40, 10, 40, 10, 40: mean 25, population variance 225
    expect(f.get('firstorder_Mean')).toBe(25);
    expect(f.get('firstorder_Variance')).toBe(225);
    expect(f.get('shape_VoxelVolume')).toBe(6);
    expect(f.get('shape_LeastAxisLength')).toBe(0);
    // levels 1 (10) and 2 (40) alternate; in a 6 x 1 x 1 box only the offset along i pairs voxels: all runs have length 1
    for (const [k, v] of f) if (k.startsWith('glrlm_')) expect(Number.isFinite(v), k).toBe(true);
    expect(f.get('glrlm_ShortRunEmphasis')).toBe(1);
  });
});

describe('mask storage and orientation', () => {
  it('a float mask (1.0) and a uint16 mask with label 2 give the features of the uint8 label-1 mask', () => {
    const ref = features(syn.image, syn.mask);
    expectSame(ref, features(syn.image, { ...syn.mask, data: Float32Array.from(syn.mask.data) }), 0);
    expectSame(ref, features(syn.image, { ...syn.mask, data: Uint16Array.from(syn.mask.data, (x) => 2 * x) }, { label: 2 }), 0);
  });

  it('flipped axes (direction diag(-1,-1,1)) give the features of the unflipped image, 3D, 2D and resampled', () => {
    // Flipping i and j maps every voxel, neighbourhood, run and zone onto one of the same image, and the set of
    // texture offsets onto itself; with the symmetric GLCM every feature is the same up to summation order.
    // Resampling as PyRadiomics does lays the new grid from the corner of voxel 0, so the flipped grid coincides
    // with the unflipped one only when each extent is a whole multiple of the new spacing (here 20 x 20 x 16 mm
    // to 1 mm); otherwise both tools sample other points and the features differ (by design, not tested).
    const fi = flipIJ(syn.image);
    const fm = flipIJ(syn.mask);
    for (const s of [{}, { force2D: true }, { resampledPixelSpacing: [1, 1, 1] }]) expectSame(features(syn.image, syn.mask, s), features(fi, fm, s), 1e-9);
  });
});

describe('grey levels', () => {
  // Two-level 4 x 4 slice: left two columns 0, right two 100. With force2D the 4 in-plane offsets see:
  // along i 12 pairs (4 crossing), along j 12 pairs (none crossing), each diagonal 9 pairs (3 crossing).
  // Symmetric GLCM: fraction of crossing cells 1/3, 0, 1/3, 1/3; |i - j| = level gap d between the two levels.
  const two = slice(6, 6, 1, 1, 4, 4, (i) => (i < 2 ? 0 : 100));

  it('binWidth 25: levels 1 and 5 with empty bins 2-4 (Ng = 5)', () => {
    const f = features(two.image, two.mask, { force2D: true }, { glcm: null });
    // Contrast = mean over angles of d^2 * crossing fraction, d = 4: (3 * 16/3 + 0) / 4
    expect(f.get('glcm_Contrast')).toBeCloseTo(4, 13);
    // JointAverage: every angle has p_x(1) = p_x(5) = 1/2: 3
    expect(f.get('glcm_JointAverage')).toBeCloseTo(3, 13);
    // Idmn = mean of (2/3 + (1/3) / (1 + 16/25)) over three angles and 1: 111/123
    expect(f.get('glcm_Idmn')).toBeCloseTo(111 / 123, 13);
  });

  it('binCount 4: levels 1 and 4 with empty bins 2-3 (Ng = 4)', () => {
    // edges linspace(0, 100, 5) (last + 1): 0 -> 1, 100 -> 4; d = 3
    const f = features(two.image, two.mask, { force2D: true, binCount: 4 }, { glcm: null });
    expect(f.get('glcm_Contrast')).toBeCloseTo((3 * (9 / 3)) / 4, 13);
    expect(f.get('glcm_Idmn')).toBeCloseTo((3 * (2 / 3 + 1 / 3 / (1 + 9 / 16)) + 1) / 4, 13);
  });

  it('adding 1e6 or -1000 (multiples of binWidth 25) changes only location features, by exactly the offset', () => {
    // Shifting every intensity by a multiple of binWidth shifts PyRadiomics' bin edges with it: same grey levels.
    const ref = features(syn.image, syn.mask);
    const location = /firstorder_(Energy|TotalEnergy|RootMeanSquared|Minimum|Maximum|Mean|Median|10Percentile|90Percentile)$/;
    for (const k of [1e6, -1000]) {
      const f = features({ ...syn.image, data: Float64Array.from(syn.image.data, (x) => x + k) }, syn.mask);
      expectSame(ref, f, 1e-9, location);
      for (const n of ['Mean', 'Median', 'Minimum', 'Maximum', '10Percentile', '90Percentile']) {
        expect(f.get(`firstorder_${n}`)! - ref.get(`firstorder_${n}`)!, n).toBeCloseTo(k, 6);
      }
    }
  });

  it('binCount discretisation is invariant to offset and positive scale (CT-like negative values)', () => {
    const ref = features(syn.image, syn.mask, { binCount: 16 });
    const f = features({ ...syn.image, data: Float64Array.from(syn.image.data, (x) => 3 * x - 5000) }, syn.mask, { binCount: 16 });
    expectSame(ref, f, 1e-12, /firstorder_/);
    expect(f.get('firstorder_Mean')).toBeCloseTo(3 * ref.get('firstorder_Mean')! - 5000, 6);
  });
});
