/**
 * L2-penalised logistic regression as scikit-learn's `LogisticRegression(penalty="l2", C)` with the
 * lbfgs/newton-cg solvers (same optimum), solved here by damped Newton (IRLS):
 *   minimise  0.5 * ||w||^2 + C * sum_i [ log(1 + e^{eta_i}) - y_i eta_i ],  eta_i = x_i . w + b,
 * the intercept b unpenalised. `C = Infinity` gives the unpenalised maximum-likelihood fit (R's glm).
 * Gradient `g = [w; 0] + C X1^T (p - y)`, Hessian `H = diag(1..1, 0) + C X1^T diag(p (1 - p)) X1`
 * (X1 = [X, 1]); steps `H^-1 g` with backtracking until max |g| <= tol.
 */
import { AlnmError } from '../util/errors.js';
import type { ClassifierOf, FittedClassifier, Matrix } from './types.js';

export interface LogRegParams {
  /** Inverse penalty strength (sklearn's C); Infinity for no penalty. Default 1. */
  C?: number;
  fitIntercept?: boolean;
  /** Stop when the largest gradient component is below tol (objective scaled as above). */
  tol?: number;
  maxIter?: number;
}

/** A fitted logistic model `P(y=1|x) = 1 / (1 + exp(-(x . coef + intercept)))`. */
export class FittedLogReg implements FittedClassifier {
  constructor(
    readonly coef: Float64Array,
    readonly intercept: number,
    readonly iterations: number,
  ) {}

  /** Linear predictor x . coef + intercept. */
  decisionFunction(X: Matrix): Float64Array {
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let s = this.intercept;
      for (let j = 0; j < X.cols; j++) s += X.data[i * X.cols + j]! * this.coef[j]!;
      out[i] = s;
    }
    return out;
  }

  predictProba(X: Matrix): Float64Array {
    const f = this.decisionFunction(X);
    for (let i = 0; i < f.length; i++) f[i] = 1 / (1 + Math.exp(-f[i]!));
    return f;
  }
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Solve the symmetric positive-definite system A x = b in place by Cholesky (A is m x m row-major,
 * overwritten); returns false if A is not positive definite.
 */
export function choleskySolve(A: Float64Array, b: Float64Array, m: number): boolean {
  for (let j = 0; j < m; j++) {
    let d = A[j * m + j]!;
    for (let k = 0; k < j; k++) d -= A[j * m + k]! * A[j * m + k]!;
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    A[j * m + j] = l;
    for (let i = j + 1; i < m; i++) {
      let s = A[i * m + j]!;
      for (let k = 0; k < j; k++) s -= A[i * m + k]! * A[j * m + k]!;
      A[i * m + j] = s / l;
    }
  }
  for (let i = 0; i < m; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= A[i * m + k]! * b[k]!;
    b[i] = s / A[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < m; k++) s -= A[k * m + i]! * b[k]!;
    b[i] = s / A[i * m + i]!;
  }
  return true;
}

/** L2 logistic regression (see module doc). */
export function logisticRegression(params: LogRegParams = {}): ClassifierOf<FittedLogReg> {
  const C = params.C ?? 1;
  const fitIntercept = params.fitIntercept ?? true;
  const tol = params.tol ?? 1e-10;
  const maxIter = params.maxIter ?? 100;
  if (!(C > 0)) throw new RangeError(`logisticRegression: C must be > 0, got ${C}`);
  const lam = Number.isFinite(C) ? 1 / C : 0; // objective divided by C: lam/2 ||w||^2 + sum loss
  return {
    fit(X: Matrix, y: Float64Array): FittedLogReg {
      const n = X.rows;
      const p = X.cols;
      const m = p + (fitIntercept ? 1 : 0);
      const beta = new Float64Array(m);
      const eta = new Float64Array(n);
      const g = new Float64Array(m);
      const H = new Float64Array(m * m);
      const trial = new Float64Array(m);
      const row = (i: number, j: number): number => (j < p ? X.data[i * p + j]! : 1);
      const objective = (b: Float64Array): number => {
        let f = 0;
        for (let i = 0; i < n; i++) {
          let s = fitIntercept ? b[p]! : 0;
          for (let j = 0; j < p; j++) s += X.data[i * p + j]! * b[j]!;
          eta[i] = s;
          f += softplus(s) - y[i]! * s;
        }
        let r = 0;
        for (let j = 0; j < p; j++) r += b[j]! * b[j]!;
        return f + 0.5 * lam * r;
      };
      let f = objective(beta);
      let it = 0;
      for (; it < maxIter; it++) {
        g.fill(0);
        H.fill(0);
        for (let i = 0; i < n; i++) {
          const pi = 1 / (1 + Math.exp(-eta[i]!));
          const r = pi - y[i]!;
          const wgt = pi * (1 - pi);
          for (let a = 0; a < m; a++) {
            const xa = row(i, a);
            g[a]! += r * xa;
            const wa = wgt * xa;
            for (let c = 0; c <= a; c++) H[a * m + c]! += wa * row(i, c);
          }
        }
        for (let j = 0; j < p; j++) {
          g[j]! += lam * beta[j]!;
          H[j * m + j]! += lam;
        }
        let gmax = 0;
        for (let a = 0; a < m; a++) gmax = Math.max(gmax, Math.abs(g[a]!));
        if (gmax * (Number.isFinite(C) ? C : 1) <= tol) break;
        for (let a = 0; a < m; a++) for (let c = a + 1; c < m; c++) H[a * m + c] = H[c * m + a]!;
        const step = Float64Array.from(g);
        if (!choleskySolve(H, step, m)) {
          throw new AlnmError('logistic regression: singular design (collinear or constant features, or perfect separation without penalty)');
        }
        let t = 1;
        let accepted = false;
        for (let k = 0; k < 60; k++) {
          for (let a = 0; a < m; a++) trial[a] = beta[a]! - t * step[a]!;
          const ft = objective(trial);
          if (ft <= f + 1e-4 * t * -dot(g, step) || ft <= f) {
            beta.set(trial);
            f = ft;
            accepted = true;
            break;
          }
          t /= 2;
        }
        if (!accepted) {
          objective(beta);
          break;
        }
      }
      return new FittedLogReg(beta.slice(0, p), fitIntercept ? beta[p]! : 0, it);
    },
  };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
