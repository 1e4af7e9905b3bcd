const TABLES = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos(2 pi k / n) and sin(2 pi k / n) for k < n / 2, computed once per length n. */
function twiddleTable(n: number): { cos: Float64Array; sin: Float64Array } {
  let t = TABLES.get(n);
  if (!t) {
    t = { cos: new Float64Array(n >> 1), sin: new Float64Array(n >> 1) };
    for (let k = 0; k < n >> 1; k++) {
      t.cos[k] = Math.cos((2 * Math.PI * k) / n);
      t.sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    TABLES.set(n, t);
  }
  return t;
}

/**
 * How `fft` gets the twiddle factors w_L^k = e^{-+2 pi i k / L} of a stage of length L: `recurrence`,
 * w_L^{k+1} = w_L^k w_L from w_L = e^{-+2 pi i / L} (the default, whose exact values N4's results rest on), or
 * `table`, cos and sin of 2 pi k / N tabulated once per length N (more accurate, for long or repeated FFTs).
 */
export type Twiddles = 'recurrence' | 'table';

/**
 * In-place iterative radix-2 complex FFT (Cooley-Tukey), X(f) = sum_x x(x) e^{-2 pi i f x / N}. `inverse`
 * uses e^{+2 pi i f x / N} and, like vnl_fft_1d's bwd_transform that ITK's N4 uses, does not divide by N.
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false, twiddles: Twiddles = 'recurrence'): void {
  const n = re.length;
  if ((n & (n - 1)) !== 0) throw new Error(`fft: length ${n} is not a power of 2`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  // Stage L reads its w_L^k at index k N / L of (cos, sin); the recurrence refills those entries per stage.
  const table = twiddles === 'table' ? twiddleTable(n) : { cos: new Float64Array(n >> 1), sin: new Float64Array(n >> 1) };
  const { cos, sin } = table;
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = n / len;
    if (twiddles === 'recurrence') {
      const wr = Math.cos((2 * Math.PI) / len);
      const wi = Math.sin((2 * Math.PI) / len);
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < half; k++) {
        cos[k * step] = cr;
        sin[k * step] = ci;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < half; k++) {
        const c = cos[k * step];
        const s = sign * sin[k * step];
        const a = i + k;
        const b = a + half;
        const xr = re[b] * c - im[b] * s;
        const xi = re[b] * s + im[b] * c;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

/**
 * In-place 3-D DFT of a complex array of size n[0] x n[1] x n[2] (i fastest, each a power of 2): the 1-D `fft`
 * along each axis in turn (tabulated twiddles), X(f) = sum_x x(x) e^{-2 pi i sum_a f_a x_a / n_a} (e^{+...}
 * when `inverse`, which does not divide by the size).
 */
export function fft3(re: Float64Array, im: Float64Array, n: readonly number[], inverse = false): void {
  const nxy = n[0] * n[1];
  for (let axis = 0; axis < 3; axis++) {
    const len = n[axis];
    if (len === 1) continue;
    const stride = axis === 0 ? 1 : axis === 1 ? n[0] : nxy;
    const lr = new Float64Array(len);
    const li = new Float64Array(len);
    // Line origins: every index whose coordinate along `axis` is 0.
    for (let outer = 0; outer < re.length; outer += stride * len) {
      for (let start = outer; start < outer + stride; start++) {
        for (let t = 0, o = start; t < len; t++, o += stride) {
          lr[t] = re[o];
          li[t] = im[o];
        }
        fft(lr, li, inverse, 'table');
        for (let t = 0, o = start; t < len; t++, o += stride) {
          re[o] = lr[t];
          im[o] = li[t];
        }
      }
    }
  }
}
