/**
 * glmnet / cv.glmnet against R (glmnet 4.1.6, R 4.2.2).
 * Reference file: /work/shared/data/reference/lasso_glmnet.json, produced by
 *   cv.glmnet(X, y, family='binomial', alpha=1, foldid=fold, type.measure='deviance' | 'auc')
 * on lasso_data.csv (x01..x50, outcome y, fold column fold). Extra values below were computed here with
 * R 4.2.2 + glmnet 4.1.6 (Debian r-cran-glmnet 4.1-6) on the same data; each block quotes its call.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { command } from '../src/cli/commands/lasso.js';
import { isAlnmError } from '../src/util/errors.js';
import { data } from './helpers/data.js';
import { ref, vars, X, y, fold } from './helpers/lasso.js';
import { coefAt, glmnetBinomial } from '../src/learn/glmnet.js';
import { closeCvPool, cvCoef, cvGlmnet, stratifiedFolds } from '../src/learn/cv-glmnet.js';
import { selectRows, selectValues } from '../src/learn/types.js';

const TOL = 1e-6; // acceptance is 1e-4 relative; the port agrees to ~1e-12
function relClose(a: number, b: number, tol = TOL): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(Math.abs(b), 1e-300));
}
function vecClose(a: ArrayLike<number>, b: number[], tol = TOL): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) relClose(a[i], b[i], tol);
}
/** Coefficients as name → value, zeros included, compared with R's (non-zero list: the rest must be exactly 0). */
function coefClose(intercept: number, beta: ArrayLike<number>, expected: Record<string, number>, tol = TOL): void {
  relClose(intercept, expected['(Intercept)'], tol);
  vars.forEach((v, j) => {
    const e = expected[v] ?? 0;
    if (e === 0) expect(beta[j]).toBe(0);
    else relClose(beta[j], e, tol);
  });
}

describe.each(['deviance', 'auc'] as const)('cv.glmnet type.measure=%s (lasso_glmnet.json)', (measure) => {
  const R = ref[measure];
  const res = cvGlmnet(X, y, { foldid: fold, measure, alpha: 1 });
  it('lambda sequence, cvm, cvsd', () => {
    expect(res.measure).toBe(measure);
    vecClose(res.lambda, R.lambda);
    vecClose(res.cvm, R.cvm);
    vecClose(res.cvsd, R.cvsd);
  });
  it('lambda.min and lambda.1se', () => {
    relClose(res.lambdaMin, R.lambda_min);
    relClose(res.lambda1se, R.lambda_1se);
    expect(res.lambda[res.indexMin]).toBe(res.lambdaMin);
  });
  if (R.coef_min && R.coef_1se && R.nzero) {
    it('coefficients at lambda.min and lambda.1se, nzero', () => {
      const cmin = cvCoef(res, res.lambdaMin);
      coefClose(cmin.intercept, cmin.beta, R.coef_min!);
      const c1se = cvCoef(res, res.lambda1se);
      coefClose(c1se.intercept, c1se.beta, R.coef_1se!);
      expect(Array.from(res.nzero)).toEqual(R.nzero);
    });
  }
});

describe('more R references (computed with R 4.2.2, glmnet 4.1.6)', () => {
  it('AUC coefficients: coef(cv.glmnet(X, y, family="binomial", alpha=1, foldid=fold, type.measure="auc"), s="lambda.min" | "lambda.1se")', () => {
    const res = cvGlmnet(X, y, { foldid: fold, measure: 'auc' });
    const cmin = cvCoef(res, res.lambdaMin);
    coefClose(cmin.intercept, cmin.beta, { '(Intercept)': -0.66605001263926, x01: 0.814740291655486, x03: -0.615343278898559, x05: -0.00407514243756126, x07: 0.182518540173798 });
    const c1se = cvCoef(res, res.lambda1se);
    coefClose(c1se.intercept, c1se.beta, { '(Intercept)': -0.5445616938548, x01: 0.413264611224592, x03: -0.25312107014978 });
  });

  it('misclassification: cv.glmnet(X, y, family="binomial", alpha=1, foldid=fold, type.measure="class")', () => {
    const res = cvGlmnet(X, y, { foldid: fold, measure: 'class' });
    expect(res.lambda.length).toBe(72);
    relClose(res.lambdaMin, 0.0308775346537758);
    relClose(res.lambda1se, 0.0859185743678402);
    vecClose(res.cvm.slice(0, 8), [0.385, 0.385, 0.38, 0.365, 0.325, 0.295, 0.29, 0.28]);
    vecClose(res.cvsd.slice(0, 8), [0.027938424357067, 0.027938424357067, 0.0280871659105879, 0.0325320354932386, 0.0403112887414928, 0.0417997873466148, 0.04, 0.038151743807532]);
    vecClose(res.cvm.slice(59, 62), [0.315, 0.315, 0.315]);
  });

  it('elastic net: cv.glmnet(X, y, family="binomial", alpha=0.5, foldid=fold, type.measure="deviance")', () => {
    const res = cvGlmnet(X, y, { foldid: fold, alpha: 0.5 });
    expect(res.lambda.length).toBe(86);
    relClose(res.lambda[0], 0.435669805649505);
    relClose(res.lambda[85], 0.000160255900029765);
    relClose(res.lambdaMin, 0.0562689191543718);
    relClose(res.lambda1se, 0.118440681135249);
    vecClose([res.cvm[0], res.cvm[9], res.cvm[29]], [1.33776042225399, 1.13686964278424, 1.04102503386577]);
    vecClose([res.cvsd[0], res.cvsd[9], res.cvsd[29]], [0.0268180026245173, 0.0403861897782393, 0.0799065868763654]);
    const c = cvCoef(res, res.lambdaMin);
    coefClose(c.intercept, c.beta, {
      '(Intercept)': -0.706267670341681, x01: 0.867166857420145, x02: 0.0866416649790421, x03: -0.699385952539394, x05: -0.167689204367812,
      x07: 0.303604681682946, x12: 0.0216964640257052, x14: 0.00129253411748252, x20: 0.0630885360774549, x21: -0.0691121850888281,
      x32: 0.0445531504934201, x34: 0.0901104407059103, x41: -0.0313143602485675,
    });
  });

  it('n < p path (lambda.min.ratio 0.01): f <- glmnet(X[1:40,], y[1:40], family="binomial")', () => {
    const idx = Array.from({ length: 40 }, (_, i) => i);
    const f = glmnetBinomial(selectRows(X, idx), selectValues(y, idx));
    expect(f.lambda.length).toBe(100);
    relClose(f.lambda[0], 0.237047267848371);
    relClose(f.lambda[1], 0.226273103680567);
    relClose(f.lambda[99], 0.00237047267848372);
    relClose(f.devRatio[99], 0.979369679871087);
    relClose(f.nulldev, 52.9250590526386);
    // coef(f, s = f$lambda[20]) and coef(f, s = f$lambda[100])
    let c = coefAt(f, [f.lambda[19]]);
    coefClose(c.a0[0], c.beta, {
      '(Intercept)': -0.740813669478146, x01: 0.50635094314687, x03: -0.13044725469503, x04: 0.158879745374976, x05: -0.123521907122275,
      x06: 0.0780815196185961, x21: -0.0706419544259134, x30: -0.0662553087443115, x35: -0.0204018415846987, x38: 0.171414168684204,
    });
    c = coefAt(f, [f.lambda[99]]);
    coefClose(c.a0[0], c.beta, {
      '(Intercept)': -1.9464717736724, x01: 1.13506947906541, x03: -0.708270641798782, x04: 2.25504054883916, x05: -1.8960955192254,
      x07: 1.69819349700945, x10: 0.267059171387291, x12: 1.71725691627261, x14: 0.184642945404801, x15: 0.446728036676052,
      x16: -0.103231050807962, x18: -1.03961389392629, x21: -0.813221872666643, x23: 0.322759557601922, x24: -0.797111860906792,
      x25: 0.705990276979389, x30: -0.883197568434379, x35: -1.05286985592201, x36: -0.270748685256656, x38: 0.88430131955624,
      x40: -0.921521409312757, x41: -1.72467926041946, x42: -0.800218187302386, x46: -1.19300301402565, x49: -1.04598731175535,
    }, 1e-4);
  });

  it('interpolation between path values: coef(glmnet(X, y, family="binomial"), s=0.05)', () => {
    const f = glmnetBinomial(X, y);
    const c = coefAt(f, [0.05]);
    coefClose(c.a0[0], c.beta, { '(Intercept)': -0.698480918170474, x01: 0.899165294960654, x03: -0.686008450158557, x05: -0.0593347932985005, x07: 0.239551197550313 });
  });
});

describe('closed-form and invariance checks', () => {
  it('lambda_max is the smallest lambda with all coefficients 0: the KKT bound max_j |x̃_j·(y − ȳ)|/n', () => {
    const f = glmnetBinomial(X, y);
    // closed form: standardised columns (population SD), gradient at the null model
    const n = X.rows;
    const ybar = y.reduce((a, b) => a + b, 0) / n;
    let lmax = 0;
    for (let j = 0; j < X.cols; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += X.data[i * X.cols + j] / n;
      let s = 0;
      for (let i = 0; i < n; i++) s += (X.data[i * X.cols + j] - m) ** 2 / n;
      let g = 0;
      for (let i = 0; i < n; i++) g += ((X.data[i * X.cols + j] - m) / Math.sqrt(s)) * (y[i] - ybar) / n;
      lmax = Math.max(lmax, Math.abs(g));
    }
    relClose(f.lambda[0], lmax, 1e-12);
    relClose(f.a0[0], Math.log(ybar / (1 - ybar)), 1e-12);
    for (let j = 0; j < X.cols; j++) expect(f.beta[j]).toBe(0);
    expect(f.df[1]).toBe(1);
  });

  it('stratified folds: seeded, balanced per class, sizes differ by at most one', () => {
    const a = stratifiedFolds(y, 10, 42);
    expect(Array.from(stratifiedFolds(y, 10, 42))).toEqual(Array.from(a));
    expect(Array.from(stratifiedFolds(y, 10, 43))).not.toEqual(Array.from(a));
    const size = new Array(11).fill(0);
    const pos = new Array(11).fill(0);
    a.forEach((k, i) => {
      size[k]++;
      pos[k] += y[i];
    });
    const sz = size.slice(1);
    const ps = pos.slice(1);
    expect(Math.max(...sz) - Math.min(...sz)).toBeLessThanOrEqual(1);
    expect(Math.max(...ps) - Math.min(...ps)).toBeLessThanOrEqual(1);
  });

  it('rejects bad input', () => {
    const y1 = y.slice();
    y1[0] = 2;
    expect(() => glmnetBinomial(X, y1)).toThrow(/0\/1/);
    const y2 = new Float64Array(y.length);
    y2[0] = 1;
    expect(() => glmnetBinomial(X, y2)).toThrow(/1 or 0 observations/);
    expect(() => cvGlmnet(X, y, { foldid: Int32Array.from(fold, (f) => (f % 2) + 1) })).toThrow(/at least 3/);
  });
});

describe('alnm lasso (CLI)', () => {
  afterAll(() => closeCvPool());
  const dir = mkdtempSync(path.join(tmpdir(), 'alnm-lasso-'));
  const f = (n: string) => path.join(dir, n);
  const csv = data('reference', 'lasso_data.csv');
  async function failure(args: string[]): Promise<string> {
    try {
      await command.run(args);
    } catch (e) {
      expect(isAlnmError(e)).toBe(true);
      const msg = (e as Error).message;
      expect(msg.split('\n')).toHaveLength(1);
      return msg;
    }
    throw new Error('expected alnm lasso to fail');
  }

  it.each(['deviance', 'auc'] as const)('--measure %s with --foldid reproduces lasso_glmnet.json', async (measure) => {
    const out = f(`lasso-${measure}.json`);
    expect(await command.run(['--data', csv, '--outcome', 'y', '--foldid', 'fold', '--exclude', 'id', '--measure', measure, '--out', out])).toBe(0);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    const R = ref[measure];
    relClose(r.lambda_min, R.lambda_min);
    relClose(r.lambda_1se, R.lambda_1se);
    expect(r.lambda).toHaveLength(R.lambda.length);
    expect(Object.keys(r.coef_min)).toEqual(['(Intercept)', ...vars]);
    if (R.coef_min) {
      for (const [k, v] of Object.entries(R.coef_min)) {
        if (v === 0) expect(r.coef_min[k]).toBe(0);
        else relClose(r.coef_min[k], v);
      }
    }
  });

  it('--vars selects predictors; seeded stratified folds are reproducible', async () => {
    const a = f('a.json');
    const b = f('b.json');
    const args = ['--data', csv, '--outcome', 'y', '--vars', 'x01,x02', '--vars', 'x03', '--folds', '5', '--seed', '7'];
    expect(await command.run([...args, '--out', a])).toBe(0);
    expect(await command.run([...args, '--out', b])).toBe(0);
    const ra = JSON.parse(readFileSync(a, 'utf8'));
    expect(Object.keys(ra.coef_min)).toEqual(['(Intercept)', 'x01', 'x02', 'x03']);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    expect(ra.folds).toBe(5);
  });

  it('--jobs: the same output for 1 and 3 worker threads; a bad value is refused', async () => {
    const outs = ['1', '3'].map((j) => f(`jobs${j}.json`));
    const args = ['--data', csv, '--outcome', 'y', '--foldid', 'fold', '--exclude', 'id'];
    expect(await command.run([...args, '--jobs', '1', '--out', outs[0]])).toBe(0);
    expect(await command.run([...args, '--jobs', '3', '--out', outs[1]])).toBe(0);
    expect(readFileSync(outs[1], 'utf8')).toBe(readFileSync(outs[0], 'utf8'));
    relClose(JSON.parse(readFileSync(outs[1], 'utf8')).lambda_min, ref.deviance.lambda_min);
    await expect(command.run([...args, '--jobs', '0'])).rejects.toThrow(/--jobs must be a positive integer/);
  });

  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
  const col = (name: string) => header.indexOf(name);
  function variant(name: string, edit: (cells: string[], i: number) => void): string {
    const out = [lines[0], ...lines.slice(1).map((l, i) => {
      const c = l.split(',');
      edit(c, i);
      return c.join(',');
    })];
    writeFileSync(f(name), out.join('\n') + '\n');
    return f(name);
  }

  it('rejects a constant column', async () => {
    const file = variant('const.csv', (c) => (c[col('x05')] = '1.5'));
    const msg = await failure(['--data', file, '--outcome', 'y', '--exclude', 'id,fold', '--out', f('never.json')]);
    expect(msg).toMatch(/const\.csv: column "x05" is constant/);
    expect(existsSync(f('never.json'))).toBe(false);
  });
  it('rejects missing values, naming the column and lines', async () => {
    const file = variant('missing.csv', (c, i) => {
      if (i === 2 || i === 9) c[col('x07')] = 'NA';
    });
    const msg = await failure(['--data', file, '--outcome', 'y', '--exclude', 'id,fold']);
    expect(msg).toMatch(/missing\.csv: column "x07" has 2 missing values \(lines 4, 11\)/);
  });
  it('rejects a non-binary outcome', async () => {
    const file = variant('nonbinary.csv', (c, i) => {
      if (i === 5) c[col('y')] = '2';
    });
    const msg = await failure(['--data', file, '--outcome', 'y', '--exclude', 'id,fold']);
    expect(msg).toMatch(/nonbinary\.csv: outcome "y" must be 0\/1, found "2" \(line 7\)/);
  });
  it('rejects fewer events than folds', async () => {
    let kept = 0;
    const file = variant('rare.csv', (c) => {
      if (c[col('y')] === '1' && kept++ >= 4) c[col('y')] = '0';
    });
    const msg = await failure(['--data', file, '--outcome', 'y', '--exclude', 'id,fold', '--folds', '10']);
    expect(msg).toMatch(/rare\.csv: only 4 events \(y = 1\) for 10 folds/);
  });
  it('rejects an unknown column and bad options', async () => {
    expect(await failure(['--data', csv, '--outcome', 'nope'])).toMatch(/unknown column "nope"/);
    await expect(command.run(['--data', csv, '--outcome', 'y', '--measure', 'mse'])).rejects.toThrow(/--measure must be/);
  });
});
