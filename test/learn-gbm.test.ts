/**
 * Gradient boosting and the CART tree against scikit-learn 1.2.1 (numpy 1.24.2, glibc 2.36).
 * Main reference: /work/shared/data/reference/gbm_sklearn.json (call quoted there). Extra values
 * below were computed with Debian bookworm's python3-sklearn 1.2.1; each block quotes its call.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expit, gradientBoosting, libmExp, pairwiseSum } from '../src/learn/gbm.js';
import { NumpyRandomState, RAND_R_MAX, fitRegressionTree, predictTree, toFloat32, treeFeatureImportances } from '../src/learn/tree.js';
import type { Matrix } from '../src/learn/types.js';
import { readTable } from '../src/util/csv.js';
import { data } from './helpers/data.js';

function lassoData(): { X: Matrix; y: Float64Array; names: string[] } {
  const t = readTable(data('reference', 'lasso_data.csv'));
  const names = t.columns.filter((c) => /^x\d+$/.test(c));
  const X: Matrix = { rows: t.rows.length, cols: names.length, data: new Float64Array(t.rows.length * names.length), names };
  t.rows.forEach((r, i) => names.forEach((c, j) => (X.data[i * names.length + j] = Number(r[c]))));
  return { X, y: Float64Array.from(t.rows, (r) => Number(r.y)), names };
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

interface RefFit {
  params: { n_estimators: number; learning_rate: number; max_depth: number };
  proba: number[];
  importances: Record<string, number>;
  train_deviance: number[];
}

describe('GradientBoostingClassifier as sklearn (gbm_sklearn.json)', () => {
  const ref = JSON.parse(readFileSync(data('reference', 'gbm_sklearn.json'), 'utf8')) as { fits: RefFit[] };
  const { X, y, names } = lassoData();
  for (const fit of ref.fits) {
    it(`n_estimators=${fit.params.n_estimators}, learning_rate=${fit.params.learning_rate}, max_depth=${fit.params.max_depth}`, () => {
      const m = gradientBoosting({
        nEstimators: fit.params.n_estimators,
        learningRate: fit.params.learning_rate,
        maxDepth: fit.params.max_depth,
        randomState: 0,
      }).fit(X, y);
      expect(maxAbsDiff(m.predictProba(X), fit.proba)).toBeLessThan(1e-6);
      expect(maxAbsDiff(m.featureImportances, names.map((n) => fit.importances[n]!))).toBeLessThan(1e-6);
      expect(maxAbsDiff(m.trainDeviance, fit.train_deviance)).toBeLessThan(1e-9);
    });
  }

  it('subsample < 1 replays sklearn sampling', () => {
    // GradientBoostingClassifier(n_estimators=30, max_depth=3, subsample=0.7, min_samples_leaf=3,
    //   random_state=7).fit(X, y): predict_proba(X)[:8, 1], feature_importances_[:8], train_score_[[0, 9, 29]]
    const m = gradientBoosting({ nEstimators: 30, maxDepth: 3, subsample: 0.7, minSamplesLeaf: 3, randomState: 7 }).fit(X, y);
    const p = m.predictProba(X).subarray(0, 8);
    expect(maxAbsDiff(p, [0.8443927230140154, 0.07501916225678454, 0.06427603680518913, 0.7182414511092249,
      0.1057073569280811, 0.08198938762412389, 0.738715684105899, 0.08206356972532401])).toBeLessThan(1e-6);
    expect(maxAbsDiff(m.featureImportances.subarray(0, 8), [0.21947616787431465, 0.027519906741602408,
      0.15725339145977854, 0.011373943530042688, 0.015735259188463885, 0.005627712485204066, 0.06396359163093378, 0])).toBeLessThan(1e-6);
    expect(maxAbsDiff([m.trainDeviance[0]!, m.trainDeviance[9]!, m.trainDeviance[29]!],
      [1.2155991066302887, 0.8189833480981665, 0.4178417294617472])).toBeLessThan(1e-9);
  });

  it('is deterministic for a seed', () => {
    const a = gradientBoosting({ nEstimators: 10, subsample: 0.5, randomState: 3 }).fit(X, y).predictProba(X);
    const b = gradientBoosting({ nEstimators: 10, subsample: 0.5, randomState: 3 }).fit(X, y).predictProba(X);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe('DecisionTreeRegressor as sklearn', () => {
  it('squared_error, max_depth=4, max_features=7', () => {
    // DecisionTreeRegressor(criterion='squared_error', max_depth=4, max_features=7, random_state=3).fit(X, y):
    //   predict(X[:8]), feature_importances_[:8], tree_.node_count = 23
    const { X, y } = lassoData();
    const Xf = toFloat32(X.data);
    const seed = new NumpyRandomState(3).randint(RAND_R_MAX);
    const t = fitRegressionTree(Xf, X.rows, X.cols, y, null, { criterion: 'mse', maxDepth: 4, maxFeatures: 7 }, seed);
    expect(t.nodeCount).toBe(23);
    expect(maxAbsDiff(predictTree(t, Xf, X.rows, X.cols).subarray(0, 8), [0.6666666666666666, 0.1320754716981132,
      0.1320754716981132, 0.2, 0.1320754716981132, 0, 0.45454545454545453, 0.1320754716981132])).toBeLessThan(1e-12);
    expect(maxAbsDiff(treeFeatureImportances(t, true).subarray(0, 8), [0.15303748086766422, 0, 0.12295335930297162,
      0, 0, 0, 0.1173427698552469, 0])).toBeLessThan(1e-12);
  });

  it('closed form: one split separating two constant groups, threshold at the midpoint', () => {
    const X = Float32Array.from([0, 1, 2, 3]);
    const t = fitRegressionTree(X, 4, 1, Float64Array.from([5, 5, 9, 9]), null, {}, 1);
    expect(t.nodeCount).toBe(3);
    expect(t.threshold[0]).toBe(1.5);
    expect(Array.from(t.value)).toEqual([7, 5, 9]);
    expect(t.impurity[0]).toBe(4); // variance of {5,5,9,9}
  });
});

describe('numeric building blocks', () => {
  it('MT19937 / numpy RandomState', () => {
    // reference first outputs of MT19937 (Matsumoto & Nishimura): init_genrand(5489) -> 3499211612,
    // init_genrand(0) -> 2357136044; numpy 1.24.2: rs = np.random.RandomState(0);
    // [rs.randint(0, 0x7FFFFFFF) for _ in range(3)] -> [209652396, 398764591, 924231285]
    expect(new NumpyRandomState(5489).nextUint32()).toBe(3499211612);
    const rs = new NumpyRandomState(0);
    expect([rs.randint(RAND_R_MAX), rs.randint(RAND_R_MAX), rs.randint(RAND_R_MAX)]).toEqual([209652396, 398764591, 924231285]);
  });

  it('libmExp equals glibc exp bit for bit', () => {
    // Python 3.11 (glibc 2.36 libm): [math.exp(v) for v in xs]; V8's Math.exp is 1 ulp off on each of these
    const xs = [-3.918895588169253, -7.966303146382229, -4.452933339631439, -0.993798501590847, -1.707918480572383, -7.304203354295561];
    const want = [0.019863019588941284, 0.00034695927556733635, 0.011644359961977295, 0.3701679336475086,
      0.18124266037094963, 0.0006727052058013557];
    for (let i = 0; i < xs.length; i++) expect(libmExp(xs[i]!)).toBe(want[i]);
    expect(expit(0)).toBe(0.5);
  });

  it('pairwiseSum equals the exact sum on integers and numpy on a rounding-sensitive vector', () => {
    const a = Float64Array.from({ length: 300 }, (_, i) => i);
    expect(pairwiseSum(a, 0, 300)).toBe((299 * 300) / 2);
    // numpy 1.24.2: np.sum(np.array([0.1] * 1000)) -> 100.00000000000001 (naive loop: 99.9999999999986)
    expect(pairwiseSum(new Float64Array(1000).fill(0.1), 0, 1000)).toBe(100.00000000000001);
  });
});
