/**
 * Inner loops of the binomial elastic-net fit (glmnet.ts) on a column-major n × p matrix `x`
 * (column k at `x[k * n .. k * n + n)`).
 *
 * Every sum runs over i = 0..n−1 in order, with the same operations as the one-column-at-a-time
 * loops glmnet writes, so results are bit-identical to those loops; speed comes only from doing
 * independent work in one sweep (four columns per sweep, the residual update fused with the next
 * coordinate's dot product) and from unrolling, which amortises V8's per-element typed-array checks.
 * The same kernels in WebAssembly SIMD (glmnet-wasm.ts) are used when the engine has it; both
 * implement `ColumnKernels`.
 */

/** Column kernels on a workspace: standardised x̃ (column-major n × p), residual r and IRLS weights v. */
export interface ColumnKernels {
  readonly x: Float64Array;
  readonly r: Float64Array;
  readonly v: Float64Array;
  /** Linear predictor η, set by `linearPredictor`. */
  readonly eta: Float64Array;
  /** η = β₀ + Σ β_{m[l]} x̃_{m[l]} over l < nin with β ≠ 0, in that order (see `linearPredictor`); nz: scratch. */
  linearPredictor(b0: number, b: Float64Array, m: Int32Array, nin: number, nz: Int32Array): void;
  /** Σᵢ rᵢ x̃ᵢₖ. */
  dotR(k: number): number;
  /** out[t] = Σᵢ rᵢ x̃ᵢₖ for k = cols[t], t < len. */
  dotRCols(cols: Int32Array, len: number, out: Float64Array): void;
  /** xv[k] = Σᵢ (vᵢ x̃ᵢₖ) x̃ᵢₖ for k = cols[t], t < len. */
  weightedSquares(cols: Int32Array, len: number, xv: Float64Array): void;
  /** rᵢ ← rᵢ − (d vᵢ) x̃ᵢₖ; returns Σᵢ rᵢ x̃ᵢ,ₖ₂ of the new r, or Σᵢ rᵢ when k2 < 0. */
  updateThenDot(k: number, d: number, k2: number): number;
}

/** The JavaScript kernels on plain typed arrays. */
export class JsKernels implements ColumnKernels {
  readonly x: Float64Array;
  readonly r: Float64Array;
  readonly v: Float64Array;
  readonly eta: Float64Array;
  constructor(
    readonly n: number,
    p: number,
  ) {
    this.x = new Float64Array(n * p);
    this.r = new Float64Array(n);
    this.v = new Float64Array(n);
    this.eta = new Float64Array(n);
  }
  linearPredictor(b0: number, b: Float64Array, m: Int32Array, nin: number, nz: Int32Array): void {
    linearPredictor(this.x, this.n, b0, b, m, nin, this.eta, nz);
  }
  dotR(k: number): number {
    return dotCol(this.x, k * this.n, this.r, this.n);
  }
  dotRCols(cols: Int32Array, len: number, out: Float64Array): void {
    dotCols(this.x, this.n, cols, len, this.r, out);
  }
  weightedSquares(cols: Int32Array, len: number, xv: Float64Array): void {
    weightedSquares(this.x, this.n, cols, len, this.v, xv);
  }
  updateThenDot(k: number, d: number, k2: number): number {
    return updateThenDot(this.x, k * this.n, d, this.v, this.r, this.n, k2 < 0 ? -1 : k2 * this.n);
  }
}

/** Σᵢ a[i] x[off + i], summed in order i = 0..n−1. */
export function dotCol(x: Float64Array, off: number, a: Float64Array, n: number): number {
  let s = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o = off + i;
    s += a[i] * x[o];
    s += a[i + 1] * x[o + 1];
    s += a[i + 2] * x[o + 2];
    s += a[i + 3] * x[o + 3];
  }
  for (; i < n; i++) s += a[i] * x[off + i];
  return s;
}

/**
 * out[t] = Σᵢ a[i] x̃ᵢₖ for k = cols[t], t = 0..len−1 (each equal to `dotCol`): four columns per
 * sweep over `a`, so the four independent sums overlap in the pipeline.
 */
export function dotCols(x: Float64Array, n: number, cols: Int32Array, len: number, a: Float64Array, out: Float64Array): void {
  let t = 0;
  for (; t + 3 < len; t += 4) {
    const o0 = cols[t] * n;
    const o1 = cols[t + 1] * n;
    const o2 = cols[t + 2] * n;
    const o3 = cols[t + 3] * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const ai = a[i];
      s0 += ai * x[o0 + i];
      s1 += ai * x[o1 + i];
      s2 += ai * x[o2 + i];
      s3 += ai * x[o3 + i];
    }
    out[t] = s0;
    out[t + 1] = s1;
    out[t + 2] = s2;
    out[t + 3] = s3;
  }
  for (; t < len; t++) out[t] = dotCol(x, cols[t] * n, a, n);
}

/** xv[k] = Σᵢ vᵢ x̃ᵢₖ² (as (vᵢ x̃ᵢₖ) x̃ᵢₖ, in order) for k = cols[0..len), four columns per sweep. */
export function weightedSquares(x: Float64Array, n: number, cols: Int32Array, len: number, v: Float64Array, xv: Float64Array): void {
  let t = 0;
  for (; t + 3 < len; t += 4) {
    const k0 = cols[t];
    const k1 = cols[t + 1];
    const k2 = cols[t + 2];
    const k3 = cols[t + 3];
    const o0 = k0 * n;
    const o1 = k1 * n;
    const o2 = k2 * n;
    const o3 = k3 * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const vi = v[i];
      const a0 = x[o0 + i];
      const a1 = x[o1 + i];
      const a2 = x[o2 + i];
      const a3 = x[o3 + i];
      s0 += vi * a0 * a0;
      s1 += vi * a1 * a1;
      s2 += vi * a2 * a2;
      s3 += vi * a3 * a3;
    }
    xv[k0] = s0;
    xv[k1] = s1;
    xv[k2] = s2;
    xv[k3] = s3;
  }
  for (; t < len; t++) {
    const k = cols[t];
    const off = k * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i] * x[off + i] * x[off + i];
    xv[k] = s;
  }
}

/**
 * ηᵢ = β₀ + Σ_{l} β_{m[l]} x̃ᵢ,ₘ₍ₗ₎ over l = 0..nin−1 with β ≠ 0, added in that order (four columns per
 * sweep over η). `nz` is scratch of length ≥ nin.
 */
export function linearPredictor(x: Float64Array, n: number, b0: number, b: Float64Array, m: Int32Array, nin: number, eta: Float64Array, nz: Int32Array): void {
  let c = 0;
  for (let l = 0; l < nin; l++) if (b[m[l]] !== 0) nz[c++] = m[l];
  eta.fill(b0, 0, n);
  let t = 0;
  for (; t + 3 < c; t += 4) {
    const o0 = nz[t] * n;
    const o1 = nz[t + 1] * n;
    const o2 = nz[t + 2] * n;
    const o3 = nz[t + 3] * n;
    const c0 = b[nz[t]];
    const c1 = b[nz[t + 1]];
    const c2 = b[nz[t + 2]];
    const c3 = b[nz[t + 3]];
    for (let i = 0; i < n; i++) eta[i] = eta[i] + c0 * x[o0 + i] + c1 * x[o1 + i] + c2 * x[o2 + i] + c3 * x[o3 + i];
  }
  for (; t < c; t++) {
    const off = nz[t] * n;
    const bk = b[nz[t]];
    for (let i = 0; i < n; i++) eta[i] += bk * x[off + i];
  }
}

/**
 * r ← r − d v x̃ₖ (rᵢ − (d vᵢ) x̃ᵢₖ, column at `off`), then returns Σᵢ rᵢ x̃ᵢⱼ of the updated r for the
 * column at `off2`, or Σᵢ rᵢ when `off2` < 0: the next coordinate's (or the intercept's) sum, in the
 * same sweep.
 */
export function updateThenDot(x: Float64Array, off: number, d: number, v: Float64Array, r: Float64Array, n: number, off2: number): number {
  let g = 0;
  let i = 0;
  if (off2 >= 0) {
    for (; i + 3 < n; i += 4) {
      const o = off + i;
      const a0 = r[i] - d * v[i] * x[o];
      const a1 = r[i + 1] - d * v[i + 1] * x[o + 1];
      const a2 = r[i + 2] - d * v[i + 2] * x[o + 2];
      const a3 = r[i + 3] - d * v[i + 3] * x[o + 3];
      const q = off2 + i;
      g += a0 * x[q];
      g += a1 * x[q + 1];
      g += a2 * x[q + 2];
      g += a3 * x[q + 3];
      r[i] = a0;
      r[i + 1] = a1;
      r[i + 2] = a2;
      r[i + 3] = a3;
    }
    for (; i < n; i++) {
      const a = r[i] - d * v[i] * x[off + i];
      r[i] = a;
      g += a * x[off2 + i];
    }
  } else {
    for (; i + 3 < n; i += 4) {
      const o = off + i;
      const a0 = r[i] - d * v[i] * x[o];
      const a1 = r[i + 1] - d * v[i + 1] * x[o + 1];
      const a2 = r[i + 2] - d * v[i + 2] * x[o + 2];
      const a3 = r[i + 3] - d * v[i + 3] * x[o + 3];
      g += a0;
      g += a1;
      g += a2;
      g += a3;
      r[i] = a0;
      r[i + 1] = a1;
      r[i + 2] = a2;
      r[i + 3] = a3;
    }
    for (; i < n; i++) {
      const a = r[i] - d * v[i] * x[off + i];
      r[i] = a;
      g += a;
    }
  }
  return g;
}

/** Σᵢ rᵢ in order. */
function sum(r: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += r[i];
  return s;
}

/**
 * One coordinate-descent pass (glmnet's inner loop body) over the variables `list[0..len)` in that
 * order, then the intercept when `intr`. For each k: u = Σᵢ rᵢ x̃ᵢₖ + v̄ₖ βₖ,
 * βₖ ← S(u, vₖ λα) / (v̄ₖ + vₖ λ(1 − α)) with S the soft threshold, and the weighted residual
 * r ← r − Δβₖ v x̃ₖ; a variable that moves joins the active set (`mm[k]` = 1, appended to `m`,
 * `nin[0]` += 1). Intercept: Δβ₀ = Σr / Σv, r ← r − Δβ₀ v. Returns max v̄ Δβ² (glmnet's dlx).
 * `st` = [β₀, Σv, λα, λ(1 − α)]; β₀ is updated in place.
 */
export function cdPass(
  ck: ColumnKernels,
  n: number,
  list: Int32Array,
  len: number,
  b: Float64Array,
  xv: Float64Array,
  vp: Float64Array,
  st: Float64Array,
  mm: Uint8Array,
  m: Int32Array,
  nin: Int32Array,
  intr: boolean,
): number {
  const al1 = st[2];
  const al2 = st[3];
  let dlx = 0;
  // g = Σ r x̃ₖ for the current k, computed by the previous step's sweep when it could be.
  let g = len > 0 ? ck.dotR(list[0]) : 0;
  let s = 0; // Σr after the last coordinate, when fused into its update (haveSum)
  let haveSum = false;
  for (let t = 0; t < len; t++) {
    const k = list[t];
    const bk = b[k];
    const u = g + xv[k] * bk;
    const au = Math.abs(u) - vp[k] * al1;
    const nb = au <= 0 ? 0 : (u >= 0 ? au : -au) / (xv[k] + vp[k] * al2);
    b[k] = nb;
    const d = nb - bk;
    const last = t + 1 === len;
    if (d === 0) {
      if (!last) g = ck.dotR(list[t + 1]);
      continue;
    }
    const dd = xv[k] * d * d;
    if (dd > dlx) dlx = dd;
    if (!last) g = ck.updateThenDot(k, d, list[t + 1]);
    else {
      s = ck.updateThenDot(k, d, -1);
      haveSum = true;
    }
    if (!mm[k]) {
      mm[k] = 1;
      m[nin[0]++] = k;
    }
  }
  if (intr) {
    const r = ck.r;
    const v = ck.v;
    if (!haveSum) s = sum(r, n);
    const d = s / st[1];
    if (d !== 0) {
      st[0] += d;
      for (let i = 0; i < n; i++) r[i] -= d * v[i];
      const dd = st[1] * d * d;
      if (dd > dlx) dlx = dd;
    }
  }
  return dlx;
}
