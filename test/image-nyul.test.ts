/**
 * Histogram standardisation (Nyul et al. 2000), against closed-form properties: landmarks of standardised
 * training images fall on the standard landmarks; the map is monotone; an image of the same anatomy from a
 * "scanner" with another gain and offset lands on the same landmarks; parameters fitted on training images are
 * applied unchanged.
 */
import { describe, expect, it } from 'vitest';
import { applyNyulToData, fitNyul, foregroundValues, imageLandmarks, percentilesSorted, DEFAULT_PERCENTILES, checkLandmarks } from '../src/image/histogram-standardisation.js';
import { syntheticCase } from '../src/study/synthetic.js';

const cases = [1, 2, 3, 4].map((s) => syntheticCase(`c${s}`, s % 2 === 0, s, { size: [40, 40, 12] }));
// Training images from two "scanners": gain and offset differ.
const training = cases.map((c, k) => {
  const gain = [1, 2.5, 0.6, 1.7][k];
  const offset = [0, 150, -40, 300][k];
  const d = Float32Array.from(c.image.data, (x) => gain * x + offset);
  return { data: d, name: c.id };
});

describe('Nyul histogram standardisation', () => {
  it('percentiles are numpy.percentile (linear): closed form on 0..10', () => {
    const v = Float64Array.from({ length: 11 }, (_, i) => i);
    // numpy.percentile(np.arange(11), [1, 10, 55, 99]) == [0.1, 1.0, 5.5, 9.9]
    const p = percentilesSorted(v, [1, 10, 55, 99]);
    [0.1, 1, 5.5, 9.9].forEach((e, k) => expect(p[k]).toBeCloseTo(e, 12));
  });

  it('the automatic foreground is the voxels above the mean', () => {
    const d = Float32Array.from([0, 0, 0, 10, 20, 30]); // mean 10
    expect(Array.from(foregroundValues(d))).toEqual([20, 30]);
  });

  const lm = fitNyul(training);

  it('standardised training images have their landmarks on the standard landmarks (within 1 %)', () => {
    expect(lm.standard[0]).toBeCloseTo(1, 10);
    expect(lm.standard[lm.standard.length - 1]).toBeCloseTo(100, 10);
    for (const t of training) {
      // Foreground fixed on the input (the map is monotone, so the voxel set is the same one the landmarks used).
      let s = 0;
      for (const x of t.data) s += x;
      const mean = s / t.data.length;
      const fg = Uint8Array.from(t.data, (x) => (x > mean ? 1 : 0));
      const out = applyNyulToData(t.data, lm, undefined, t.name);
      const after = imageLandmarks(out, DEFAULT_PERCENTILES, fg, t.name);
      after.forEach((a, k) => expect(Math.abs(a - lm.standard[k])).toBeLessThanOrEqual(0.01 * Math.abs(lm.standard[k]) + 1e-9));
    }
  });

  it('the map is monotone increasing', () => {
    const ramp = Float32Array.from({ length: 2000 }, (_, i) => i - 200);
    const out = applyNyulToData(ramp, { ...lm }, undefined, 'ramp');
    for (let i = 1; i < out.length; i++) expect(out[i]).toBeGreaterThan(out[i - 1]);
  });

  it('another scanner (gain 3.2, offset -75) lands on the same standardised intensities', () => {
    const base = Float32Array.from(cases[0].image.data);
    const other = Float32Array.from(base, (x) => 3.2 * x - 75);
    const a = applyNyulToData(base, lm, undefined, 'base');
    const b = applyNyulToData(other, lm, undefined, 'other');
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i])));
    expect(worst).toBeLessThan(1e-4);
  });

  it('fitted parameters survive a JSON round trip and are checked when read', () => {
    const back = checkLandmarks(JSON.parse(JSON.stringify(lm)), 'lm.json');
    expect(back.standard).toEqual(lm.standard);
    expect(() => checkLandmarks({ method: 'nyul', percentiles: [1, 99], standard: [5, 2] }, 'bad.json')).toThrow(/bad\.json: not a histogram-standardisation landmarks file/);
  });

  it('a flat image is a clear error', () => {
    expect(() => fitNyul([{ data: new Float32Array(100).fill(7), mask: new Uint8Array(100).fill(1), name: 'flat.nii.gz' }])).toThrow(/flat\.nii\.gz: intensity landmarks are not increasing/);
  });
});
