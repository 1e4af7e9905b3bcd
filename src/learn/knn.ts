/**
 * k-nearest-neighbour classifier (Euclidean distance), as scikit-learn's `KNeighborsClassifier`:
 * P(y=1|x) = sum_{i in N_k(x)} w_i y_i / sum w_i, with w_i = 1 ("uniform") or 1/d_i ("distance";
 * a query at distance 0 from training points gets their mean label). Ties in distance at the k-th
 * neighbour are broken by training-row order (sklearn's order there is unspecified).
 */
import type { Classifier, FittedClassifier, Matrix } from './types.js';

export interface KnnParams {
  k?: number;
  weights?: 'uniform' | 'distance';
}

export function knn(params: KnnParams = {}): Classifier {
  const k = params.k ?? 5;
  const weights = params.weights ?? 'uniform';
  if (!(k >= 1) || !Number.isInteger(k)) throw new RangeError(`knn: k must be a positive integer, got ${k}`);
  return {
    fit(X: Matrix, y: Float64Array): FittedClassifier {
      const train = Float64Array.from(X.data);
      const labels = Float64Array.from(y);
      const n = X.rows;
      const p = X.cols;
      const kk = Math.min(k, n);
      return {
        predictProba(Q: Matrix): Float64Array {
          const out = new Float64Array(Q.rows);
          const d = new Float64Array(n);
          const idx = new Int32Array(n);
          for (let q = 0; q < Q.rows; q++) {
            for (let i = 0; i < n; i++) {
              let s = 0;
              for (let j = 0; j < p; j++) {
                const t = Q.data[q * p + j]! - train[i * p + j]!;
                s += t * t;
              }
              d[i] = Math.sqrt(s);
              idx[i] = i;
            }
            // partial selection sort of the k nearest (stable by index)
            for (let a = 0; a < kk; a++) {
              let best = a;
              for (let b = a + 1; b < n; b++) {
                const ib = idx[b]!;
                const ibest = idx[best]!;
                if (d[ib]! < d[ibest]! || (d[ib] === d[ibest] && ib < ibest)) best = b;
              }
              const t = idx[a]!;
              idx[a] = idx[best]!;
              idx[best] = t;
            }
            let num = 0;
            let den = 0;
            const zero = weights === 'distance' && d[idx[0]!] === 0;
            for (let a = 0; a < kk; a++) {
              const i = idx[a]!;
              let w = 1;
              if (weights === 'distance') w = zero ? (d[i] === 0 ? 1 : 0) : 1 / d[i]!;
              num += w * labels[i]!;
              den += w;
            }
            out[q] = num / den;
          }
          return out;
        },
      };
    },
  };
}
