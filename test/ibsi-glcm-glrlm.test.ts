/**
 * IBSI GLCM and GLRLM families against the IBSI chapter-1 reference values (../shared/data/ibsi1/reference_values.csv):
 * every row of the two families for the digital phantom (grey levels 1..6 as stored) and for configuration A
 * (CT phantom: intensities rounded, re-segmented to [-500, 400] HU, fixed bin size 25 HU from -500, no
 * interpolation), each within its tolerance (blank tolerance: the rounding of the printed value).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ibsiCooccurrence, ibsiGlcm, IBSI_GLCM_CODES } from '../src/radiomics/ibsi/glcm.js';
import { ibsiGlrlm, IBSI_GLRLM_CODES } from '../src/radiomics/ibsi/glrlm.js';
import { IN_PLANE_OFFSETS, OFFSETS_3D } from '../src/radiomics/directions.js';
import { runLengthCounts } from '../src/radiomics/glrlm.js';
import type { IbsiValue } from '../src/radiomics/ibsi/types.js';
import { data } from './helpers/data.js';
import { halfUnit, ibsiConfigA, ibsiDigitalPhantom, ibsiReferenceRows, type IbsiRefRow } from './helpers/ibsi.js';

type Row = IbsiRefRow;
const rows = ibsiReferenceRows();

/** The rows of a family: the block of the CSV from its first to its last section heading. */
function familyRows(first: string, last: string): Row[] {
  const a = rows.findIndex((r) => r.heading === first);
  let b = rows.findIndex((r, i) => i > a && r.heading === last);
  while (rows[b + 1]?.heading === last) b++;
  return rows.slice(a, b + 1);
}
const GLCM_ROWS = familyRows('Joint maximum', 'Information correlation 2');
const GLRLM_ROWS = familyRows('Short runs emphasis', 'Run entropy');

/** Allowed difference: the tolerance, or half a unit of the last printed digit when blank. */
function allowed(r: Row): number {
  return r.tolerance.trim() !== '' ? Number(r.tolerance) : halfUnit(r.value);
}

function check(got: IbsiValue[], refs: Row[]): { passed: number; failures: string[] } {
  const failures: string[] = [];
  let passed = 0;
  for (const r of refs) {
    const v = got.find((g) => g.code === r.code && g.aggr === r.aggr);
    const tol = allowed(r) * (1 + 1e-9);
    if (v && Math.abs(v.value - Number(r.value)) <= tol) passed++;
    else failures.push(`${r.heading} (${r.code}) ${r.aggr}: ${v?.value} vs ${r.value} +/- ${allowed(r)}`);
  }
  return { passed, failures };
}

describe('IBSI codes', () => {
  it('every GLCM/GLRLM row of the CSV has the code alnm gives its section heading, and all are covered', () => {
    for (const [rowsOf, codes] of [
      [GLCM_ROWS, IBSI_GLCM_CODES],
      [GLRLM_ROWS, IBSI_GLRLM_CODES],
    ] as const) {
      const byHeading = new Map(codes.map(([, code, heading]) => [heading, code]));
      for (const r of rowsOf) expect(byHeading.get(r.heading), r.heading).toBe(r.code);
      expect(new Set(rowsOf.map((r) => r.code)).size).toBe(codes.length);
    }
    expect(GLCM_ROWS.length).toBeGreaterThan(0);
  });
});

describe('IBSI digital phantom', () => {
  for (const [name, family, refs] of [
    ['GLCM', ibsiGlcm, GLCM_ROWS],
    ['GLRLM', ibsiGlrlm, GLRLM_ROWS],
  ] as const) {
    it(`${name}: every reference row within tolerance`, async () => {
      const q = await ibsiDigitalPhantom();
      const mine = refs.filter((r) => r.data === 'dig. phantom');
      expect(mine.length).toBe(name === 'GLCM' ? 25 * 6 : 16 * 6);
      const { passed, failures } = check(family(q), mine);
      console.log(`IBSI digital phantom ${name}: ${passed}/${mine.length}`);
      expect(failures).toEqual([]);
    });
  }
});

/**
 * The texture matrices printed in the IBSI manual (ibsi-doc_06_Digital_phantom_texture_matrices.rst): each table
 * lists the non-zero (i, j or run length, count) entries of one matrix. The direction captions are incomplete in
 * that file, so matrices are compared as multisets: the manual's tables of a section must be exactly alnm's matrices.
 */
describe('IBSI digital phantom texture matrices', () => {
  const doc = readFileSync(data('ibsi1', 'ibsi-doc_06_Digital_phantom_texture_matrices.rst'), 'utf8');
  /** Tables of one section, each as a canonical string "a,b,n;..." sorted. */
  function sectionTables(title: string): string[] {
    const lines = doc.split('\n');
    const at = lines.findIndex((l, i) => l.trim() === title && /^-+$/.test(lines[i + 1] ?? ''));
    const tables: string[][] = [];
    let cur: string[] | null = null;
    for (let i = at + 2; i < lines.length; i++) {
      if (/^-+$/.test(lines[i + 1] ?? '') && lines[i].trim()) break; // next section
      const m = lines[i].match(/^\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*$/);
      if (m) {
        if (!cur) tables.push((cur = []));
        cur.push(`${Number(m[1])},${Number(m[2])},${Number(m[3])}`);
      } else if (/^\s*\+[-=+]+\+\s*$/.test(lines[i]) || /^\s*\|\s*i\s*\|/.test(lines[i])) continue;
      else if (lines[i].trim()) cur = null;
    }
    return tables.map((t) => t.sort().join(';')).sort();
  }
  /** Canonical strings of alnm's matrices (ng = 6 rows, `cols` columns; column c stands for c + 1). */
  function canon(blocks: Float64Array[], cols: number): string[] {
    return blocks
      .map((m) => {
        const e: string[] = [];
        for (let i = 0; i < 6; i++) for (let c = 0; c < cols; c++) if (m[i * cols + c]) e.push(`${i + 1},${c + 1},${m[i * cols + c]}`);
        return e.sort().join(';');
      })
      .sort();
  }
  const blocksOf = (s: { data: Float64Array; count: number; length: number }) =>
    Array.from({ length: s.count }, (_, b) => s.data.slice(b * s.length, (b + 1) * s.length));
  const sum = (ms: Float64Array[]) => ms.reduce((a, m) => a.map((x, i) => x + m[i]));
  const sliceMerged = (ms: Float64Array[]) => [0, 1, 2, 3].map((k) => sum(ms.slice(4 * k, 4 * k + 4)));

  it('GLCM (2D per slice and direction, 2D merged per slice, 3D per direction, 3D merged)', async () => {
    const q = await ibsiDigitalPhantom();
    expect(q.size[2]).toBe(4);
    const planar = blocksOf(ibsiCooccurrence(q.levels, q.size, 6, IN_PLANE_OFFSETS, true));
    const volume = blocksOf(ibsiCooccurrence(q.levels, q.size, 6, OFFSETS_3D, false));
    expect(sectionTables('Grey level co-occurrence matrix (2D)')).toEqual(canon(planar, 6));
    expect(sectionTables('Grey level co-occurrence matrix (2D, merged)')).toEqual(canon(sliceMerged(planar), 6));
    expect(sectionTables('Grey level co-occurrence matrix (3D)')).toEqual(canon(volume, 6));
    expect(sectionTables('Grey level co-occurrence matrix (3D, merged)')).toEqual(canon([sum(volume)], 6));
  });

  it('GLRLM (2D per slice and direction, 2D merged per slice, 3D per direction, 3D merged)', async () => {
    const q = await ibsiDigitalPhantom();
    const nr = Math.max(...q.size);
    const run = (offsets: typeof OFFSETS_3D, perSlice: boolean) => {
      const { counts } = runLengthCounts(q.levels, q.size, 6, offsets, perSlice);
      return blocksOf({ data: counts, count: counts.length / (6 * nr), length: 6 * nr });
    };
    const planar = run(IN_PLANE_OFFSETS, true);
    const volume = run(OFFSETS_3D, false);
    expect(sectionTables('Grey level run length matrix (2D)')).toEqual(canon(planar, nr));
    expect(sectionTables('Grey level run length matrix (2D, merged)')).toEqual(canon(sliceMerged(planar), nr));
    expect(sectionTables('Grey level run length matrix (3D)')).toEqual(canon(volume, nr));
    expect(sectionTables('Grey level run length matrix (3D, merged)')).toEqual(canon([sum(volume)], nr));
  });
});

describe('IBSI configuration A (CT phantom)', () => {
  it('GLCM and GLRLM: every reference row within tolerance', async () => {
    const q = await ibsiConfigA();
    const out: string[] = [];
    const failures: string[] = [];
    for (const [name, family, refs] of [
      ['GLCM', ibsiGlcm, GLCM_ROWS],
      ['GLRLM', ibsiGlrlm, GLRLM_ROWS],
    ] as const) {
      const mine = refs.filter((r) => r.data === 'config. A');
      expect(mine.length).toBe(name === 'GLCM' ? 25 * 4 : 16 * 4);
      const r = check(family(q), mine);
      out.push(`IBSI config A ${name}: ${r.passed}/${mine.length}`);
      failures.push(...r.failures);
    }
    console.log(out.join('\n'));
    expect(failures).toEqual([]);
  });
});
