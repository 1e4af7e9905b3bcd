/**
 * Feature filters against outside values: scipy 1.10.1 / numpy (Debian python3-scipy), psych::ICC
 * (/work/shared/data/reference/icc_psych.json) and closed forms. Each block quotes the call.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { data } from './helpers/data.js';
import { tableFromText } from '../src/util/csv.js';
import { correlationFilter, correlationMatrix, iccFilter, nearZeroVarianceFilter, tTestFilter, zScore } from '../src/learn/filters.js';
import { matrixFromRows, type Matrix } from '../src/learn/types.js';

const tab = tableFromText(readFileSync(data('reference', 'lasso_data.csv'), 'utf8'));
const vars = tab.columns.filter((c) => /^x\d+$/.test(c));
const X: Matrix = { rows: tab.rows.length, cols: vars.length, data: new Float64Array(tab.rows.length * vars.length), names: vars };
tab.rows.forEach((r, i) => vars.forEach((v, j) => (X.data[i * vars.length + j] = Number(r[v]))));
const y = Float64Array.from(tab.rows, (r) => Number(r.y));

const rel = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.abs(b));

describe('zScore', () => {
  it('uses training mean and SD only (closed form: x = 1..5 → mean 3, sd √2.5 (numpy.std(ddof=1)))', () => {
    const train = matrixFromRows([[1, 10], [2, 10], [3, 10], [4, 10], [5, 10]], ['a', 'const']);
    const f = zScore().fit(train);
    expect(f.mean[0]).toBe(3);
    rel(f.sd[0], Math.sqrt(2.5), 1e-15);
    const out = f.transform(matrixFromRows([[3, 12], [3 + Math.sqrt(2.5), 10]], ['a', 'const']));
    expect(out.data[0]).toBe(0);
    rel(out.data[2], 1, 1e-15);
    expect(out.data[1]).toBe(2); // constant training column: centred only
    expect(out.names).toEqual(['a', 'const']);
    rel(zScore({ ddof: 0 }).fit(train).sd[0], Math.sqrt(2), 1e-15); // numpy.std(ddof=0)
  });
});

describe('tTestFilter on lasso_data.csv (x01..x50 by y)', () => {
  // scipy.stats.ttest_ind(X[y==1], X[y==0], equal_var=False).pvalue  (Welch)
  // scipy.stats.ttest_ind(X[y==1], X[y==0], equal_var=True).pvalue   (Student)
  const welchP: Record<string, number> = { x01: 2.352213969468429e-11, x03: 6.316126693363231e-09, x05: 0.28906098860198076, x07: 0.027525494484431163, x20: 0.48102876453863186, x34: 0.055087913670366646 };
  const studentP: Record<string, number> = { x01: 3.0040149292752256e-11, x03: 1.4357438871620442e-08, x05: 0.28889100193656014, x07: 0.022068371443237266, x20: 0.47786704853789563 };
  it('Welch (default): p-values and kept set at p < 0.05', () => {
    const f = tTestFilter().fit(X, y);
    for (const [v, p] of Object.entries(welchP)) rel(f.stat![vars.indexOf(v)], p, 1e-8);
    expect(f.names).toEqual(['x01', 'x02', 'x03', 'x07']);
    const t = f.transform(X);
    expect(t.cols).toBe(4);
    expect(t.data[0]).toBe(X.data[0]);
  });
  it('Student: p-values and kept set', () => {
    const f = tTestFilter({ method: 'student' }).fit(X, y);
    for (const [v, p] of Object.entries(studentP)) rel(f.stat![vars.indexOf(v)], p, 1e-8);
    expect(f.names).toEqual(['x01', 'x02', 'x03', 'x06', 'x07']);
  });
});

describe('correlationFilter', () => {
  // t = 0..11; a = t, b = t + noise, c = sin t, d = 0.5 cos t + 0.1 t, e = t²/10
  const noise = [0.3, -0.2, 0.1, 0.0, -0.4, 0.2, 0.1, -0.1, 0.3, -0.3, 0.2, 0.0];
  const rows = Array.from({ length: 12 }, (_, t) => [t, t + noise[t], Math.sin(t), 0.5 * Math.cos(t) + 0.1 * t, (t * t) / 10]);
  const M = matrixFromRows(rows, ['a', 'b', 'c', 'd', 'e']);
  it('Pearson r equals numpy.corrcoef(M, rowvar=False)', () => {
    const r = correlationMatrix(M);
    const np = [
      [1, 0.997987198258743, -0.303949053665959, 0.577945395387281, 0.963529318081743],
      [0.997987198258743, 1, -0.303636710556054, 0.592909207376109, 0.964689393781395],
      [-0.303949053665959, -0.303636710556054, 1, -0.206808966102431, -0.31204593417976],
      [0.577945395387281, 0.592909207376109, -0.206808966102431, 1, 0.573368737902836],
      [0.963529318081743, 0.964689393781395, -0.31204593417976, 0.573368737902836, 1],
    ];
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(Math.abs(r[i * 5 + j] - np[i][j])).toBeLessThan(1e-13);
  });
  it('drops the more redundant member of each pair with |r| > 0.9', () => {
    // Pair (a,b) r = 0.998: mean |r| with the others a 0.71085 < b 0.71481 → drop b.
    // Then (a,e) r = 0.9635 among {a,c,d,e}: a (0.30395+0.57795+0.96353)/3 = 0.61514 < e 0.61632 → drop e.
    const f = correlationFilter().fit(M);
    expect(f.names).toEqual(['a', 'c', 'd']);
    expect(f.dropped).toEqual(['b', 'e']);
    expect(correlationFilter({ threshold: 0.999 }).fit(M).names).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('nearZeroVarianceFilter (caret::nearZeroVar rule: freqRatio > 19 and percentUnique <= 10, or constant)', () => {
  it('closed form on 100 rows', () => {
    const rows: number[][] = [];
    for (let i = 0; i < 100; i++) {
      rows.push([
        5, // constant → dropped
        i < 96 ? 0 : i - 95, // counts 96,1,1,1,1: freqRatio 96, 5 % unique → dropped
        i < 90 ? 0 : 1, // freqRatio 90/10 = 9 → kept
        i, // 100 % unique → kept
        i < 97 ? 0 : i, // freqRatio 97, but 4 % unique... → dropped
      ]);
    }
    const f = nearZeroVarianceFilter().fit(matrixFromRows(rows, ['const', 'rare', 'binary', 'id', 'rare2']));
    expect(f.names).toEqual(['binary', 'id']);
    expect(f.stat![0]).toBe(Infinity);
    expect(f.stat![1]).toBe(96);
    expect(f.stat![2]).toBe(9);
  });
});

describe('iccFilter', () => {
  const icc = tableFromText(readFileSync(data('reference', 'icc_two_readers.csv'), 'utf8'));
  const r1 = icc.rows.map((r) => Number(r.reader1));
  const r2 = icc.rows.map((r) => Number(r.reader2));
  const ref = JSON.parse(readFileSync(data('reference', 'icc_psych.json'), 'utf8')) as { rows: { type: string; icc: number }[] };
  const psych = (t: string) => ref.rows.find((r) => r.type === t)!.icc;
  // Feature f1: the two readers of icc_two_readers.csv (psych::ICC(ratings)$results; psych's default
  // lmer = TRUE takes the mean squares from lme4's REML fit, so agreement is to the optimiser's ~1e-6).
  // Feature f2: reader 2 = reader 1 + 5 → ICC3 = 1 and, with MSE = 0, MSJ = n·5²/2: ICC2 = MSB/(MSB + 25).
  const A = matrixFromRows(r1.map((v) => [v, v]), ['f1', 'f2']);
  const B = matrixFromRows(r1.map((v, i) => [r2[i], v + 5]), ['f1', 'f2']);
  it.each(['ICC1', 'ICC2', 'ICC3'] as const)('%s per feature equals psych::ICC / closed form', (type) => {
    const f = iccFilter({ type, threshold: 0.75 }).fit([A, B]);
    rel(f.stat![0], psych(type), 5e-6);
    const n = r1.length;
    const m = r1.reduce((a, b) => a + b, 0) / n;
    const MSB = (2 * r1.reduce((a, v) => a + (v + 2.5 - (m + 2.5)) ** 2, 0)) / (n - 1);
    if (type === 'ICC3') rel(f.stat![1], 1, 1e-12);
    if (type === 'ICC2') rel(f.stat![1], MSB / (MSB + 25), 1e-12);
    expect(f.names).toEqual(['f1', 'f2']);
  });
  it('drops features below the threshold', () => {
    const f = iccFilter({ threshold: 0.9 }).fit([A, B]);
    expect(f.names).toEqual(['f2']); // ICC2 of f1 is 0.868 < 0.9
    expect(f.dropped).toEqual(['f1']);
    expect(f.transform(A).data.length).toBe(r1.length);
  });
});
