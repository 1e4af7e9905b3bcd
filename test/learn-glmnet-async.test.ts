/**
 * cvGlmnetAsync (path fits on worker threads) against R and against the single-threaded cvGlmnet:
 * R reference /work/shared/data/reference/lasso_glmnet.json, produced by (R 4.2.2, glmnet 4.1.6)
 *   cv.glmnet(X, y, family='binomial', alpha=1, foldid=fold, type.measure='deviance' | 'auc')
 * on lasso_data.csv. The threaded result must equal cvGlmnet's bit for bit for any number of threads.
 * The workers run dist/ (`npm test` builds it first).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ref, X, y, fold, type RefBlock } from './helpers/lasso.js';
import { closeCvPool, cvGlmnet, cvGlmnetAsync, type CvGlmnetResult } from '../src/learn/cv-glmnet.js';
import { setWasmKernels } from '../src/learn/glmnet-wasm.js';

const TOL = 1e-6; // as test/learn-glmnet.test.ts
function expectR(res: CvGlmnetResult, R: RefBlock): void {
  expect(res.lambda.length).toBe(R.lambda.length);
  for (let l = 0; l < R.lambda.length; l++) {
    expect(Math.abs(res.lambda[l] - R.lambda[l])).toBeLessThanOrEqual(TOL * R.lambda[l]);
    expect(Math.abs(res.cvm[l] - R.cvm[l])).toBeLessThanOrEqual(TOL * R.cvm[l]);
    expect(Math.abs(res.cvsd[l] - R.cvsd[l])).toBeLessThanOrEqual(TOL * R.cvsd[l]);
  }
  expect(Math.abs(res.lambdaMin - R.lambda_min)).toBeLessThanOrEqual(TOL * R.lambda_min);
  expect(Math.abs(res.lambda1se - R.lambda_1se)).toBeLessThanOrEqual(TOL * R.lambda_1se);
}

/** Every output field equal, bit for bit (typed arrays compared element-wise, -0 ≠ +0). */
function expectIdentical(a: CvGlmnetResult, b: CvGlmnetResult): void {
  for (const k of ['lambda', 'cvm', 'cvsd', 'nzero', 'foldid'] as const) expect(Array.from(a[k])).toStrictEqual(Array.from(b[k]));
  for (const k of ['lambda', 'a0', 'beta', 'devRatio', 'df'] as const) expect(Array.from(a.fit[k])).toStrictEqual(Array.from(b.fit[k]));
  expect([a.lambdaMin, a.lambda1se, a.indexMin, a.index1se, a.measure, a.fit.npasses, a.fit.nulldev]).toStrictEqual([b.lambdaMin, b.lambda1se, b.indexMin, b.index1se, b.measure, b.fit.npasses, b.fit.nulldev]);
  expect(a.fit.names).toStrictEqual(b.fit.names);
  expect(a.warnings).toStrictEqual(b.warnings);
}

describe('cvGlmnetAsync', () => {
  afterAll(async () => {
    setWasmKernels(true);
    await closeCvPool();
  });

  it.each(['deviance', 'auc'] as const)('type.measure=%s: reproduces R and equals cvGlmnet bit for bit with 1, 2 and 3 threads', async (measure) => {
    const sync = cvGlmnet(X, y, { foldid: fold, measure });
    expectR(sync, ref[measure]);
    for (const jobs of [1, 2, 3]) {
      const res = await cvGlmnetAsync(X, y, { foldid: fold, measure }, { jobs });
      expectR(res, ref[measure]);
      expectIdentical(res, sync);
    }
  });

  it('same result run after run and for any thread count (seeded folds, weights, elastic net, JavaScript kernels)', async () => {
    const weights = Float64Array.from(y, (_, i) => 1 + (i % 3));
    const opts = { seed: 5, nfolds: 7, alpha: 0.5, weights, measure: 'class' as const };
    setWasmKernels(false);
    const sync = cvGlmnet(X, y, opts);
    const runs = await Promise.all([cvGlmnetAsync(X, y, opts, { jobs: 2 }), cvGlmnetAsync(X, y, opts, { jobs: 4 })]);
    setWasmKernels(true);
    for (const r of runs) expectIdentical(r, sync);
    // The worker used the JavaScript kernels as asked: the wasm result is the same path (same order of sums).
    expectIdentical(await cvGlmnetAsync(X, y, opts, { jobs: 2 }), sync);
  });

  it('a failing fold fit is reported as cvGlmnet reports it', async () => {
    // Both events of y2 are in fold 1: its training set has no events.
    const y2 = new Float64Array(y.length);
    const inFold1 = [...fold.keys()].filter((i) => fold[i] === 1);
    y2[inFold1[0]] = 1;
    y2[inFold1[1]] = 1;
    let message = '';
    try {
      cvGlmnet(X, y2, { foldid: fold });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/one binomial class has 1 or 0 observations/);
    await expect(cvGlmnetAsync(X, y2, { foldid: fold }, { jobs: 2 })).rejects.toThrow(message);
  });
});
