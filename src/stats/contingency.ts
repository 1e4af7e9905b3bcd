/**
 * Tests on r × c contingency tables (rows × columns of counts): Pearson chi-squared with or without
 * Yates' correction (R: chisq.test) and Fisher's exact test (R: fisher.test).
 */
import { AlnmError } from '../util/errors.js';
import { chiSquaredSf } from './distributions.js';
import { lchoose } from './special.js';

/** A table of counts, `table[i][j]` = row i, column j. */
export type Counts = number[][];

/** Cross-tabulation of two equally long label arrays; rows and columns are the given levels. */
export function crosstab(a: readonly string[], b: readonly string[], aLevels: readonly string[], bLevels: readonly string[]): Counts {
  const ai = new Map(aLevels.map((l, i) => [l, i]));
  const bi = new Map(bLevels.map((l, i) => [l, i]));
  const t = aLevels.map(() => bLevels.map(() => 0));
  for (let k = 0; k < a.length; k++) t[ai.get(a[k])!][bi.get(b[k])!]++;
  return t;
}

function margins(t: Counts): { rows: number[]; cols: number[]; n: number } {
  const rows = t.map((r) => r.reduce((s, v) => s + v, 0));
  const cols = t[0].map((_, j) => t.reduce((s, r) => s + r[j], 0));
  return { rows, cols, n: rows.reduce((s, v) => s + v, 0) };
}

/** Expected counts under independence, Eᵢⱼ = rᵢ cⱼ / n. */
export function expectedCounts(t: Counts): Counts {
  const { rows, cols, n } = margins(t);
  return rows.map((r) => cols.map((c) => (r * c) / n));
}

export interface ChiSquaredResult {
  X2: number;
  df: number;
  p: number;
  /** Whether Yates' continuity correction was applied (2 × 2 tables only). */
  yates: boolean;
}

/**
 * Pearson's chi-squared test of independence, X² = Σ (|Oᵢⱼ − Eᵢⱼ| − Y)² / Eᵢⱼ, df = (r − 1)(c − 1),
 * p = P(χ²(df) > X²). With `correct` (R's default) and a 2 × 2 table, Y = min(0.5, minᵢⱼ |Oᵢⱼ − Eᵢⱼ|)
 * exactly as R's chisq.test; otherwise Y = 0.
 */
export function chiSquaredTest(t: Counts, correct = true): ChiSquaredResult {
  const E = expectedCounts(t);
  const r = t.length;
  const c = t[0].length;
  const yates = correct && r === 2 && c === 2;
  let Y = 0;
  if (yates) {
    Y = 0.5;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) Y = Math.min(Y, Math.abs(t[i][j] - E[i][j]));
  }
  let X2 = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const d = Math.abs(t[i][j] - E[i][j]) - Y;
      X2 += (d * d) / E[i][j];
    }
  }
  const df = (r - 1) * (c - 1);
  return { X2, df, p: chiSquaredSf(X2, df), yates };
}

/** R's relative tolerance when comparing table probabilities with the observed one. */
const REL_ERR = 1 + 1e-7;

export interface Fisher2x2Result {
  p: number;
  /** Conditional maximum-likelihood odds ratio (R's fisher.test estimate), not ad/bc. */
  oddsRatio: number;
}

/**
 * Fisher's exact test on a 2 × 2 table (two-sided, R's fisher.test): with m = column-1 total,
 * n = column-2 total, k = row-1 total, the top-left count X is hypergeometric; p = Σ P(X = x) over x
 * with P(X = x) ≤ P(X = x_obs)(1 + 1e-7). The odds ratio is the conditional MLE ψ solving
 * E[X; ψ] = x_obs under the noncentral hypergeometric law P(X = x; ψ) ∝ C(m, x) C(n, k − x) ψˣ.
 */
export function fisher2x2(t: Counts): Fisher2x2Result {
  const m = t[0][0] + t[1][0];
  const n = t[0][1] + t[1][1];
  const k = t[0][0] + t[0][1];
  const x = t[0][0];
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const len = hi - lo + 1;
  const logdc = new Float64Array(len);
  for (let i = 0; i < len; i++) logdc[i] = lchoose(m, lo + i) + lchoose(n, k - lo - i);
  let mx = -Infinity;
  for (let i = 0; i < len; i++) mx = Math.max(mx, logdc[i]);
  let tot = 0;
  for (let i = 0; i < len; i++) tot += Math.exp(logdc[i] - mx);
  const dObs = Math.exp(logdc[x - lo] - mx);
  let p = 0;
  for (let i = 0; i < len; i++) {
    const d = Math.exp(logdc[i] - mx);
    if (d <= dObs * REL_ERR) p += d;
  }
  p = Math.min(1, p / tot);

  // E[X; ψ] increases with ψ: bisection on log ψ.
  const meanAt = (logPsi: number): number => {
    let top = -Infinity;
    for (let i = 0; i < len; i++) top = Math.max(top, logdc[i] + logPsi * (lo + i));
    let s = 0;
    let sx = 0;
    for (let i = 0; i < len; i++) {
      const w = Math.exp(logdc[i] + logPsi * (lo + i) - top);
      s += w;
      sx += w * (lo + i);
    }
    return sx / s;
  };
  let oddsRatio: number;
  if (x === lo) oddsRatio = 0;
  else if (x === hi) oddsRatio = Infinity;
  else {
    let a = -50;
    let b = 50;
    for (let it = 0; it < 200 && b - a > 1e-15; it++) {
      const mid = 0.5 * (a + b);
      if (meanAt(mid) < x) a = mid;
      else b = mid;
    }
    oddsRatio = Math.exp(0.5 * (a + b));
  }
  return { p, oddsRatio };
}

/** Largest number of tables the r × c enumeration visits before giving up. */
export const FISHER_MAX_TABLES = 5_000_000;

/** Number of r × 2 tables with row totals `rows` and first-column total c₁ (bounded compositions, by DP). */
function countTablesTwoColumns(rows: readonly number[], c1: number): number {
  let ways = new Float64Array(c1 + 1);
  ways[0] = 1;
  for (const r of rows) {
    const next = new Float64Array(c1 + 1);
    let window = 0; // Σ ways[s − r .. s]
    for (let s = 0; s <= c1; s++) {
      window += ways[s];
      if (s - r - 1 >= 0) window -= ways[s - r - 1];
      next[s] = window;
    }
    ways = next;
  }
  return ways[c1];
}

/**
 * Fisher's exact test on an r × c table (two-sided, R's fisher.test): the probability of a table with
 * the observed margins is P = Π rᵢ! Π cⱼ! / (n! Π nᵢⱼ!); p = Σ P over all such tables with
 * P ≤ P_obs (1 + 1e-7). Full enumeration (column by column; the last row and column are fixed by the
 * margins), so meant for tables with few columns (an r × 2 table has at most Π rᵢ over r − 1 rows).
 * Throws an AlnmError when more than FISHER_MAX_TABLES tables would be visited (counted up front for r × 2).
 */
export function fisherExact(table: Counts): number {
  // Enumerate over the shorter dimension as columns.
  const t = table[0].length > table.length ? table[0].map((_, j) => table.map((r) => r[j])) : table;
  const { rows, cols, n } = margins(t);
  const r = rows.length;
  const c = cols.length;
  if (r < 2 || c < 2) return 1;
  const lf = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) lf[i] = lf[i - 1] + Math.log(i);
  let base = -lf[n];
  for (const v of rows) base += lf[v];
  for (const v of cols) base += lf[v];
  let obs = base;
  for (const row of t) for (const v of row) obs -= lf[v];
  const tooMany = () => new AlnmError(`Fisher's exact test: the ${r} x ${c} table (n = ${n}) has too many tables to enumerate; use the chi-squared test`);
  if (c === 2 && countTablesTwoColumns(rows, cols[0]) > FISHER_MAX_TABLES) throw tooMany();
  const cutoff = obs + Math.log(REL_ERR);
  const rem = rows.slice();
  let sum = 0; // Σ exp(logP − obs) over tables at or below the cutoff
  let visited = 0;

  const leaf = (acc: number): void => {
    // Last column: what is left of each row.
    let s = acc;
    for (let i = 0; i < r; i++) s += lf[rem[i]];
    const logP = base - s;
    if (logP <= cutoff) sum += Math.exp(logP - obs);
    if (++visited > FISHER_MAX_TABLES) throw tooMany();
  };
  const fill = (j: number, i: number, colRem: number, acc: number): void => {
    if (j === c - 1) return leaf(acc);
    if (i === r - 1) {
      if (colRem > rem[i]) return;
      rem[i] -= colRem;
      fill(j + 1, 0, cols[j + 1], acc + lf[colRem]);
      rem[i] += colRem;
      return;
    }
    let below = 0;
    for (let k = i + 1; k < r; k++) below += rem[k];
    const xmin = Math.max(0, colRem - below);
    const xmax = Math.min(rem[i], colRem);
    for (let x = xmin; x <= xmax; x++) {
      rem[i] -= x;
      fill(j, i + 1, colRem - x, acc + lf[x]);
      rem[i] += x;
    }
  };
  fill(0, 0, cols[0], 0);
  return Math.min(1, sum * Math.exp(obs));
}
