/**
 * Shared types of the learning layer: a dense row-major matrix and the
 * estimator interfaces (an unfitted estimator's `fit` returns an immutable fitted model).
 */

/** Dense matrix, row-major: element (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
  /** Optional column (feature) names, length `cols`. */
  names?: string[];
}

/** A binary classifier before fitting; `y` holds 0/1 labels. */
export interface Classifier {
  fit(X: Matrix, y: Float64Array): FittedClassifier;
}

/** A fitted binary classifier. */
export interface FittedClassifier {
  /** P(y = 1 | x) for each row of `X`. */
  predictProba(X: Matrix): Float64Array;
}

/** A feature transformer before fitting (scaling, selection, ...). */
export interface Transformer {
  fit(X: Matrix, y?: Float64Array): FittedTransformer;
}

/** A fitted feature transformer. */
export interface FittedTransformer {
  transform(X: Matrix): Matrix;
  /** Names of the output columns. */
  names: string[];
}

/** Build a Matrix from row arrays (helper for tests and small inputs). */
export function matrixFromRows(rows: ArrayLike<number>[], names?: string[]): Matrix {
  const r = rows.length;
  const c = r > 0 ? rows[0]!.length : (names?.length ?? 0);
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    if (row.length !== c) throw new Error(`matrixFromRows: row ${i} has ${row.length} values, expected ${c}`);
    for (let j = 0; j < c; j++) data[i * c + j] = row[j]!;
  }
  return names ? { rows: r, cols: c, data, names } : { rows: r, cols: c, data };
}

/** Select rows of a matrix by index (copy). */
export function selectRows(X: Matrix, idx: ArrayLike<number>): Matrix {
  const n = idx.length;
  const c = X.cols;
  const data = new Float64Array(n * c);
  for (let k = 0; k < n; k++) {
    const src = idx[k]! * c;
    data.set(X.data.subarray(src, src + c), k * c);
  }
  return X.names ? { rows: n, cols: c, data, names: X.names } : { rows: n, cols: c, data };
}

/** Select entries of a vector by index (copy). */
export function selectValues(y: Float64Array, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = y[idx[k]!]!;
  return out;
}

/** A Classifier whose `fit` returns a specific fitted type (keeps model-specific fields typed). */
export interface ClassifierOf<F extends FittedClassifier> extends Classifier {
  fit(X: Matrix, y: Float64Array): F;
}

/** A Transformer whose `fit` returns a specific fitted type. */
export interface TransformerOf<F extends FittedTransformer> extends Transformer {
  fit(X: Matrix, y?: Float64Array): F;
}
