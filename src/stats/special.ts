/**
 * Special functions behind the distribution functions: log-gamma, regularized incomplete gamma and beta.
 * Accurate to about 1e-14 relative (checked against closed forms in test/stats-distributions.test.ts).
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln Γ(x) for x > 0. Lanczos (g = 7, 9 terms) below 10; Stirling series with 5 Bernoulli terms above,
 * where it is accurate to double precision.
 */
export function lgamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  if (x >= 10) {
    const r = 1 / x;
    const r2 = r * r;
    const series = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188)))));
    return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + series;
  }
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** ln C(n, k) for integers 0 ≤ k ≤ n. */
export function lchoose(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  if (k === 0 || k === n) return 0;
  return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 100000;

/** exp(−x + a ln x − ln Γ(a)): the common prefactor of the incomplete gamma series. */
function gammaPrefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - lgamma(a));
}

/** Series Σ xⁿ / (a(a+1)…(a+n)) giving P(a, x) for x < a + 1. */
function gammaSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < MAX_ITER; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * gammaPrefactor(a, x);
}

/** Continued fraction (modified Lentz) giving Q(a, x) for x ≥ a + 1. */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h * gammaPrefactor(a, x);
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). */
export function gammaP(a: number, x: number): number {
  if (Number.isNaN(a + x)) return NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a), accurate in the far tail. */
export function gammaQ(a: number, x: number): number {
  if (Number.isNaN(a + x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** Continued fraction for I_x(a, b) (modified Lentz), valid for x < (a + 1) / (a + b + 2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** x^a y^b / (a B(a, b)) with y = 1 − x, computed in logs. */
function betaPrefactor(a: number, b: number, x: number, y: number): number {
  return Math.exp(a * Math.log(x) + b * Math.log(y) - lbeta(a, b)) / a;
}

/**
 * Regularized incomplete beta I_x(a, b) = B(x; a, b) / B(a, b), with its complement computed directly
 * (`upper = true` gives 1 − I_x(a, b) = I_{1−x}(b, a) without cancellation). `y` = 1 − x may be passed
 * when the caller has it more accurately than 1 − x (e.g. t²/(ν + t²)).
 */
export function betaI(a: number, b: number, x: number, upper = false, y = 1 - x): number {
  if (Number.isNaN(a + b + x + y)) return NaN;
  if (x <= 0) return upper ? 1 : 0;
  if (y <= 0) return upper ? 0 : 1;
  if (x < (a + 1) / (a + b + 2)) {
    const v = betaPrefactor(a, b, x, y) * betaContinuedFraction(a, b, x);
    return upper ? 1 - v : v;
  }
  const w = betaPrefactor(b, a, y, x) * betaContinuedFraction(b, a, y);
  return upper ? w : 1 - w;
}
