/**
 * Penalised binomial regression (LASSO / elastic net) along a lambda path, as R's
 * `glmnet(x, y, family = "binomial")` (glmnet 4.1, routine lognet / lognet2n, Friedman, Hastie &
 * Tibshirani 2010, J Stat Softw 33(1)).
 *
 * Objective at each λ, with weights wᵢ normalised to Σwᵢ = 1 and standardised predictors:
 *   min_{β₀,β}  −Σᵢ wᵢ [yᵢ ηᵢ − log(1 + e^{ηᵢ})] + λ Σⱼ vⱼ [α|βⱼ| + (1 − α) βⱼ²/2],   ηᵢ = β₀ + xᵢᵀβ.
 * Outer loop: IRLS (Newton) quadratic approximation with working weights vᵢ = wᵢ pᵢ(1 − pᵢ);
 * inner loop: cyclic coordinate descent with naive residual updates (glmnet's only mode for the
 * binomial family) over the strong set, then over the active set until convergence, then a full
 * pass again; KKT check of the discarded variables after IRLS convergence.
 */
import type { Matrix } from './types.js';
import { cdPass, JsKernels, type ColumnKernels } from './glmnet-kernels.js';
import { WasmKernels } from './glmnet-wasm.js';

/** glmnet.control() factory defaults (glmnet 4.1). */
export const GLMNET_CONTROL = {
  /** fdev: stop the path when the dev.ratio gain from one λ to the next is below this. */
  fdev: 1e-5,
  /** devmax: stop the path when dev.ratio exceeds this. */
  devmax: 0.999,
  /** eps: smallest allowed lambda.min.ratio. */
  eps: 1e-6,
  /** big: "infinite" λ of the first step. */
  big: 9.9e35,
  /** mnlam: the path is never stopped before this many λ. */
  mnlam: 5,
  /** pmin: fitted probabilities are clamped to [pmin, 1 − pmin]. */
  pmin: 1e-9,
} as const;

export interface GlmnetOptions {
  /** Elastic-net mixing α ∈ [0, 1]; 1 = LASSO, 0 = ridge. Default 1. */
  alpha?: number;
  /** Length of the automatic λ sequence. Default 100. */
  nlambda?: number;
  /** λ_min / λ_max of the automatic sequence. Default 0.01 if n < p, else 1e-4. */
  lambdaMinRatio?: number;
  /** A user λ sequence (replaces the automatic one; no early stopping then, as glmnet). */
  lambda?: ArrayLike<number>;
  /** Standardise predictors internally (population SD, weights normalised to sum 1). Default true. */
  standardize?: boolean;
  /** Fit an intercept. Default true. */
  intercept?: boolean;
  /** Convergence threshold: CD stops when max_j v̄ⱼ Δβⱼ² < thresh × null deviance (per unit weight). Default 1e-7. */
  thresh?: number;
  /** Maximum total number of CD passes over all λ. Default 1e5. */
  maxit?: number;
  /** Observation weights (default 1 each). */
  weights?: ArrayLike<number>;
  /** Per-variable penalty factors (default 1); rescaled to sum to p, as glmnet. */
  penaltyFactor?: ArrayLike<number>;
}

/** A fitted path; coefficients are on the original scale of the predictors. */
export interface GlmnetFit {
  /** λ values (decreasing); the first is fixed up as glmnet's fix.lam does. */
  lambda: Float64Array;
  /** Intercept per λ. */
  a0: Float64Array;
  /** Coefficients per λ, `beta[l * p + j]`. */
  beta: Float64Array;
  /** Number of predictors. */
  p: number;
  /** Fraction of null deviance explained per λ (glmnet's dev.ratio). */
  devRatio: Float64Array;
  /** Null deviance 2 Σwᵢ × (null negative log-likelihood per unit weight). */
  nulldev: number;
  /** Number of non-zero coefficients per λ. */
  df: Int32Array;
  /** Total coordinate-descent passes. */
  npasses: number;
  /** Predictor names, when the matrix had them. */
  names?: string[];
  /** glmnet's warning when maxit was reached (the path is then truncated). */
  warning?: string;
}

/** Default λ_min / λ_max ratio of glmnet: 0.01 when n < p, else 1e-4. */
export function defaultLambdaMinRatio(n: number, p: number): number {
  return n < p ? 1e-2 : 1e-4;
}

/**
 * Fit the binomial elastic-net path (glmnet lognet with type.logistic = "Newton").
 * `y` holds 0/1 labels; the model is for P(y = 1). λ_max = max_j |Σᵢ wᵢ (yᵢ − ȳ) x̃ᵢⱼ| / (vⱼ max(α, 1e-3))
 * with x̃ standardised; the sequence is λ_max · ratio^{k/(nlambda−1)}, k = 0..nlambda−1, stopped early
 * (after at least 5 values) when dev.ratio > 0.999 or its gain is below 1e-5.
 */
export function glmnetBinomial(X: Matrix, y: ArrayLike<number>, opts: GlmnetOptions = {}): GlmnetFit {
  const n = X.rows;
  const p = X.cols;
  if (y.length !== n) throw new Error(`glmnet: y has ${y.length} values, x has ${n} rows`);
  const alpha = opts.alpha ?? 1;
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`glmnet: alpha must be in [0, 1], got ${alpha}`);
  const userLambda = opts.lambda ? Float64Array.from(opts.lambda) : null;
  const nlam = userLambda ? userLambda.length : (opts.nlambda ?? 100);
  const flmin = userLambda ? 1 : (opts.lambdaMinRatio ?? defaultLambdaMinRatio(n, p));
  if (!userLambda && flmin >= 1) throw new Error('glmnet: lambdaMinRatio must be < 1');
  const isd = opts.standardize ?? true;
  const intr = opts.intercept ?? true;
  const shri = opts.thresh ?? 1e-7;
  const maxit = opts.maxit ?? 100000;
  const { fdev: sml, devmax, eps, big, mnlam, pmin } = GLMNET_CONTROL;

  // Weights normalised to sum 1 (lognet: ww = ww / sw).
  const w = new Float64Array(n);
  let sw = 0;
  for (let i = 0; i < n; i++) {
    const wi = opts.weights ? opts.weights[i] : 1;
    if (!(wi >= 0)) throw new Error('glmnet: weights must be non-negative');
    const yi = y[i];
    if (yi !== 0 && yi !== 1) throw new Error(`glmnet: y must be 0/1, row ${i + 1} is ${yi}`);
    w[i] = wi;
    sw += wi;
  }
  for (let i = 0; i < n; i++) w[i] /= sw;
  const yy = Float64Array.from(y);
  let n1 = 0;
  for (let i = 0; i < n; i++) n1 += yy[i];
  if (Math.min(n1, n - n1) <= 1) throw new Error('glmnet: one binomial class has 1 or 0 observations; not allowed');

  // Column-major working copy, centred and scaled (lstandard1); ju marks non-constant columns (chkvars).
  const ck: ColumnKernels = WasmKernels.create(n, p) ?? new JsKernels(n, p);
  const x = ck.x;
  const xm = new Float64Array(p);
  const xs = new Float64Array(p).fill(1);
  const ju = new Uint8Array(p);
  transpose(X.data, n, p, x);
  standardize(x, n, p, w, intr, isd, xm, xs, ju);
  let anyVaries = false;
  for (let j = 0; j < p; j++) if (ju[j]) anyVaries = true;
  if (!anyVaries) throw new Error('glmnet: all predictors are constant');

  // Penalty factors rescaled to sum p.
  const vp = new Float64Array(p);
  let svp = 0;
  for (let j = 0; j < p; j++) {
    vp[j] = Math.max(0, opts.penaltyFactor ? opts.penaltyFactor[j] : 1);
    svp += vp[j];
  }
  if (!(svp > 0)) throw new Error('glmnet: all penalty factors are zero');
  for (let j = 0; j < p; j++) vp[j] = (vp[j] * p) / svp;

  const fmax = Math.log(1 / pmin - 1);
  const vmin = (1 + pmin) * pmin * (1 - pmin);
  const bta = alpha;
  const omb = 1 - bta;
  let q0 = 0;
  for (let i = 0; i < n; i++) q0 += w[i] * yy[i];
  if (q0 <= pmin) throw new Error('glmnet: null probability < 1e-9 (no events)');
  if (q0 >= 1 - pmin) throw new Error('glmnet: null probability > 1 - 1e-9 (no non-events)');
  if (!intr) q0 = 0.5;
  const bz = intr ? Math.log(q0 / (1 - q0)) : 0;
  const vi = q0 * (1 - q0);
  const v = ck.v;
  const r = ck.r;
  const q = new Float64Array(n);
  const eta = ck.eta;
  for (let i = 0; i < n; i++) {
    v[i] = vi * w[i];
    r[i] = w[i] * (yy[i] - q0);
    q[i] = q0;
  }
  let xmz = vi;
  const dev1 = -(bz * q0 + Math.log(1 - q0));
  let dev0 = dev1;
  for (let i = 0; i < n; i++) {
    if (yy[i] > 0) dev0 += w[i] * yy[i] * Math.log(yy[i]);
    if (yy[i] < 1) dev0 += w[i] * (1 - yy[i]) * Math.log(1 - yy[i]);
  }
  const alf = flmin < 1 ? Math.pow(Math.max(eps, flmin), 1 / (nlam - 1)) : 1;
  const mnl = Math.min(mnlam, nlam);
  const shr = shri * dev0;

  let b0 = bz;
  let bs0 = 0;
  const b = new Float64Array(p);
  const bs = new Float64Array(p);
  const xv = new Float64Array(p);
  const ga = new Float64Array(p);
  const ixx = new Uint8Array(p);
  const mm = new Uint8Array(p); // 1 once a variable has entered the active set
  const m = new Int32Array(p); // active variables in order of entry
  const nin = new Int32Array(1); // number of active variables (length of m)
  const strong = new Int32Array(p); // strong set (ixx) in increasing order
  let nstrong = 0;
  const cand = new Int32Array(p); // scratch: columns to check
  const gs = new Float64Array(p); // scratch: their dot products
  const nz = new Int32Array(p); // scratch of linearPredictor
  let nlp = 0;
  let nc = 0;
  for (let j = 0; j < p; j++) if (ju[j]) cand[nc++] = j;
  ck.dotRCols(cand, nc, gs);
  for (let t = 0; t < nc; t++) ga[cand[t]] = Math.abs(gs[t]);

  const almOut: number[] = [];
  const a0Out: number[] = [];
  const devOut: number[] = [];
  const betaOut: Float64Array[] = [];
  let warning: string | undefined;
  const st = new Float64Array(4); // [b0, xmz, al1, al2] shared with the CD kernel

  let al = 0;
  path: for (let ilm = 0; ilm < nlam; ilm++) {
    let al0 = al;
    if (userLambda) al = userLambda[ilm];
    else if (ilm > 1) al *= alf;
    else if (ilm === 0) al = big;
    else {
      al0 = 0;
      for (let j = 0; j < p; j++) if (ju[j] && vp[j] > 0) al0 = Math.max(al0, ga[j] / vp[j]);
      al0 /= Math.max(bta, 1e-3);
      al = alf * al0;
    }
    const al2 = al * omb;
    const al1 = al * bta;
    st[2] = al1;
    st[3] = al2;
    if (strongRule(ixx, ju, ga, vp, bta * (2 * al - al0), p)) nstrong = listFlags(ixx, p, strong);

    let degenerate = false;
    irls: for (;;) {
      bs0 = b0;
      for (let l = 0; l < nin[0]; l++) bs[m[l]] = b[m[l]];
      ck.weightedSquares(strong, nstrong, xv);
      for (;;) {
        nlp++;
        st[0] = b0;
        st[1] = xmz;
        let dlx = cdPass(ck, n, strong, nstrong, b, xv, vp, st, mm, m, nin, intr);
        b0 = st[0];
        if (dlx < shr) break;
        if (nlp > maxit) {
          warning = `convergence for the ${ilm + 1}th lambda value not reached after maxit=${maxit} iterations; solutions for larger lambdas returned`;
          break path;
        }
        for (;;) {
          nlp++;
          st[0] = b0;
          dlx = cdPass(ck, n, m, nin[0], b, xv, vp, st, mm, m, nin, intr);
          b0 = st[0];
          if (dlx < shr) break;
          if (nlp > maxit) {
            warning = `convergence for the ${ilm + 1}th lambda value not reached after maxit=${maxit} iterations; solutions for larger lambdas returned`;
            break path;
          }
        }
      }
      ck.linearPredictor(b0, b, m, nin[0], nz);
      xmz = irlsWeights(eta, w, yy, fmax, q, v, r);
      if (xmz <= vmin) {
        degenerate = true;
        break;
      }
      if (xmz * (bs0 - b0) * (bs0 - b0) < shr) {
        let ix = false;
        for (let l = 0; l < nin[0]; l++) {
          const k = m[l];
          const d = b[k] - bs[k];
          if (xv[k] * d * d >= shr) {
            ix = true;
            break;
          }
        }
        if (!ix) {
          // KKT check of the variables outside the strong set.
          if (kktCheck(ck, p, ixx, ju, ga, vp, al1, cand, gs)) {
            nstrong = listFlags(ixx, p, strong);
            continue irls;
          }
          break;
        }
      }
    }
    const bl = new Float64Array(p);
    for (let l = 0; l < nin[0]; l++) bl[m[l]] = b[m[l]];
    betaOut.push(bl);
    a0Out.push(b0);
    almOut.push(al);
    const dr = (dev1 - negLogLik(yy, q, w, pmin)) / dev0;
    devOut.push(dr);
    if (degenerate) break;
    if (ilm + 1 < mnl || userLambda) continue;
    // me > ne (dfmax = p + 1) cannot happen with glmnet's default dfmax.
    if (dr > devmax) break;
    if (dr - devOut[ilm - 1] < sml) break;
  }

  const L = almOut.length;
  const { beta, a0, df } = originalScale(betaOut, a0Out, p, isd, intr, xm, xs);
  const lambda = Float64Array.from(almOut);
  if (!userLambda && L > 2) lambda[0] = Math.exp(2 * Math.log(lambda[1]) - Math.log(lambda[2])); // fix.lam
  const fit: GlmnetFit = { lambda, a0, beta, p, devRatio: Float64Array.from(devOut), nulldev: 2 * sw * dev0, df, npasses: nlp };
  if (X.names) fit.names = X.names.slice();
  if (warning) fit.warning = warning;
  return fit;
}

/** Column-major copy `x[j * n + i]` of the row-major n × p `data`, in blocks of 64 columns (cache-friendly). */
function transpose(data: Float64Array, n: number, p: number, x: Float64Array): void {
  for (let j0 = 0; j0 < p; j0 += 64) {
    const j1 = Math.min(p, j0 + 64);
    for (let i = 0; i < n; i++) {
      const row = i * p;
      for (let j = j0; j < j1; j++) x[j * n + i] = data[row + j];
    }
  }
}

/**
 * lstandard1 + chkvars on the column-major copy: ju[j] = 1 unless column j is constant; with an intercept,
 * x̄ⱼ = Σᵢ wᵢxᵢⱼ and xᵢⱼ ← xᵢⱼ − x̄ⱼ, sⱼ = √(Σᵢ wᵢxᵢⱼ²) (population SD, Σw = 1); without, sⱼ = √(Σwx² − (Σwx)²)
 * and no centring; then (isd) xᵢⱼ ← xᵢⱼ / sⱼ. Constant columns are left as they are.
 */
function standardize(x: Float64Array, n: number, p: number, w: Float64Array, intr: boolean, isd: boolean, xm: Float64Array, xs: Float64Array, ju: Uint8Array): void {
  for (let j = 0; j < p; j++) {
    const off = j * n;
    const first = x[off];
    // One pass: whether the column varies, and Σ wᵢxᵢⱼ (the mean, as Σw = 1).
    let varies = false;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[off + i];
      if (xi !== first) varies = true;
      m += w[i] * xi;
    }
    ju[j] = varies ? 1 : 0;
    if (!varies) continue;
    if (intr) {
      xm[j] = m;
      // Centre and accumulate Σ wᵢ(xᵢⱼ − x̄ⱼ)² in the same pass.
      let s = 0;
      for (let i = 0; i < n; i++) {
        const c = x[off + i] - m;
        x[off + i] = c;
        s += w[i] * c * c;
      }
      if (isd) xs[j] = Math.sqrt(s);
    } else if (isd) {
      let s2 = 0;
      for (let i = 0; i < n; i++) s2 += w[i] * x[off + i] * x[off + i];
      xs[j] = Math.sqrt(s2 - m * m);
    }
    if (isd) {
      const sj = xs[j];
      for (let i = 0; i < n; i++) x[off + i] /= sj;
    }
  }
}

/** Sequential strong rule: adds to the strong set (ixx) every usable k with gₖ > tlam·vₖ; true if any was added. */
function strongRule(ixx: Uint8Array, ju: Uint8Array, ga: Float64Array, vp: Float64Array, tlam: number, p: number): boolean {
  let grown = false;
  for (let k = 0; k < p; k++) {
    if (!ixx[k] && ju[k] && ga[k] > tlam * vp[k]) {
      ixx[k] = 1;
      grown = true;
    }
  }
  return grown;
}

/** Back to the original scale (lognet): βⱼ/sⱼ, β₀ − Σ βⱼx̄ⱼ/sⱼ; and the number of non-zero βⱼ per λ. */
function originalScale(
  betaOut: Float64Array[],
  a0Out: number[],
  p: number,
  isd: boolean,
  intr: boolean,
  xm: Float64Array,
  xs: Float64Array,
): { beta: Float64Array; a0: Float64Array; df: Int32Array } {
  const L = a0Out.length;
  const beta = new Float64Array(L * p);
  const a0 = new Float64Array(L);
  const df = new Int32Array(L);
  for (let l = 0; l < L; l++) {
    let c = a0Out[l];
    const bl = betaOut[l];
    for (let j = 0; j < p; j++) {
      const bj = bl[j];
      if (bj === 0) continue;
      const bo = isd ? bj / xs[j] : bj;
      beta[l * p + j] = bo;
      if (intr) c -= bo * xm[j];
      df[l]++;
    }
    a0[l] = intr ? c : 0;
  }
  return { beta, a0, df };
}

/** Writes the indices k with `flags[k]` set, in increasing order, to `out`; returns their number. */
function listFlags(flags: Uint8Array, p: number, out: Int32Array): number {
  let c = 0;
  for (let k = 0; k < p; k++) if (flags[k]) out[c++] = k;
  return c;
}

/**
 * pᵢ = 1/(1 + e^{−ηᵢ}) (0 or 1 beyond ±log(1/pmin − 1)), vᵢ = wᵢ pᵢ(1 − pᵢ), residual rᵢ = wᵢ(yᵢ − pᵢ);
 * returns Σv.
 */
function irlsWeights(eta: Float64Array, w: Float64Array, y: Float64Array, fmax: number, q: Float64Array, v: Float64Array, r: Float64Array): number {
  let xmz = 0;
  for (let i = 0; i < eta.length; i++) {
    const fi = eta[i];
    const qi = fi < -fmax ? 0 : fi > fmax ? 1 : 1 / (1 + Math.exp(-fi));
    q[i] = qi;
    const vi = w[i] * qi * (1 - qi);
    v[i] = vi;
    xmz += vi;
    r[i] = w[i] * (y[i] - qi);
  }
  return xmz;
}

/**
 * KKT check: gⱼ = |Σᵢ rᵢ x̃ᵢⱼ| for columns outside the strong set; adds those with gⱼ > vⱼλα. True if any.
 * `cand` and `gs` are scratch of length p.
 */
function kktCheck(
  ck: ColumnKernels,
  p: number,
  ixx: Uint8Array,
  ju: Uint8Array,
  ga: Float64Array,
  vp: Float64Array,
  al1: number,
  cand: Int32Array,
  gs: Float64Array,
): boolean {
  let nc = 0;
  for (let k = 0; k < p; k++) if (!ixx[k] && ju[k]) cand[nc++] = k;
  ck.dotRCols(cand, nc, gs);
  let any = false;
  for (let t = 0; t < nc; t++) {
    const k = cand[t];
    ga[k] = Math.abs(gs[t]);
    if (ga[k] > al1 * vp[k]) {
      ixx[k] = 1;
      any = true;
    }
  }
  return any;
}

/** −Σᵢ wᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)] with pᵢ clamped to [pmin, 1 − pmin] (glmnet dev2). */
function negLogLik(y: Float64Array, q: Float64Array, w: Float64Array, pmin: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const pi = Math.min(Math.max(pmin, q[i]), 1 - pmin);
    s -= w[i] * (y[i] * Math.log(pi) + (1 - y[i]) * Math.log(1 - pi));
  }
  return s;
}

/**
 * Coefficients at arbitrary λ values `s`, by glmnet's lambda.interp: linear interpolation in λ between
 * the two neighbouring path values; s above the path's first λ gives the first solution, below the
 * last gives the last. Returns the intercepts and `beta[k * p + j]` for each s[k].
 */
export function coefAt(fit: GlmnetFit, s: ArrayLike<number>): { a0: Float64Array; beta: Float64Array } {
  const lam = fit.lambda;
  const L = lam.length;
  const p = fit.p;
  const ns = s.length;
  const a0 = new Float64Array(ns);
  const beta = new Float64Array(ns * p);
  for (let k = 0; k < ns; k++) {
    let left = 0;
    let right = 0;
    let frac = 1;
    if (L > 1) {
      // Normalised coordinate t = (λ₁ − s)/(λ₁ − λ_L), clamped to [0, 1]; approx() on the path's t values.
      const span = lam[0] - lam[L - 1];
      const t = Math.min(1, Math.max(0, (lam[0] - s[k]) / span));
      const tl = (l: number): number => (lam[0] - lam[l]) / span;
      let i = 0;
      while (i < L - 2 && tl(i + 1) < t) i++;
      // coord = i + (t − t_i)/(t_{i+1} − t_i); left = floor, right = ceil.
      const ti = tl(i);
      const ti1 = tl(i + 1);
      const coord = t === ti1 ? i + 1 : i + (t - ti) / (ti1 - ti);
      left = Math.floor(coord);
      right = Math.ceil(coord);
      if (left !== right && Math.abs(tl(left) - tl(right)) >= Number.EPSILON) {
        frac = (t - tl(right)) / (tl(left) - tl(right));
      }
    }
    a0[k] = frac * fit.a0[left] + (1 - frac) * fit.a0[right];
    for (let j = 0; j < p; j++) beta[k * p + j] = frac * fit.beta[left * p + j] + (1 - frac) * fit.beta[right * p + j];
  }
  return { a0, beta };
}

/**
 * Linear predictor η = β₀ + xᵀβ for each row of `X` at each λ in `s` (glmnet predict(type = "link")),
 * as a row-major `X.rows × s.length` array.
 */
export function predictLink(fit: GlmnetFit, X: Matrix, s: ArrayLike<number>): Float64Array {
  if (X.cols !== fit.p) throw new Error(`glmnet predict: x has ${X.cols} columns, the model ${fit.p}`);
  const { a0, beta } = coefAt(fit, s);
  const ns = s.length;
  const p = fit.p;
  const out = new Float64Array(X.rows * ns);
  for (let i = 0; i < X.rows; i++) {
    const row = i * p;
    for (let k = 0; k < ns; k++) {
      let e = a0[k];
      const bo = k * p;
      for (let j = 0; j < p; j++) e += X.data[row + j] * beta[bo + j];
      out[i * ns + k] = e;
    }
  }
  return out;
}
