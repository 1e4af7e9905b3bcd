/**
 * Table 1 (library and `alnm table1`) on a CSV derived from ../shared/data/clinical/rotterdam.csv
 * (node_positive = nodes > 0, as 0/1), against R 4.2.2: the tests in reference/rotterdam_tests.json and
 * these calls (d <- read.csv("rotterdam.csv"); d$node_positive <- as.integer(d$nodes > 0)):
 *   tapply(d$age, d$node_positive, quantile, c(.25,.5,.75))  → 0: 44 53 64; 1: 46 56 66
 *   table(d$size, d$node_positive) → <=20: 886 501; >50: 42 262; 20-50: 508 783
 *   table(d$meno, d$node_positive) → 0: 684 628; 1: 752 918
 *   tapply(d$er, d$size, quantile, c(.25,.5,.75)) → <=20: 15 73 205.5; >50: 7 48 183; 20-50: 7 55 203
 *   s <- d[1:40, ]; fisher.test(table(s$size, s$node_positive))$p.value → 0.0350689955806747
 *   c(mean(d$age), sd(d$age)) → 55.0583501006 12.9529876214
 *   tapply(d$age, d$node_positive, mean) → 54.0710306407 55.9754204398; tapply(..., sd) → 12.8354027741 12.9983585216
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { command } from '../src/cli/commands/table1.js';
import { table1 } from '../src/stats/table1.js';
import { parseCsv, readTable, tableFromText, toCsv } from '../src/util/csv.js';
import { data } from './helpers/data.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);
const ref = JSON.parse(readFileSync(data('reference/rotterdam_tests.json'), 'utf8')) as Record<string, Record<string, number | string>>;
const dir = mkdtempSync(path.join(tmpdir(), 'alnm-table1-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const src = readTable(data('clinical/rotterdam.csv'));
function writeDerived(name: string, nrows: number): string {
  const out = [[...src.columns, 'node_positive'], ...src.rows.slice(0, nrows).map((r) => [...src.columns.map((c) => r[c]), Number(r.nodes) > 0 ? '1' : '0'])];
  const file = path.join(dir, name);
  writeFileSync(file, toCsv(out));
  return file;
}
const csv = writeDerived('rotterdam_np.csv', src.rows.length);
const csv40 = writeDerived('rotterdam_np40.csv', 40);

/** Run the CLI to a file and parse the CSV it wrote. */
async function run(args: string[]): Promise<string[][]> {
  const out = path.join(dir, `t1-${Math.random().toString(36).slice(2)}.csv`);
  expect(await command.run([...args, '--out', out])).toBe(0);
  return parseCsv(readFileSync(out, 'utf8'));
}
const find = (rows: string[][], variable: string, level = '') => rows.find((r) => r[0] === variable && r[1] === level)!;

describe('alnm table1 by node status (2 groups)', async () => {
  const rows = await run(['--data', csv, '--group', 'node_positive', '--vars', 'age,meno,size']);
  it('header and counts', () => {
    expect(rows[0]).toEqual(['variable', 'level', 'overall', 'node_positive=0', 'node_positive=1', 'statistic', 'p']);
    expect(rows[1]).toEqual(['n', '', '2982', '1436', '1546', '', '']);
  });
  it('age: median (Q1, Q3) type 7 and Mann-Whitney (wilcox.test(age ~ node_positive, exact=FALSE, correct=TRUE))', () => {
    const r = find(rows, 'age', 'median (Q1, Q3)');
    const q = ref.quantiles_age_type7;
    expect(r[2]).toBe(`${(q['50%'] as number).toFixed(2)} (${(q['25%'] as number).toFixed(2)}, ${(q['75%'] as number).toFixed(2)})`);
    expect(r[3]).toBe('53.00 (44.00, 64.00)');
    expect(r[4]).toBe('56.00 (46.00, 66.00)');
    expect(Number(r[5])).toBe(ref.mann_whitney_age.W);
    expect(rel(Number(r[6]), ref.mann_whitney_age.p as number)).toBeLessThan(1e-6);
  });
  it('age with --summary mean: mean ± SD as R (mean, sd) and the same Mann-Whitney test', async () => {
    const m = await run(['--data', csv, '--group', 'node_positive', '--vars', 'age', '--summary', 'mean', '--digits', '4']);
    const r = find(m, 'age', 'mean ± SD');
    expect(r.slice(2, 5)).toEqual(['55.0584 ± 12.9530', '54.0710 ± 12.8354', '55.9754 ± 12.9984']);
    expect(Number(r[5])).toBe(ref.mann_whitney_age.W);
  });
  it('meno (0/1, categorical automatically): n (%) and Yates chi-squared (chisq.test(table(meno, node_positive), correct=TRUE))', () => {
    const head = find(rows, 'meno');
    expect(rel(Number(head[5]), ref.chisq_meno_yates.X2 as number)).toBeLessThan(1e-10);
    expect(rel(Number(head[6]), ref.chisq_meno_yates.p as number)).toBeLessThan(1e-6);
    expect(find(rows, 'meno', '0').slice(2, 5)).toEqual(['1312 (44.00)', '684 (47.63)', '628 (40.62)']);
  });
  it('size: chi-squared 3 x 2 (chisq.test(table(size, node_positive)))', () => {
    const head = find(rows, 'size');
    expect(rel(Number(head[5]), ref.chisq_size.X2 as number)).toBeLessThan(1e-10);
    expect(rel(Number(head[6]), ref.chisq_size.p as number)).toBeLessThan(1e-6);
    expect(find(rows, 'size', '>50').slice(2, 5)).toEqual([`304 (${((100 * 304) / 2982).toFixed(2)})`, `42 (${((100 * 42) / 1436).toFixed(2)})`, `262 (${((100 * 262) / 1546).toFixed(2)})`]);
  });
});

describe('table1 with 3 groups and with sparse tables', () => {
  it('er by size: Kruskal-Wallis (kruskal.test(er ~ size)) and per-group quartiles', () => {
    const res = table1(readTable(csv), 'size', { vars: ['er'] });
    const r = res.rows.find((x) => x[0] === 'er')!;
    expect(res.rows[0].slice(3, 6)).toEqual(['size=20-50', 'size=<=20', 'size=>50']);
    expect(r.slice(3, 6)).toEqual(['55.00 (7.00, 203.00)', '73.00 (15.00, 205.50)', '48.00 (7.00, 183.00)']);
    expect(res.tests.er).toBe('Kruskal-Wallis');
    expect(rel(r[6] as number, ref.kruskal_er_by_size.H as number)).toBeLessThan(1e-10);
    expect(rel(r[7] as number, ref.kruskal_er_by_size.p as number)).toBeLessThan(1e-6);
  });
  it('expected counts < 5 switch to Fisher (40 rows: fisher.test(table(s$size, s$node_positive)) = 0.0350689955806747)', () => {
    const res = table1(readTable(csv40), 'node_positive', { vars: ['size'] });
    expect(res.tests.size).toBe('Fisher');
    const head = res.rows.find((x) => x[0] === 'size' && x[1] === '')!;
    expect(head[5]).toBe('');
    expect(rel(head[6] as number, 0.0350689955806747)).toBeLessThan(1e-6);
  });
  it('--continuous / --categorical override the automatic type', () => {
    const res = table1(readTable(csv), 'node_positive', { vars: ['meno', 'age'], continuous: ['meno'], categorical: ['age'] });
    expect(res.tests).toEqual({ meno: 'Mann-Whitney', age: 'chi-squared' });
    // age as 71 levels x 2 is too large for Fisher's enumeration: chi-squared, with a warning
    expect(res.warnings[0]).toMatch(/^age: expected counts below 5 but .*too many tables/);
  });
});

describe('table1 bad input', () => {
  const t = (s: string) => tableFromText(s, 'cases.csv');
  it('unknown column', () => {
    expect(() => table1(t('g,x\n0,1\n1,2\n'), 'g', { vars: ['y'] })).toThrow(/cases\.csv: unknown column "y"/);
    expect(() => table1(t('g,x\n0,1\n1,2\n'), 'h')).toThrow(/unknown column "h"/);
  });
  it('missing values name the column and lines', () => {
    expect(() => table1(t('g,x\n0,1\n1,\n0,NA\n1,4\n'), 'g')).toThrow(/column "x" has 2 missing values \(lines 3, 4\)/);
  });
  it('constant group or variable', () => {
    expect(() => table1(t('g,x\n0,1\n0,2\n'), 'g')).toThrow(/column "g" is constant/);
    expect(() => table1(t('g,x\n0,5\n1,5\n'), 'g')).toThrow(/column "x" is constant/);
  });
  it('CLI usage errors', async () => {
    await expect(command.run(['--data', csv])).rejects.toThrow(/--group is required/);
    await expect(command.run(['--data', csv, '--group', 'meno', '--digits', 'x'])).rejects.toThrow(/--digits/);
  });
});
