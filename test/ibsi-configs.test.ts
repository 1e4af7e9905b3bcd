import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromText } from '../src/util/csv.js';
import { isAlnmError } from '../src/util/errors.js';
import { readVolume } from '../src/io/read.js';
import type { Volume } from '../src/io/volume.js';
import { IBSI_CONFIGS, processIbsi, type IbsiConfigId } from '../src/radiomics/ibsi/config.js';
import { ibsiResample } from '../src/radiomics/ibsi/interpolate.js';
import { computeIbsi } from '../src/radiomics/ibsi/index.js';
import type { IbsiInput, IbsiValue } from '../src/radiomics/ibsi/types.js';
import { command } from '../src/cli/commands/ibsi.js';
import { data } from './helpers/data.js';
import { ibsiReference, matchRows, type IbsiPair, type IbsiRef } from './helpers/ibsi.js';

/*
 * Outside references:
 *  - configurations B and C: the IBSI-1 consensus values (reference_values.csv, parsed from the IBSI manual);
 *    a blank tolerance means exact up to the printed rounding (half a unit of the last printed digit);
 *  - the interpolation of B-E: scipy 1.17.1 on the same NIfTI files (image cast to float64 and rounded):
 *      c = np.meshgrid(*[x0_a + s_b/s_a * np.arange(n_b) for each axis], indexing='ij')   # IBSI QCY4 grid
 *      I = np.floor(np.round(ndimage.map_coordinates(img, c, order=k, mode='nearest'), 6) + 0.5)
 *        (k = 1 for B, C, D; k = 3, the prefiltered cubic spline, for E; B keeps the z coordinates 0..59)
 *      M = np.round(ndimage.map_coordinates(mask, c, order=1, mode='nearest'), 9) >= 0.5
 *      v = I[M]; w = v[(v >= lo) & (v <= hi)]   with lo, hi the range and/or v.mean() -/+ 3 * v.std()
 *    giving the counts, sums and bounds quoted in SCIPY below;
 *  - closed forms for the grid (manual, 026Q and QCY4), re-segmentation and discretisation.
 */
const IMG = data('ibsi1', 'ct_phantom', 'image/phantom.nii.gz');
const MSK = data('ibsi1', 'ct_phantom', 'mask/mask.nii.gz');

/** Reference rows of a data set; rows without a value (config C's compactness 1) are returned separately. */
function reference(dataset: string): { rows: IbsiRef[]; noValue: string[] } {
  const all = ibsiReference(dataset);
  return {
    rows: all.filter((r) => r.text.trim() !== ''),
    noValue: all.filter((r) => r.text.trim() === '').map((r) => `${r.name} ${r.code}`),
  };
}

const match = matchRows<IbsiRef>;
type Pair = IbsiPair<IbsiRef>;

const within = (p: Pair) => Math.abs(p.ours!.value - p.ref.value) <= p.ref.tol * (1 + 1e-9) + 1e-12;
const describeRow = (p: Pair) => {
  const d = Math.abs(p.ours!.value - p.ref.value);
  return `${p.ref.name} ${p.ref.code}${p.ref.aggr ? ` [${p.ref.aggr}]` : ''}: ${p.ours!.value.toPrecision(5)} vs ${p.ref.text} +/- ${p.ref.tol} (|d|/tol ${(d / p.ref.tol).toFixed(2)}, rel ${((100 * d) / Math.abs(p.ref.value)).toFixed(2)} %)`;
};

/** Morphology codes (family HCUG) whose value depends on the surface mesh (area, mesh volume or its vertices). */
const MESH = new Set(['RNU0', 'C0JK', '2PR5', 'SKGS', 'BQWJ', 'KRCK', 'QCFX', '25C7', 'L0JK', 'PBX1', 'R59B', '6BDE', 'RDD2', 'R3ER', '7T7F', '99N0']);
/** Morphology codes computed from voxel centres only. */
const VOXEL_MORPHOLOGY = new Set(['YEKZ', 'KLMA', 'TDIC', 'P9VJ', '7J51', 'Q3CK', 'N17B', 'N365', 'NPT7']);

let image: Volume;
let mask: Volume;
const processed = new Map<IbsiConfigId, IbsiInput>();
const features = new Map<IbsiConfigId, IbsiValue[]>();

beforeAll(async () => {
  image = await readVolume(IMG);
  mask = await readVolume(MSK);
  for (const id of ['B', 'C', 'D', 'E'] as const) {
    const q = processIbsi(image, mask, IBSI_CONFIGS[id]);
    processed.set(id, q);
    features.set(id, computeIbsi(q, IBSI_CONFIGS[id]));
  }
}, 60_000);

describe.each([
  { id: 'B' as const, dataset: 'config. B', rows: 346 },
  { id: 'C' as const, dataset: 'config. C', rows: 209 },
])('IBSI-1 reference values, $dataset (CT phantom)', ({ id, dataset, rows }) => {
  it('covers every reference row; nothing is computed that the reference lacks', () => {
    const { rows: ref, noValue } = reference(dataset);
    const pairs = match(ref, features.get(id)!);
    const covered = pairs.filter((p) => p.ours).length;
    console.log(`IBSI ${dataset}: coverage ${covered}/${pairs.length} rows with a value${noValue.length ? `; without a reference value: ${noValue.join(', ')}` : ''}`);
    expect(pairs.length).toBe(rows);
    expect(pairs.filter((p) => !p.ours).map((p) => `${p.ref.code} ${p.ref.aggr}`)).toEqual([]);
    // every computed row has a reference row (plus the rows whose reference has no value)
    expect(features.get(id)!.length).toBe(covered + noValue.length);
    expect(features.get(id)!.every((v) => Number.isFinite(v.value))).toBe(true);
  });

  it('every row is within tolerance, the surface-mesh rows included', () => {
    const pairs = match(reference(dataset).rows, features.get(id)!);
    expect(pairs.filter((p) => p.ref.aggr === '' && VOXEL_MORPHOLOGY.has(p.ref.code)).length).toBe(VOXEL_MORPHOLOGY.size);
    expect(pairs.filter((p) => MESH.has(p.ref.code)).length).toBeGreaterThan(0);
    expect(pairs.filter((p) => !within(p)).map(describeRow)).toEqual([]);
  });
});

/** Voxel statistics of processed input, to compare with the scipy computation. */
function stats(q: IbsiInput) {
  let morphN = 0;
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  let intN = 0;
  let intSum = 0;
  for (let i = 0; i < q.image.length; i++) {
    if (q.morphMask[i]) {
      const v = q.image[i];
      morphN++;
      sum += v;
      sumSq += v * v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (q.mask[i]) {
      intN++;
      intSum += q.image[i];
    }
  }
  return { morphN, sum, sumSq, min, max, intN, intSum };
}

// scipy values (call in the header comment): ROI voxel count, sum, sum of squares, min, max of the interpolated
// morphological ROI; count and sum of the intensity ROI after re-segmentation; the re-segmentation bounds.
const SCIPY = {
  B: { morphN: 29842, sum: -1402010, sumSq: 1620166352, min: -956, max: 525, intN: 27359, intSum: 315451, lo: -500, hi: 400 },
  C: { morphN: 45985, sum: -2250141, sumSq: 2439697261, min: -939, max: 521, intN: 45981, intSum: -2252079, lo: -1000, hi: 400 },
  D: { morphN: 45985, sum: -2250141, sumSq: 2439697261, min: -939, max: 521, intN: 44465, intSum: -1045724, lo: -724.1643601, hi: 626.3002305 },
  E: { morphN: 45985, sum: -2220081, sumSq: 2579277225, min: -966, max: 627, intN: 44484, intSum: -1006480, lo: -743.8562589, hi: 400 },
};

describe('processing of configurations B-E', () => {
  it('interpolation grid: n_b = ceil(n_a s_a / s_b), x_b = x_a + (s_a (n_a - 1) - s_b (n_b - 1)) / 2; B keeps z', () => {
    // CT phantom: 204 x 201 x 60 voxels of 0.977 x 0.977 x 3 mm (float32 header values), identity direction.
    expect(image.size).toEqual([204, 201, 60]);
    const sa = image.spacing;
    for (const id of ['B', 'C', 'D', 'E'] as const) {
      const how = { ...IBSI_CONFIGS[id].interpolation! };
      const r = ibsiResample(image, mask, how, 1);
      const sb = id === 'B' ? [2, 2, sa[2]] : [2, 2, 2];
      // ceil(204 * 0.977 / 2) = ceil(99.65) = 100, ceil(201 * 0.977 / 2) = ceil(98.19) = 99, ceil(60 * 3 / 2) = 90
      const nb = id === 'B' ? [100, 99, 60] : [100, 99, 90];
      expect(r.image.size).toEqual(nb);
      expect(r.mask.size).toEqual(nb);
      expect(r.image.spacing).toEqual(sb);
      for (let a = 0; a < 3; a++) {
        expect(r.image.origin[a]).toBeCloseTo(image.origin[a] + (sa[a] * (image.size[a] - 1) - sb[a] * (nb[a] - 1)) / 2, 9);
      }
      if (id === 'B') expect(r.image.origin[2]).toBe(image.origin[2]);
      // rounded intensities; ROI fractions in [0, 1]
      expect(r.image.data.every((v) => Number.isInteger(v))).toBe(true);
      expect(r.mask.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });

  it.each(['B', 'C', 'D', 'E'] as const)('config %s: interpolated ROI and intensities equal scipy map_coordinates', (id) => {
    const s = stats(processed.get(id)!);
    const ref = SCIPY[id];
    expect(s.morphN).toBe(ref.morphN);
    expect(s.sum).toBe(ref.sum);
    expect(s.sumSq).toBe(ref.sumSq);
    expect(s.min).toBe(ref.min);
    expect(s.max).toBe(ref.max);
    expect(s.intN).toBe(ref.intN);
    expect(s.intSum).toBe(ref.intSum);
  });

  it.each(['B', 'C', 'D', 'E'] as const)('config %s: intensity mask = morphological mask within the range and mean +/- 3 SD', (id) => {
    const q = processed.get(id)!;
    const cfg = IBSI_CONFIGS[id];
    // closed form: mean and SD (1/N) of the morphological ROI
    let n = 0;
    let s = 0;
    for (let i = 0; i < q.image.length; i++) {
      if (q.morphMask[i]) {
        n++;
        s += q.image[i];
      }
    }
    const mu = s / n;
    let ss = 0;
    for (let i = 0; i < q.image.length; i++) if (q.morphMask[i]) ss += (q.image[i] - mu) ** 2;
    const sd = Math.sqrt(ss / n);
    let lo = cfg.resegmentRange ? cfg.resegmentRange[0] : -Infinity;
    let hi = cfg.resegmentRange ? cfg.resegmentRange[1] : Infinity;
    if (cfg.outlierSigma !== null) {
      expect(cfg.outlierSigma).toBe(3);
      lo = Math.max(lo, mu - 3 * sd);
      hi = Math.min(hi, mu + 3 * sd);
    }
    expect(lo).toBeCloseTo(SCIPY[id].lo, 6);
    expect(hi).toBeCloseTo(SCIPY[id].hi, 6);
    let removed = 0;
    for (let i = 0; i < q.image.length; i++) {
      const expected = q.morphMask[i] === 1 && q.image[i] >= lo && q.image[i] <= hi ? 1 : 0;
      if (q.mask[i] !== expected) throw new Error(`voxel ${i}: mask ${q.mask[i]}, expected ${expected}`);
      if (q.morphMask[i] && !q.mask[i]) removed++;
    }
    // the filter did remove voxels on both configurations with outlier filtering, and the range is as listed
    if (id === 'D' || id === 'E') expect(removed).toBeGreaterThan(1000);
    expect(cfg.resegmentRange).toEqual(id === 'D' ? null : id === 'B' ? [-500, 400] : [-1000, 400]);
  });

  it.each(['B', 'C', 'D', 'E'] as const)('config %s: discretisation (FBN 32: floor(32 (x - min) / (max - min)) + 1; FBS 25 HU from -1000)', (id) => {
    const q = processed.get(id)!;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < q.image.length; i++) {
      if (q.mask[i]) {
        min = Math.min(min, q.image[i]);
        max = Math.max(max, q.image[i]);
      }
    }
    for (let i = 0; i < q.image.length; i++) {
      const x = q.image[i];
      const expected = !q.mask[i] ? 0 : id === 'C' ? Math.floor((x + 1000) / 25) + 1 : x === max ? 32 : Math.floor((32 * (x - min)) / (max - min)) + 1;
      if (q.levels[i] !== expected) throw new Error(`voxel ${i}: level ${q.levels[i]}, expected ${expected}`);
    }
    expect(q.nLevels).toBe(id === 'C' ? Math.floor((max + 1000) / 25) + 1 : 32);
  });

  it('D and E: every family computes (210 rows each: 74 non-texture and the 3D texture aggregations, all finite)', () => {
    for (const id of ['D', 'E'] as const) {
      const f = features.get(id)!;
      expect(f.length).toBe(210);
      expect(f.filter((v) => v.aggr === '').length).toBe(74);
      expect(f.every((v) => v.aggr === '' || v.aggr.startsWith('3D'))).toBe(true);
      expect(f.every((v) => Number.isFinite(v.value))).toBe(true);
    }
  });

  it('E interpolates with the cubic spline and D trilinearly, on the same grid and ROI', () => {
    expect(IBSI_CONFIGS.D.interpolation!.image).toBe('linear');
    expect(IBSI_CONFIGS.E.interpolation!.image).toBe('cubic');
    // the ROI comes from the same trilinear mask interpolation; intensities differ
    expect(stats(processed.get('E')!).morphN).toBe(stats(processed.get('D')!).morphN);
    expect(SCIPY.E.sum).not.toBe(SCIPY.D.sum);
  });
});

describe('alnm ibsi --config B-E (CLI)', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'alnm-ibsi-cfg-'));

  it('usage lists configurations B-E', () => {
    for (const id of ['B', 'C', 'D', 'E']) expect(command.usage).toContain(`--config ${id} `);
  });

  it('runs configuration C: 210 rows (74 non-texture + 136 texture 3D)', async () => {
    const out = path.join(tmp, 'c.csv');
    expect(await command.run(['--config', 'C', '--image', IMG, '--mask', MSK, '--out', out])).toBe(0);
    const t = tableFromText(readFileSync(out, 'utf8'));
    expect(t.columns).toEqual(['ibsi_code', 'aggr_method', 'value']);
    expect(t.rows.length).toBe(210);
    // approximate volume YEKZ: 45 985 voxels of 8 mm^3 (reference 3.68e5 +/- 6e3)
    expect(Number(t.rows.find((r) => r.ibsi_code === 'YEKZ')!.value)).toBe(45985 * 8);
  });

  it('rejects an unknown configuration as a usage error', async () => {
    let err: unknown;
    try {
      await command.run(['--config', 'Z', '--image', IMG, '--mask', MSK]);
    } catch (e) {
      err = e;
    }
    expect(isAlnmError(err)).toBe(true);
    if (isAlnmError(err)) {
      expect(err.exitCode).toBe(2);
      expect(err.message).toContain('unknown --config "Z"');
    }
  });
});
