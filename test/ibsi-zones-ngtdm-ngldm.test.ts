/**
 * IBSI GLSZM, GLDZM, NGTDM and NGLDM families against the IBSI reference values
 * (../shared/data/ibsi1/reference_values.csv) on the digital phantom and on the CT phantom in configuration A,
 * and the phantom's matrices against those printed in the IBSI manual (ibsi-doc_06_Digital_phantom_texture_matrices.rst).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { chebyshevOffsets, glszmMatrix, type CountMatrix } from '../src/radiomics/glszm.js';
import { dependenceMatrix } from '../src/radiomics/gldm.js';
import { ngtdmTable } from '../src/radiomics/ngtdm.js';
import { gldzmMatrix, ibsiGldzm, ibsiGlszm, roiSlices } from '../src/radiomics/ibsi/glszm.js';
import { ibsiNgtdm } from '../src/radiomics/ibsi/ngtdm.js';
import { ibsiNgldm } from '../src/radiomics/ibsi/ngldm.js';
import type { IbsiFamily, IbsiInput, IbsiValue } from '../src/radiomics/ibsi/types.js';
import { ibsiConfigA, ibsiDigitalPhantom, ibsiReferenceRows, type IbsiRefRow } from './helpers/ibsi.js';

type Ref = IbsiRefRow;
const REFS = ibsiReferenceRows();

/**
 * The IBSI codes of each family (IBSI manual, chapter 3). Small zone emphasis (5QRC) has no code in the CSV,
 * so it is the row with an empty code and that heading.
 */
const FAMILIES: Record<string, { fn: IbsiFamily; codes: string[] }> = {
  GLSZM: {
    fn: ibsiGlszm,
    codes: ['', '48P8', 'XMSY', '5GN9', '5RAI', 'HW1V', 'YH51', 'J17V', 'JNSA', 'Y1RO', '4JP3', 'VB3A', 'P30P', 'BYLV', '3NSA', 'GU8N'],
  },
  GLDZM: {
    fn: ibsiGldzm,
    codes: ['0GBI', 'MB4I', 'S1RA', 'K26C', 'RUVG', 'DKNJ', 'A7WM', 'KLTH', 'VFT7', '7HP3', 'V294', 'IATH', 'VIWW', 'QK93', '7WT1', 'GBDU'],
  },
  NGTDM: { fn: ibsiNgtdm, codes: ['QCDE', '65HE', 'NQ30', 'HDEZ', '1X9X'] },
  NGLDM: {
    fn: ibsiNgldm,
    codes: ['SODN', 'IMOQ', 'TL9H', 'OAE7', 'EQ3F', 'JA6D', 'NBZI', '9QMG', 'FP8K', '5SPA', 'Z87G', 'OKJI', '6XV8', '1PFV', 'DNX2', 'FCBV', 'CAS9'],
  },
};

/** Reference rows per family: features x aggregations (3 for the phantom, 2D and 2.5D for configuration A). */
const ROW_COUNT: Record<string, Record<string, number>> = {
  'dig. phantom': { GLSZM: 48, GLDZM: 48, NGTDM: 15, NGLDM: 51 },
  'config. A': { GLSZM: 32, GLDZM: 32, NGTDM: 10, NGLDM: 34 },
};

const isRow = (r: Ref, code: string) => r.code === code && (code !== '' || r.heading === 'Small zone emphasis');

/**
 * Allowed difference: the listed tolerance, or for a blank tolerance the rounding of the printed value (half a
 * unit of its last digit, and no more than half a unit of the third significant digit, IBSI's precision).
 */
function allowed(r: Ref): number {
  if (r.tolerance !== '') return Number(r.tolerance);
  const v = Number(r.value);
  if (v === 0) return 1e-12;
  const m = /^-?\d*(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(r.value.trim());
  if (!m) throw new Error(`unparsed value ${r.value}`);
  const printed = 0.5 * 10 ** (Number(m[2] ?? 0) - (m[1]?.length ?? 0));
  const sig3 = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(v))) - 2);
  return Math.min(printed, sig3);
}

/** Compare a family's values with every reference row of `data`; return the worst |diff| / allowed. */
function check(name: string, values: IbsiValue[], dataSet: string): number {
  const { codes } = FAMILIES[name];
  const rows = REFS.filter((r) => r.data === dataSet && codes.some((c) => isRow(r, c)));
  expect(rows.length, `${name} ${dataSet} reference rows`).toBe(ROW_COUNT[dataSet][name]);
  // the family returns every code, each in 2D, 2.5D and 3D
  expect(new Set(values.map((v) => v.code))).toEqual(new Set(codes));
  const bad: string[] = [];
  let worst = 0;
  for (const r of rows) {
    const got = values.filter((v) => v.code === r.code && v.aggr === r.aggr);
    expect(got.length, `${r.heading} ${r.code} ${r.aggr}`).toBe(1);
    const d = Math.abs(got[0].value - Number(r.value));
    const tol = allowed(r);
    worst = Math.max(worst, d / tol);
    if (!(d <= tol)) bad.push(`${r.heading} (${r.code || '-'}) ${r.aggr}: ${got[0].value} vs ${r.value} +/- ${tol}`);
  }
  expect(bad).toEqual([]);
  return worst;
}

const report: Record<string, number> = {};

// ---------------------------------------------------------------------------------------------------------
// Digital phantom: grey levels are the image values 1..6 inside the mask.

let phantom: IbsiInput;

beforeAll(async () => {
  phantom = await ibsiDigitalPhantom();
});

describe('IBSI digital phantom: reference values', () => {
  it.each(Object.keys(FAMILIES))('%s: every dig. phantom row within tolerance', (name) => {
    report[`${name} dig. phantom`] = check(name, FAMILIES[name].fn(phantom), 'dig. phantom');
  });
});

/** Sparse (i, j, n) triples of a count matrix, n > 0. */
function triples(m: CountMatrix): number[][] {
  const out: number[][] = [];
  const nc = m.j.length;
  for (let r = 0; r < m.i.length; r++) for (let c = 0; c < nc; c++) if (m.p[r * nc + c] > 0) out.push([m.i[r], m.j[c], m.p[r * nc + c]]);
  return out;
}

describe('IBSI digital phantom: matrices printed in the manual', () => {
  it('GLSZM (3D)', () => {
    const m = glszmMatrix(phantom.levels, phantom.size, chebyshevOffsets([1]));
    expect(triples(m)).toEqual([
      [1, 50, 1],
      [3, 1, 1],
      [4, 2, 1],
      [4, 14, 1],
      [6, 7, 1],
    ]);
  });

  it('GLSZM (2D), each slice', () => {
    const want = [
      [[1, 3, 1], [1, 6, 1], [4, 2, 1], [4, 6, 1], [6, 3, 1]],
      [[1, 4, 1], [1, 8, 1], [3, 1, 1], [4, 2, 2], [6, 1, 2]],
      [[1, 14, 1], [4, 2, 1], [6, 1, 1]],
      [[1, 15, 1], [4, 2, 1], [6, 1, 1]],
    ];
    const got = roiSlices(phantom).map((p) => triples(glszmMatrix(p.levels, p.size, chebyshevOffsets([1], 2))));
    expect(got).toEqual(want);
  });

  it('GLDZM (3D and 2D)', () => {
    expect(triples(gldzmMatrix(phantom.levels, phantom.morphMask, phantom.size, false))).toEqual([
      [1, 1, 1],
      [3, 1, 1],
      [4, 1, 2],
      [6, 1, 1],
    ]);
    const got = roiSlices(phantom).map((p) => triples(gldzmMatrix(p.levels, p.morphMask, p.size, true)));
    expect(got).toEqual([
      [[1, 1, 2], [4, 1, 2], [6, 1, 1]],
      [[1, 1, 2], [3, 2, 1], [4, 1, 2], [6, 1, 1], [6, 2, 1]],
      [[1, 1, 1], [4, 1, 1], [6, 1, 1]],
      [[1, 1, 1], [4, 1, 1], [6, 1, 1]],
    ]);
  });

  it('NGTDM (3D and 2D)', () => {
    const t = ngtdmTable(phantom.levels, phantom.size, chebyshevOffsets([1]), false);
    expect(Array.from(t.i)).toEqual([1, 3, 4, 6]);
    expect(Array.from(t.n)).toEqual([50, 1, 16, 7]);
    const s = [39.946954, 0.2, 20.825401, 24.127005];
    for (let c = 0; c < 4; c++) expect(Math.abs(t.s[c] - s[c])).toBeLessThan(5e-7);
    const want = [
      [[1, 14.575, 9], [4, 5.775, 8], [6, 7.325, 3]],
      [[1, 11.928571, 12], [3, 0.375, 1], [4, 4.8, 4], [6, 8, 2]],
      [[1, 7.985714, 14], [4, 4.65, 2], [6, 5, 1]],
      [[1, 7.582143, 15], [4, 4.65, 2], [6, 5, 1]],
    ];
    roiSlices(phantom).forEach((p, z) => {
      const ts = ngtdmTable(p.levels, p.size, chebyshevOffsets([1], 2), false);
      expect(Array.from(ts.i)).toEqual(want[z].map((r) => r[0]));
      expect(Array.from(ts.n)).toEqual(want[z].map((r) => r[2]));
      want[z].forEach((r, c) => expect(Math.abs(ts.s[c] - r[1])).toBeLessThan(5e-7));
    });
  });

  it('NGLDM (3D)', () => {
    const m = dependenceMatrix(phantom.levels, phantom.size, chebyshevOffsets([1]), 0);
    expect(triples(m)).toEqual([
      [1, 5, 2], [1, 6, 2], [1, 7, 1], [1, 8, 6], [1, 9, 4], [1, 10, 6], [1, 11, 5], [1, 12, 5], [1, 13, 3],
      [1, 14, 2], [1, 15, 5], [1, 16, 3], [1, 17, 3], [1, 18, 2], [1, 21, 1],
      [3, 1, 1],
      [4, 2, 2], [4, 4, 2], [4, 5, 6], [4, 6, 4], [4, 7, 2],
      [6, 2, 1], [6, 3, 4], [6, 4, 1], [6, 5, 1],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// CT phantom, configuration A (ibsi-doc_05): no interpolation, intensities rounded to integers, re-segmentation
// to [-500, 400] HU, fixed bin size 25 HU from -500 (level = floor((x + 500) / 25) + 1), morphological mask =
// mask before re-segmentation. Only 2D and 2.5D rows exist for configuration A.

describe('IBSI CT phantom, configuration A: reference values', () => {
  let ct: IbsiInput;
  beforeAll(async () => {
    ct = await ibsiConfigA();
  });

  it.each(Object.keys(FAMILIES))('%s: every config. A row within tolerance', (name) => {
    report[`${name} config. A`] = check(name, FAMILIES[name].fn(ct), 'config. A');
  });
});

describe('report', () => {
  it('worst |difference| / allowed per family and data set', () => {
    if (process.env.ALNM_REPORT) console.log(JSON.stringify(report, null, 1));
    expect(Object.keys(report).length).toBeGreaterThan(0);
  });
});
