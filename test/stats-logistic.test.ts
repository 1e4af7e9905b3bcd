/**
 * Logistic regression against R 4.2.2 glm: ../shared/data/reference/rotterdam_logistic.json
 * ("glm(node_positive ~ v, family = binomial) per variable; then all six together; CI = confint.default"
 * on clinical/rotterdam.csv, node_positive = nodes > 0, size reference '<=20', grade reference 2),
 * through the library and through `alnm logistic` on a derived CSV; plus bad input.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { command } from '../src/cli/commands/logistic.js';
import { logisticAnalysis } from '../src/stats/logistic-analysis.js';
import { fitLogistic, type LogisticRow } from '../src/stats/logistic.js';
import { readTable, tableFromText, toCsv } from '../src/util/csv.js';
import { AlnmError } from '../src/util/errors.js';
import { data } from './helpers/data.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);
interface Ref {
  call: string;
  n: number;
  events: number;
  univariate: LogisticRow[];
  multivariable: LogisticRow[];
  deviance: number;
}
const ref = JSON.parse(readFileSync(data('reference/rotterdam_logistic.json'), 'utf8')) as Ref;
const VARS = ['age', 'meno', 'size', 'grade', 'er', 'pgr'];
/** R names factor terms `size20-50`; ours are `size=20-50`. */
const rName = (term: string) => term.replace('=', '');

const dir = mkdtempSync(path.join(tmpdir(), 'alnm-logistic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** rotterdam.csv with the 0/1 column node_positive = nodes > 0 (the test's derived CSV). */
function derivedCsv(): string {
  const t = readTable(data('clinical/rotterdam.csv'));
  const out = [[...t.columns, 'node_positive'], ...t.rows.map((r) => [...t.columns.map((c) => r[c]), Number(r.nodes) > 0 ? '1' : '0'])];
  const file = path.join(dir, 'rotterdam_np.csv');
  writeFileSync(file, toCsv(out));
  return file;
}
const csv = derivedCsv();

function compare(rows: LogisticRow[], want: LogisticRow[]): number {
  expect(rows.map((r) => rName(r.term))).toEqual(want.map((r) => r.term));
  let worst = 0;
  rows.forEach((r, i) => {
    for (const k of ['beta', 'se', 'z', 'p', 'or', 'or_low', 'or_high'] as const) worst = Math.max(worst, rel(r[k], want[i][k]));
  });
  return worst;
}

describe('rotterdam_logistic.json', () => {
  const res = logisticAnalysis(readTable(csv), 'node_positive', VARS, { reference: { size: '<=20', grade: '2' } });
  it('n, events, every coefficient, SE, z, p, OR and Wald CI within 1e-6 relative of R', () => {
    expect(ref.call).toContain('confint.default');
    expect(res.n).toBe(ref.n);
    expect(res.events).toBe(ref.events);
    expect(compare(res.univariate, ref.univariate)).toBeLessThan(1e-6);
    expect(compare(res.multivariable, ref.multivariable)).toBeLessThan(1e-6);
    expect(res.warnings).toEqual([]);
  });
  it('overall Wald test of size (R: b <- coef(f)[i]; V <- vcov(f)[i,i]; W <- t(b) %*% solve(V) %*% b; pchisq(W, 2, lower.tail=FALSE))', () => {
    // f <- glm(node_positive ~ size) → W = 282.562626946183, p = 4.3883894528364e-62;
    // f <- glm(node_positive ~ age + meno + size + grade + er + pgr) → W = 267.449538763811, p = 8.39596392066066e-59
    const u = res.overall.find((o) => o.model === 'univariate' && o.variable === 'size')!;
    const m = res.overall.find((o) => o.model === 'multivariable' && o.variable === 'size')!;
    expect(u.df).toBe(2);
    expect(rel(u.chi2, 282.562626946183)).toBeLessThan(1e-9);
    expect(rel(u.p, 4.3883894528364e-62)).toBeLessThan(1e-9);
    expect(rel(m.chi2, 267.449538763811)).toBeLessThan(1e-9);
    expect(rel(m.p, 8.39596392066066e-59)).toBeLessThan(1e-9);
    expect(res.overall).toHaveLength(2); // grade has two levels: no overall test
  });
});

describe('alnm logistic', () => {
  it('writes the JSON with exactly the documented keys, matching R', async () => {
    const out = path.join(dir, 'lr.json');
    const code = await command.run(['--data', csv, '--outcome', 'node_positive', '--vars', VARS.join(','), '--reference', 'size=<=20', '--reference', 'grade=2', '--out', out]);
    expect(code).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(j)).toEqual(['n', 'events', 'univariate', 'multivariable', 'overall', 'warnings']);
    expect(Object.keys(j.univariate[0])).toEqual(['term', 'beta', 'se', 'z', 'p', 'or', 'or_low', 'or_high']);
    expect(j.univariate.map((r: LogisticRow) => r.term)).toContain('size=20-50');
    expect(compare(j.univariate, ref.univariate)).toBeLessThan(1e-6);
    expect(compare(j.multivariable, ref.multivariable)).toBeLessThan(1e-6);
  });
  it('default reference is the first level: numeric order for numbers, code-unit order for text', async () => {
    const out = path.join(dir, 'lr2.json');
    await command.run(['--data', csv, '--outcome', 'node_positive', '--vars', 'size,grade', '--categorical', 'grade', '--out', out]);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.univariate.map((r: LogisticRow) => r.term)).toEqual(['size=<=20', 'size=>50', 'grade=3']);
  });
  it('usage errors', async () => {
    await expect(command.run(['--data', csv, '--vars', 'age'])).rejects.toThrow(/--outcome is required/);
    await expect(command.run(['--data', csv, '--outcome', 'node_positive', '--vars', 'age', '--reference', 'size'])).rejects.toThrow(/VAR=LEVEL/);
  });
});

describe('bad input', () => {
  const small = (body: string) => tableFromText(body, 'cases.csv');
  it('unknown column names the column', () => {
    expect(() => logisticAnalysis(small('y,x\n0,1\n1,2\n'), 'y', ['z'])).toThrow(/cases\.csv: unknown column "z"/);
  });
  it('missing values name the column and the lines', () => {
    expect(() => logisticAnalysis(small('y,x\n0,1\n1,NA\n0,3\n1,\n'), 'y', ['x'])).toThrow(/column "x" has 2 missing values \(lines 3, 5\)/);
  });
  it('a constant column is rejected by name', () => {
    expect(() => logisticAnalysis(small('y,x\n0,4\n1,4\n0,4\n'), 'y', ['x'])).toThrow(/column "x" is constant/);
  });
  it('a non-binary outcome names the column, values and lines', () => {
    expect(() => logisticAnalysis(small('y,x\n0,1\n2,2\nyes,3\n'), 'y', ['x'])).toThrow(/outcome column "y" must be 0\/1; found "2", "yes" \(lines 3, 4\)/);
    expect(() => logisticAnalysis(small('y,x\n1,1\n1,2\n'), 'y', ['x'])).toThrow(/outcome column "y" is constant/);
  });
  it('an unknown reference level is rejected', () => {
    expect(() => logisticAnalysis(small('y,x\n0,a\n1,b\n'), 'y', ['x'], { reference: { x: 'c' } })).toThrow(/reference level "c" not found in column "x"/);
  });
  it('collinear terms are rejected by name', () => {
    expect(() => logisticAnalysis(small('y,a,b\n0,1,2\n1,2,4\n0,3,6\n1,4,8\n'), 'y', ['a', 'b'])).toThrow(/term "b" is collinear/);
  });
  it('perfect separation is a warning, not a crash (R glm on x <- 1:10; y <- x > 5 warns "fitted probabilities numerically 0 or 1 occurred")', async () => {
    const sep = path.join(dir, 'sep.csv');
    writeFileSync(sep, 'y,x\n' + Array.from({ length: 10 }, (_, i) => `${i + 1 > 5 ? 1 : 0},${i + 1}`).join('\n') + '\n');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = path.join(dir, 'sep.json');
    try {
      expect(await command.run(['--data', sep, '--outcome', 'y', '--vars', 'x', '--out', out])).toBe(0);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/warning: .*sep\.csv: univariate x: .*perfect separation/);
    } finally {
      stderr.mockRestore();
    }
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.warnings.join('\n')).toMatch(/fitted probabilities numerically 0 or 1 occurred/);
    expect(j.warnings.join('\n')).toMatch(/perfect separation/);
  });
  it('quasi-complete separation is flagged (R glm(y2 ~ x2) converges silently with beta = 19.97)', () => {
    const X = Float64Array.from([...Array(10).fill(1), 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    const y = Float64Array.from([0, 1, 0, 1, 0, 1, 1, 1, 1, 1]);
    const fit = fitLogistic(X, y, 10, ['(Intercept)', 'x2']);
    // R: coef(glm(y2 ~ x2, binomial)) = -0.4054651, 19.9715336 (18 iterations)
    expect(fit.iterations).toBe(18);
    expect(fit.beta[0]).toBeCloseTo(-0.4054651, 6);
    expect(fit.beta[1]).toBeCloseTo(19.9715336, 6);
    expect(fit.warnings.join('\n')).toMatch(/quasi-complete separation/);
  });
  it('errors are AlnmError', () => {
    expect(() => logisticAnalysis(small('y,x\n0,1\n'), 'y', ['nope'])).toThrow(AlnmError);
  });
});
