/**
 * GLSZM, GLDM and NGTDM against PyRadiomics' own baselines (../shared/data/pyradiomics/baseline), and the
 * matrices against closed-form examples from PyRadiomics' documentation (the 5 x 5 and 4 x 4 images of the
 * glszm.py, gldm.py and ngtdm.py docstrings).
 */
import { describe, expect, it } from 'vitest';
import { PLAIN_COLUMNS, extractColumn, loadBaseline, withinPyRadiomicsTolerance } from './helpers/pyradiomics.js';
import { chebyshevOffsets, countStats, glszmMatrix, outOfPlaneAxis, type CountMatrix } from '../src/radiomics/glszm.js';
import { dependenceMatrix } from '../src/radiomics/gldm.js';
import { ngtdmFeatures, ngtdmTable } from '../src/radiomics/ngtdm.js';
import type { Vec3 } from '../src/io/volume.js';

/** Dense rows (grey level 1..ng) x columns (j = 1..nj) of a compact count matrix. */
function dense(m: CountMatrix, ng: number, nj: number): number[][] {
  const out = Array.from({ length: ng }, () => new Array<number>(nj).fill(0));
  const nc = m.j.length;
  for (let r = 0; r < m.i.length; r++) for (let c = 0; c < nc; c++) out[m.i[r] - 1][m.j[c] - 1] += m.p[r * nc + c];
  return out;
}

/** A 2D image given as rows (y) of columns (x), as a 1-slice volume (i = x fastest). */
function image2d(rows: number[][]): { levels: Int32Array; size: Vec3 } {
  const ny = rows.length;
  const nx = rows[0].length;
  const levels = new Int32Array(nx * ny);
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) levels[x + nx * y] = rows[y][x];
  return { levels, size: [nx, ny, 1] };
}

// PyRadiomics documentation example (glszm.py, gldm.py): 5 x 5 image, 5 grey levels.
const DOC5 = image2d([
  [5, 2, 5, 4, 4],
  [3, 3, 3, 1, 3],
  [2, 1, 1, 1, 3],
  [4, 2, 2, 2, 3],
  [3, 5, 3, 3, 2],
]);

describe('matrices against PyRadiomics documentation examples', () => {
  it('GLSZM of the 5 x 5 example (8-connected)', () => {
    const m = glszmMatrix(DOC5.levels, DOC5.size, chebyshevOffsets([1]));
    // glszm.py docstring: rows grey level 1..5, columns zone size 1..5.
    expect(dense(m, 5, 5)).toEqual([
      [0, 0, 0, 1, 0],
      [1, 0, 0, 0, 1],
      [1, 0, 1, 0, 1],
      [1, 1, 0, 0, 0],
      [3, 0, 0, 0, 0],
    ]);
    expect(m.nv).toBe(25);
  });

  it('GLDM of the 5 x 5 example (alpha 0, delta 1)', () => {
    const m = dependenceMatrix(DOC5.levels, DOC5.size, chebyshevOffsets([1]), 0);
    // gldm.py docstring: rows grey level 1..5, columns dependence 0..3 (our j = dependence + 1).
    expect(dense(m, 5, 4)).toEqual([
      [0, 1, 2, 1],
      [1, 2, 3, 0],
      [1, 4, 4, 0],
      [1, 2, 0, 0],
      [3, 0, 0, 0],
    ]);
    // GrayLevelNonUniformityNormalized equals first-order Uniformity: levels 1..5 occur 4, 6, 9, 3, 3 times
    expect(countStats(m).glnn).toBeCloseTo((16 + 36 + 81 + 9 + 9) / 625, 15);
  });

  it('NGTDM of the 4 x 4 example (ngtdm.py docstring: n_i and s_i)', () => {
    const img = image2d([
      [1, 2, 5, 2],
      [3, 5, 1, 3],
      [1, 3, 5, 5],
      [3, 1, 1, 1],
    ]);
    const t = ngtdmTable(img.levels, img.size, chebyshevOffsets([1]), true);
    expect(Array.from(t.i)).toEqual([1, 2, 3, 5]);
    expect(Array.from(t.n)).toEqual([6, 2, 4, 4]);
    // Docstring: s_1 = 13.35, s_2 = 2.00, s_5 = 10.075. Its s_3 = 2.63 uses 14/5 for the first 3 (row 2, column 1),
    // whose neighbours are 1, 2, 5, 1, 3 (mean 12/5): by hand s_3 = |3-12/5| + |3-18/5| + |3-20/8| + |3-5/3| = 91/30.
    const want = [13.35, 2.0, 91 / 30, 10.075];
    for (let c = 0; c < 4; c++) expect(Math.abs(t.s[c] - want[c])).toBeLessThan(1e-12);
    expect(t.nvp).toBe(16);
  });

  it('neighbourhoods: (2d+1)^3 - (2d-1)^3 offsets at Chebyshev distance d, (2d+1)^2 - (2d-1)^2 in-plane', () => {
    expect(chebyshevOffsets([1]).n).toBe(26);
    expect(chebyshevOffsets([2]).n).toBe(125 - 27);
    expect(chebyshevOffsets([1, 2]).n).toBe(124);
    expect(chebyshevOffsets([1], 2).n).toBe(8);
    expect(chebyshevOffsets([2], 2).n).toBe(25 - 9);
    // PyRadiomics' force2Ddimension counts numpy axes (z, y, x): 0 is the slice axis k
    expect(outOfPlaneAxis({ force2D: true, force2Ddimension: 0 })).toBe(2);
    expect(outOfPlaneAxis({ force2D: true, force2Ddimension: 2 })).toBe(0);
    expect(outOfPlaneAxis({ force2D: false, force2Ddimension: 0 })).toBe(-1);
    const o = chebyshevOffsets([1], outOfPlaneAxis({ force2D: true, force2Ddimension: 1 }));
    expect(Array.from(o.dj).every((d) => d === 0)).toBe(true);
  });

  it('NGTDM voxels without ROI neighbours: counted with s = 0 (PyRadiomics C code), left out (IBSI)', () => {
    // two ROI voxels (levels 1 and 2) separated by a non-ROI voxel: neither has a neighbour in the ROI
    const img = image2d([[1, 0, 2]]);
    const py = ngtdmTable(img.levels, img.size, chebyshevOffsets([1]), true);
    expect([Array.from(py.i), Array.from(py.n), Array.from(py.s), py.nvp]).toEqual([[1, 2], [1, 1], [0, 0], 2]);
    const ibsi = ngtdmTable(img.levels, img.size, chebyshevOffsets([1]), false);
    expect([ibsi.i.length, ibsi.nvp]).toEqual([0, 0]);
  });

  it('special values of a flat region (one grey level), as PyRadiomics defines them', () => {
    const flat = image2d([
      [2, 2],
      [2, 2],
    ]);
    const f = ngtdmFeatures(ngtdmTable(flat.levels, flat.size, chebyshevOffsets([1]), true));
    expect(f).toEqual({ Busyness: 0, Coarseness: 1e6, Complexity: 0, Contrast: 0, Strength: 0 });
    const z = countStats(glszmMatrix(flat.levels, flat.size, chebyshevOffsets([1])));
    // one zone of 4 voxels: SAE = 1/16, LAE = 16, ZP = 1/4, variances 0, entropy 0
    expect(z.sje).toBeCloseTo(1 / 16, 15);
    expect(z.lje).toBe(16);
    expect(z.percentage).toBe(0.25);
    expect(z.glv).toBe(0);
    expect(z.jv).toBe(0);
    expect(Math.abs(z.entropy)).toBeLessThan(1e-12);
  });
});

/** Largest relative difference per class and column, for the documentation. */
const worst: Record<string, number> = {};

describe.each(['glszm', 'gldm', 'ngtdm'])('PyRadiomics baseline: %s', (cls) => {
  const b = loadBaseline(cls);
  const columns = PLAIN_COLUMNS.filter((c) => b.columns.includes(c));
  it('covers the plain columns present in the baseline', () => {
    expect(columns.length).toBeGreaterThanOrEqual(8);
  });
  it.each(columns)('%s: every feature within 3 % (0 where 0)', async (column) => {
    const got = await extractColumn(b, cls, column);
    const expected = Object.entries(b.features[column]).filter(([k]) => k.startsWith(`original_${cls}_`));
    expect(expected.length).toBeGreaterThan(0);
    const bad: string[] = [];
    let w = 0;
    for (const [name, want] of expected) {
      const v = got.get(name);
      expect(v, name).toBeDefined();
      const rel = want === 0 ? Math.abs(v!) : Math.abs(v! - want) / Math.abs(want);
      if (rel > w) w = rel;
      if (!withinPyRadiomicsTolerance(v!, want)) bad.push(`${name}: ${v} vs ${want}`);
    }
    worst[`${cls} ${column}`] = w;
    expect(bad).toEqual([]);
    // every default feature of the class is in the baseline
    expect([...got.keys()].filter((k) => k.startsWith(`original_${cls}_`)).length).toBe(expected.length);
  });
});

describe('report', () => {
  it('largest relative difference per class and column', () => {
    if (process.env.ALNM_REPORT) console.log(JSON.stringify(worst, null, 1));
    expect(Object.keys(worst).length).toBeGreaterThan(0);
  });
});
