/**
 * ICC against psych 2.2.9 (R 4.2.2) on ../shared/data/reference/icc_two_readers.csv.
 * icc_psych.json is psych::ICC(ratings)$results with psych's default lmer = TRUE: the mean squares come
 * from lme4's REML optimiser, which stops ~1e-6 short of the exact balanced-ANOVA solution. So the test
 * checks (a) the JSON within that optimiser tolerance and (b) psych's ANOVA path, which is exact, to 1e-9:
 *   x <- read.csv("icc_two_readers.csv"); options(digits=15); psych::ICC(x, lmer=FALSE)$results
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { icc, iccAnova } from '../src/stats/icc.js';
import { AlnmError } from '../src/util/errors.js';
import { readTable } from '../src/util/csv.js';
import { data } from './helpers/data.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);
const t = readTable(data('reference/icc_two_readers.csv'));
const ratings = t.rows.map((r) => [Number(r.reader1), Number(r.reader2)]);
const got = icc(ratings);

// psych::ICC(x, lmer=FALSE)$results: type, ICC, F, p, lower bound, upper bound (printed with 15 digits)
const anovaRef: [string, number, number, number, number, number][] = [
  ['ICC1', 0.86780521854118, 14.1291902594735, 4.71757187110819e-17, 0.778952459664641, 0.92261917728175],
  ['ICC2', 0.868177995188926, 14.7607051204842, 3.32890307243025e-17, 0.777414490411148, 0.923293667113442],
  ['ICC3', 0.873102124257081, 14.7607051204842, 3.32890307243025e-17, 0.786697345881388, 0.925956490361138],
  ['ICC1k', 0.929224535756427, 14.1291902594735, 4.71757187110819e-17, 0.875742862528755, 0.959752392136412],
  ['ICC2k', 0.929438198527896, 14.7607051204842, 3.32890307243025e-17, 0.874770060225308, 0.960117201965479],
  ['ICC3k', 0.932252558950436, 14.7607051204842, 3.32890307243025e-17, 0.8806162360904, 0.961554941656559],
];

describe('ICC vs psych', () => {
  it('psych::ICC(x, lmer=FALSE)$results: ICC, F, p and CI to 1e-9', () => {
    anovaRef.forEach(([type, v, F, p, lo, hi], i) => {
      expect(got[i].type).toBe(type);
      expect(rel(got[i].icc, v)).toBeLessThan(1e-9);
      expect(rel(got[i].F, F)).toBeLessThan(1e-9);
      expect(rel(got[i].p, p)).toBeLessThan(1e-9);
      expect(rel(got[i].lower, lo)).toBeLessThan(1e-9);
      expect(rel(got[i].upper, hi)).toBeLessThan(1e-9);
    });
  });
  it('icc_psych.json (psych::ICC(ratings)$results, lmer = TRUE): within lme4 optimiser tolerance', () => {
    const ref = JSON.parse(readFileSync(data('reference/icc_psych.json'), 'utf8')) as { call: string; rows: Record<string, number | string>[] };
    expect(ref.call).toMatch(/^psych::ICC\(ratings\)\$results/);
    ref.rows.forEach((r, i) => {
      expect(got[i].type).toBe(r.type);
      expect(got[i].df1).toBe(r.df1);
      expect(got[i].df2).toBe(r.df2);
      for (const k of ['icc', 'lower', 'upper'] as const) expect(rel(got[i][k], r[k] as number)).toBeLessThan(5e-6);
      expect(rel(got[i].F, r.F as number)).toBeLessThan(2e-5);
      // p = P(F > F_obs) with 49 df magnifies the F difference ~20-fold.
      expect(rel(got[i].p, r.p as number)).toBeLessThan(5e-4);
    });
  });
  it('closed form: identical raters give ICC = 1; rater offset lowers ICC2 but not ICC3', () => {
    const same = [[1, 1], [2, 2], [4, 4], [7, 7]];
    const a = iccAnova(same);
    expect(a.MSE).toBe(0);
    const shifted = [[1, 2], [2, 3], [4, 5], [7, 8]]; // rater 2 = rater 1 + 1: MSE = 0, MSJ = n/2
    const r = icc(shifted);
    expect(r[2].icc).toBeCloseTo(1, 14); // ICC3 (consistency)
    // ICC2 = MSB / (MSB + k MSJ / n) with MSB = 2 var(row means) = 2·7 = 14 ... computed by hand:
    // row means 1.5, 2.5, 4.5, 7.5 → var = 7, MSB = 2·7 = 14; MSJ = 4·(0.5² + 0.5²) = 2; ICC2 = 14/(14 + 2·2/4) = 14/15
    expect(r[1].icc).toBeCloseTo(14 / 15, 14);
  });
  it('rejects missing ratings and too few subjects', () => {
    expect(() => icc([[1, NaN], [2, 3]])).toThrow(AlnmError);
    expect(() => icc([[1, 2]])).toThrow(/at least 2 subjects/);
  });
});
