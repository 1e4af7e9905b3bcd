/**
 * The two implementations of glmnet's column kernels (WebAssembly SIMD, glmnet-wasm.ts, and plain
 * JavaScript, glmnet-kernels.ts) both reproduce R:
 *   cv.glmnet(X, y, family='binomial', alpha=1, foldid=fold, type.measure='deviance')
 * (glmnet 4.1.6, R 4.2.2; /work/shared/data/reference/lasso_glmnet.json on lasso_data.csv), and, since
 * both keep every sum in glmnet's order, they give bit-identical paths.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { data } from './helpers/data.js';
import { tableFromText } from '../src/util/csv.js';
import { cvGlmnet } from '../src/learn/cv-glmnet.js';
import { glmnetBinomial } from '../src/learn/glmnet.js';
import { kernelModule, setWasmKernels } from '../src/learn/glmnet-wasm.js';
import type { Matrix } from '../src/learn/types.js';

const ref = JSON.parse(readFileSync(data('reference', 'lasso_glmnet.json'), 'utf8')) as { deviance: { lambda: number[]; cvm: number[]; cvsd: number[]; lambda_min: number } };
const tab = tableFromText(readFileSync(data('reference', 'lasso_data.csv'), 'utf8'));
const vars = tab.columns.filter((c) => /^x\d+$/.test(c));
const X: Matrix = { rows: tab.rows.length, cols: vars.length, data: new Float64Array(tab.rows.length * vars.length) };
tab.rows.forEach((r, i) => vars.forEach((v, j) => (X.data[i * vars.length + j] = Number(r[v]))));
const y = Float64Array.from(tab.rows, (r) => Number(r.y));
const fold = Int32Array.from(tab.rows, (r) => Number(r.fold));

function expectR(res: ReturnType<typeof cvGlmnet>): void {
  const R = ref.deviance;
  expect(res.lambda.length).toBe(R.lambda.length);
  for (let l = 0; l < R.lambda.length; l++) {
    expect(Math.abs(res.lambda[l] - R.lambda[l])).toBeLessThanOrEqual(1e-6 * R.lambda[l]);
    expect(Math.abs(res.cvm[l] - R.cvm[l])).toBeLessThanOrEqual(1e-6 * R.cvm[l]);
    expect(Math.abs(res.cvsd[l] - R.cvsd[l])).toBeLessThanOrEqual(1e-6 * R.cvsd[l]);
  }
  expect(Math.abs(res.lambdaMin - R.lambda_min)).toBeLessThanOrEqual(1e-6 * R.lambda_min);
}

describe('glmnet column kernels: WebAssembly and JavaScript', () => {
  afterAll(() => setWasmKernels(true));
  it('this engine has WebAssembly SIMD (the fast path is the one in use)', () => {
    expect(kernelModule()).not.toBeNull();
  });
  it('both reproduce R cv.glmnet (deviance) and are bit-identical, on odd and even n', () => {
    setWasmKernels(true);
    const a = cvGlmnet(X, y, { foldid: fold });
    setWasmKernels(false);
    const b = cvGlmnet(X, y, { foldid: fold });
    expectR(a);
    expectR(b);
    expect(Array.from(b.cvm)).toEqual(Array.from(a.cvm));
    expect(Array.from(b.fit.beta)).toEqual(Array.from(a.fit.beta));
    // Odd number of rows exercises the scalar tail of the two-lane loops; elastic net and no standardisation too.
    const odd: Matrix = { rows: X.rows - 1, cols: X.cols, data: X.data.subarray(0, (X.rows - 1) * X.cols) };
    for (const opts of [{}, { alpha: 0.3, standardize: false }]) {
      setWasmKernels(true);
      const fa = glmnetBinomial(odd, y.subarray(0, X.rows - 1), opts);
      setWasmKernels(false);
      const fb = glmnetBinomial(odd, y.subarray(0, X.rows - 1), opts);
      expect(fb.npasses).toBe(fa.npasses);
      expect(Array.from(fb.beta)).toEqual(Array.from(fa.beta));
      expect(Array.from(fb.a0)).toEqual(Array.from(fa.a0));
    }
  });
});
