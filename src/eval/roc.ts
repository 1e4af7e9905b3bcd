/**
 * ROC analysis of a binary outcome and a continuous score, as R's pROC (1.18) computes it with
 * `direction = '<'`: a higher score means the positive class ("case", label 1); controls have label 0.
 * AUC, DeLong variance and CI, stratified bootstrap CI, paired DeLong test, the empirical curve.
 */
import { AlnmError } from '../util/errors.js';
import { Rng } from '../util/random.js';
import { normalQuantile, normalSf } from '../stats/distributions.js';

/** Scores and 0/1 labels of the same length (label 1 = case / positive). */
export interface Labelled {
  scores: ArrayLike<number>;
  labels: ArrayLike<number>;
}

/** Check finite scores, labels in {0, 1}, equal lengths and both classes present; returns [cases, controls]. */
export function checkLabelled(scores: ArrayLike<number>, labels: ArrayLike<number>, what = 'score'): [number, number] {
  if (scores.length !== labels.length) throw new AlnmError(`${what}: ${scores.length} scores but ${labels.length} labels`);
  let m = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l !== 0 && l !== 1) throw new AlnmError(`${what}: label ${l} at position ${i + 1} is not 0 or 1`);
    if (!Number.isFinite(scores[i])) throw new AlnmError(`${what}: score ${scores[i]} at position ${i + 1} is not a finite number`);
    m += l;
  }
  const n = labels.length - m;
  if (m === 0 || n === 0) throw new AlnmError(`${what}: only one outcome class present (${m} positive, ${n} negative); ROC analysis needs both`);
  return [m, n];
}

/** True on little-endian platforms: the low 32-bit word of a float64 comes first. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * Stable order of finite doubles (-0 must already be +0): indices 0..N-1 by increasing value, ties in
 * index order. Each value becomes an order-preserving unsigned 64-bit key (negative: all bits flipped;
 * otherwise sign bit set). An LSD radix sort orders the indices by the key's high word (three 11-bit
 * digits; a digit shared by every key is skipped); runs with equal high words, which hold exact ties
 * and values equal to about 6 significant digits, are then ordered by the low word. O(N) unless
 * long runs differ in the low word only (then O(L log L) for a run of length L).
 */
function radixOrder(x: Float64Array): Uint32Array {
  const N = x.length;
  const words = new Uint32Array(x.buffer, x.byteOffset, 2 * N);
  const loAt = LITTLE_ENDIAN ? 0 : 1;
  const hiAt = 1 - loAt;
  let hi = new Uint32Array(N);
  let hi2 = new Uint32Array(N);
  let idx = new Uint32Array(N);
  let idx2 = new Uint32Array(N);
  const lo = new Uint32Array(N); // low word of the key, by subject
  const count = new Int32Array(3 * BUCKETS);
  const mask = BUCKETS - 1;
  for (let i = 0; i < N; i++) {
    let h = words[2 * i + hiAt];
    let l = words[2 * i + loAt];
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    hi[i] = h;
    lo[i] = l;
    idx[i] = i;
    count[h & mask]++;
    count[BUCKETS + ((h >>> DIGIT_BITS) & mask)]++;
    count[2 * BUCKETS + (h >>> (2 * DIGIT_BITS))]++;
  }
  for (let d = 0; d < 3; d++) {
    const base = d * BUCKETS;
    let trivial = false;
    for (let b = 0, start = 0; b < BUCKETS; b++) {
      const c = count[base + b];
      if (c === N) {
        trivial = true;
        break;
      }
      count[base + b] = start; // counts -> first output position of the bucket
      start += c;
    }
    if (trivial) continue;
    const shift = d * DIGIT_BITS;
    for (let i = 0; i < N; i++) {
      const h = hi[i];
      const p = count[base + ((h >>> shift) & mask)]++;
      hi2[p] = h;
      idx2[p] = idx[i];
    }
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }
  for (let g = 0; g < N; ) {
    const h = hi[g];
    let e = g + 1;
    while (e < N && hi[e] === h) e++;
    if (e - g > 1) orderRunByLow(idx, g, e, lo);
    g = e;
  }
  return idx;
}

/** Stable order of idx[start..end) by lo[idx[k]] (a run already in index order). */
function orderRunByLow(idx: Uint32Array, start: number, end: number, lo: Uint32Array): void {
  let k = start + 1;
  while (k < end && lo[idx[k - 1]] <= lo[idx[k]]) k++;
  if (k === end) return; // already ordered (e.g. exact ties)
  if (end - start > 16) {
    idx.subarray(start, end).sort((a, b) => lo[a] - lo[b] || a - b);
    return;
  }
  for (; k < end; k++) {
    const v = idx[k];
    const key = lo[v];
    let j = k - 1;
    while (j >= start && lo[idx[j]] > key) {
      idx[j + 1] = idx[j];
      j--;
    }
    idx[j + 1] = v;
  }
}

/** Scores as a new Float64Array with -0 turned into +0 (equal values, equal keys). */
function normalisedCopy(scores: ArrayLike<number>): Float64Array {
  const x = new Float64Array(scores.length);
  for (let i = 0; i < x.length; i++) x[i] = scores[i] + 0;
  return x;
}

/** Indices 0..N-1 ordered by increasing score, ties in index order (O(N) radix sort of the finite scores). */
export function scoreOrder(scores: ArrayLike<number>): Uint32Array {
  return radixOrder(normalisedCopy(scores));
}

/** DeLong placement values of one score (cases and controls in their original index order). */
export interface Placements {
  /** AUC = mean of `cases` = mean of `controls`. */
  auc: number;
  /** V10_i: fraction of controls below case i, ties counted 1/2. */
  cases: Float64Array;
  /** V01_j: fraction of cases above control j, ties counted 1/2. */
  controls: Float64Array;
}

/**
 * DeLong placements, O(N) after one radix sort of the pooled scores (the idea of Sun & Xu 2014,
 * IEEE SPL 21:1389, without ranking three times): one pass over the sorted tie groups places every
 * subject in the other class. For a case with score x: V10 = (#controls < x + #controls = x / 2) / n;
 * for a control with score y: V01 = (#cases > y + #cases = y / 2) / m. AUC = mean V10 =
 * (1/(m n)) sum_i sum_j psi(x_i, y_j), psi = 1 if x > y, 1/2 if x = y, 0 otherwise
 * (Mann-Whitney U / (m n); pROC `auc`, `delongPlacements`).
 */
export function delongPlacements(scores: ArrayLike<number>, labels: ArrayLike<number>): Placements {
  const [m, n] = checkLabelled(scores, labels);
  const N = m + n;
  const x = normalisedCopy(scores);
  const ord = radixOrder(x);
  const isCase = new Uint8Array(N);
  for (let i = 0; i < N; i++) isCase[i] = labels[i];
  const place = new Float64Array(N); // placement of subject i in the other class
  let casesBelow = 0;
  let ctrlsBelow = 0;
  for (let g = 0; g < N; ) {
    const v = x[ord[g]];
    let e = g + 1;
    let c = isCase[ord[g]];
    while (e < N && x[ord[e]] === v) c += isCase[ord[e++]];
    const t = e - g - c; // controls tied at v
    const v10 = (ctrlsBelow + t / 2) / n;
    const v01 = (m - casesBelow - c + c / 2) / m;
    for (let k = g; k < e; k++) {
      const i = ord[k];
      place[i] = isCase[i] ? v10 : v01;
    }
    casesBelow += c;
    ctrlsBelow += t;
    g = e;
  }
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let sum = 0;
  for (let i = 0, ci = 0, ni = 0; i < N; i++) {
    if (isCase[i]) {
      v10[ci++] = place[i];
      sum += place[i]; // case order, as the mean of V10
    } else v01[ni++] = place[i];
  }
  return { auc: sum / m, cases: v10, controls: v01 };
}

/** Area under the ROC curve (Mann-Whitney, ties 1/2), pROC `auc(roc(y, x, direction = '<'))`. */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return delongPlacements(scores, labels).auc;
}

function centredCross(a: Float64Array, b: Float64Array, ma: number, mb: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (a.length - 1);
}

/**
 * DeLong et al. (1988) variance of the AUC: Var = S10/m + S01/n with S10, S01 the sample variances
 * (denominator m-1, n-1) of the case and control placements (pROC `var(roc, method = 'delong')`).
 * NaN when a class has a single subject.
 */
export function delongVariance(p: Placements): number {
  const m = p.cases.length;
  const n = p.controls.length;
  if (m < 2 || n < 2) return NaN;
  return centredCross(p.cases, p.cases, p.auc, p.auc) / m + centredCross(p.controls, p.controls, p.auc, p.auc) / n;
}

/** An AUC with a confidence interval. */
export interface AucCi {
  auc: number;
  low: number;
  high: number;
  level: number;
}

/**
 * DeLong CI: auc -/+ z_{(1+level)/2} sqrt(Var), clipped to [0, 1]
 * (pROC `ci.auc(roc, method = 'delong', conf.level = level)`).
 */
export function aucCiDelong(scores: ArrayLike<number>, labels: ArrayLike<number>, level = 0.95): AucCi & { variance: number } {
  return delongCi(delongPlacements(scores, labels), level);
}

/** `aucCiDelong` from placements computed once (e.g. shared with `delongTest`); same result. */
export function delongCi(p: Placements, level = 0.95): AucCi & { variance: number } {
  const variance = delongVariance(p);
  const half = normalQuantile(1 - (1 - level) / 2) * Math.sqrt(variance);
  return { auc: p.auc, low: Math.max(0, p.auc - half), high: Math.min(1, p.auc + half), level, variance };
}

/** Result of the paired DeLong test of two AUCs on the same subjects. */
export interface DelongTest {
  auc1: number;
  auc2: number;
  /** auc1 - auc2. */
  delta: number;
  /** Standard error of delta. */
  se: number;
  z: number;
  /** Two-sided p = 2 (1 - Phi(|z|)). */
  p: number;
}

/**
 * Paired DeLong test (pROC `roc.test(roc1, roc2, method = 'delong', paired = TRUE)`):
 * z = (A1 - A2) / sqrt(L S L'), L = (1, -1), S = S10/m + S01/n where S10, S01 are the 2x2 sample
 * covariance matrices of the two scores' case and control placements. z = 0 when delta = se = 0.
 */
export function delongPairedTest(scores1: ArrayLike<number>, scores2: ArrayLike<number>, labels: ArrayLike<number>): DelongTest {
  return delongTest(delongPlacements(scores1, labels), delongPlacements(scores2, labels));
}

/**
 * `delongPairedTest` from placements computed once per score (`delongPlacements(scores_k, labels)`
 * with the SAME labels; only the class sizes can be checked here); same result.
 */
export function delongTest(p1: Placements, p2: Placements): DelongTest {
  const m = p1.cases.length;
  const n = p1.controls.length;
  if (p2.cases.length !== m || p2.controls.length !== n) {
    throw new AlnmError(`paired DeLong test: placements of different subjects (${m} cases, ${n} controls vs ${p2.cases.length} cases, ${p2.controls.length} controls)`);
  }
  const cx = centredCross;
  const v =
    (cx(p1.cases, p1.cases, p1.auc, p1.auc) + cx(p2.cases, p2.cases, p2.auc, p2.auc) - 2 * cx(p1.cases, p2.cases, p1.auc, p2.auc)) / m +
    (cx(p1.controls, p1.controls, p1.auc, p1.auc) + cx(p2.controls, p2.controls, p2.auc, p2.auc) - 2 * cx(p1.controls, p2.controls, p1.auc, p2.auc)) / n;
  const delta = p1.auc - p2.auc;
  const se = Math.sqrt(Math.max(0, v));
  const z = delta === 0 && se === 0 ? 0 : delta / se;
  return { auc1: p1.auc, auc2: p2.auc, delta, se, z, p: 2 * normalSf(Math.abs(z)) };
}

/** Sample quantile, R type 7 (`quantile(x, prob)`): linear interpolation at h = (N-1) prob of the sorted values. */
export function quantileType7(sorted: ArrayLike<number>, prob: number): number {
  const N = sorted.length;
  if (N === 0) return NaN;
  const idx = 1 + (N - 1) * prob; // 1-based, as R computes it (same rounding of h)
  const lo = Math.floor(idx) - 1;
  const hi = Math.min(N - 1, Math.ceil(idx) - 1);
  const h = idx - Math.floor(idx);
  // R's form (1-h) a + h b, applied only when it changes anything, so boundaries match R bit for bit.
  return h > 0 && sorted[hi] !== sorted[lo] ? (1 - h) * sorted[lo] + h * sorted[hi] : sorted[lo];
}

/** Options of a stratified bootstrap. */
export interface BootstrapOptions {
  /** Number of replicates (pROC `boot.n`, default 2000). */
  n?: number;
  /** Seed of the xoshiro128** stream (default 42). */
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

/**
 * Stratified bootstrap replicates: each draws m cases and n controls with replacement (pROC
 * `boot.stratified = TRUE`) and calls `stat(caseCount, controlCount)` with how often each case /
 * control (in original class order) was drawn. The count arrays are reused between calls.
 */
export function stratifiedBootstrap(m: number, n: number, opts: BootstrapOptions, stat: (caseW: Int32Array, ctrlW: Int32Array) => number): Float64Array {
  const reps = opts.n ?? 2000;
  const rng = new Rng(opts.seed ?? 42);
  const cw = new Int32Array(m);
  const nw = new Int32Array(n);
  const out = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    cw.fill(0);
    nw.fill(0);
    for (let k = 0; k < m; k++) cw[rng.nextInt(m)]++;
    for (let k = 0; k < n; k++) nw[rng.nextInt(n)]++;
    out[r] = stat(cw, nw);
  }
  return out;
}

/**
 * Stratified bootstrap CI of the AUC: the type-7 quantiles (1-level)/2 and (1+level)/2 of the
 * replicate AUCs (pROC `ci.auc(roc, method = 'bootstrap', boot.n = n, boot.stratified = TRUE)`).
 * Each replicate is an O(N) weighted Mann-Whitney pass over the one sorted order (no re-sorting).
 * Same seed, same interval; it differs from pROC's only through the random stream.
 */
export function aucCiBootstrap(scores: ArrayLike<number>, labels: ArrayLike<number>, opts: BootstrapOptions = {}): AucCi & { replicates: Float64Array } {
  const [m, n] = checkLabelled(scores, labels);
  const ord = scoreOrder(scores);
  const N = ord.length;
  // Per sorted position: class slot (case slot or control slot) and tie-group start flags.
  const slot = new Int32Array(N);
  const isCase = new Uint8Array(N);
  const groupEnd = new Int32Array(N);
  {
    let ci = 0;
    let ni = 0;
    const slotOf = new Int32Array(N);
    for (let i = 0; i < N; i++) slotOf[i] = labels[i] === 1 ? ci++ : ni++;
    for (let k = 0; k < N; k++) {
      slot[k] = slotOf[ord[k]];
      isCase[k] = labels[ord[k]] === 1 ? 1 : 0;
    }
    for (let g = 0; g < N; ) {
      let e = g + 1;
      while (e < N && scores[ord[e]] === scores[ord[g]]) e++;
      for (let k = g; k < e; k++) groupEnd[k] = e;
      g = e;
    }
  }
  const stat = (cw: Int32Array, nw: Int32Array): number => {
    let below = 0; // weight of controls strictly below the current group
    let total = 0;
    for (let g = 0; g < N; ) {
      const e = groupEnd[g];
      let cases = 0;
      let ctrls = 0;
      for (let k = g; k < e; k++) {
        if (isCase[k]) cases += cw[slot[k]];
        else ctrls += nw[slot[k]];
      }
      total += cases * (below + ctrls / 2);
      below += ctrls;
      g = e;
    }
    return total / (m * n);
  };
  const reps = stratifiedBootstrap(m, n, opts, stat);
  const sorted = Float64Array.from(reps).sort();
  const level = opts.level ?? 0.95;
  const full = stat(new Int32Array(m).fill(1), new Int32Array(n).fill(1));
  return { auc: full, low: quantileType7(sorted, (1 - level) / 2), high: quantileType7(sorted, (1 + level) / 2), level, replicates: reps };
}

/** The empirical ROC curve at pROC's thresholds. */
export interface RocCurve {
  /** Increasing: -Inf, midpoints between consecutive distinct scores, +Inf. */
  thresholds: Float64Array;
  /** Fraction of cases with score >= threshold. */
  sensitivities: Float64Array;
  /** Fraction of controls with score < threshold. */
  specificities: Float64Array;
  cases: number;
  controls: number;
}

/**
 * ROC curve as pROC `roc(..., direction = '<')`: thresholds are -Inf, the midpoints (a+b)/2 of
 * consecutive distinct scores (a/2 + b/2 when |a+b| would overflow) and +Inf; at threshold t,
 * sensitivity = #(cases >= t)/m, specificity = #(controls < t)/n. If rounding puts a midpoint on the
 * lower score it is moved to the upper one (pROC's near-tie fix), so each threshold separates the two.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocCurve {
  const [m, n] = checkLabelled(scores, labels);
  const N = m + n;
  const x = normalisedCopy(scores);
  const ord = radixOrder(x);
  const cap = N + 1;
  const thr = new Float64Array(cap);
  const se = new Float64Array(cap);
  const sp = new Float64Array(cap);
  thr[0] = -Infinity;
  se[0] = 1;
  sp[0] = 0;
  let cases = 0; // cases with score <= current value
  let k = 1;
  for (let g = 0; g < N; ) {
    const a = x[ord[g]];
    let e = g;
    while (e < N && x[ord[e]] === a) cases += labels[ord[e++]];
    if (e < N) {
      const b = x[ord[e]]; // next distinct score
      let t = !(Math.abs((a + b) / 2) <= 1e100) ? a / 2 + b / 2 : (a + b) / 2; // pROC: abs(mean) > 1e100
      if (t === a) t = b;
      thr[k] = t;
    } else thr[k] = Infinity;
    se[k] = (m - cases) / m;
    sp[k] = (e - cases) / n;
    k++;
    g = e;
  }
  return { thresholds: thr.slice(0, k), sensitivities: se.slice(0, k), specificities: sp.slice(0, k), cases: m, controls: n };
}
