/**
 * Random forest classifier (Breiman 2001) with the sklearn tree (tree.ts): each tree is grown to
 * purity on a bootstrap sample (n draws with replacement, as multiplicity weights) with `maxFeatures`
 * features drawn at each node (default floor(sqrt(p)), sklearn's "sqrt"); regression trees on the
 * 0/1 labels, whose squared-error splits equal Gini splits for two classes and whose leaf means are
 * class-1 fractions. P(y=1|x) = mean over trees of the leaf fraction (sklearn's soft vote).
 * Importances: mean of each tree's normalised impurity decrease, normalised to sum 1.
 * Seeded: the same seed gives the same forest (bootstrap and per-tree split seeds from xoshiro128**).
 */
import { Rng } from '../util/random.js';
import type { ClassifierOf, FittedClassifier, Matrix } from './types.js';
import { fitRegressionTree, predictTree, toFloat32, treeFeatureImportances, type RegressionTree } from './tree.js';

export interface ForestParams {
  nEstimators?: number;
  maxFeatures?: number;
  maxDepth?: number;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
  bootstrap?: boolean;
  seed?: number;
}

export class FittedForest implements FittedClassifier {
  constructor(
    readonly trees: RegressionTree[],
    readonly featureImportances: Float64Array,
  ) {}
  predictProba(X: Matrix): Float64Array {
    const Xf = toFloat32(X.data);
    const out = new Float64Array(X.rows);
    for (const t of this.trees) {
      const v = predictTree(t, Xf, X.rows, X.cols);
      for (let i = 0; i < X.rows; i++) out[i]! += v[i]!;
    }
    for (let i = 0; i < X.rows; i++) out[i]! /= this.trees.length;
    return out;
  }
}

export function randomForest(params: ForestParams = {}): ClassifierOf<FittedForest> {
  const nEst = params.nEstimators ?? 100;
  const bootstrap = params.bootstrap ?? true;
  return {
    fit(X: Matrix, y: Float64Array): FittedForest {
      const n = X.rows;
      const p = X.cols;
      const rng = new Rng(params.seed ?? 0);
      const Xf = toFloat32(X.data);
      const yy = Float64Array.from(y, (v) => (v > 0.5 ? 1 : 0));
      const treeParams = {
        criterion: 'mse' as const,
        maxFeatures: params.maxFeatures ?? Math.max(1, Math.floor(Math.sqrt(p))),
        ...(params.maxDepth !== undefined ? { maxDepth: params.maxDepth } : {}),
        minSamplesSplit: params.minSamplesSplit ?? 2,
        minSamplesLeaf: params.minSamplesLeaf ?? 1,
      };
      const trees: RegressionTree[] = [];
      const imp = new Float64Array(p);
      const w = new Float64Array(n);
      for (let t = 0; t < nEst; t++) {
        w.fill(bootstrap ? 0 : 1);
        if (bootstrap) for (let k = 0; k < n; k++) w[rng.nextInt(n)]!++;
        const tree = fitRegressionTree(Xf, n, p, yy, w, treeParams, rng.nextUint32());
        trees.push(tree);
        const ti = treeFeatureImportances(tree, true);
        for (let f = 0; f < p; f++) imp[f]! += ti[f]!;
      }
      let s = 0;
      for (let f = 0; f < p; f++) s += imp[f]!;
      if (s > 0) for (let f = 0; f < p; f++) imp[f]! /= s;
      return new FittedForest(trees, imp);
    },
  };
}
