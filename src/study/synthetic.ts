/**
 * Synthetic breast DCE-MRI cases for the demo and the tests: made by alnm's own code, no patient data.
 * Each case is a first post-contrast phase with fibroglandular background, a lobulated enhancing tumour,
 * a smooth multiplicative bias field and Rician-like noise, on an anisotropic grid as DCE-MRI often is;
 * the mask is the tumour (label 1). Node-positive cases get larger, more irregular and more heterogeneous
 * tumours, so models built on the features have a signal to find. Deterministic for a given seed.
 */
import type { Volume } from '../io/volume.js';
import { Rng } from '../util/random.js';

export interface SyntheticCase {
  id: string;
  image: Volume;
  mask: Volume;
  /** Ground truth used to generate it. */
  truth: { alnPositive: boolean; radiusMm: number; irregularity: number; heterogeneity: number };
}

export interface SyntheticOptions {
  size?: [number, number, number];
  spacing?: [number, number, number];
}

/** Standard normal from two uniforms (Box-Muller). */
export function gaussian(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

export function syntheticCase(id: string, alnPositive: boolean, seed: number, opts: SyntheticOptions = {}): SyntheticCase {
  const rng = new Rng(seed);
  const [nx, ny, nz] = opts.size ?? [72, 72, 28];
  const spacing = opts.spacing ?? [0.8, 0.8, 2];
  const n = nx * ny * nz;
  // Node-positive tumours are larger, more irregular and more heterogeneous on average; the classes overlap.
  const radiusMm = Math.max(3, (alnPositive ? 8.5 : 7) + 1.8 * gaussian(rng));
  const irregularity = Math.max(0.02, (alnPositive ? 0.2 : 0.14) + 0.08 * gaussian(rng));
  const heterogeneity = Math.max(0.05, (alnPositive ? 0.28 : 0.2) + 0.1 * gaussian(rng));
  // Lobulation: a few random cosine lobes on the sphere.
  const lobes = Array.from({ length: 5 }, () => ({
    dir: normalise([gaussian(rng), gaussian(rng), gaussian(rng)]),
    amp: irregularity * (0.5 + rng.nextFloat()),
    freq: 2 + rng.nextInt(3),
  }));
  const centre = [nx / 2 + gaussian(rng) * 2, ny / 2 + gaussian(rng) * 2, nz / 2 + gaussian(rng)];
  // Smooth fields: background texture and tumour heterogeneity from a few random plane waves.
  const waves = (k: number, scale: number) =>
    Array.from({ length: k }, () => ({ w: [gaussian(rng) * scale, gaussian(rng) * scale, gaussian(rng) * scale], ph: rng.nextFloat() * 2 * Math.PI }));
  const bg = waves(6, 0.08);
  const het = waves(8, 0.35);
  const bias = [gaussian(rng) * 0.15, gaussian(rng) * 0.15, gaussian(rng) * 0.1];
  const img = new Int16Array(n);
  const msk = new Uint8Array(n);
  const p = [0, 0, 0];
  for (let k = 0, idx = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        p[0] = (i - centre[0]) * spacing[0];
        p[1] = (j - centre[1]) * spacing[1];
        p[2] = (k - centre[2]) * spacing[2];
        const r = Math.hypot(p[0], p[1], p[2]);
        let rad = radiusMm;
        if (r > 0) {
          for (const l of lobes) {
            const c = (p[0] * l.dir[0] + p[1] * l.dir[1] + p[2] * l.dir[2]) / r;
            rad += radiusMm * l.amp * Math.cos(l.freq * Math.acos(Math.max(-1, Math.min(1, c))));
          }
        }
        let tissue = 300;
        for (const w of bg) tissue += 60 * Math.cos(w.w[0] * i * spacing[0] + w.w[1] * j * spacing[1] + w.w[2] * k * spacing[2] + w.ph);
        let v = tissue;
        if (r <= rad) {
          msk[idx] = 1;
          let h = 0;
          for (const w of het) h += Math.cos(w.w[0] * p[0] + w.w[1] * p[1] + w.w[2] * p[2] + w.ph);
          const rim = 1 + 0.25 * Math.min(1, r / Math.max(rad, 1e-6)); // rim enhancement
          v = 900 * rim * (1 + (heterogeneity * h) / Math.sqrt(het.length));
        }
        const b = Math.exp(bias[0] * (i / nx - 0.5) + bias[1] * (j / ny - 0.5) + bias[2] * (k / nz - 0.5));
        const noiseRe = v * b + 25 * gaussian(rng);
        const noiseIm = 25 * gaussian(rng);
        img[idx] = Math.round(Math.hypot(noiseRe, noiseIm));
      }
    }
  }
  const geom = { size: [nx, ny, nz] as [number, number, number], spacing: [...spacing] as [number, number, number], origin: [-nx * spacing[0] / 2, -ny * spacing[1] / 2, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  return {
    id,
    image: { ...geom, data: img },
    mask: { ...geom, size: [...geom.size], spacing: [...geom.spacing], origin: [...geom.origin], direction: [...geom.direction], data: msk },
    truth: { alnPositive, radiusMm, irregularity, heterogeneity },
  };
}

function normalise(v: number[]): number[] {
  const s = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / s, v[1] / s, v[2] / s];
}
