/**
 * Support vector machine (C-SVC) by SMO with libsvm's second-order working-set selection
 * (Fan, Chen & Lin 2005), linear or RBF kernel, and Platt-scaled probabilities.
 * Dual: min_a 0.5 a^T Q a - e^T a, 0 <= a_i <= C, y^T a = 0, Q_ij = y_i y_j K(x_i, x_j), y in {-1, +1};
 * decision f(x) = sum_i a_i y_i K(x_i, x) - rho (rho from the free support vectors, as libsvm).
 * Kernels: linear K = x . z; RBF K = exp(-gamma ||x - z||^2), gamma default "scale" = 1 / (p var(X)) (sklearn).
 * Probability (Platt 2000, Lin, Lin & Weng 2007 `sigmoid_train`): P(y=1|x) = 1 / (1 + exp(A f + B)),
 * (A, B) by Newton on the smoothed targets (N+ + 1)/(N+ + 2), 1/(N- + 2), fitted on decision values
 * from an internal seeded stratified k-fold CV (libsvm's scheme; folds = 0 uses training decisions).
 */
import { Rng } from '../util/random.js';
import type { ClassifierOf, FittedClassifier, Matrix } from './types.js';
import { selectRows, selectValues } from './types.js';

export interface SvmParams {
  kernel?: 'linear' | 'rbf';
  C?: number;
  /** RBF width; default "scale". */
  gamma?: number;
  /** Stopping tolerance on the maximal KKT violation (libsvm's eps, default 1e-3; tighter here). */
  tol?: number;
  maxIter?: number;
  /** Internal CV folds for Platt scaling (0: fit the sigmoid on training decision values). */
  plattFolds?: number;
  seed?: number;
}

/** Raw SVM solution. */
export interface SvmModel {
  sv: Float64Array; // nSV x p
  coef: Float64Array; // a_i y_i
  rho: number;
  gamma: number;
  kernel: 'linear' | 'rbf';
  p: number;
}

function kernelValue(kernel: 'linear' | 'rbf', gamma: number, a: Float64Array, ia: number, b: Float64Array, ib: number, p: number): number {
  let s = 0;
  if (kernel === 'linear') {
    for (let j = 0; j < p; j++) s += a[ia + j]! * b[ib + j]!;
    return s;
  }
  for (let j = 0; j < p; j++) {
    const d = a[ia + j]! - b[ib + j]!;
    s += d * d;
  }
  return Math.exp(-gamma * s);
}

/** Decision values f(x) of an SVM model. */
export function svmDecision(m: SvmModel, X: Matrix): Float64Array {
  const out = new Float64Array(X.rows);
  const nsv = m.coef.length;
  for (let i = 0; i < X.rows; i++) {
    let s = -m.rho;
    for (let k = 0; k < nsv; k++) s += m.coef[k]! * kernelValue(m.kernel, m.gamma, m.sv, k * m.p, X.data, i * m.p, m.p);
    out[i] = s;
  }
  return out;
}

/** Primal weights w = sum a_i y_i x_i of a linear SVM (decision = w . x - rho). */
export function linearWeights(m: SvmModel): Float64Array {
  const w = new Float64Array(m.p);
  for (let k = 0; k < m.coef.length; k++) for (let j = 0; j < m.p; j++) w[j]! += m.coef[k]! * m.sv[k * m.p + j]!;
  return w;
}

/** Solve the C-SVC dual by SMO (WSS2). Labels 0/1. */
export function trainSvm(X: Matrix, y01: Float64Array, params: SvmParams = {}): SvmModel {
  const n = X.rows;
  const p = X.cols;
  const C = params.C ?? 1;
  const kernel = params.kernel ?? 'rbf';
  const tol = params.tol ?? 1e-6;
  const maxIter = params.maxIter ?? Math.max(10000000, 100 * n);
  let gamma = params.gamma ?? 0;
  if (kernel === 'rbf' && !(gamma > 0)) {
    let mean = 0;
    for (let i = 0; i < X.data.length; i++) mean += X.data[i]!;
    mean /= X.data.length;
    let v = 0;
    for (let i = 0; i < X.data.length; i++) v += (X.data[i]! - mean) ** 2;
    v /= X.data.length;
    gamma = v > 0 ? 1 / (p * v) : 1;
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = y01[i]! > 0.5 ? 1 : -1;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = kernelValue(kernel, gamma, X.data, i * p, X.data, j * p, p);
      K[i * n + j] = v;
      K[j * n + i] = v;
    }
  }
  const alpha = new Float64Array(n);
  const G = new Float64Array(n).fill(-1);
  const TAU = 1e-12;
  for (let iter = 0; iter < maxIter; iter++) {
    // select i: max over I_up of -y G
    let gmax = -Infinity;
    let i = -1;
    for (let t = 0; t < n; t++) {
      const up = y[t] === 1 ? alpha[t]! < C : alpha[t]! > 0;
      const v = -y[t]! * G[t]!;
      if (up && v >= gmax) {
        gmax = v;
        i = t;
      }
    }
    let gmin = Infinity;
    let j = -1;
    let objMin = Infinity;
    for (let t = 0; t < n; t++) {
      const low = y[t] === 1 ? alpha[t]! > 0 : alpha[t]! < C;
      if (!low) continue;
      const v = -y[t]! * G[t]!;
      if (v < gmin) gmin = v;
      if (i >= 0) {
        const b = gmax - v;
        if (b > 0) {
          let a = K[i * n + i]! + K[t * n + t]! - 2 * K[i * n + t]!;
          if (a <= 0) a = TAU;
          const obj = -(b * b) / a;
          if (obj < objMin) {
            objMin = obj;
            j = t;
          }
        }
      }
    }
    if (i < 0 || j < 0 || gmax - gmin < tol) break;
    const Qij = y[i]! * y[j]! * K[i * n + j]!;
    const Qii = K[i * n + i]!;
    const Qjj = K[j * n + j]!;
    const oldI = alpha[i]!;
    const oldJ = alpha[j]!;
    let ai = oldI;
    let aj = oldJ;
    if (y[i] !== y[j]) {
      let q = Qii + Qjj + 2 * Qij;
      if (q <= 0) q = TAU;
      const delta = (-G[i]! - G[j]!) / q;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) {
          aj = 0;
          ai = diff;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = -diff;
      }
      if (diff > 0) {
        if (ai > C) {
          ai = C;
          aj = C - diff;
        }
      } else if (aj > C) {
        aj = C;
        ai = C + diff;
      }
    } else {
      let q = Qii + Qjj - 2 * Qij;
      if (q <= 0) q = TAU;
      const delta = (G[i]! - G[j]!) / q;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > C) {
        if (ai > C) {
          ai = C;
          aj = sum - C;
        }
      } else if (aj < 0) {
        aj = 0;
        ai = sum;
      }
      if (sum > C) {
        if (aj > C) {
          aj = C;
          ai = sum - C;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = sum;
      }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    const di = ai - oldI;
    const dj = aj - oldJ;
    for (let t = 0; t < n; t++) G[t]! += y[t]! * (y[i]! * K[i * n + t]! * di + y[j]! * K[j * n + t]! * dj);
  }
  // rho
  let ub = Infinity;
  let lb = -Infinity;
  let nFree = 0;
  let sumFree = 0;
  for (let t = 0; t < n; t++) {
    const yG = y[t]! * G[t]!;
    if (alpha[t]! >= C) {
      if (y[t] === -1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else if (alpha[t]! <= 0) {
      if (y[t] === 1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else {
      nFree++;
      sumFree += yG;
    }
  }
  const rho = nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
  const svIdx: number[] = [];
  for (let t = 0; t < n; t++) if (alpha[t]! > 0) svIdx.push(t);
  const sv = new Float64Array(svIdx.length * p);
  const coef = new Float64Array(svIdx.length);
  svIdx.forEach((t, k) => {
    sv.set(X.data.subarray(t * p, t * p + p), k * p);
    coef[k] = alpha[t]! * y[t]!;
  });
  return { sv, coef, rho, gamma, kernel, p };
}

/**
 * Platt's sigmoid fit (Lin, Lin & Weng 2007, Algorithm 1): minimise the cross-entropy of
 * 1 / (1 + exp(A f + B)) against targets t+ = (N+ + 1)/(N+ + 2), t- = 1/(N- + 2) by Newton with
 * backtracking. Returns [A, B].
 */
export function plattSigmoid(f: Float64Array, y01: Float64Array): [number, number] {
  const n = f.length;
  let prior1 = 0;
  for (let i = 0; i < n; i++) if (y01[i]! > 0.5) prior1++;
  const prior0 = n - prior1;
  const hi = (prior1 + 1) / (prior1 + 2);
  const lo = 1 / (prior0 + 2);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = y01[i]! > 0.5 ? hi : lo;
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  const sigma = 1e-12;
  const fval = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const fApB = f[i]! * a + b;
      s += fApB >= 0 ? t[i]! * fApB + Math.log1p(Math.exp(-fApB)) : (t[i]! - 1) * fApB + Math.log1p(Math.exp(fApB));
    }
    return s;
  };
  let fv = fval(A, B);
  for (let it = 0; it < 100; it++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const fApB = f[i]! * A + B;
      const e = Math.exp(-Math.abs(fApB));
      const pp = fApB >= 0 ? e / (1 + e) : 1 / (1 + e);
      const q = fApB >= 0 ? 1 / (1 + e) : e / (1 + e);
      const d2 = pp * q;
      h11 += f[i]! * f[i]! * d2;
      h22 += d2;
      h21 += f[i]! * d2;
      const d1 = t[i]! - pp;
      g1 += f[i]! * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-10 && Math.abs(g2) < 1e-10) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    let moved = false;
    while (step >= 1e-10) {
      const nA = A + step * dA;
      const nB = B + step * dB;
      const nf = fval(nA, nB);
      if (nf < fv + 1e-4 * step * gd) {
        A = nA;
        B = nB;
        fv = nf;
        moved = true;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  return [A, B];
}

/** Stratified fold ids 0..k-1 (seeded), for the internal Platt CV. */
function foldIds(y: Float64Array, k: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const ids = new Int32Array(y.length);
  for (const c of [0, 1]) {
    const members: number[] = [];
    for (let i = 0; i < y.length; i++) if ((y[i]! > 0.5 ? 1 : 0) === c) members.push(i);
    rng.shuffle(members);
    members.forEach((i, r) => (ids[i] = r % k));
  }
  return ids;
}

export class FittedSvm implements FittedClassifier {
  constructor(
    readonly model: SvmModel,
    readonly plattA: number,
    readonly plattB: number,
  ) {}
  decisionFunction(X: Matrix): Float64Array {
    return svmDecision(this.model, X);
  }
  predictProba(X: Matrix): Float64Array {
    const f = svmDecision(this.model, X);
    for (let i = 0; i < f.length; i++) {
      const z = f[i]! * this.plattA + this.plattB;
      f[i] = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
    }
    return f;
  }
}

/** C-SVC with Platt probabilities (see module doc). */
export function svm(params: SvmParams = {}): ClassifierOf<FittedSvm> {
  const folds = params.plattFolds ?? 5;
  const seed = params.seed ?? 0;
  return {
    fit(X: Matrix, y: Float64Array): FittedSvm {
      const model = trainSvm(X, y, params);
      let dec: Float64Array;
      if (folds >= 2 && X.rows >= 2 * folds) {
        dec = new Float64Array(X.rows);
        const ids = foldIds(y, folds, seed);
        for (let k = 0; k < folds; k++) {
          const tr: number[] = [];
          const te: number[] = [];
          for (let i = 0; i < X.rows; i++) (ids[i] === k ? te : tr).push(i);
          const yt = selectValues(y, tr);
          let pos = 0;
          for (const v of yt) pos += v > 0.5 ? 1 : 0;
          if (pos === 0 || pos === yt.length) {
            for (const i of te) dec[i] = pos === 0 ? -1 : 1; // libsvm: one-class fold
            continue;
          }
          const m = trainSvm(selectRows(X, tr), yt, { ...params, gamma: model.gamma });
          const f = svmDecision(m, selectRows(X, te));
          te.forEach((i, r) => (dec[i] = f[r]!));
        }
      } else dec = svmDecision(model, X);
      const [A, B] = plattSigmoid(dec, y);
      return new FittedSvm(model, A, B);
    },
  };
}
