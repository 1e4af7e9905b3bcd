import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromText } from '../src/util/csv.js';
import { isAlnmError } from '../src/util/errors.js';
import { ibsiFeatures } from '../src/radiomics/ibsi/index.js';
import { convexHull, meshMeasures } from '../src/radiomics/ibsi/convex-hull.js';
import { ellipsoidArea } from '../src/radiomics/ibsi/morphology.js';
import { symmetricEigenvalues3 } from '../src/radiomics/principal-axes.js';
import type { IbsiValue } from '../src/radiomics/ibsi/types.js';
import { command } from '../src/cli/commands/ibsi.js';
import { data } from './helpers/data.js';
import { ibsiReference, matchRows, type IbsiPair, type IbsiRef } from './helpers/ibsi.js';

/**
 * Outside reference: the IBSI-1 consensus values (reference_values.csv, parsed from the IBSI manual).
 * A blank tolerance means exact up to the printed rounding: half a unit of the last printed digit.
 */
function check(pairs: IbsiPair<IbsiRef>[]) {
  const bad: string[] = [];
  for (const { ref, ours } of pairs) {
    if (!ours) continue;
    const diff = Math.abs(ours.value - ref.value);
    if (!(diff <= ref.tol * (1 + 1e-9) + 1e-12)) bad.push(`${ref.name} ${ref.code} [${ref.aggr}]: ${ours.value} vs ${ref.text} +/- ${ref.tol}`);
  }
  return bad;
}

const CASES = [
  { dataset: 'dig. phantom', config: 'digital', dir: 'digital_phantom' },
  { dataset: 'config. A', config: 'A', dir: 'ct_phantom' },
];
const results = new Map<string, IbsiValue[]>();

beforeAll(async () => {
  for (const c of CASES) {
    results.set(c.config, await ibsiFeatures(data('ibsi1', c.dir, 'image/phantom.nii.gz'), data('ibsi1', c.dir, 'mask/mask.nii.gz'), c.config));
  }
}, 60_000);

describe.each(CASES)('IBSI-1 reference values: $dataset', ({ dataset, config }) => {
  it('covers every non-texture row (morphology, local intensity, statistics, histogram, IVH) within tolerance', () => {
    const pairs = matchRows(ibsiReference(dataset), results.get(config)!);
    const own = pairs.filter((p) => p.ref.aggr === '');
    expect(own.length).toBe(74);
    expect(own.filter((p) => !p.ours).map((p) => p.ref.name)).toEqual([]);
    expect(check(own)).toEqual([]);
  });

  it('reports coverage of all rows; texture rows that are computed are within tolerance', () => {
    const pairs = matchRows(ibsiReference(dataset), results.get(config)!);
    const covered = pairs.filter((p) => p.ours).length;
    console.log(`IBSI ${dataset}: coverage ${covered}/${pairs.length} rows (${((100 * covered) / pairs.length).toFixed(1)} %)`);
    expect(covered).toBeGreaterThanOrEqual(74);
    expect(check(pairs.filter((p) => p.ref.aggr !== ''))).toEqual([]);
    // Every computed row has a reference row (nothing misnamed).
    expect(results.get(config)!.length).toBe(covered);
  });
});

describe('geometry helpers (closed form)', () => {
  it('convex hull of a unit cube with interior and face points: volume 1, area 6, 8 vertices', () => {
    const pts: number[] = [];
    for (let c = 0; c < 8; c++) pts.push(c & 1, (c >> 1) & 1, (c >> 2) & 1);
    // interior points, points on faces and edges (coplanar with hull faces)
    for (let t = 1; t < 10; t++) pts.push(t / 10, ((t * 7) % 10) / 10, ((t * 3) % 10) / 10, t / 10, 0, 0.5, 1, t / 10, 0.25);
    const h = convexHull(pts);
    const m = meshMeasures(pts, h.faces);
    expect(m.volume).toBeCloseTo(1, 12);
    expect(m.area).toBeCloseTo(6, 12);
    expect(h.vertices.length).toBe(8);
  });

  it('ellipsoid area series (as printed in the manual) is exact for a sphere: 4 pi r^2', () => {
    expect(ellipsoidArea(3, 3, 3)).toBeCloseTo(4 * Math.PI * 9, 10);
  });

  it('symmetric 3x3 eigenvalues: [[2,1,0],[1,2,0],[0,0,5]] -> 1, 3, 5 (ascending)', () => {
    const ev = symmetricEigenvalues3([2, 1, 0, 1, 2, 0, 0, 0, 5]);
    expect(ev[2]).toBeCloseTo(5, 12);
    expect(ev[1]).toBeCloseTo(3, 12);
    expect(ev[0]).toBeCloseTo(1, 12);
  });
});

describe('alnm ibsi (CLI)', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'alnm-ibsi-'));
  const img = data('ibsi1', 'digital_phantom', 'image/phantom.nii.gz');
  const msk = data('ibsi1', 'digital_phantom', 'mask/mask.nii.gz');

  it('writes ibsi_code,aggr_method,value for the digital phantom', async () => {
    const out = path.join(tmp, 'dig.csv');
    expect(await command.run(['--config', 'digital', '--image', img, '--mask', msk, '--out', out])).toBe(0);
    const t = tableFromText(readFileSync(out, 'utf8'));
    expect(t.columns).toEqual(['ibsi_code', 'aggr_method', 'value']);
    // Approximate volume YEKZ: 74 voxels of 8 mm^3 (reference 592).
    expect(Number(t.rows.find((r) => r.ibsi_code === 'YEKZ')!.value)).toBe(592);
    expect(t.rows.length).toBe(results.get('digital')!.length);
  });

  async function failure(argv: string[]) {
    try {
      await command.run(argv);
    } catch (e) {
      if (isAlnmError(e)) return e;
      throw e;
    }
    throw new Error('expected an error');
  }

  it('names a missing file', async () => {
    const e = await failure(['--config', 'A', '--image', path.join(tmp, 'nope.nii.gz'), '--mask', msk]);
    expect(e.message).toContain('nope.nii.gz');
    expect(e.message).toContain('file not found');
  });

  it('rejects a mask on another grid', async () => {
    const e = await failure(['--config', 'A', '--image', data('ibsi1', 'ct_phantom', 'image/phantom.nii.gz'), '--mask', msk]);
    expect(e.message).toContain('mask.nii.gz');
    expect(e.message).toContain('different grids');
  });
});
