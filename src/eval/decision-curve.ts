/**
 * Decision curve analysis (Vickers & Elkin 2006, Med Decis Making 26:565): net benefit of treating
 * the subjects whose predicted risk reaches a threshold probability, against treating all or none.
 */
import { checkProbabilities } from './calibration.js';

/** Net benefit of the model and of the default strategies at each threshold probability. */
export interface DecisionCurve {
  thresholds: Float64Array;
  /** NB_model(t) = TP(t)/N - FP(t)/N * t/(1-t), positive = p >= t. */
  model: Float64Array;
  /** NB_all(t) = pi - (1 - pi) t/(1-t), pi = prevalence (everyone treated). */
  treatAll: Float64Array;
  /** NB_none(t) = 0 (nobody treated). */
  treatNone: Float64Array;
  prevalence: number;
}

/**
 * Net benefit over threshold probabilities t in [0, 1) (default 0, 0.01, ..., 0.99):
 * NB = TP/N - (FP/N) t / (1 - t), where a subject is treated when p >= t (as R `dcurves::dca`).
 * One sort of p, then a binary search per threshold.
 */
export function decisionCurve(p: ArrayLike<number>, y: ArrayLike<number>, thresholds?: ArrayLike<number>): DecisionCurve {
  checkProbabilities(p, y);
  const ts = thresholds ? Float64Array.from(thresholds) : Float64Array.from({ length: 100 }, (_, k) => k / 100);
  for (const t of ts) if (!(t >= 0 && t < 1)) throw new RangeError(`threshold probability must be in [0, 1), got ${t}`);
  const N = p.length;
  const ord = new Uint32Array(N);
  for (let i = 0; i < N; i++) ord[i] = i;
  ord.sort((a, b) => p[a] - p[b]);
  const ps = Float64Array.from(ord, (i) => p[i]);
  // casesAtOrAbove[k] = events among sorted positions k..N-1
  const casesAbove = new Float64Array(N + 1);
  for (let k = N - 1; k >= 0; k--) casesAbove[k] = casesAbove[k + 1] + y[ord[k]];
  const events = casesAbove[0];
  const prevalence = events / N;
  const model = new Float64Array(ts.length);
  const all = new Float64Array(ts.length);
  for (let j = 0; j < ts.length; j++) {
    const t = ts[j];
    let lo = 0;
    let hi = N;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ps[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    const tp = casesAbove[lo];
    const fp = N - lo - tp;
    const odds = t / (1 - t);
    model[j] = tp / N - (fp / N) * odds;
    all[j] = prevalence - (1 - prevalence) * odds;
  }
  return { thresholds: ts, model, treatAll: all, treatNone: new Float64Array(ts.length), prevalence };
}
