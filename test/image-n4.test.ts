/**
 * N4 bias-field correction on a phantom with a known smooth multiplicative field (closed form): two tissue
 * classes in a background, times a 30 % quadratic field. The recovered field must correlate with the true one
 * at r >= 0.99 (log fields, constant removed), the coefficient of variation inside a homogeneous region must
 * fall by >= 80 %, and the corrected image must stay on the input's intensity scale.
 */
import { describe, expect, it } from 'vitest';
import { n4, sharpen } from '../src/image/n4.js';
import { fft } from '../src/image/fft.js';
import { otsuThreshold } from '../src/image/otsu.js';
import type { Volume } from '../src/io/volume.js';
import { Rng } from '../src/util/random.js';
import { gaussian } from '../src/study/synthetic.js';

const [nx, ny, nz] = [64, 64, 32];
const rng = new Rng(7);
const clean = new Float32Array(nx * ny * nz);
const truth = new Float64Array(clean.length);
const region = new Uint8Array(clean.length); // homogeneous class-1 region
for (let k = 0, i = 0; k < nz; k++) {
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++, i++) {
      const u = (x - nx / 2) / (nx / 2);
      const v = (y - ny / 2) / (ny / 2);
      const w = (k - nz / 2) / (nz / 2);
      const r2 = u * u + v * v + w * w;
      let t = 0;
      if (r2 < 0.85) {
        t = Math.abs(u) < 0.3 && Math.abs(v) < 0.3 ? 400 : 1000; // two classes
        if (t === 1000) region[i] = 1;
      }
      // 30 % quadratic field: 1 + 0.3 * (quadratic in [-1, 1]^3 scaled to [0, 1])
      const b = 1 + 0.3 * (0.6 * u * u + 0.5 * v + 0.3 * w * w - 0.2 * u);
      truth[i] = b;
      clean[i] = t > 0 ? t * b + 3 * gaussian(rng) : Math.abs(5 * gaussian(rng));
    }
  }
}
const image: Volume = { size: [nx, ny, nz], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: clean };

function cv(d: ArrayLike<number>, m: Uint8Array): number {
  let s = 0;
  let s2 = 0;
  let n = 0;
  for (let i = 0; i < d.length; i++) {
    if (!m[i]) continue;
    s += d[i];
    s2 += d[i] * d[i];
    n++;
  }
  const mean = s / n;
  return Math.sqrt(s2 / n - mean * mean) / mean;
}

describe('N4 bias-field correction', () => {
  const res = n4(image, { shrinkFactor: 2 });

  it('recovers the field: correlation of log fields >= 0.99 inside the foreground', () => {
    const fg = new Uint8Array(clean.length);
    for (let i = 0; i < fg.length; i++) fg[i] = clean[i] > 200 ? 1 : 0;
    let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, n = 0;
    for (let i = 0; i < fg.length; i++) {
      if (!fg[i]) continue;
      const a = Math.log(res.bias.data[i]);
      const b = Math.log(truth[i]);
      sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b; n++;
    }
    const r = (sab - (sa * sb) / n) / Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
    expect(r).toBeGreaterThanOrEqual(0.99);
  });

  it('reduces the coefficient of variation in a homogeneous region by >= 80 %', () => {
    const before = cv(clean, region);
    const after = cv(res.corrected.data, region);
    expect(after).toBeLessThanOrEqual(0.2 * before);
  });

  it('keeps the input intensity scale and the geometry', () => {
    let s0 = 0, s1 = 0;
    for (let i = 0; i < clean.length; i++) {
      if (!region[i]) continue;
      s0 += clean[i];
      s1 += res.corrected.data[i];
    }
    expect(s1 / s0).toBeGreaterThan(0.8);
    expect(s1 / s0).toBeLessThan(1.25);
    expect(res.corrected.spacing).toEqual(image.spacing);
    expect(res.levels).toHaveLength(4);
  });

  it('refuses an image without positive voxels in the mask', () => {
    const neg: Volume = { ...image, data: new Float32Array(clean.length).fill(-5) };
    expect(() => n4(neg, { mask: new Uint8Array(clean.length).fill(1) }, 'neg.nii.gz')).toThrow(/neg\.nii\.gz: fewer than 16 positive voxels/);
  });
});

describe('N4 building blocks', () => {
  it('FFT of a unit impulse is flat; inverse without 1/N scaling returns N times the input', () => {
    const re = new Float64Array(8);
    const im = new Float64Array(8);
    re[0] = 1;
    fft(re, im);
    for (let k = 0; k < 8; k++) expect(re[k]).toBeCloseTo(1, 12);
    fft(re, im, true);
    expect(re[0]).toBeCloseTo(8, 12);
    // DFT of [0,1,0,0] is e^{-2 pi i k / 4} = [1, -i, -1, i]
    const r2 = Float64Array.from([0, 1, 0, 0]);
    const i2 = new Float64Array(4);
    fft(r2, i2);
    expect(Array.from(r2).map((x) => Math.round(x) + 0)).toEqual([1, 0, -1, 0]);
    expect(Array.from(i2).map((x) => Math.round(x) + 0)).toEqual([0, -1, 0, 1]);
  });

  it('Otsu splits a two-level image between the levels', () => {
    const d = Float64Array.from({ length: 1000 }, (_, i) => (i < 600 ? 10 + (i % 5) : 100 + (i % 7)));
    const t = otsuThreshold(d, 200);
    expect(t).toBeGreaterThan(14);
    expect(t).toBeLessThan(100);
  });

  it('sharpening moves values toward their histogram modes', () => {
    // Two blurred modes at 0 and 1: E[u|v] pulls v = 0.1 down and v = 0.9 up.
    const v = Float64Array.from({ length: 2000 }, (_, i) => (i < 1000 ? 0 : 1) + 0.08 * Math.sin(i * 12.9898));
    const out = new Float64Array(v.length);
    sharpen(v, v.length, 200, 0.15, 0.01, out);
    let lowSpreadBefore = 0, lowSpreadAfter = 0;
    for (let i = 0; i < 1000; i++) {
      lowSpreadBefore += Math.abs(v[i]);
      lowSpreadAfter += Math.abs(out[i]);
    }
    expect(lowSpreadAfter).toBeLessThan(lowSpreadBefore);
  });
});
