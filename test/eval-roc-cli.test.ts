/**
 * `alnm roc` on the Rotterdam reference scores (values from rotterdam_roc.json, pROC 1.18.0: roc(node_positive,
 * score, direction = "<"); ci.auc(method = "delong"); roc.test(method = "delong", paired = TRUE); coords("best",
 * best.method = "youden")) and every bad input: one-line AlnmError naming the file, column and rows; no output file.
 */
import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { command } from '../src/cli/commands/roc.js';
import { EXIT, isAlnmError } from '../src/util/errors.js';
import { data } from './helpers/data.js';

const ref = JSON.parse(readFileSync(data('reference', 'rotterdam_roc.json'), 'utf8'));
const csv = data('reference', 'rotterdam_scores.csv');
const dir = mkdtempSync(path.join(tmpdir(), 'alnm-roc-'));
const f = (n: string) => path.join(dir, n);
const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);

interface Out {
  curves: { score: string; auc: number; ci_low: number; ci_high: number; threshold: number; sensitivity: number; specificity: number; accuracy: number }[];
  comparisons: { a: string; b: string; delta: number; z: number; p: number }[];
}

async function failure(args: string[]): Promise<{ message: string; code: number }> {
  try {
    await command.run(args);
  } catch (e) {
    expect(isAlnmError(e)).toBe(true);
    return { message: (e as Error).message, code: (e as { exitCode: number }).exitCode };
  }
  throw new Error('expected alnm roc to fail');
}

describe('alnm roc', () => {
  it('two scores, DeLong CI, written atomically to --out: matches pROC', async () => {
    const out = f('roc.json');
    expect(await command.run(['--data', csv, '--outcome', 'node_positive', '--score', 'score_model', '--score', 'neg_pgr', '--out', out])).toBe(0);
    const r = JSON.parse(readFileSync(out, 'utf8')) as Out;
    expect(r.curves.map((c) => c.score)).toEqual(['score_model', 'neg_pgr']);
    const [a, b] = r.curves;
    close(a.auc, ref.score_model.auc, 1e-12);
    close(a.ci_low, ref.score_model.ci_low, 1e-9);
    close(a.ci_high, ref.score_model.ci_high, 1e-9);
    close(b.auc, ref.neg_pgr.auc, 1e-12);
    close(b.ci_low, ref.neg_pgr.ci_low, 1e-9);
    close(b.ci_high, ref.neg_pgr.ci_high, 1e-9);
    close(a.threshold, ref.score_model.youden.threshold, 1e-14);
    close(a.sensitivity, ref.score_model.youden.sensitivity, 1e-15);
    close(a.specificity, ref.score_model.youden.specificity, 1e-15);
    close(a.accuracy, ref.score_model.youden.accuracy, 1e-14);
    expect(r.comparisons).toHaveLength(1);
    const c = r.comparisons[0];
    expect([c.a, c.b]).toEqual(['score_model', 'neg_pgr']);
    close(c.z, ref.delong_test.z, 1e-9);
    expect(Math.abs(c.p / ref.delong_test.p - 1)).toBeLessThan(1e-6);
    close(c.delta, ref.score_model.auc - ref.neg_pgr.auc, 1e-12);
  });

  it('--ci bootstrap --boot 2000 --seed 42 to stdout: within 0.005 of pROC ci.auc(boot.n = 2000, boot.stratified = TRUE)', async () => {
    const chunks: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      chunks.push(String(s));
      return true;
    });
    try {
      expect(await command.run(['--data', csv, '--outcome', 'node_positive', '--score', 'score_model', '--ci', 'bootstrap', '--boot', '2000', '--seed', '42'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const r = JSON.parse(chunks.join('')) as Out;
    const [lo, hi] = ref.score_model.bootstrap_ci_2000_stratified_seed42;
    close(r.curves[0].ci_low, lo, 0.005);
    close(r.curves[0].ci_high, hi, 0.005);
    expect(r.comparisons).toEqual([]);
  });

  describe('bad input: one line naming file, column and rows', () => {
    const write = (name: string, text: string) => {
      writeFileSync(f(name), text);
      return f(name);
    };
    const base = ['--outcome', 'y', '--score', 's'];

    it('missing values name the column and the rows (header = row 1)', async () => {
      const file = write('missing.csv', 'y,s\n0,1\n1,NA\n0,\n1,4\n');
      const out = f('missing.json');
      const e = await failure(['--data', file, ...base, '--out', out]);
      expect(e.message).toBe(`${file}: column "s" has 2 missing value(s), in row(s) 3, 4; remove or impute them first`);
      expect(existsSync(out)).toBe(false);
      const e2 = await failure(['--data', write('missing-y.csv', 'y,s\n0,1\n,2\n1,3\n'), ...base]);
      expect(e2.message).toMatch(/column "y" has 1 missing value\(s\), in row\(s\) 3;/);
    });

    it('non-binary outcome lists the values found', async () => {
      const file = write('nonbinary.csv', 'y,s\n0,1\n1,2\n2,3\n');
      const e = await failure(['--data', file, ...base]);
      expect(e.message).toBe(`${file}: outcome column "y" is not binary: found 3 distinct values (0, 1, 2); expected 0 and 1`);
    });

    it('one class only', async () => {
      const file = write('oneclass.csv', 'y,s\n1,1\n1,2\n1,3\n');
      const e = await failure(['--data', file, ...base]);
      expect(e.message).toBe(`${file}: outcome column "y" has only one class (all 3 rows are 1); ROC analysis needs both 0 and 1`);
    });

    it('unknown column, non-numeric score, bad options', async () => {
      const file = write('ok.csv', 'y,s\n0,1\n1,x\n');
      expect((await failure(['--data', file, '--outcome', 'y', '--score', 'nope'])).message).toBe(`${file}: column "nope" not found (columns: y, s)`);
      expect((await failure(['--data', file, ...base])).message).toBe(`${file}: column "s" row 3: "x" is not a finite number`);
      const u = await failure(['--data', file, ...base, '--ci', 'wald']);
      expect(u.code).toBe(EXIT.usage);
      expect(u.message.split('\n')[0]).toBe('alnm roc: --ci must be delong or bootstrap, not "wald"');
      expect((await failure(['--data', file, '--outcome', 'y'])).message.split('\n')[0]).toBe('alnm roc: give at least one --score');
      expect((await failure(['--data', f('absent.csv'), ...base])).message).toBe(`${f('absent.csv')}: file not found`);
    });

    it('every data-error message is a single line', async () => {
      for (const text of ['y,s\n0,1\n1,NA\n', 'y,s\n0,1\n5,2\n', 'y,s\n0,1\n0,2\n']) {
        const e = await failure(['--data', write('one-line.csv', text), ...base]);
        expect(e.message.includes('\n')).toBe(false);
      }
    });
  });
});
