/**
 * A pipeline `[t1, ..., tk] -> classifier` that is itself a Classifier: `fit(X, y)` fits t1 on X,
 * transforms, fits t2 on the result, ..., then the classifier; `predictProba(Xnew)` applies the fitted
 * transformers in order. Because cross-validation refits the whole pipeline on each training fold,
 * nothing learnt from a test fold (scaling, feature selection, ...) leaks into its prediction.
 */
import type { Classifier, ClassifierOf, FittedClassifier, FittedTransformer, Matrix, Transformer } from './types.js';

export class FittedPipeline implements FittedClassifier {
  constructor(
    readonly transformers: FittedTransformer[],
    readonly classifier: FittedClassifier,
  ) {}
  /** X after all fitted transformers. */
  transform(X: Matrix): Matrix {
    let Z = X;
    for (const t of this.transformers) Z = t.transform(Z);
    return Z;
  }
  predictProba(X: Matrix): Float64Array {
    return this.classifier.predictProba(this.transform(X));
  }
}

export function pipeline(transformers: readonly Transformer[], classifier: Classifier): ClassifierOf<FittedPipeline> {
  return {
    fit(X: Matrix, y: Float64Array): FittedPipeline {
      const fitted: FittedTransformer[] = [];
      let Z = X;
      for (const t of transformers) {
        const ft = t.fit(Z, y);
        fitted.push(ft);
        Z = ft.transform(Z);
      }
      return new FittedPipeline(fitted, classifier.fit(Z, y));
    },
  };
}
