/**
 * The two implementations of glmnet's column kernels (WebAssembly SIMD, glmnet-wasm.ts, and plain
 * JavaScript, glmnet-kernels.ts) both reproduce R:
 *   cv.glmnet(X, y, family='binomial', alpha=1, foldid=fold, type.measure='deviance')
 * (glmnet 4.1.6, R 4.2.2; /work/shared/data/reference/lasso_glmnet.json on lasso_data.csv), and, since
 * both accumulate every sum in the same four-lane order, they give bit-identical paths. Each kernel is
 * also checked against exact sums (integer data, where every order of summation gives the same double)
 * for every length n mod 4.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { data } from './helpers/data.js';
import { tableFromText } from '../src/util/csv.js';
import { cvGlmnet } from '../src/learn/cv-glmnet.js';
import { glmnetBinomial } from '../src/learn/glmnet.js';
import { JsKernels, sum4, type ColumnKernels } from '../src/learn/glmnet-kernels.js';
import { kernelModule, setWasmKernels, WasmKernels } from '../src/learn/glmnet-wasm.js';
import { Rng } from '../src/util/random.js';
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

describe('each column kernel, WebAssembly and JavaScript', () => {
  const P = 6;
  /** Both workspaces for n × P with the same contents: integer data (exact sums) or random doubles. */
  function workspaces(n: number, integer: boolean, seed: number): ColumnKernels[] {
    const rng = new Rng(seed);
    const val = (): number => (integer ? Math.floor(rng.nextFloat() * 11) - 5 : (rng.nextFloat() - 0.5) * Math.exp(8 * rng.nextFloat() - 4));
    const x = Float64Array.from({ length: n * P }, val);
    const r = Float64Array.from({ length: n }, val);
    const v = Float64Array.from({ length: n }, () => Math.abs(val()));
    const wk = WasmKernels.create(n, P);
    expect(wk).not.toBeNull();
    return [wk!, new JsKernels(n, P)].map((k) => {
      k.x.set(x);
      k.r.set(r);
      k.v.set(v);
      return k;
    });
  }
  /** Every kernel's outputs on one workspace (the residual updates change r, in this order). */
  function run(k: ColumnKernels): number[] {
    const cols = Int32Array.from([5, 0, 3, 1, 4]);
    const out = new Float64Array(5);
    const xv = new Float64Array(P);
    const res: number[] = [k.dotR(2)];
    k.dotRCols(cols, 5, out);
    res.push(...out);
    k.weightedSquares(cols, 5, xv);
    res.push(...xv);
    res.push(k.updateThenDot(1, 3, 4), ...k.r, k.updateThenDot(4, -2, -1), ...k.r);
    const b = Float64Array.from([2, 0, -1, 3, 1, -2]);
    k.linearPredictor(0.5, b, Int32Array.from([3, 1, 0, 5, 2, 4]), 6, new Int32Array(6));
    res.push(...k.eta);
    return res;
  }
  /** The same quantities computed directly in exact integer arithmetic (any order). */
  function exact(k: ColumnKernels, n: number): number[] {
    const x = (i: number, j: number): number => k.x[j * n + i];
    const r = Array.from(k.r);
    const v = Array.from(k.v);
    const dot = (j: number, a: number[]): number => a.reduce((s, ai, i) => s + ai * x(i, j), 0);
    const res: number[] = [dot(2, r), ...[5, 0, 3, 1, 4].map((j) => dot(j, r))];
    const xv = new Array<number>(P).fill(0);
    for (const j of [5, 0, 3, 1, 4]) xv[j] = v.reduce((s, vi, i) => s + vi * x(i, j) * x(i, j), 0);
    res.push(...xv);
    for (let i = 0; i < n; i++) r[i] -= 3 * v[i] * x(i, 1);
    res.push(dot(4, r), ...r);
    for (let i = 0; i < n; i++) r[i] -= -2 * v[i] * x(i, 4);
    res.push(r.reduce((s, a) => s + a, 0), ...r);
    const b = [2, 0, -1, 3, 1, -2];
    for (let i = 0; i < n; i++) res.push(0.5 + b.reduce((s, bj, j) => s + bj * x(i, j), 0));
    return res;
  }
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 270])('n = %i: exact on integer data; bit-identical on random doubles', (n) => {
    for (const k of workspaces(n, true, n)) {
      const want = exact(k, n);
      expect(run(k)).toEqual(want);
    }
    const [w, j] = workspaces(n, false, 100 + n);
    expect(run(w)).toEqual(run(j));
  });
  it('sum4: four partial sums over i mod 4, combined (s0 + s2) + (s1 + s3), then the tail in order', () => {
    // 2^53 + 1 rounds to 2^53 (ties to even): the order of the additions decides what survives.
    const big = 2 ** 53;
    // n = 4: s0 = big, s1 = 1, s2 = -big, s3 = 1; (s0 + s2) + (s1 + s3) = 0 + 2 = 2.
    expect(sum4([big, 1, -big, 1, 1, 1], 4)).toBe(2);
    // One at a time: big + 1 rounds to big, so ((big + 1) − big) + 1 = 1.
    expect(big + 1 - big + 1).toBe(1);
    // Tail after the combination: 2 + 1 + 1 = 4 for n = 6.
    expect(sum4([big, 1, -big, 1, 1, 1], 6)).toBe(4);
    expect(sum4([1, 2, 3], 3)).toBe(6);
  });
});
