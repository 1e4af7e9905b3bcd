/**
 * Inner loops of the binomial elastic-net fit (glmnet.ts) on a column-major n × p matrix `x`
 * (column k at `x[k * n .. k * n + n)`).
 *
 * Summation order (the same in every kernel, and in the WebAssembly SIMD kernels of glmnet-wasm.ts,
 * which are bit-identical to these): Σᵢ tᵢ is accumulated in four partial sums accᵤ = Σ tᵢ over
 * i ≡ u (mod 4), i < n₄ = n − (n mod 4), combined as (acc₀ + acc₂) + (acc₁ + acc₃), then the last
 * n mod 4 terms are added in order (`sum4` is the reference). Four independent chains hide the
 * floating-point add latency; the result differs from a one-at-a-time sum only by rounding. The
 * WebAssembly kernels also sweep four columns at a time; each residual update is fused with the next
 * coordinate's dot product. Both implement `ColumnKernels`.
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

/**
 * Σᵢ tᵢ in the kernels' order: four partial sums over i mod 4 for i < n − n mod 4, combined
 * (acc₀ + acc₂) + (acc₁ + acc₃), then the remaining terms in order. The reference for every kernel below.
 */
export function sum4(t: ArrayLike<number>, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += t[i];
    s1 += t[i + 1];
    s2 += t[i + 2];
    s3 += t[i + 3];
  }
  let s = s0 + s2 + (s1 + s3);
  for (; i < n; i++) s += t[i];
  return s;
}

/** Σᵢ a[i] x[off + i] in the `sum4` order. */
export function dotCol(x: Float64Array, off: number, a: Float64Array, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o = off + i;
    s0 += a[i] * x[o];
    s1 += a[i + 1] * x[o + 1];
    s2 += a[i + 2] * x[o + 2];
    s3 += a[i + 3] * x[o + 3];
  }
  let s = s0 + s2 + (s1 + s3);
  for (; i < n; i++) s += a[i] * x[off + i];
  return s;
}

/** out[t] = Σᵢ a[i] x̃ᵢₖ for k = cols[t], t = 0..len−1, each as `dotCol`. */
export function dotCols(x: Float64Array, n: number, cols: Int32Array, len: number, a: Float64Array, out: Float64Array): void {
  for (let t = 0; t < len; t++) out[t] = dotCol(x, cols[t] * n, a, n);
}

/** xv[k] = Σᵢ (vᵢ x̃ᵢₖ) x̃ᵢₖ for k = cols[0..len), in the `sum4` order. */
export function weightedSquares(x: Float64Array, n: number, cols: Int32Array, len: number, v: Float64Array, xv: Float64Array): void {
  for (let t = 0; t < len; t++) {
    const k = cols[t];
    const off = k * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const o = off + i;
      const a0 = x[o];
      const a1 = x[o + 1];
      const a2 = x[o + 2];
      const a3 = x[o + 3];
      s0 += v[i] * a0 * a0;
      s1 += v[i + 1] * a1 * a1;
      s2 += v[i + 2] * a2 * a2;
      s3 += v[i + 3] * a3 * a3;
    }
    let s = s0 + s2 + (s1 + s3);
    for (; i < n; i++) s += v[i] * x[off + i] * x[off + i];
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
 * column at `off2`, or Σᵢ rᵢ when `off2` < 0 (both in the `sum4` order): the next coordinate's (or the
 * intercept's) sum, in the same sweep.
 */
export function updateThenDot(x: Float64Array, off: number, d: number, v: Float64Array, r: Float64Array, n: number, off2: number): number {
  const dot = off2 >= 0;
  let g0 = 0;
  let g1 = 0;
  let g2 = 0;
  let g3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o = off + i;
    const a0 = r[i] - d * v[i] * x[o];
    const a1 = r[i + 1] - d * v[i + 1] * x[o + 1];
    const a2 = r[i + 2] - d * v[i + 2] * x[o + 2];
    const a3 = r[i + 3] - d * v[i + 3] * x[o + 3];
    r[i] = a0;
    r[i + 1] = a1;
    r[i + 2] = a2;
    r[i + 3] = a3;
    if (dot) {
      const q = off2 + i;
      g0 += a0 * x[q];
      g1 += a1 * x[q + 1];
      g2 += a2 * x[q + 2];
      g3 += a3 * x[q + 3];
    } else {
      g0 += a0;
      g1 += a1;
      g2 += a2;
      g3 += a3;
    }
  }
  let g = g0 + g2 + (g1 + g3);
  for (; i < n; i++) {
    const a = r[i] - d * v[i] * x[off + i];
    r[i] = a;
    g += dot ? a * x[off2 + i] : a;
  }
  return g;
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
    if (!haveSum) s = sum4(r, n);
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
