/**
 * Feature filters fitted on training data only: `fit` learns what to keep (and, for the z-score, the
 * means and SDs) from the training matrix; `transform` applies exactly that to any matrix with the same
 * columns (validation, test), so no information leaks from held-out data.
 *
 * - zScore: (x − mean) / SD of the training data.
 * - tTestFilter: keep features whose two-sample t-test between outcome groups has p < alpha.
 * - correlationFilter: remove redundant features until no pair has |Pearson r| > threshold.
 * - nearZeroVarianceFilter: drop constant and near-constant features (caret::nearZeroVar rule).
 * - iccFilter: keep features reproducible between readers (ICC ≥ threshold).
 */
import { icc, type IccType } from '../stats/icc.js';
import { studentT, welchT } from '../stats/ttest.js';
import type { FittedTransformer, Matrix, Transformer } from './types.js';

/** A fitted column selector (or scaler): which training columns it keeps and their names. */
export interface FittedFilter extends FittedTransformer {
  /** Indices of the kept columns in the training matrix, ascending. */
  kept: Int32Array;
  /** Names of the kept columns. */
  names: string[];
  /** Names of the removed columns. */
  dropped: string[];
  /** Per-training-column statistic that decided (p-value, ICC, ...), when there is one. */
  stat?: Float64Array;
}

/** An unfitted filter: `fit` on training data returns the fitted selector `F`. */
export interface Filter<F extends FittedFilter = FittedFilter> extends Transformer {
  fit(X: Matrix, y?: Float64Array): F;
}

/** A fitted z-score: the training means and SDs. */
export interface FittedZScore extends FittedFilter {
  mean: Float64Array;
  sd: Float64Array;
}

/** Column names of a matrix (`V1`, `V2`, ... when it has none). */
export function columnNames(X: Matrix): string[] {
  return X.names ?? Array.from({ length: X.cols }, (_, j) => `V${j + 1}`);
}

/** Copy of the columns `idx` of X (row-major), with their names. */
export function selectColumns(X: Matrix, idx: ArrayLike<number>): Matrix {
  const c = idx.length;
  const data = new Float64Array(X.rows * c);
  for (let i = 0; i < X.rows; i++) {
    const src = i * X.cols;
    const dst = i * c;
    for (let k = 0; k < c; k++) data[dst + k] = X.data[src + idx[k]];
  }
  const names = columnNames(X);
  return { rows: X.rows, cols: c, data, names: Array.from(idx, (j) => names[j]) };
}

function checkWidth(X: Matrix, cols: number, what: string): void {
  if (X.cols !== cols) throw new Error(`${what}: matrix has ${X.cols} columns, the filter was fitted on ${cols}`);
}

/** A fitted selector keeping `keep` (flags per training column). */
function selector(X: Matrix, keep: ArrayLike<boolean>, what: string, stat?: Float64Array): FittedFilter {
  const names = columnNames(X);
  const kept: number[] = [];
  const dropped: string[] = [];
  for (let j = 0; j < X.cols; j++) {
    if (keep[j]) kept.push(j);
    else dropped.push(names[j]);
  }
  const cols = X.cols;
  const keptIdx = Int32Array.from(kept);
  const out: FittedFilter = {
    kept: keptIdx,
    names: kept.map((j) => names[j]),
    dropped,
    transform(Z: Matrix): Matrix {
      checkWidth(Z, cols, what);
      return selectColumns(Z, keptIdx);
    },
  };
  if (stat) out.stat = stat;
  return out;
}

/** Column j of X as a new array. */
function column(X: Matrix, j: number): Float64Array {
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) out[i] = X.data[i * X.cols + j];
  return out;
}

export interface ZScoreOptions {
  /** Delta degrees of freedom of the SD: 1 = sample SD (R scale(), default), 0 = population SD (sklearn StandardScaler). */
  ddof?: 0 | 1;
}

/**
 * Z-score standardisation: zᵢⱼ = (xᵢⱼ − x̄ⱼ)/sⱼ with x̄ⱼ and sⱼ = √(Σᵢ(xᵢⱼ − x̄ⱼ)²/(n − ddof)) from the
 * training data. A constant training column (sⱼ = 0) is only centred (sⱼ taken as 1, as sklearn).
 */
export function zScore(opts: ZScoreOptions = {}): Filter<FittedZScore> {
  const ddof = opts.ddof ?? 1;
  return {
    fit(X: Matrix) {
      const n = X.rows;
      if (n - ddof < 1) throw new Error(`zScore: needs more than ${ddof} rows`);
      const p = X.cols;
      const mean = new Float64Array(p);
      const sd = new Float64Array(p);
      for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += X.data[i * p + j];
      for (let j = 0; j < p; j++) mean[j] /= n;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < p; j++) {
          const d = X.data[i * p + j] - mean[j];
          sd[j] += d * d;
        }
      }
      for (let j = 0; j < p; j++) sd[j] = Math.sqrt(sd[j] / (n - ddof));
      const names = columnNames(X);
      const kept = Int32Array.from({ length: p }, (_, j) => j);
      return {
        kept,
        names,
        dropped: [],
        mean,
        sd,
        transform(Z: Matrix): Matrix {
          checkWidth(Z, p, 'zScore');
          const data = new Float64Array(Z.rows * p);
          for (let i = 0; i < Z.rows; i++) {
            for (let j = 0; j < p; j++) data[i * p + j] = (Z.data[i * p + j] - mean[j]) / (sd[j] > 0 ? sd[j] : 1);
          }
          return { rows: Z.rows, cols: p, data, names: names.slice() };
        },
      };
    },
  };
}

export interface TTestFilterOptions {
  /** Keep features with p < alpha. Default 0.05. */
  alpha?: number;
  /** "welch" (unequal variances, R's t.test default; default) or "student" (pooled variance). */
  method?: 'welch' | 'student';
}

/**
 * Two-sample t-test filter: for each feature, t-test of the values with y = 1 against y = 0 (two-sided;
 * Welch: df by Welch–Satterthwaite, R t.test(x ~ y); Student: pooled variance, var.equal = TRUE).
 * Keeps the features with p < alpha; `stat` holds the p-values (NaN when a group's variance is 0 in
 * both groups, and such a feature is dropped).
 */
export function tTestFilter(opts: TTestFilterOptions = {}): Filter {
  const alpha = opts.alpha ?? 0.05;
  const test = (opts.method ?? 'welch') === 'welch' ? welchT : studentT;
  return {
    fit(X: Matrix, y?: Float64Array) {
      if (!y || y.length !== X.rows) throw new Error('tTestFilter: needs y with one 0/1 label per row');
      let n1 = 0;
      for (let i = 0; i < y.length; i++) {
        if (y[i] !== 0 && y[i] !== 1) throw new Error(`tTestFilter: y must be 0/1, row ${i + 1} is ${y[i]}`);
        n1 += y[i];
      }
      const n0 = y.length - n1;
      if (n1 < 2 || n0 < 2) throw new Error('tTestFilter: each outcome group needs at least 2 rows');
      const a = new Float64Array(n1);
      const b = new Float64Array(n0);
      const pv = new Float64Array(X.cols);
      const keep: boolean[] = [];
      for (let j = 0; j < X.cols; j++) {
        let ia = 0;
        let ib = 0;
        for (let i = 0; i < X.rows; i++) {
          const v = X.data[i * X.cols + j];
          if (y[i] === 1) a[ia++] = v;
          else b[ib++] = v;
        }
        const p = test(a, b).p;
        pv[j] = p;
        keep.push(p < alpha);
      }
      return selector(X, keep, 'tTestFilter', pv);
    },
  };
}

/** Pearson correlation matrix of the columns (p × p, row-major): r = Σ(x − x̄)(y − ȳ)/√(Σ(x − x̄)² Σ(y − ȳ)²). */
export function correlationMatrix(X: Matrix): Float64Array {
  const n = X.rows;
  const p = X.cols;
  const z = new Float64Array(n * p); // column-major centred, unit norm
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += X.data[i * p + j];
    m /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = X.data[i * p + j] - m;
      z[j * n + i] = d;
      ss += d * d;
    }
    const s = Math.sqrt(ss);
    for (let i = 0; i < n; i++) z[j * n + i] = s > 0 ? z[j * n + i] / s : NaN;
  }
  const r = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    r[a * p + a] = 1;
    for (let b = a + 1; b < p; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += z[a * n + i] * z[b * n + i];
      r[a * p + b] = s;
      r[b * p + a] = s;
    }
  }
  return r;
}

export interface CorrelationFilterOptions {
  /** Remove redundancy while some pair has |r| > threshold. Default 0.9. */
  threshold?: number;
}

/**
 * Pearson redundancy removal. Repeatedly take the remaining pair with the largest |r| above the
 * threshold and drop the member with the larger mean |r| with all other remaining features (the more
 * redundant one); on a tie, drop the later column. Stops when no remaining pair exceeds the threshold.
 * A constant column (undefined r) is never the reason for a removal.
 */
export function correlationFilter(opts: CorrelationFilterOptions = {}): Filter {
  const thr = opts.threshold ?? 0.9;
  return {
    fit(X: Matrix) {
      const p = X.cols;
      const r = correlationMatrix(X);
      const a = new Float64Array(p * p);
      for (let k = 0; k < p * p; k++) a[k] = Number.isNaN(r[k]) ? 0 : Math.abs(r[k]);
      const keep = new Array<boolean>(p).fill(true);
      let remaining = p;
      const meanAbs = (j: number): number => {
        let s = 0;
        for (let k = 0; k < p; k++) if (keep[k] && k !== j) s += a[j * p + k];
        return s / (remaining - 1);
      };
      for (;;) {
        let best = thr;
        let bi = -1;
        let bj = -1;
        for (let i = 0; i < p; i++) {
          if (!keep[i]) continue;
          for (let j = i + 1; j < p; j++) {
            if (keep[j] && a[i * p + j] > best) {
              best = a[i * p + j];
              bi = i;
              bj = j;
            }
          }
        }
        if (bi < 0) break;
        const drop = meanAbs(bi) > meanAbs(bj) ? bi : bj;
        keep[drop] = false;
        remaining--;
      }
      return selector(X, keep, 'correlationFilter');
    },
  };
}

export interface NearZeroVarianceOptions {
  /** Frequency ratio cut (most common / second most common value). Default 95/5. */
  freqCut?: number;
  /** Percent-unique cut (100 × distinct values / n). Default 10. */
  uniqueCut?: number;
}

/**
 * Near-zero-variance filter, caret::nearZeroVar's rule: a feature is dropped if it has a single
 * distinct value, or if both freqRatio = count(most common value)/count(second most common) > freqCut
 * and percentUnique = 100 × (distinct values)/n ≤ uniqueCut. `stat` holds freqRatio (Infinity if constant).
 */
export function nearZeroVarianceFilter(opts: NearZeroVarianceOptions = {}): Filter {
  const freqCut = opts.freqCut ?? 95 / 5;
  const uniqueCut = opts.uniqueCut ?? 10;
  return {
    fit(X: Matrix) {
      const n = X.rows;
      const keep: boolean[] = [];
      const ratio = new Float64Array(X.cols);
      for (let j = 0; j < X.cols; j++) {
        const col = column(X, j).sort();
        let distinct = 0;
        let c1 = 0; // largest run
        let c2 = 0; // second largest run
        for (let i = 0; i < n; ) {
          let e = i + 1;
          while (e < n && col[e] === col[i]) e++;
          const c = e - i;
          distinct++;
          if (c > c1) {
            c2 = c1;
            c1 = c;
          } else if (c > c2) c2 = c;
          i = e;
        }
        const fr = distinct <= 1 ? Infinity : c1 / c2;
        ratio[j] = fr;
        const pctUnique = (100 * distinct) / n;
        keep.push(!(distinct <= 1 || (fr > freqCut && pctUnique <= uniqueCut)));
      }
      return selector(X, keep, 'nearZeroVarianceFilter', ratio);
    },
  };
}

export interface IccFilterOptions {
  /** Keep features with ICC ≥ threshold. Default 0.75. */
  threshold?: number;
  /** Shrout–Fleiss form (psych::ICC naming). Default "ICC2" (two-way random, absolute agreement, single rater). */
  type?: IccType;
}

/**
 * Inter-reader reproducibility filter: for each feature, the ICC of the n cases × k readers ratings
 * (src/stats/icc.ts, psych::ICC) from the readers' matrices (same cases in the same row order, same
 * columns); keeps the features with ICC ≥ threshold. `fit(readers)` takes k ≥ 2 matrices; the fitted
 * filter then selects those columns from any matrix with the same columns. `stat` holds the ICCs.
 */
export function iccFilter(opts: IccFilterOptions = {}): { fit(readers: Matrix[]): FittedFilter } {
  const thr = opts.threshold ?? 0.75;
  const type = opts.type ?? 'ICC2';
  return {
    fit(readers: Matrix[]) {
      if (readers.length < 2) throw new Error('iccFilter: needs at least two readers');
      const R0 = readers[0];
      for (const R of readers) {
        if (R.rows !== R0.rows || R.cols !== R0.cols) throw new Error(`iccFilter: readers' matrices differ in shape (${R0.rows}x${R0.cols} vs ${R.rows}x${R.cols})`);
      }
      const k = readers.length;
      const vals = new Float64Array(R0.cols);
      const keep: boolean[] = [];
      const ratings = Array.from({ length: R0.rows }, () => new Array<number>(k));
      for (let j = 0; j < R0.cols; j++) {
        for (let i = 0; i < R0.rows; i++) for (let r = 0; r < k; r++) ratings[i][r] = readers[r].data[i * R0.cols + j];
        const row = icc(ratings).find((t) => t.type === type)!;
        vals[j] = row.icc;
        keep.push(row.icc >= thr);
      }
      return selector(R0, keep, 'iccFilter', vals);
    },
  };
}
