/**
 * Calibration of predicted probabilities p_i against 0/1 outcomes y_i: logistic recalibration
 * (intercept and slope), Brier score, Hosmer-Lemeshow test, binned and kernel-smoothed curves.
 */
import { AlnmError } from '../util/errors.js';
import { chiSquaredSf } from '../stats/distributions.js';
import { quantileType7 } from './roc.js';

/** Check probabilities in [0, 1] (open interval when `open`), labels 0/1, equal lengths, N >= 2. */
export function checkProbabilities(p: ArrayLike<number>, y: ArrayLike<number>, open = false): void {
  if (p.length !== y.length) throw new AlnmError(`calibration: ${p.length} probabilities but ${y.length} outcomes`);
  if (p.length < 2) throw new AlnmError('calibration: needs at least 2 subjects');
  for (let i = 0; i < p.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new AlnmError(`calibration: outcome ${y[i]} at position ${i + 1} is not 0 or 1`);
    const v = p[i];
    if (!(v >= 0 && v <= 1) || (open && (v === 0 || v === 1))) {
      throw new AlnmError(`calibration: predicted probability ${v} at position ${i + 1} is not in ${open ? '(0, 1) (its logit is needed)' : '[0, 1]'}`);
    }
  }
}

/** logit(p) = log(p / (1 - p)) (R `qlogis`). */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** A logistic regression y ~ a + b x + offset fitted by Newton-Raphson (= IRLS). */
export interface LogisticFit {
  intercept: number;
  /** NaN when the model has no slope. */
  slope: number;
  seIntercept: number;
  seSlope: number;
  iterations: number;
}

/**
 * Maximum likelihood fit of logit P(y = 1) = a + b x + offset (x omitted when null: intercept only)
 * by Newton-Raphson from a = b = 0; standard errors from the inverse Fisher information (as R `glm`).
 * Stops when the largest coefficient step is below 1e-12 (relative), at most 100 iterations.
 */
export function fitLogistic(x: Float64Array | null, offset: Float64Array | null, y: ArrayLike<number>): LogisticFit {
  const N = y.length;
  let a = 0;
  let b = 0;
  let it = 0;
  let i00 = 0;
  let i01 = 0;
  let i11 = 0;
  for (; it < 100; it++) {
    let g0 = 0;
    let g1 = 0;
    i00 = i01 = i11 = 0;
    for (let i = 0; i < N; i++) {
      const xi = x ? x[i] : 0;
      const eta = a + b * xi + (offset ? offset[i] : 0);
      const mu = 1 / (1 + Math.exp(-eta));
      const w = mu * (1 - mu);
      const r = y[i] - mu;
      g0 += r;
      g1 += r * xi;
      i00 += w;
      i01 += w * xi;
      i11 += w * xi * xi;
    }
    let da: number;
    let db = 0;
    if (x) {
      const det = i00 * i11 - i01 * i01;
      da = (i11 * g0 - i01 * g1) / det;
      db = (i00 * g1 - i01 * g0) / det;
    } else da = g0 / i00;
    a += da;
    b += db;
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new AlnmError('calibration: logistic recalibration did not converge (outcome perfectly separated by the predictions?)');
    if (Math.abs(da) <= 1e-12 * (1 + Math.abs(a)) && Math.abs(db) <= 1e-12 * (1 + Math.abs(b))) break;
  }
  if (x) {
    const det = i00 * i11 - i01 * i01;
    return { intercept: a, slope: b, seIntercept: Math.sqrt(i11 / det), seSlope: Math.sqrt(i00 / det), iterations: it + 1 };
  }
  return { intercept: a, slope: NaN, seIntercept: Math.sqrt(1 / i00), seSlope: NaN, iterations: it + 1 };
}

/** Logistic recalibration of predicted probabilities. */
export interface Recalibration {
  /** Calibration-in-the-large: a in logit P(y=1) = a + logit(p) (slope fixed at 1); 0 when calibrated. */
  intercept: number;
  seIntercept: number;
  /** Calibration slope: b in logit P(y=1) = a' + b logit(p); 1 when calibrated, < 1 for overfitting. */
  slope: number;
  seSlope: number;
  /** a' of the joint model (what rms `val.prob` prints as "Intercept"). */
  interceptJoint: number;
  seInterceptJoint: number;
}

/**
 * Calibration intercept and slope (Cox 1958; Van Calster et al. 2016, J Clin Epidemiol 74:167):
 * intercept = R `coef(glm(y ~ 1, offset = qlogis(p), family = binomial))`,
 * slope = R `coef(glm(y ~ qlogis(p), family = binomial))[2]`. Needs 0 < p < 1; slope NaN when all p are equal.
 */
export function recalibration(p: ArrayLike<number>, y: ArrayLike<number>): Recalibration {
  checkProbabilities(p, y, true);
  const lp = Float64Array.from(p as ArrayLike<number>, logit);
  const citl = fitLogistic(null, lp, y);
  let constant = true;
  for (let i = 1; i < lp.length && constant; i++) constant = lp[i] === lp[0];
  const joint = constant ? { intercept: NaN, slope: NaN, seSlope: NaN, seIntercept: NaN } : fitLogistic(lp, null, y);
  return { intercept: citl.intercept, seIntercept: citl.seIntercept, slope: joint.slope, seSlope: joint.seSlope, interceptJoint: joint.intercept, seInterceptJoint: joint.seIntercept };
}

/** Brier score (1/N) sum (p_i - y_i)^2 (mean squared error of the probabilities; 0 is perfect). */
export function brierScore(p: ArrayLike<number>, y: ArrayLike<number>): number {
  checkProbabilities(p, y);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - y[i]) ** 2;
  return s / p.length;
}

/** One group of a binned calibration curve / Hosmer-Lemeshow table. */
export interface CalibrationBin {
  /** Interval of predicted probabilities (lower exclusive except for the first bin, upper inclusive). */
  lower: number;
  upper: number;
  n: number;
  /** Sum of y (observed events). */
  observed: number;
  /** Sum of p (expected events). */
  expected: number;
  /** expected / n. */
  meanPredicted: number;
  /** observed / n. */
  observedRate: number;
}

/**
 * Bins of predicted probability, as R `cut(p, breaks, include.lowest = TRUE)` (intervals (b_{k-1}, b_k],
 * the first closed). 'quantile': breaks = unique(quantile(p, k/g, type 7)), k = 0..g (the
 * Hosmer-Lemeshow "deciles of risk" when g = 10); 'uniform': breaks k/g. Empty bins are dropped.
 */
export function calibrationBins(p: ArrayLike<number>, y: ArrayLike<number>, g = 10, strategy: 'quantile' | 'uniform' = 'quantile'): CalibrationBin[] {
  checkProbabilities(p, y);
  if (!(Number.isInteger(g) && g >= 1)) throw new RangeError(`number of bins must be a positive integer, got ${g}`);
  const breaks: number[] = [];
  const step = 1 / g; // as R seq(0, 1, 1/g): k * (1/g)
  if (strategy === 'quantile') {
    const sorted = Float64Array.from(p as ArrayLike<number>).sort();
    for (let k = 0; k <= g; k++) {
      const q = quantileType7(sorted, k * step);
      if (breaks.length === 0 || q !== breaks[breaks.length - 1]) breaks.push(q);
    }
  } else for (let k = 0; k <= g; k++) breaks.push(k * step);
  const nb = Math.max(1, breaks.length - 1);
  const n = new Float64Array(nb);
  const obs = new Float64Array(nb);
  const exp = new Float64Array(nb);
  for (let i = 0; i < p.length; i++) {
    // First k >= 1 with p <= breaks[k] (binary search); the lowest value goes to bin 1.
    let lo = 1;
    let hi = breaks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (p[i] <= breaks[mid]) hi = mid;
      else lo = mid + 1;
    }
    const k = Math.max(0, lo - 1);
    n[k]++;
    obs[k] += y[i];
    exp[k] += p[i];
  }
  const out: CalibrationBin[] = [];
  for (let k = 0; k < nb; k++) {
    if (n[k] === 0) continue;
    out.push({ lower: breaks[k], upper: breaks[Math.min(k + 1, breaks.length - 1)], n: n[k], observed: obs[k], expected: exp[k], meanPredicted: exp[k] / n[k], observedRate: obs[k] / n[k] });
  }
  return out;
}

/** Hosmer-Lemeshow goodness-of-fit test. */
export interface HosmerLemeshow {
  statistic: number;
  df: number;
  p: number;
  groups: CalibrationBin[];
}

/**
 * Hosmer & Lemeshow (1980) test with g groups of predicted risk (quantile bins, see
 * `calibrationBins`): C = sum_k [(O1_k - E1_k)^2 / E1_k + (O0_k - E0_k)^2 / E0_k] with O1 = events,
 * E1 = sum p, O0 = n - O1, E0 = n - E1; p-value from chi-squared with g - 2 df. Same as R
 * `ResourceSelection::hoslem.test(y, p, g)`.
 */
export function hosmerLemeshow(p: ArrayLike<number>, y: ArrayLike<number>, g = 10): HosmerLemeshow {
  if (!(Number.isInteger(g) && g >= 3)) throw new RangeError(`Hosmer-Lemeshow needs g >= 3 groups, got ${g}`);
  const groups = calibrationBins(p, y, g, 'quantile');
  let c = 0;
  for (const b of groups) c += (b.observed - b.expected) ** 2 / b.expected + (b.expected - b.observed) ** 2 / (b.n - b.expected);
  const df = g - 2;
  return { statistic: c, df, p: chiSquaredSf(c, df), groups };
}

/** Silverman's rule of thumb 0.9 min(sd, IQR/1.34) N^(-1/5) (R `bw.nrd0`). */
export function bandwidthNrd0(x: ArrayLike<number>): number {
  const N = x.length;
  if (N < 2) throw new RangeError('bandwidth needs at least 2 points');
  let mean = 0;
  for (let i = 0; i < N; i++) mean += x[i];
  mean /= N;
  let ss = 0;
  for (let i = 0; i < N; i++) ss += (x[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (N - 1));
  const sorted = Float64Array.from(x).sort();
  const iqr = quantileType7(sorted, 0.75) - quantileType7(sorted, 0.25);
  let lo = Math.min(sd, iqr / 1.34);
  if (!lo) lo = sd || Math.abs(x[0]) || 1;
  return 0.9 * lo * N ** -0.2;
}

/** A smoothed calibration curve: observed event rate estimated at predicted probabilities `x`. */
export interface SmoothCurve {
  x: Float64Array;
  /** Kernel estimate of P(y = 1 | p = x); NaN where no subject lies within 4 bandwidths. */
  y: Float64Array;
  bandwidth: number;
}

/**
 * Loess-free smoothed calibration curve: Nadaraya-Watson regression of y on p with a Gaussian kernel,
 * y(x) = sum_i w_i y_i / sum_i w_i, w_i = exp(-((p_i - x)/h)^2 / 2) for |p_i - x| <= 4h (0 beyond).
 * h defaults to `bandwidthNrd0(p)`; `x` defaults to 101 points 0, 0.01, ..., 1. Identical to R
 * `ksmooth(p, y, kernel = 'normal', bandwidth = h / 0.3706506, x.points = x)` (ksmooth scales its
 * bandwidth so the kernel's quartiles are at +-bandwidth/4 and cuts it at 4 sd). Chosen over loess for
 * being one closed formula with one parameter, deterministic and O(N log N + N_x * window).
 */
export function smoothCalibration(p: ArrayLike<number>, y: ArrayLike<number>, opts: { bandwidth?: number; x?: ArrayLike<number> } = {}): SmoothCurve {
  checkProbabilities(p, y);
  const h = opts.bandwidth ?? bandwidthNrd0(p);
  if (!(h > 0)) throw new RangeError(`smoothing bandwidth must be > 0, got ${h}`);
  const xs = opts.x ? Float64Array.from(opts.x) : Float64Array.from({ length: 101 }, (_, k) => k / 100);
  const N = p.length;
  const ord = new Uint32Array(N);
  for (let i = 0; i < N; i++) ord[i] = i;
  ord.sort((a, b) => p[a] - p[b]);
  const ps = Float64Array.from(ord, (i) => p[i]);
  const ys = Float64Array.from(ord, (i) => y[i]);
  const cut = 4 * h;
  const out = new Float64Array(xs.length);
  for (let j = 0; j < xs.length; j++) {
    const x0 = xs[j];
    // first index with ps >= x0 - cut
    let lo = 0;
    let hi = N;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ps[mid] < x0 - cut) lo = mid + 1;
      else hi = mid;
    }
    let num = 0;
    let den = 0;
    for (let i = lo; i < N && ps[i] <= x0 + cut; i++) {
      const u = Math.abs(ps[i] - x0) / h;
      const w = Math.exp(-0.5 * u * u);
      num += w * ys[i];
      den += w;
    }
    out[j] = den > 0 ? num / den : NaN;
  }
  return { x: xs, y: out, bandwidth: h };
}
