/**
 * Distribution and special functions against closed forms and R 4.2.2 values (the R call is quoted
 * beside each value; computed with `Rscript -e 'options(digits=17); cat(...)'`).
 */
import { describe, expect, it } from 'vitest';
import { chiSquaredCdf, chiSquaredSf, fCdf, fQuantile, fSf, kolmogorovSf, normalCdf, normalQuantile, tSf, tTwoSided } from '../src/stats/distributions.js';
import { betaI, gammaQ, lgamma } from '../src/stats/special.js';

/** |a/b − 1|. */
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('closed forms', () => {
  it('chi-squared with 2 df is exponential: P(X > x) = exp(−x/2)', () => {
    for (const x of [0.1, 1, 7.3, 40, 321.035648671251]) expect(rel(chiSquaredSf(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-13);
  });
  it('t with 1 df is Cauchy: P(|T| > t) = 1 − 2 atan(t)/π; with 2 df: 1 − t/√(2 + t²)', () => {
    for (const t of [0.2, 1, 2, 15]) {
      expect(rel(tTwoSided(t, 1), 1 - (2 * Math.atan(t)) / Math.PI)).toBeLessThan(1e-13);
      expect(rel(tTwoSided(t, 2), 1 - t / Math.sqrt(2 + t * t))).toBeLessThan(1e-13);
    }
  });
  it('F(2, 2): P(F > f) = 1/(1 + f); quantile inverts it', () => {
    for (const f of [0.05, 1, 3, 250]) expect(rel(fSf(f, 2, 2), 1 / (1 + f))).toBeLessThan(1e-13);
    expect(rel(fQuantile(0.75, 2, 2), 3)).toBeLessThan(1e-12);
  });
  it('erfc: Φ(z) = ½ erfc(−z/√2), Q(½, x²) = erfc(x); Γ(n) = (n−1)!; I_x(1, 1) = x; I_x(a, 1) = xᵃ', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(rel(lgamma(10), Math.log(362880))).toBeLessThan(1e-14);
    expect(rel(lgamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    expect(rel(gammaQ(1, 5), Math.exp(-5))).toBeLessThan(1e-14);
    expect(rel(betaI(1, 1, 0.37), 0.37)).toBeLessThan(1e-14);
    expect(rel(betaI(3.5, 1, 0.6), 0.6 ** 3.5)).toBeLessThan(1e-13);
    expect(rel(chiSquaredCdf(3, 2) + chiSquaredSf(3, 2), 1)).toBeLessThan(1e-15);
  });
  it('t quantile symmetry: P(T > −t) = 1 − P(T > t)', () => {
    expect(rel(tSf(-1.3, 7.5), 1 - tSf(1.3, 7.5))).toBeLessThan(1e-14);
  });
});

describe('R values', () => {
  const cases: [string, number, number, number][] = [
    ['pnorm(-10)', normalCdf(-10), 7.6198530241605269e-24, 1e-13],
    ['pnorm(-37.5)', normalCdf(-37.5), 4.6053530095819552e-308, 1e-12],
    ['pnorm(1.3)', normalCdf(1.3), 0.9031995154143897, 1e-14],
    ['qnorm(1e-10)', normalQuantile(1e-10), -6.3613409024040557, 1e-14],
    ['qnorm(0.3)', normalQuantile(0.3), -0.52440051270804067, 1e-14],
    ['qnorm(0.975)', normalQuantile(0.975), 1.9599639845400536, 1e-15],
    ['pt(2.5, 3.7, lower.tail=FALSE)', tSf(2.5, 3.7), 0.035911011455913376, 1e-13],
    ['pt(-0.7, 12)', tSf(0.7, 12), 0.24863707689535369, 1e-13],
    ['pt(8, 2980, lower.tail=FALSE)', tSf(8, 2980), 8.8220698430821646e-16, 1e-11],
    ['pchisq(1000, 900, lower.tail=FALSE)', chiSquaredSf(1000, 900), 0.010994608942135853, 1e-11],
    ['pchisq(3.2, 5)', chiSquaredCdf(3.2, 5), 0.33081709796675662, 1e-13],
    ['pchisq(0.001, 1, lower.tail=FALSE)', chiSquaredSf(0.001, 1), 0.97477287936996038, 1e-14],
    ['pf(2.3, 4.5, 17.2, lower.tail=FALSE)', fSf(2.3, 4.5, 17.2), 0.094916309949513875, 1e-13],
    ['pf(0.8, 3, 7)', fCdf(0.8, 3, 7), 0.46790173468737789, 1e-13],
    ['qf(0.975, 49, 49)', fQuantile(0.975, 49, 49), 1.7621885352431104, 1e-12],
    ['qf(0.975, 3.3, 120.7)', fQuantile(0.975, 3.3, 120.7), 3.1095305488721179, 1e-12],
    ['qf(0.025, 10, 5)', fQuantile(0.025, 10, 5), 0.23606699163560674, 1e-12],
    ['pbeta(0.3, 2.5, 7.1)', betaI(2.5, 7.1, 0.3), 0.6490225790210129, 1e-13],
    ['pbeta(0.999, 1490, 0.5, lower.tail=FALSE)', betaI(1490, 0.5, 0.999, true), 0.91575231665301415, 1e-11],
    ['lgamma(0.1)', lgamma(0.1), 2.252712651734206, 1e-14],
    ['lgamma(1500.5)', lgamma(1500.5), 9470.7494913908795, 1e-15],
    ['lgamma(3.7)', lgamma(3.7), 1.4280723266653881, 1e-14],
    ['1 - .Call(stats:::C_pKS2, 0.5, tol=1e-9)', kolmogorovSf(0.5), 0.96394524366487511, 1e-12],
    ['1 - .Call(stats:::C_pKS2, 1.5, tol=1e-9)', kolmogorovSf(1.5), 0.0222179626165252, 1e-9],
  ];
  for (const [call, got, want, tol] of cases) {
    it(call, () => expect(rel(got, want)).toBeLessThan(tol));
  }
});
