/**
 * Binary logistic regression by iteratively reweighted least squares, reproducing R's
 * glm(y ~ ..., family = binomial) (glm.fit: same start, same IRLS step, same convergence test, same
 * covariance from the last weighted QR), Wald z tests, odds ratios and Wald CIs (confint.default).
 */
import { AlnmError } from '../util/errors.js';
import { chiSquaredSf, normalQuantile, normalTwoSided } from './distributions.js';
import { chol2inv, qrLeastSquares } from './qr.js';

const DBL_EPSILON = 2.220446049250313e-16;
const THRESH = 30;
/** Fitted probabilities this close to 0 or 1 suggest quasi-complete separation (R does not warn). */
const QUASI = 1e-8;

/** Inverse logit as R's C code: η clamped to ±30, μ = e^η / (1 + e^η). */
function linkinv(eta: number): number {
  const t = eta < -THRESH ? DBL_EPSILON : eta > THRESH ? 1 / DBL_EPSILON : Math.exp(eta);
  return t / (1 + t);
}

/** dμ/dη = e^η / (1 + e^η)², DBL_EPSILON beyond |η| > 30 (R). */
function muEta(eta: number): number {
  if (eta > THRESH || eta < -THRESH) return DBL_EPSILON;
  const e = Math.exp(eta);
  return e / ((1 + e) * (1 + e));
}

/** Binomial deviance −2 Σ [y ln μ + (1 − y) ln(1 − μ)] for 0/1 y. */
function deviance(y: Float64Array, mu: Float64Array): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) d -= 2 * (y[i] === 1 ? Math.log(mu[i]) : Math.log(1 - mu[i]));
  return d;
}

export interface LogisticFit {
  /** Column names of X (the first is usually "(Intercept)"). */
  names: string[];
  beta: Float64Array;
  /** Covariance of beta, p × p row-major: (XᵀWX)⁻¹ at the last IRLS weights. */
  cov: Float64Array;
  se: Float64Array;
  deviance: number;
  iterations: number;
  converged: boolean;
  /** Fitted probabilities. */
  mu: Float64Array;
  /** R's glm warnings plus a complete-separation check. */
  warnings: string[];
}

/**
 * Maximum-likelihood logistic regression logit P(y = 1) = Xβ by IRLS exactly as R's glm.fit:
 * μ₀ = (y + ½)/2, η₀ = logit μ₀; each step regresses z = η + (y − μ)/μ' on X with weights
 * w = μ'²/(μ(1 − μ)) by QR; stop when |D − D_old|/(|D| + 0.1) < 1e-8 (at most 25 steps).
 * SE(β) = √diag (XᵀWX)⁻¹ with W from the last step (summary.glm).
 * `X` is n × p column-major. Warns, as R does, on non-convergence and on fitted probabilities
 * numerically 0 or 1, on complete separation (every event's ηᵢ above every non-event's) and, beyond R,
 * on fitted probabilities within 1e-8 of 0 or 1 (quasi-complete separation).
 */
export function fitLogistic(X: Float64Array, y: Float64Array, n: number, names: string[], maxit = 25, epsilon = 1e-8): LogisticFit {
  const p = names.length;
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m0 = (y[i] + 0.5) / 2;
    eta[i] = Math.log(m0 / (1 - m0));
    mu[i] = linkinv(eta[i]);
  }
  let devold = deviance(y, mu);
  let dev = devold;
  const wX = new Float64Array(n * p);
  const wz = new Float64Array(n);
  let beta: Float64Array = new Float64Array(p);
  let R: Float64Array = new Float64Array(p * p);
  let converged = false;
  let iter = 0;
  for (iter = 1; iter <= maxit; iter++) {
    for (let i = 0; i < n; i++) {
      const me = muEta(eta[i]);
      const z = eta[i] + (y[i] - mu[i]) / me;
      const w = Math.sqrt((me * me) / (mu[i] * (1 - mu[i])));
      wz[i] = z * w;
      for (let j = 0; j < p; j++) wX[j * n + i] = X[j * n + i] * w;
    }
    const sol = qrLeastSquares(wX, wz, n, p);
    if (sol.deficientColumn >= 0) {
      throw new AlnmError(`logistic regression: term "${names[sol.deficientColumn]}" is collinear with the other terms (constant or a linear combination of them)`);
    }
    beta = sol.coef;
    R = sol.R;
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let j = 0; j < p; j++) e += X[j * n + i] * beta[j];
      eta[i] = e;
      mu[i] = linkinv(e);
    }
    dev = deviance(y, mu);
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devold = dev;
  }
  const cov = chol2inv(R, p);
  const se = new Float64Array(p);
  for (let j = 0; j < p; j++) se[j] = Math.sqrt(cov[j * p + j]);

  const warnings: string[] = [];
  if (!converged) warnings.push(`algorithm did not converge in ${maxit} iterations`);
  const eps = 10 * DBL_EPSILON;
  if (mu.some((m) => m > 1 - eps || m < eps)) warnings.push('fitted probabilities numerically 0 or 1 occurred');
  let minEvent = Infinity;
  let maxNon = -Infinity;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1) minEvent = Math.min(minEvent, eta[i]);
    else maxNon = Math.max(maxNon, eta[i]);
  }
  if (minEvent > maxNon) warnings.push('perfect separation: the predictors separate events from non-events; coefficients and SEs are unreliable');
  else if (mu.some((m) => m > 1 - QUASI || m < QUASI)) {
    warnings.push('fitted probabilities within 1e-8 of 0 or 1: possible quasi-complete separation; coefficients and SEs may be unreliable');
  }
  return { names, beta, cov, se, deviance: dev, iterations: Math.min(iter, maxit), converged, mu, warnings };
}

/** One coefficient row of a logistic regression table. */
export interface LogisticRow {
  term: string;
  beta: number;
  se: number;
  /** Wald z = β / SE. */
  z: number;
  /** Two-sided Wald p = 2Φ(−|z|). */
  p: number;
  /** Odds ratio e^β. */
  or: number;
  /** e^(β − z₀.₉₇₅ SE) (confint.default). */
  or_low: number;
  /** e^(β + z₀.₉₇₅ SE). */
  or_high: number;
}

/** Rows for the columns `which` of a fit (default: all but an "(Intercept)"), with (1 − alpha) Wald CIs. */
export function coefficientRows(fit: LogisticFit, which?: number[], alpha = 0.05): LogisticRow[] {
  const q = normalQuantile(1 - alpha / 2);
  const idx = which ?? fit.names.map((_, j) => j).filter((j) => fit.names[j] !== '(Intercept)');
  return idx.map((j) => {
    const b = fit.beta[j];
    const s = fit.se[j];
    const z = b / s;
    return { term: fit.names[j], beta: b, se: s, z, p: normalTwoSided(z), or: Math.exp(b), or_low: Math.exp(b - q * s), or_high: Math.exp(b + q * s) };
  });
}

export interface WaldTest {
  chi2: number;
  df: number;
  p: number;
}

/**
 * Joint Wald test that the coefficients `which` are all 0 (e.g. every level of a factor):
 * W = βₛᵀ Vₛ⁻¹ βₛ ~ χ²(|s|) (as aod::wald.test / car::Anova type-III Wald on a glm).
 */
export function waldTest(fit: LogisticFit, which: number[]): WaldTest {
  const k = which.length;
  const p = fit.names.length;
  // Solve V_s x = β_s by Cholesky.
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = fit.cov[which[i] * p + which[j]];
      for (let m = 0; m < j; m++) s -= L[i * k + m] * L[j * k + m];
      L[i * k + j] = i === j ? Math.sqrt(s) : s / L[j * k + j];
    }
  }
  const u = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = fit.beta[which[i]];
    for (let m = 0; m < i; m++) s -= L[i * k + m] * u[m];
    u[i] = s / L[i * k + i];
  }
  let chi2 = 0;
  for (let i = 0; i < k; i++) chi2 += u[i] * u[i];
  return { chi2, df: k, p: chiSquaredSf(chi2, k) };
}
