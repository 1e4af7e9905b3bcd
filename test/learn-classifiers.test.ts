/**
 * Classifiers, pipeline and cross-validation against outside references: R glm (rotterdam_logistic.json),
 * pROC (rotterdam_roc.json), scikit-learn 1.2.1 values quoted with their calls (Debian python3-sklearn),
 * and closed-form / hand-computed cases.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crossValidate, expandGrid, gridSearch, repeatedStratifiedKFold, rocAuc, stratifiedKFold } from '../src/learn/cv.js';
import { randomForest } from '../src/learn/forest.js';
import { knn } from '../src/learn/knn.js';
import { logisticRegression } from '../src/learn/logreg.js';
import { gaussianNB } from '../src/learn/naive-bayes.js';
import { pipeline } from '../src/learn/pipeline.js';
import { linearWeights, plattSigmoid, svm, trainSvm } from '../src/learn/svm.js';
import type { FittedTransformer, Matrix, Transformer } from '../src/learn/types.js';
import { matrixFromRows } from '../src/learn/types.js';
import { readTable } from '../src/util/csv.js';
import { data } from './helpers/data.js';

function lassoData(): { X: Matrix; y: Float64Array } {
  const t = readTable(data('reference', 'lasso_data.csv'));
  const names = t.columns.filter((c) => /^x\d+$/.test(c));
  const X: Matrix = { rows: t.rows.length, cols: names.length, data: new Float64Array(t.rows.length * names.length), names };
  t.rows.forEach((r, i) => names.forEach((c, j) => (X.data[i * names.length + j] = Number(r[c]))));
  return { X, y: Float64Array.from(t.rows, (r) => Number(r.y)) };
}

const cols = (X: Matrix, js: number[]): Matrix => {
  const out = new Float64Array(X.rows * js.length);
  for (let i = 0; i < X.rows; i++) js.forEach((j, k) => (out[i * js.length + k] = X.data[i * X.cols + j]!));
  return { rows: X.rows, cols: js.length, data: out };
};

describe('logistic regression', () => {
  it('C -> infinity equals R glm on the Rotterdam data (multivariable)', () => {
    const ref = JSON.parse(readFileSync(data('reference', 'rotterdam_logistic.json'), 'utf8')) as {
      multivariable: { term: string; beta: number }[];
    };
    const t = readTable(data('clinical', 'rotterdam.csv'));
    const rows = t.rows.map((r) => [
      Number(r.age), Number(r.meno), r.size === '20-50' ? 1 : 0, r.size === '>50' ? 1 : 0,
      r.grade === '3' ? 1 : 0, Number(r.er), Number(r.pgr),
    ]);
    const y = Float64Array.from(t.rows, (r) => (Number(r.nodes) > 0 ? 1 : 0));
    const m = logisticRegression({ C: Infinity }).fit(matrixFromRows(rows), y);
    const terms = ['age', 'meno', 'size20-50', 'size>50', 'grade3', 'er', 'pgr'];
    terms.forEach((term, j) => {
      const want = ref.multivariable.find((r) => r.term === term)!.beta;
      expect(Math.abs(m.coef[j]! - want)).toBeLessThan(1e-7 + 1e-6 * Math.abs(want));
    });
  });

  it('L2 penalty equals sklearn LogisticRegression(C=0.05)', () => {
    // LogisticRegression(C=0.05, solver='newton-cg', tol=1e-8).fit(X, y) on lasso_data.csv x01..x50
    //   (converged in 11 iterations; identical at tol=1e-10): coef_[0, :6], intercept_.
    //   (lbfgs with tol=1e-10 stops 1.3e-5 short of this optimum.)
    const { X, y } = lassoData();
    const m = logisticRegression({ C: 0.05 }).fit(X, y);
    const want = [0.681463033278701, 0.24247044611783794, -0.5732451413839684, 0.04676034666356634,
      -0.21462624638531994, 0.05574694682781355];
    want.forEach((w, j) => expect(Math.abs(m.coef[j]! - w)).toBeLessThan(1e-6));
    expect(Math.abs(m.intercept - -0.6848147102900434)).toBeLessThan(1e-6);
  });
});

describe('Gaussian naive Bayes', () => {
  it('by hand on a tiny set', () => {
    // class 0: x = 0, 2 (mean 1, var 1); class 1: x = 4, 6 (mean 5, var 1); priors 1/2.
    // var_smoothing eps = 1e-9 * var(all x) = 1e-9 * 5. At x = 3 the two densities are equal -> 0.5;
    // at x = 4: log-odds = ((4-1)^2 - (4-5)^2) / (2 (1 + eps)) = 4 / (1 + 5e-9).
    const m = gaussianNB().fit(matrixFromRows([[0], [2], [4], [6]]), Float64Array.from([0, 0, 1, 1]));
    const p = m.predictProba(matrixFromRows([[3], [4]]));
    expect(p[0]).toBeCloseTo(0.5, 14);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-4 / (1 + 5e-9))), 14);
  });

  it('equals sklearn GaussianNB', () => {
    // GaussianNB().fit(X[:, :5], y).predict_proba(X[:6, :5])[:, 1] on lasso_data.csv
    const { X, y } = lassoData();
    const X5 = cols(X, [0, 1, 2, 3, 4]);
    const p = gaussianNB().fit(X5, y).predictProba(X5);
    const want = [0.9773528850402846, 0.023429503695957508, 0.23250764677467284, 0.06844772373597079,
      0.03074726023678306, 0.01761039353339042];
    want.forEach((w, i) => expect(Math.abs(p[i]! - w)).toBeLessThan(1e-12));
  });
});

describe('k nearest neighbours', () => {
  it('by hand', () => {
    const X = matrixFromRows([[0, 0], [1, 0], [0, 1], [5, 5], [6, 5]]);
    const y = Float64Array.from([0, 1, 0, 1, 1]);
    // query (0.2, 0.1): nearest (0,0) d=0.224, (1,0) d=0.806, (0,1) d=0.922 -> k=3: 1/3
    expect(knn({ k: 3 }).fit(X, y).predictProba(matrixFromRows([[0.2, 0.1]]))[0]).toBeCloseTo(1 / 3, 15);
    // distance weights: (1/0.806) / (1/0.224 + 1/0.806 + 1/0.922)
    const d = [Math.hypot(0.2, 0.1), Math.hypot(0.8, 0.1), Math.hypot(0.2, 0.9)];
    const want = 1 / d[1]! / (1 / d[0]! + 1 / d[1]! + 1 / d[2]!);
    expect(knn({ k: 3, weights: 'distance' }).fit(X, y).predictProba(matrixFromRows([[0.2, 0.1]]))[0]).toBeCloseTo(want, 14);
    expect(knn({ k: 1 }).fit(X, y).predictProba(matrixFromRows([[5.6, 5]]))[0]).toBe(1);
  });
});

describe('SVM', () => {
  // separable toy set: class 0 at x1 <= 0, class 1 at x1 >= 2; max-margin hyperplane x1 = 1,
  // i.e. w = (1, 0), b = -1 (margin 2 / ||w|| = 2); support vectors (0, *) and (2, *).
  const X = matrixFromRows([[0, 0], [0, 1], [-1, 0], [-1, 2], [2, 0], [2, 1], [3, 1], [4, -1]]);
  const y = Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1]);

  it('linear hard margin gives the known max-margin hyperplane', () => {
    const m = trainSvm(X, y, { kernel: 'linear', C: 1e6, tol: 1e-10 });
    const w = linearWeights(m);
    expect(w[0]).toBeCloseTo(1, 8);
    expect(w[1]).toBeCloseTo(0, 8);
    expect(-m.rho).toBeCloseTo(-1, 8);
  });

  it('Platt sigmoid is the maximum-likelihood fit (zero gradient) and probabilities are ordered', () => {
    const f = Float64Array.from([-2, -1.5, -0.3, 0.2, -0.1, 0.4, 1.1, 2.5, 0.9, -0.7]);
    const yy = Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 0]);
    const [A, B] = plattSigmoid(f, yy);
    const hi = 6 / 7; // (N+ + 1) / (N+ + 2), N+ = 5
    const lo = 1 / 7;
    let gA = 0;
    let gB = 0;
    f.forEach((v, i) => {
      const p = 1 / (1 + Math.exp(A * v + B));
      const t = yy[i]! > 0.5 ? hi : lo;
      gA += v * (t - p);
      gB += t - p;
    });
    expect(Math.abs(gA)).toBeLessThan(1e-9);
    expect(Math.abs(gB)).toBeLessThan(1e-9);
    expect(A).toBeLessThan(0);
    const rbf = svm({ kernel: 'rbf', C: 10, plattFolds: 0 }).fit(X, y);
    const p = rbf.predictProba(X);
    for (let i = 0; i < 4; i++) for (let j = 4; j < 8; j++) expect(p[j]!).toBeGreaterThan(p[i]!);
  });

  it('is deterministic for a seed (internal Platt CV)', () => {
    const { X: Xl, y: yl } = lassoData();
    const X3 = cols(Xl, [0, 2, 42]);
    const a = svm({ kernel: 'rbf', seed: 5 }).fit(X3, yl);
    const b = svm({ kernel: 'rbf', seed: 5 }).fit(X3, yl);
    expect([a.plattA, a.plattB]).toEqual([b.plattA, b.plattB]);
    expect(rocAuc(a.predictProba(X3), yl)).toBeGreaterThan(0.8);
  });
});

describe('random forest', () => {
  const { X, y } = lassoData();

  it('one unbootstrapped tree with all features equals sklearn DecisionTreeClassifier (gini)', () => {
    // DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y).predict_proba(X)[:10, 1]; node_count 13
    const f = randomForest({ nEstimators: 1, bootstrap: false, maxFeatures: 50, maxDepth: 3 }).fit(X, y);
    expect(f.trees[0]!.nodeCount).toBe(13);
    const want = [0.8421052631578947, 0.09523809523809523, 0.09523809523809523, 1, 0.09523809523809523,
      0.09523809523809523, 0.5192307692307693, 0.09523809523809523, 0.5192307692307693, 0.8421052631578947];
    const p = f.predictProba(X);
    want.forEach((w, i) => expect(Math.abs(p[i]! - w)).toBeLessThan(1e-12));
  });

  it('is seeded and deterministic; different seeds differ', () => {
    const a = randomForest({ nEstimators: 20, seed: 1 }).fit(X, y).predictProba(X);
    const b = randomForest({ nEstimators: 20, seed: 1 }).fit(X, y).predictProba(X);
    const c = randomForest({ nEstimators: 20, seed: 2 }).fit(X, y).predictProba(X);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const imp = randomForest({ nEstimators: 20, seed: 1 }).fit(X, y).featureImportances;
    expect(imp.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });
});

describe('cross-validation', () => {
  const { X, y } = lassoData();

  it('stratified folds partition the rows, keep class balance, and are seeded', () => {
    const folds = stratifiedKFold(y, 5, 11);
    const seen = new Int32Array(y.length);
    const nPos = y.reduce((s, v) => s + v, 0);
    for (const f of folds) {
      f.test.forEach((i) => seen[i]!++);
      expect(f.train.length + f.test.length).toBe(y.length);
      const pos = Array.from(f.test).reduce((s, i) => s + y[i]!, 0);
      expect(Math.abs(pos - nPos / 5)).toBeLessThanOrEqual(1);
      const inTest = new Set(f.test);
      expect(Array.from(f.train).some((i) => inTest.has(i))).toBe(false);
    }
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
    expect(stratifiedKFold(y, 5, 11).map((f) => Array.from(f.test))).toEqual(folds.map((f) => Array.from(f.test)));
    expect(stratifiedKFold(y, 5, 12).map((f) => Array.from(f.test))).not.toEqual(folds.map((f) => Array.from(f.test)));
    const rep = repeatedStratifiedKFold(y, 5, 3, 1);
    expect(rep.length).toBe(15);
    expect(new Set(rep.map((f) => f.repeat))).toEqual(new Set([0, 1, 2]));
  });

  it('refits the whole pipeline per fold: each transformer sees only its training rows (no leakage)', () => {
    // rows are tagged by an id column; the recording transformer stores the ids it was fitted on
    const tagged: Matrix = { rows: X.rows, cols: X.cols + 1, data: new Float64Array(X.rows * (X.cols + 1)) };
    for (let i = 0; i < X.rows; i++) {
      tagged.data[i * tagged.cols] = i;
      tagged.data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), i * tagged.cols + 1);
    }
    const fittedOn: number[][] = [];
    const recorder: Transformer = {
      fit(Z: Matrix): FittedTransformer {
        const ids: number[] = [];
        for (let i = 0; i < Z.rows; i++) ids.push(Z.data[i * Z.cols]!);
        fittedOn.push(ids);
        return {
          names: [],
          transform: (W: Matrix): Matrix => {
            const out = new Float64Array(W.rows * (W.cols - 1));
            for (let i = 0; i < W.rows; i++) out.set(W.data.subarray(i * W.cols + 1, (i + 1) * W.cols), i * (W.cols - 1));
            return { rows: W.rows, cols: W.cols - 1, data: out };
          },
        };
      },
    };
    const folds = repeatedStratifiedKFold(y, 5, 2, 3);
    const res = crossValidate(pipeline([recorder], logisticRegression({ C: 0.1 })), tagged, y, folds);
    expect(fittedOn.length).toBe(folds.length);
    folds.forEach((f, k) => {
      expect(fittedOn[k]!.slice().sort((a, b) => a - b)).toEqual(Array.from(f.train).sort((a, b) => a - b));
    });
    expect(res.oof.length).toBe(2);
    expect(res.oof.every((o) => o.every((v) => v >= 0 && v <= 1))).toBe(true);
    expect(res.mean).toBeGreaterThan(0.7);
  });

  it('rocAuc equals pROC on rotterdam_scores.csv', () => {
    const ref = JSON.parse(readFileSync(data('reference', 'rotterdam_roc.json'), 'utf8')) as {
      score_model: { auc: number };
      neg_pgr: { auc: number };
    };
    const t = readTable(data('reference', 'rotterdam_scores.csv'));
    const yy = t.rows.map((r) => Number(r.node_positive));
    expect(rocAuc(t.rows.map((r) => Number(r.score_model)), yy)).toBeCloseTo(ref.score_model.auc, 12);
    expect(rocAuc(t.rows.map((r) => Number(r.neg_pgr)), yy)).toBeCloseTo(ref.neg_pgr.auc, 12); // many ties
  });

  it('grid search scores every combination on the same folds and picks the best', () => {
    expect(expandGrid<{ a: number; b: string }>({ a: [1, 2], b: ['x', 'y'] })).toEqual([
      { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' },
    ]);
    const X3 = cols(X, [0, 2, 42]);
    const folds = stratifiedKFold(y, 5, 4);
    const g = gridSearch((p: { k: number }) => knn({ k: p.k }), { k: [1, 5, 25] }, X3, y, folds);
    expect(g.results.length).toBe(3);
    for (const r of g.results) expect(r.mean).toBe(crossValidate(knn({ k: r.params.k }), X3, y, folds).mean);
    expect(g.best.mean).toBe(Math.max(...g.results.map((r) => r.mean)));
    // with 3 informative features 1-NN overfits: larger k must win
    expect(g.best.params.k).not.toBe(1);
  });
});
