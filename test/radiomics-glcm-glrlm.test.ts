/**
 * GLCM and GLRLM against PyRadiomics: its baseline feature values (../shared/data/pyradiomics/baseline, PyRadiomics
 * commit 8ed57938) for every plain test configuration, within PyRadiomics' own test tolerance (3 %, exactly 0 where
 * 0); its texture matrices (brain*_glcm.npy, brain*_glrlm.npy); and the offsets/eigenvalue helpers on closed-form cases.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PLAIN_COLUMNS, extractColumn, loadBaseline, withinPyRadiomicsTolerance, caseVolume } from './helpers/pyradiomics.js';
import { data } from './helpers/data.js';
import { IN_PLANE_OFFSETS, OFFSETS_3D, offsetWeight, textureOffsets } from '../src/radiomics/directions.js';
import { cooccurrenceCounts, symmetrise, symmetricEigenvalues, pyradiomicsGlcm, GLCM_FEATURES } from '../src/radiomics/glcm.js';
import { pyradiomicsGlrlm, runLengthCounts, GLRLM_FEATURES } from '../src/radiomics/glrlm.js';
import { getClass } from '../src/radiomics/registry.js';
import type { Volume } from '../src/io/volume.js';
import { discretise, prepareRoi, type Discretised } from '../src/radiomics/roi.js';
import { makeSettings } from '../src/radiomics/settings.js';
import type { FeatureContext } from '../src/radiomics/types.js';

/** Minimal .npy reader (little-endian float64, C order). */
function readNpy(file: string): { shape: number[]; data: Float64Array } {
  const buf = readFileSync(file);
  const major = buf[6];
  const hlen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.subarray(start, start + hlen).toString('latin1');
  if (!header.includes("'<f8'") || header.includes("'fortran_order': True")) throw new Error(`${file}: unsupported npy`);
  const shape = header.match(/\(([^)]*)\)/)![1].split(',').filter((x) => x.trim()).map(Number);
  const off = start + hlen;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = buf.readDoubleLE(off + 8 * i);
  return { shape, data: out };
}

/** Largest relative difference seen per class and column (printed for the docs). */
const worst: Record<string, { rel: number; feature: string }> = {};

for (const cls of ['glcm', 'glrlm'] as const) {
  describe(`PyRadiomics baseline ${cls}`, () => {
    const b = loadBaseline(cls);
    for (const column of PLAIN_COLUMNS) {
      it(`${column}: every feature within 3 %`, async () => {
        const got = await extractColumn(b, cls, column);
        const expected = Object.entries(b.features[column]).filter(([n]) => n.startsWith(`original_${cls}_`));
        expect(expected.length).toBe(cls === 'glcm' ? 24 : 16);
        const bad: string[] = [];
        let rel = 0;
        let feature = '';
        for (const [name, want] of expected) {
          const have = got.get(name);
          if (have === undefined || !withinPyRadiomicsTolerance(have, want)) bad.push(`${name}: ${have} vs ${want}`);
          const r = want === 0 ? Math.abs(have ?? NaN) : Math.abs((have ?? NaN) - want) / Math.abs(want);
          if (!(r <= rel)) {
            rel = r;
            feature = name;
          }
        }
        worst[`${cls} ${column}`] = { rel, feature };
        expect(bad).toEqual([]);
        expect(got.size).toBe(expected.length);
      });
    }
    it('reports the largest differences', () => {
      const lines = Object.entries(worst)
        .filter(([k]) => k.startsWith(cls))
        .map(([k, v]) => `${k}: ${v.rel.toExponential(2)} (${v.feature})`);
      console.log(lines.join('\n'));
      expect(lines.length).toBe(PLAIN_COLUMNS.length);
    });
  });
}

/** Feature context for a brain case with PyRadiomics' default settings (binWidth 25). */
async function brainContext(c: string): Promise<FeatureContext> {
  const settings = makeSettings({});
  const roi = prepareRoi(await caseVolume(c, 'image'), await caseVolume(c, 'label'), settings, { image: c, mask: c });
  let disc: Discretised | null = null;
  return { roi, settings, discretised: () => (disc ??= discretise(roi, settings)) };
}

describe('texture matrices against PyRadiomics .npy', () => {
  for (const c of ['brain1', 'brain2']) {
    it(`${c} GLCM (normalised, 13 offsets, present grey levels)`, async () => {
      const ref = readNpy(data('pyradiomics', 'baseline', `${c}_glcm.npy`));
      const { p, count, values } = pyradiomicsGlcm(await brainContext(c));
      const ng = values.length;
      expect(ref.shape).toEqual([ng, ng, count]);
      let maxDiff = 0;
      for (let i = 0; i < ng; i++) {
        for (let j = 0; j < ng; j++) {
          for (let a = 0; a < count; a++) maxDiff = Math.max(maxDiff, Math.abs(p[(a * ng + i) * ng + j] - ref.data[(i * ng + j) * count + a]));
        }
      }
      expect(maxDiff).toBeLessThan(1e-12);
    });
    it(`${c} GLRLM (counts, 13 offsets, present grey levels, empty run lengths removed)`, async () => {
      const ref = readNpy(data('pyradiomics', 'baseline', `${c}_glrlm.npy`));
      const { P, count, values, nr } = pyradiomicsGlrlm(await brainContext(c));
      const ng = values.length;
      // glrlm.py _calculateCoefficients deletes the run lengths that occur in no matrix
      const lengths: number[] = [];
      for (let j = 0; j < nr; j++) {
        let t = 0;
        for (let x = j; x < P.length; x += nr) t += P[x];
        if (t > 0) lengths.push(j);
      }
      expect(ref.shape).toEqual([ng, lengths.length, count]);
      let maxDiff = 0;
      for (let i = 0; i < ng; i++) {
        lengths.forEach((j, jj) => {
          for (let a = 0; a < count; a++) maxDiff = Math.max(maxDiff, Math.abs(P[(a * ng + i) * nr + j] - ref.data[(i * lengths.length + jj) * count + a]));
        });
      }
      expect(maxDiff).toBe(0);
    });
  }
});

describe('offsets (cmatrices.c build_angles)', () => {
  it('13 offsets in 3-D and 4 in-plane, in PyRadiomics order (z, y, x) = (1,1,1), (1,1,0), ...', () => {
    // PyRadiomics: radiomics.cMatrices.generate_angles(size, [1], False, -1) starts (1,1,1), (1,1,0), (1,1,-1), (1,0,1)
    // and ends (0,1,-1), (0,0,1); stored here as [dx, dy, dz].
    expect(OFFSETS_3D).toHaveLength(13);
    expect(OFFSETS_3D.slice(0, 4)).toEqual([[1, 1, 1], [0, 1, 1], [-1, 1, 1], [1, 0, 1]]);
    expect(OFFSETS_3D.slice(-2)).toEqual([[-1, 1, 0], [1, 0, 0]]);
    expect(IN_PLANE_OFFSETS).toEqual([[1, 1, 0], [0, 1, 0], [-1, 1, 0], [1, 0, 0]]);
    // no two offsets are equal or opposite
    const keys = new Set(OFFSETS_3D.flatMap((o) => [o.join(), o.map((x) => -x).join()]));
    expect(keys.size).toBe(26);
  });
  it('counts match (2d+1)^3 - (2d-1)^3 per distance, limited by the box and force2D', () => {
    expect(textureOffsets([10, 10, 10], { distances: [1, 2] })).toHaveLength((125 - 1) / 2);
    expect(textureOffsets([10, 10, 10], { distances: [2] })).toHaveLength((125 - 27) / 2);
    expect(textureOffsets([10, 10, 10], { distances: [1], bidirectional: true })).toHaveLength(26);
    expect(textureOffsets([10, 10, 1], { distances: [1] })).toHaveLength(4); // single slice: in-plane only
    expect(textureOffsets([10, 10, 10], { force2Ddimension: 2 }).every((o) => o[0] === 0)).toBe(true); // numpy axis 2 = x
    expect(textureOffsets([10, 10, 10], { distances: [3], force2Ddimension: 0 })).toHaveLength((49 - 25) / 2);
  });
  it('weights: exp(-d^2) for GLCM, d for GLRLM', () => {
    const sp: [number, number, number] = [0.5, 0.5, 2];
    expect(offsetWeight([1, 1, 1], sp, 'infinity', false)).toBe(2);
    expect(offsetWeight([1, 1, 1], sp, 'manhattan', false)).toBe(3);
    expect(offsetWeight([1, 1, 0], sp, 'euclidean', false)).toBeCloseTo(Math.SQRT1_2, 15);
    expect(offsetWeight([1, 1, 0], sp, 'euclidean', true)).toBeCloseTo(Math.exp(-0.5), 15);
    expect(offsetWeight([1, 0, 1], sp, 'manhattan', true)).toBeCloseTo(Math.exp(-6.25), 15);
    expect(offsetWeight([1, 0, 1], sp, 'no_weighting', true)).toBe(1);
  });
});

describe('symmetric eigenvalues (closed form)', () => {
  it('tridiagonal Toeplitz matrix: a + 2b cos(k pi / (n + 1))', () => {
    const n = 40;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      m[i * n + i] = 2;
      if (i + 1 < n) m[i * n + i + 1] = m[(i + 1) * n + i] = -1;
    }
    const ev = symmetricEigenvalues(m, n);
    const want = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort((a, b) => a - b);
    ev.forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
  });
  it('rotated diagonal matrix Q diag(1..n) Q^T (Householder Q) keeps the spectrum', () => {
    const n = 25;
    const v = Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const vv = v.reduce((s, x) => s + x * x, 0);
    const q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) m[i * n + j] += q(i, k) * (k + 1) * q(j, k);
    const ev = symmetricEigenvalues(m, n);
    ev.forEach((x, i) => expect(x).toBeCloseTo(i + 1, 11));
  });
  it('2 x 2 and 1 x 1', () => {
    const ev = symmetricEigenvalues(Float64Array.from([2, 1, 1, 2]), 2);
    expect(ev[0]).toBeCloseTo(1, 14);
    expect(ev[1]).toBeCloseTo(3, 14);
    expect(Array.from(symmetricEigenvalues(Float64Array.from([5]), 1))).toEqual([5]);
  });
});

describe('PyRadiomics documentation examples (glcm.py and glrlm.py class docstrings)', () => {
  it('GLCM of the 5 x 5 example, angle 0, distance 1, symmetrical', () => {
    const I = [1, 2, 5, 2, 3, 3, 2, 1, 3, 1, 1, 3, 5, 5, 2, 1, 1, 1, 1, 2, 1, 2, 4, 3, 5];
    const P = cooccurrenceCounts(Int32Array.from(I), [5, 5, 1], 5, [[1, 0, 0]]);
    symmetrise(P, 5, 1);
    expect(Array.from(P)).toEqual([6, 4, 3, 0, 0, 4, 0, 2, 1, 3, 3, 2, 0, 1, 2, 0, 1, 1, 0, 0, 0, 3, 2, 0, 2]);
  });
  it('GLRLM of the 5 x 5 example, angle 0', () => {
    const I = [5, 2, 5, 4, 4, 3, 3, 3, 1, 3, 2, 1, 1, 1, 3, 4, 2, 2, 2, 3, 3, 5, 3, 3, 2];
    const { counts, nr } = runLengthCounts(Int32Array.from(I), [5, 5, 1], 5, [[1, 0, 0]]);
    expect(nr).toBe(5);
    expect(Array.from(counts)).toEqual([1, 0, 1, 0, 0, 3, 0, 1, 0, 0, 4, 1, 1, 0, 0, 1, 1, 0, 0, 0, 3, 0, 0, 0, 0]);
  });
});

/**
 * Distance weighting on a hand-computed case: the 2 x 2 x 1 image [[1, 2], [2, 1]] (i fastest), spacing (1, 2, 1) mm.
 * Symmetric GLCMs per offset: (1,0) and (0,1): P(1,2) = P(2,1) = 2; (1,1): P(1,1) = 2; (-1,1): P(2,2) = 2, so
 * Contrast is 1, 1, 0, 0 (mean 0.5); no_weighting sums them (Contrast 8/12). Weighted sums: manhattan weights exp(-9) (diagonals), exp(-1), exp(-4) give
 * Contrast = (e^-1 + e^-4) / (e^-9 + e^-1 + e^-4); infinity weights exp(-4), exp(-1), exp(-4) give
 * (e^-1 + e^-4) / (2 e^-4 + e^-1). Run lengths: (1,0), (0,1): four runs of 1; (1,1): level 1 length 2, level 2
 * twice length 1; (-1,1): level 2 length 2, level 1 twice length 1. Run percentage 1, 1, 3/4, 3/4 (mean 7/8);
 * manhattan weights 1, 2, 3, 3 give P(1,1) = P(2,1) = 12, P(1,2) = P(2,2) = 3: RP = 30 / 36, LRE = 48 / 30.
 */
describe('weightingNorm (hand-computed)', () => {
  const vol = (data: number[]): Volume => ({ size: [2, 2, 1], spacing: [1, 2, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: Float64Array.from(data) });
  const run = (cls: string, setting: Record<string, unknown>) => {
    const settings = makeSettings({ binWidth: 1, ...setting });
    const roi = prepareRoi(vol([1, 2, 2, 1]), vol([1, 1, 1, 1]), settings, { image: 'synthetic', mask: 'synthetic' });
    const ctx = { roi, settings, discretised: () => discretise(roi, settings) };
    const c = getClass(cls)!;
    return c.compute(ctx, c.features);
  };
  const e = Math.exp;
  it('GLCM Contrast', () => {
    expect(run('glcm', {}).get('Contrast')).toBeCloseTo(0.5, 14);
    // no_weighting sums the four matrices: P(1,2) = P(2,1) = 4, P(1,1) = P(2,2) = 2, Contrast = 8 / 12
    expect(run('glcm', { weightingNorm: 'no_weighting' }).get('Contrast')).toBeCloseTo(2 / 3, 14);
    expect(run('glcm', { weightingNorm: 'manhattan' }).get('Contrast')).toBeCloseTo((e(-1) + e(-4)) / (e(-9) + e(-1) + e(-4)), 14);
    expect(run('glcm', { weightingNorm: 'infinity' }).get('Contrast')).toBeCloseTo((e(-1) + e(-4)) / (2 * e(-4) + e(-1)), 14);
    expect(run('glcm', { weightingNorm: 'euclidean' }).get('Contrast')).toBeCloseTo((e(-1) + e(-4)) / (e(-5) + e(-1) + e(-4)), 14);
  });
  it('GLRLM RunPercentage and LongRunEmphasis', () => {
    expect(run('glrlm', {}).get('RunPercentage')).toBeCloseTo(7 / 8, 14);
    const m = run('glrlm', { weightingNorm: 'manhattan' });
    expect(m.get('RunPercentage')).toBeCloseTo(30 / 36, 14);
    expect(m.get('LongRunEmphasis')).toBeCloseTo(48 / 30, 14);
  });
  it('flat region: Correlation 1, MCC 1, Imc1 0, Imc2 0 (PyRadiomics degenerate cases)', () => {
    const settings = makeSettings({ binWidth: 1 });
    const roi = prepareRoi(vol([3, 3, 3, 3]), vol([1, 1, 1, 1]), settings, { image: 'flat', mask: 'flat' });
    const f = getClass('glcm')!.compute({ roi, settings, discretised: () => discretise(roi, settings) }, GLCM_FEATURES);
    expect([f.get('Correlation'), f.get('MCC'), f.get('Imc1'), f.get('Imc2'), f.get('Contrast')]).toEqual([1, 1, 0, 0, 0]);
  });
});

it('feature lists are the PyRadiomics defaults', () => {
  expect(GLCM_FEATURES).toHaveLength(24);
  expect(GLRLM_FEATURES).toHaveLength(16);
});
