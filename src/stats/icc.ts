/**
 * Intraclass correlation coefficients (Shrout & Fleiss 1979; McGraw & Wong 1996) with F tests and
 * confidence intervals, as psych::ICC(x)$results. Used for the inter-reader stability of features
 * (the paper keeps features with ICC ≥ 0.75).
 *
 * From the two-way ANOVA of n subjects × k raters (no missing values):
 * MSB (between subjects, df n−1), MSJ (between raters, df k−1), MSE (residual, df (n−1)(k−1)) and
 * MSW = (SSJ + SSE)/(n(k−1)) (within subjects, one-way).
 *   ICC1  = (MSB − MSW)/(MSB + (k−1)MSW)            ICC1k = (MSB − MSW)/MSB
 *   ICC2  = (MSB − MSE)/(MSB + (k−1)MSE + k(MSJ − MSE)/n)   ICC2k = (MSB − MSE)/(MSB + (MSJ − MSE)/n)
 *   ICC3  = (MSB − MSE)/(MSB + (k−1)MSE)            ICC3k = (MSB − MSE)/MSB
 * F = MSB/MSW (ICC1, ICC1k; df n−1, n(k−1)) or MSB/MSE (others; df n−1, (n−1)(k−1)); p = P(F > F_obs).
 * CIs: exact F-based for ICC1/ICC3 (and their k forms), Satterthwaite's approximate df v for ICC2/ICC2k,
 * with the formulas of psych (which balanced data make equal to its lmer-based variant, unless a
 * variance component is negative; then psych's lmer path differs and this function follows the ANOVA).
 */
import { AlnmError } from '../util/errors.js';
import { fQuantile, fSf } from './distributions.js';

export type IccType = 'ICC1' | 'ICC2' | 'ICC3' | 'ICC1k' | 'ICC2k' | 'ICC3k';

export interface IccRow {
  type: IccType;
  icc: number;
  F: number;
  df1: number;
  df2: number;
  p: number;
  lower: number;
  upper: number;
}

export interface IccAnova {
  n: number;
  k: number;
  MSB: number;
  MSJ: number;
  MSE: number;
  MSW: number;
}

/** Two-way ANOVA mean squares of an n × k ratings matrix (`ratings[subject][rater]`). */
export function iccAnova(ratings: readonly (readonly number[])[]): IccAnova {
  const n = ratings.length;
  const k = n > 0 ? ratings[0].length : 0;
  if (n < 2 || k < 2) throw new AlnmError(`ICC needs at least 2 subjects and 2 raters (got ${n} x ${k})`);
  let grand = 0;
  const rowMean = new Float64Array(n);
  const colMean = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    if (ratings[i].length !== k) throw new AlnmError(`ICC: subject ${i + 1} has ${ratings[i].length} ratings, expected ${k}`);
    for (let j = 0; j < k; j++) {
      const v = ratings[i][j];
      if (!Number.isFinite(v)) throw new AlnmError(`ICC: subject ${i + 1}, rater ${j + 1} is missing or not a number`);
      rowMean[i] += v / k;
      colMean[j] += v / n;
      grand += v;
    }
  }
  grand /= n * k;
  let ssb = 0;
  let ssj = 0;
  let sse = 0;
  for (let i = 0; i < n; i++) ssb += k * (rowMean[i] - grand) ** 2;
  for (let j = 0; j < k; j++) ssj += n * (colMean[j] - grand) ** 2;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) sse += (ratings[i][j] - rowMean[i] - colMean[j] + grand) ** 2;
  const dfE = (n - 1) * (k - 1);
  return { n, k, MSB: ssb / (n - 1), MSJ: ssj / (k - 1), MSE: sse / dfE, MSW: (ssj + sse) / (n * (k - 1)) };
}

/** The six Shrout-Fleiss ICCs with F tests and (1 − alpha) confidence intervals, in psych's order. */
export function icc(ratings: readonly (readonly number[])[], alpha = 0.05): IccRow[] {
  const { n, k, MSB, MSJ, MSE, MSW } = iccAnova(ratings);
  const icc1 = (MSB - MSW) / (MSB + (k - 1) * MSW);
  const icc2 = (MSB - MSE) / (MSB + (k - 1) * MSE + (k * (MSJ - MSE)) / n);
  const icc3 = (MSB - MSE) / (MSB + (k - 1) * MSE);
  const icc1k = (MSB - MSW) / MSB;
  const icc2k = (MSB - MSE) / (MSB + (MSJ - MSE) / n);
  const icc3k = (MSB - MSE) / MSB;
  const F1 = MSB / MSW;
  const d1n = n - 1;
  const d1d = n * (k - 1);
  const p1 = fSf(F1, d1n, d1d);
  const F3 = MSB / MSE;
  const d3n = n - 1;
  const d3d = (n - 1) * (k - 1);
  const p3 = fSf(F3, d3n, d3d);
  const q = 1 - alpha / 2;

  const F1L = F1 / fQuantile(q, d1n, d1d);
  const F1U = F1 * fQuantile(q, d1d, d1n);
  const F3L = F3 / fQuantile(q, d3n, d3d);
  const F3U = F3 * fQuantile(q, d3d, d3n);

  // ICC2: Satterthwaite df for the denominator mix of MSJ and MSE.
  const Fj = MSJ / MSE;
  const a = k * icc2 * Fj + n * (1 + (k - 1) * icc2) - k * icc2;
  const vn = (k - 1) * (n - 1) * a * a;
  const b = n * (1 + (k - 1) * icc2) - k * icc2;
  const vd = (n - 1) * k * k * icc2 * icc2 * Fj * Fj + b * b;
  const v = vn / vd;
  const FU = fQuantile(q, n - 1, v);
  const FL = fQuantile(q, v, n - 1);
  const mix = k * MSJ + (k * n - k - n) * MSE;
  const L2 = (n * (MSB - FU * MSE)) / (FU * mix + n * MSB);
  const U2 = (n * (FL * MSB - MSE)) / (mix + n * FL * MSB);

  return [
    { type: 'ICC1', icc: icc1, F: F1, df1: d1n, df2: d1d, p: p1, lower: (F1L - 1) / (F1L + k - 1), upper: (F1U - 1) / (F1U + k - 1) },
    { type: 'ICC2', icc: icc2, F: F3, df1: d3n, df2: d3d, p: p3, lower: L2, upper: U2 },
    { type: 'ICC3', icc: icc3, F: F3, df1: d3n, df2: d3d, p: p3, lower: (F3L - 1) / (F3L + k - 1), upper: (F3U - 1) / (F3U + k - 1) },
    { type: 'ICC1k', icc: icc1k, F: F1, df1: d1n, df2: d1d, p: p1, lower: 1 - 1 / F1L, upper: 1 - 1 / F1U },
    { type: 'ICC2k', icc: icc2k, F: F3, df1: d3n, df2: d3d, p: p3, lower: (L2 * k) / (1 + L2 * (k - 1)), upper: (U2 * k) / (1 + U2 * (k - 1)) },
    { type: 'ICC3k', icc: icc3k, F: F3, df1: d3n, df2: d3d, p: p3, lower: 1 - 1 / F3L, upper: 1 - 1 / F3U },
  ];
}
