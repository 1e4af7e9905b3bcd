/** Rank tests for continuous variables in Table 1: Mann-Whitney U (2 groups), Kruskal-Wallis (> 2 groups). */
import { chiSquaredSf, normalCdf } from './distributions.js';
import { midranks } from './ranks.js';

export interface MannWhitneyResult {
  /** W = R₁ − n₁(n₁+1)/2, R₁ the rank sum of the first sample (R's statistic W = U of sample 1). */
  W: number;
  /** Continuity-corrected normal deviate. */
  z: number;
  p: number;
}

/**
 * Two-sided Mann-Whitney U / Wilcoxon rank-sum test with the normal approximation, tie and continuity
 * correction, as R's wilcox.test(x, y, exact = FALSE, correct = TRUE):
 * z = (W − n₁n₂/2 − ½ sign(W − n₁n₂/2)) / σ, σ² = n₁n₂/12 · ((N + 1) − Σ(t³ − t)/(N(N − 1))),
 * p = 2 min(Φ(z), 1 − Φ(z)).
 */
export function mannWhitney(x: ArrayLike<number>, y: ArrayLike<number>): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  const N = n1 + n2;
  const all = new Float64Array(N);
  for (let i = 0; i < n1; i++) all[i] = x[i];
  for (let i = 0; i < n2; i++) all[n1 + i] = y[i];
  const { ranks, tieSum } = midranks(all);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const W = r1 - (n1 * (n1 + 1)) / 2;
  const d = W - (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (N + 1 - tieSum / (N * (N - 1))));
  const z = (d - 0.5 * Math.sign(d)) / sigma;
  const p = Math.min(1, 2 * Math.min(normalCdf(z), normalCdf(-z)));
  return { W, z, p };
}

export interface KruskalResult {
  /** Tie-corrected H. */
  H: number;
  df: number;
  p: number;
}

/**
 * Kruskal-Wallis rank-sum test (R: kruskal.test): H = [12/(N(N+1)) Σ Rᵢ²/nᵢ − 3(N+1)] / [1 − Σ(t³ − t)/(N³ − N)],
 * p = P(χ²(k − 1) > H).
 */
export function kruskalWallis(groups: readonly ArrayLike<number>[]): KruskalResult {
  const sizes = groups.map((g) => g.length);
  const N = sizes.reduce((a, b) => a + b, 0);
  const all = new Float64Array(N);
  let off = 0;
  for (const g of groups) {
    for (let i = 0; i < g.length; i++) all[off + i] = g[i];
    off += g.length;
  }
  const { ranks, tieSum } = midranks(all);
  let s = 0;
  off = 0;
  for (const n of sizes) {
    let r = 0;
    for (let i = 0; i < n; i++) r += ranks[off + i];
    s += (r * r) / n;
    off += n;
  }
  const H = ((12 / (N * (N + 1))) * s - 3 * (N + 1)) / (1 - tieSum / (N * N * N - N));
  const df = groups.length - 1;
  return { H, df, p: chiSquaredSf(H, df) };
}
