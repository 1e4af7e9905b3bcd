/**
 * CART regression tree, numerically as scikit-learn's `DecisionTreeRegressor` (1.2; splitter "best",
 * depth-first builder) so that boosting and forests reproduce sklearn to rounding:
 * - X is cast to float32 (sklearn's DTYPE); y and sample weights are float64.
 * - At each node the features are drawn by sklearn's Fisher-Yates loop driven by its `rand_r`
 *   xorshift stream (`our_rand_r`), skipping features known to be constant; samples are sorted per
 *   feature by sklearn's introsort (median-of-3, three-way partition, heapsort fallback), so ties and
 *   summation order follow sklearn's.
 * - Criterion "mse": proxy improvement `S_L^2/w_L + S_R^2/w_R`; "friedman_mse":
 *   `(w_R S_L - w_L S_R)^2 / (w_L w_R)` (Friedman 2001, eq. 35). Node impurity is the weighted variance
 *   `sum w y^2 / w - (sum w y / w)^2`.
 * - A split at sorted position p (values v[p-1] < v[p], gap > float32 1e-7) gets threshold
 *   `v[p-1]/2 + v[p]/2` (or v[p-1] if that rounds to v[p]); a sample goes left iff `x <= threshold`.
 * - The first strictly larger proxy improvement wins (ties keep the earlier-drawn feature).
 */

/** sklearn's RAND_R_MAX (0x7FFFFFFF). */
export const RAND_R_MAX = 0x7fffffff;
const FEATURE_THRESHOLD = Math.fround(1e-7);
const EPSILON = 2.220446049250313e-16; // np.finfo(float64).eps
const TREE_LEAF = -1;

/**
 * MT19937 with numpy's legacy `RandomState(seed)` seeding (init_genrand) and the legacy bounded
 * `randint(0, high)` (masked rejection on 32-bit draws). Used only to draw the per-tree `rand_r`
 * seed exactly as sklearn does (`random_state.randint(0, RAND_R_MAX)`).
 */
export class NumpyRandomState {
  private readonly mt = new Uint32Array(624);
  private idx = 624;

  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** Next genrand_int32 output. */
  nextUint32(): number {
    const mt = this.mt;
    if (this.idx >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % 624]! & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.idx = 0;
    }
    let y = mt[this.idx++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random_sample()`: double in [0, 1) from two draws, `(a >> 5) * 2^26 + (b >> 6)) / 2^53`. */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** `randint(0, high)` for 1 <= high <= 2^32: uniform in [0, high), numpy's masked rejection. */
  randint(high: number): number {
    const rng = high - 1;
    if (rng === 0) return 0;
    let mask = rng;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    for (;;) {
      const v = (this.nextUint32() & mask) >>> 0;
      if (v <= rng) return v;
    }
  }
}

/** Criterion of split quality. */
export type TreeCriterion = 'mse' | 'friedman_mse';

export interface TreeParams {
  criterion?: TreeCriterion;
  /** Maximum depth (root has depth 0); default unlimited. */
  maxDepth?: number;
  minSamplesSplit?: number;
  minSamplesLeaf?: number;
  /** Number of features drawn at each node; default all. */
  maxFeatures?: number;
}

/** A fitted tree; arrays indexed by node id (depth-first, left child first, as sklearn). */
export interface RegressionTree {
  nodeCount: number;
  nFeatures: number;
  /** Split feature (-2 at leaves). */
  feature: Int32Array;
  threshold: Float64Array;
  /** Child ids, -1 at leaves. */
  left: Int32Array;
  right: Int32Array;
  /** Node value: weighted mean of y (callers such as boosting may overwrite leaves). */
  value: Float64Array;
  impurity: Float64Array;
  weightedNSamples: Float64Array;
}

/** Cast a row-major float64 matrix to float32 (sklearn's DTYPE) once, for fitting and prediction. */
export function toFloat32(data: Float64Array): Float32Array {
  return Float32Array.from(data);
}

/** sklearn `our_rand_r` / `rand_int`: xorshift step on a uint32 state held in `st[0]`. */
function randInt(low: number, high: number, st: Uint32Array): number {
  let s = st[0]!;
  if (s === 0) s = 1;
  s = (s ^ (s << 13)) >>> 0;
  s = (s ^ (s >>> 17)) >>> 0;
  s = (s ^ (s << 5)) >>> 0;
  st[0] = s;
  return low + ((s % (RAND_R_MAX + 1)) % (high - low));
}

// ---- sklearn's introsort on (values, samples) pairs, from offset `o`, length n ----
function swap(xf: Float32Array, sm: Int32Array, i: number, j: number): void {
  const t = xf[i]!;
  xf[i] = xf[j]!;
  xf[j] = t;
  const u = sm[i]!;
  sm[i] = sm[j]!;
  sm[j] = u;
}

function median3(xf: Float32Array, o: number, n: number): number {
  const a = xf[o]!;
  const b = xf[o + (n >> 1)]!;
  const c = xf[o + n - 1]!;
  if (a < b) {
    if (b < c) return b;
    return a < c ? c : a;
  }
  if (b < c) return a < c ? a : c;
  return b;
}

function siftDown(xf: Float32Array, sm: Int32Array, o: number, start: number, end: number): void {
  let root = start;
  for (;;) {
    const child = root * 2 + 1;
    let maxind = root;
    if (child < end && xf[o + maxind]! < xf[o + child]!) maxind = child;
    if (child + 1 < end && xf[o + maxind]! < xf[o + child + 1]!) maxind = child + 1;
    if (maxind === root) return;
    swap(xf, sm, o + root, o + maxind);
    root = maxind;
  }
}

function heapsort(xf: Float32Array, sm: Int32Array, o: number, n: number): void {
  let start = (n - 2) >> 1;
  for (;;) {
    siftDown(xf, sm, o, start, n);
    if (start === 0) break;
    start--;
  }
  for (let end = n - 1; end > 0; end--) {
    swap(xf, sm, o, o + end);
    siftDown(xf, sm, o, 0, end);
  }
}

function introsort(xf: Float32Array, sm: Int32Array, o: number, n: number, maxd: number): void {
  while (n > 1) {
    if (maxd <= 0) {
      heapsort(xf, sm, o, n);
      return;
    }
    maxd--;
    const pivot = median3(xf, o, n);
    let i = 0;
    let l = 0;
    let r = n;
    while (i < r) {
      const v = xf[o + i]!;
      if (v < pivot) {
        swap(xf, sm, o + i, o + l);
        i++;
        l++;
      } else if (v > pivot) {
        r--;
        swap(xf, sm, o + i, o + r);
      } else i++;
    }
    introsort(xf, sm, o, l, maxd);
    o += r;
    n -= r;
  }
}

function sortPairs(xf: Float32Array, sm: Int32Array, o: number, n: number): void {
  if (n === 0) return;
  introsort(xf, sm, o, n, 2 * Math.floor(Math.log(n) / Math.LN2));
}

interface Split {
  pos: number;
  feature: number;
  threshold: number;
  improvement: number;
  impurityLeft: number;
  impurityRight: number;
}

/**
 * Fit a regression tree on float32 row-major `X` (n x p), targets `y`, optional weights `w`
 * (samples with weight 0 are left out, as sklearn), with the `rand_r` seed `seed`
 * (sklearn draws it as `RandomState.randint(0, RAND_R_MAX)`; see {@link NumpyRandomState}).
 */
export function fitRegressionTree(
  X: Float32Array,
  n: number,
  p: number,
  y: Float64Array,
  w: Float64Array | null,
  params: TreeParams,
  seed: number,
): RegressionTree {
  const friedman = (params.criterion ?? 'friedman_mse') === 'friedman_mse';
  const maxDepth = params.maxDepth ?? 2147483647;
  const minLeaf = params.minSamplesLeaf ?? 1;
  const minSplit = Math.max(params.minSamplesSplit ?? 2, 2 * minLeaf);
  const maxFeatures = Math.min(params.maxFeatures ?? p, p);
  const rstate = new Uint32Array([seed >>> 0]);

  // splitter state
  let nS = 0;
  const samples = new Int32Array(n);
  for (let i = 0; i < n; i++) if (w === null || w[i] !== 0) samples[nS++] = i;
  const features = new Int32Array(p);
  for (let f = 0; f < p; f++) features[f] = f;
  const constantFeatures = new Int32Array(p);
  const xf = new Float32Array(n);

  let totalW = n;
  if (w !== null) {
    totalW = 0;
    for (let i = 0; i < n; i++) totalW += w[i]!;
  }

  // criterion state (single output)
  let cStart = 0;
  let cEnd = 0;
  let cPos = 0;
  let sumTotal = 0;
  let sqSumTotal = 0;
  let wNode = 0;
  let sumLeft = 0;
  let sumRight = 0;
  let wLeft = 0;
  let wRight = 0;

  const critInit = (start: number, end: number): void => {
    cStart = start;
    cEnd = end;
    sumTotal = 0;
    sqSumTotal = 0;
    wNode = 0;
    for (let q = start; q < end; q++) {
      const i = samples[q]!;
      const wi = w === null ? 1 : w[i]!;
      const yi = y[i]!;
      const wy = wi * yi;
      sumTotal += wy;
      sqSumTotal += wy * yi;
      wNode += wi;
    }
    critReset();
  };
  const critReset = (): void => {
    cPos = cStart;
    sumLeft = 0;
    sumRight = sumTotal;
    wLeft = 0;
    wRight = wNode;
  };
  const critUpdate = (newPos: number): void => {
    if (newPos - cPos <= cEnd - newPos) {
      for (let q = cPos; q < newPos; q++) {
        const i = samples[q]!;
        const wi = w === null ? 1 : w[i]!;
        sumLeft += wi * y[i]!;
        wLeft += wi;
      }
    } else {
      // reverse_reset, then remove samples from the end down to newPos
      sumLeft = sumTotal;
      wLeft = wNode;
      for (let q = cEnd - 1; q >= newPos; q--) {
        const i = samples[q]!;
        const wi = w === null ? 1 : w[i]!;
        sumLeft -= wi * y[i]!;
        wLeft -= wi;
      }
    }
    wRight = wNode - wLeft;
    sumRight = sumTotal - sumLeft;
    cPos = newPos;
  };
  const proxy = (): number => {
    if (friedman) {
      const diff = wRight * sumLeft - wLeft * sumRight;
      return (diff * diff) / (wLeft * wRight);
    }
    return (sumLeft * sumLeft) / wLeft + (sumRight * sumRight) / wRight;
  };
  const nodeImpurity = (): number => sqSumTotal / wNode - (sumTotal / wNode) ** 2;

  const split: Split = { pos: 0, feature: 0, threshold: 0, improvement: 0, impurityLeft: 0, impurityRight: 0 };
  let nConstOut = 0;

  /** sklearn BestSplitter.node_split on samples[start:end]. */
  const nodeSplit = (start: number, end: number, impurity: number, nKnownConstants: number): void => {
    let bestPos = end;
    let bestFeature = 0;
    let bestThreshold = 0;
    let bestProxy = -Infinity;
    let fI = p;
    let nVisited = 0;
    let nFound = 0;
    let nDrawn = 0;
    let nTotal = nKnownConstants;

    while (fI > nTotal && (nVisited < maxFeatures || nVisited <= nFound + nDrawn)) {
      nVisited++;
      let fJ = randInt(nDrawn, fI - nFound, rstate);
      if (fJ < nKnownConstants) {
        const t = features[nDrawn]!;
        features[nDrawn] = features[fJ]!;
        features[fJ] = t;
        nDrawn++;
        continue;
      }
      fJ += nFound;
      const feat = features[fJ]!;
      for (let q = start; q < end; q++) xf[q] = X[samples[q]! * p + feat]!;
      sortPairs(xf, samples, start, end - start);
      if (xf[end - 1]! <= Math.fround(xf[start]! + FEATURE_THRESHOLD)) {
        features[fJ] = features[nTotal]!;
        features[nTotal] = feat;
        nFound++;
        nTotal++;
        continue;
      }
      fI--;
      features[fJ] = features[fI]!;
      features[fI] = feat;

      critReset();
      let q = start;
      while (q < end) {
        while (q + 1 < end && xf[q + 1]! <= Math.fround(xf[q]! + FEATURE_THRESHOLD)) q++;
        q++;
        if (q >= end) continue;
        if (q - start < minLeaf || end - q < minLeaf) continue;
        critUpdate(q);
        const pr = proxy();
        if (pr > bestProxy) {
          bestProxy = pr;
          const a = xf[q - 1]!;
          const b = xf[q]!;
          let thr = a / 2 + b / 2;
          if (thr === b || thr === Infinity || thr === -Infinity) thr = a;
          bestPos = q;
          bestFeature = feat;
          bestThreshold = thr;
        }
      }
    }

    split.pos = bestPos;
    split.feature = bestFeature;
    split.threshold = bestThreshold;
    split.improvement = -Infinity;
    split.impurityLeft = Infinity;
    split.impurityRight = Infinity;
    if (bestPos < end) {
      // partition samples[start:end] into <= threshold | > threshold (sklearn's swap scheme)
      let pe = end;
      let q = start;
      while (q < pe) {
        if (X[samples[q]! * p + bestFeature]! <= bestThreshold) q++;
        else {
          pe--;
          const t = samples[q]!;
          samples[q] = samples[pe]!;
          samples[pe] = t;
        }
      }
      critReset();
      critUpdate(bestPos);
      let sqLeft = 0;
      for (let r = start; r < bestPos; r++) {
        const i = samples[r]!;
        const wi = w === null ? 1 : w[i]!;
        const yi = y[i]!;
        sqLeft += wi * yi * yi;
      }
      const sqRight = sqSumTotal - sqLeft;
      split.impurityLeft = sqLeft / wLeft - (sumLeft / wLeft) ** 2;
      split.impurityRight = sqRight / wRight - (sumRight / wRight) ** 2;
      if (friedman) {
        const diff = wRight * sumLeft - wLeft * sumRight;
        split.improvement = (diff * diff) / (wLeft * wRight * wNode);
      } else {
        split.improvement =
          (wNode / totalW) *
          (impurity - (wRight / wNode) * split.impurityRight - (wLeft / wNode) * split.impurityLeft);
      }
    }
    // keep the order of known constants; record newly found ones
    features.set(constantFeatures.subarray(0, nKnownConstants), 0);
    constantFeatures.set(features.subarray(nKnownConstants, nKnownConstants + nFound), nKnownConstants);
    nConstOut = nTotal;
  };

  // depth-first builder
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const imp: number[] = [];
  const wns: number[] = [];
  interface Rec {
    start: number;
    end: number;
    depth: number;
    parent: number;
    isLeft: boolean;
    impurity: number;
    nConst: number;
  }
  const stack: Rec[] = [{ start: 0, end: nS, depth: 0, parent: -1, isLeft: false, impurity: Infinity, nConst: 0 }];
  let first = true;
  while (stack.length > 0) {
    const rec = stack.pop()!;
    const { start, end, depth } = rec;
    const nNode = end - start;
    critInit(start, end);
    let isLeaf = depth >= maxDepth || nNode < minSplit || nNode < 2 * minLeaf;
    let impurity = rec.impurity;
    if (first) {
      impurity = nodeImpurity();
      first = false;
    }
    isLeaf = isLeaf || impurity <= EPSILON;
    let nConst = rec.nConst;
    if (!isLeaf) {
      nodeSplit(start, end, impurity, nConst);
      nConst = nConstOut;
      isLeaf = split.pos >= end || split.improvement + EPSILON < 0;
    }
    const id = feature.length;
    if (rec.parent >= 0) {
      if (rec.isLeft) left[rec.parent] = id;
      else right[rec.parent] = id;
    }
    feature.push(isLeaf ? -2 : split.feature);
    threshold.push(isLeaf ? -2 : split.threshold);
    left.push(TREE_LEAF);
    right.push(TREE_LEAF);
    value.push(sumTotal / wNode);
    imp.push(impurity);
    wns.push(wNode);
    if (!isLeaf) {
      const s = split.pos;
      const il = split.impurityLeft;
      const ir = split.impurityRight;
      stack.push({ start: s, end, depth: depth + 1, parent: id, isLeft: false, impurity: ir, nConst });
      stack.push({ start, end: s, depth: depth + 1, parent: id, isLeft: true, impurity: il, nConst });
    }
  }
  return {
    nodeCount: feature.length,
    nFeatures: p,
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
    impurity: Float64Array.from(imp),
    weightedNSamples: Float64Array.from(wns),
  };
}

/** Leaf id reached by each row of float32 row-major `X` (n x p): go left iff `x[feature] <= threshold`. */
export function applyTree(tree: RegressionTree, X: Float32Array, n: number, p: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let node = 0;
    while (tree.left[node]! !== TREE_LEAF) {
      node = X[i * p + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
    }
    out[i] = node;
  }
  return out;
}

/** Node value reached by each row (see {@link applyTree}). */
export function predictTree(tree: RegressionTree, X: Float32Array, n: number, p: number): Float64Array {
  const leaves = applyTree(tree, X, n, p);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = tree.value[leaves[i]!]!;
  return out;
}

/**
 * Mean decrease in impurity (sklearn `compute_feature_importances`): for every split node,
 * `w_node * imp_node - w_left * imp_left - w_right * imp_right` added to its feature, divided by the
 * root weight; if `normalize`, scaled to sum 1 (when the sum is positive).
 */
export function treeFeatureImportances(tree: RegressionTree, normalize: boolean): Float64Array {
  const out = new Float64Array(tree.nFeatures);
  for (let k = 0; k < tree.nodeCount; k++) {
    const l = tree.left[k]!;
    if (l === TREE_LEAF) continue;
    const r = tree.right[k]!;
    out[tree.feature[k]!]! +=
      tree.weightedNSamples[k]! * tree.impurity[k]! -
      tree.weightedNSamples[l]! * tree.impurity[l]! -
      tree.weightedNSamples[r]! * tree.impurity[r]!;
  }
  const root = tree.weightedNSamples[0]!;
  for (let f = 0; f < out.length; f++) out[f]! /= root;
  if (normalize) {
    let s = 0;
    for (let f = 0; f < out.length; f++) s += out[f]!;
    if (s > 0) for (let f = 0; f < out.length; f++) out[f]! /= s;
  }
  return out;
}
