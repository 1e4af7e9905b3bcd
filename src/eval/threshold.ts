/**
 * Operating points of a score: the optimal threshold (Youden or closest-to-top-left, as pROC
 * `coords(roc, 'best', best.method = ...)`) and the confusion metrics at a threshold, with stratified
 * bootstrap CIs. Positive call: score >= threshold (pROC direction '<').
 */
import { checkLabelled, quantileType7, rocCurve, stratifiedBootstrap, type BootstrapOptions } from './roc.js';

/** Confusion counts and metrics at one threshold. */
export interface Confusion {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** tp / (tp + fn). */
  sensitivity: number;
  /** tn / (tn + fp). */
  specificity: number;
  /** (tp + tn) / N. */
  accuracy: number;
  /** Positive predictive value tp / (tp + fp); NaN when nothing is called positive. */
  ppv: number;
  /** Negative predictive value tn / (tn + fn); NaN when nothing is called negative. */
  npv: number;
}

function metrics(threshold: number, tp: number, fp: number, tn: number, fn: number): Confusion {
  return {
    threshold,
    tp,
    fp,
    tn,
    fn,
    sensitivity: tp / (tp + fn),
    specificity: tn / (tn + fp),
    accuracy: (tp + tn) / (tp + fp + tn + fn),
    ppv: tp / (tp + fp),
    npv: tn / (tn + fn),
  };
}

/** Confusion metrics with "positive" = score >= threshold (pROC `coords(roc, t, input = 'threshold')`). */
export function confusionAt(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): Confusion {
  checkLabelled(scores, labels);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const pos = scores[i] >= threshold;
    if (labels[i] === 1) {
      if (pos) tp++;
      else fn++;
    } else if (pos) fp++;
    else tn++;
  }
  return metrics(threshold, tp, fp, tn, fn);
}

/** Criterion for the optimal threshold. */
export type BestMethod = 'youden' | 'closest.topleft';

/**
 * Optimal thresholds over the ROC curve's thresholds (pROC's midpoints, see `rocCurve`), with
 * r = (1 - prevalence) / (cost * prevalence) from `weights = [cost, prevalence]` (pROC `best.weights`,
 * default [1, 0.5] so r = 1):
 * - 'youden': maximise sensitivity + r specificity (Youden's J = se + sp - 1 when r = 1);
 * - 'closest.topleft': minimise (1 - se)^2 + r (1 - sp)^2.
 * Returns every tied optimum by increasing threshold, as pROC does; the infinite end thresholds are
 * candidates too (as in pROC).
 */
export function bestThresholds(scores: ArrayLike<number>, labels: ArrayLike<number>, method: BestMethod = 'youden', weights: [number, number] = [1, 0.5]): Confusion[] {
  const [cost, prev] = weights;
  if (!(prev > 0 && prev < 1) || !(cost > 0)) throw new RangeError(`best.weights must be [cost > 0, prevalence in (0, 1)], got [${cost}, ${prev}]`);
  const r = (1 - prev) / (cost * prev);
  const c = rocCurve(scores, labels);
  const crit = new Float64Array(c.thresholds.length);
  let best = -Infinity;
  for (let k = 0; k < crit.length; k++) {
    const se = c.sensitivities[k];
    const sp = c.specificities[k];
    crit[k] = method === 'youden' ? se + r * sp : -((1 - se) ** 2 + r * (1 - sp) ** 2);
    if (crit[k] > best) best = crit[k];
  }
  const out: Confusion[] = [];
  for (let k = 0; k < crit.length; k++) {
    if (crit[k] !== best) continue;
    const tp = Math.round(c.sensitivities[k] * c.cases);
    const tn = Math.round(c.specificities[k] * c.controls);
    out.push(metrics(c.thresholds[k], tp, c.controls - tn, tn, c.cases - tp));
  }
  return out;
}

/** A metric with its bootstrap percentile interval. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Confusion metrics at a fixed threshold with stratified bootstrap percentile CIs. */
export interface ConfusionCi {
  threshold: number;
  level: number;
  sensitivity: Interval;
  specificity: Interval;
  accuracy: Interval;
  ppv: Interval;
  npv: Interval;
}

/**
 * Bootstrap CIs of the metrics at a FIXED threshold (the threshold is not re-optimised per replicate;
 * pROC `ci.coords(roc, x = threshold, input = 'threshold', boot.stratified = TRUE)`): each replicate
 * redraws cases and controls with replacement, the interval is the type-7 quantiles of the replicate
 * values (replicates where PPV or NPV is undefined are left out of that metric).
 */
export function confusionCiBootstrap(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number, opts: BootstrapOptions = {}): ConfusionCi {
  const [m, n] = checkLabelled(scores, labels);
  const point = confusionAt(scores, labels, threshold);
  // Positive calls per class, in class order.
  const casePos = new Uint8Array(m);
  const ctrlPos = new Uint8Array(n);
  let ci = 0;
  let ni = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] === 1) casePos[ci++] = scores[i] >= threshold ? 1 : 0;
    else ctrlPos[ni++] = scores[i] >= threshold ? 1 : 0;
  }
  const reps = opts.n ?? 2000;
  const vals = [new Float64Array(reps), new Float64Array(reps), new Float64Array(reps), new Float64Array(reps), new Float64Array(reps)];
  let r = 0;
  stratifiedBootstrap(m, n, opts, (cw, nw) => {
    let tp = 0;
    let fp = 0;
    for (let k = 0; k < m; k++) if (casePos[k]) tp += cw[k];
    for (let k = 0; k < n; k++) if (ctrlPos[k]) fp += nw[k];
    const x = metrics(threshold, tp, fp, n - fp, m - tp);
    vals[0][r] = x.sensitivity;
    vals[1][r] = x.specificity;
    vals[2][r] = x.accuracy;
    vals[3][r] = x.ppv;
    vals[4][r] = x.npv;
    r++;
    return 0;
  });
  const level = opts.level ?? 0.95;
  const iv = (v: Float64Array, estimate: number): Interval => {
    const s = v.filter((x) => !Number.isNaN(x)).sort();
    return { estimate, low: quantileType7(s, (1 - level) / 2), high: quantileType7(s, (1 + level) / 2) };
  };
  return {
    threshold,
    level,
    sensitivity: iv(vals[0], point.sensitivity),
    specificity: iv(vals[1], point.specificity),
    accuracy: iv(vals[2], point.accuracy),
    ppv: iv(vals[3], point.ppv),
    npv: iv(vals[4], point.npv),
  };
}
