/**
 * WebAssembly (SIMD128) versions of the hot column kernels of glmnet-kernels.ts, assembled here from
 * opcodes (no toolchain needed). Bit-identical to the JavaScript kernels, which follow the same order:
 * every sum Σᵢ tᵢ uses four partial sums, accᵤ over the i ≡ u (mod 4) below n₄ = n − n mod 4 (two
 * f64x2 accumulators: lanes (acc₀, acc₁) and (acc₂, acc₃)), combined as (acc₀ + acc₂) + (acc₁ + acc₃),
 * then the last n mod 4 terms added in order. Products and residual updates are IEEE-754 per lane, as
 * scalar code. Pointers are byte offsets into the instance's memory; columns are n doubles each.
 *
 * Exports: dot(px, pa, n) = Σ aᵢxᵢ; dot4(p0..p3, pa, n, pout): four such sums to pout;
 * sq4(p0..p3, pv, n, pout): Σ (vᵢxᵢ)xᵢ for four columns; upddot(px, d, pv, pr, n, py):
 * rᵢ ← rᵢ − (d vᵢ)xᵢ then returns Σ rᵢyᵢ; updsum(px, d, pv, pr, n): the same update, returns Σ rᵢ;
 * lp4(p0..p3, c0..c3, pe, n): eᵢ ← (((eᵢ + c₀x₀ᵢ) + c₁x₁ᵢ) + c₂x₂ᵢ) + c₃x₃ᵢ; lp1(px, c, pe, n): eᵢ ← eᵢ + c xᵢ.
 */

import type { ColumnKernels } from './glmnet-kernels.js';

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

/** Unsigned / signed LEB128. */
function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}
function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

// Instructions (see the WebAssembly core spec, binary format, and the SIMD proposal).
const get = (i: number): number[] => [0x20, ...uleb(i)];
const set = (i: number): number[] => [0x21, ...uleb(i)];
const i32c = (v: number): number[] => [0x41, ...sleb(v)];
const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
/** f64 load / store at the address on the stack + `off` bytes (8-byte alignment hint). */
const fload = (off = 0): number[] => [0x2b, 3, ...uleb(off)];
const fstore = (off = 0): number[] => [0x39, 3, ...uleb(off)];
/** v128 load / store at the address on the stack + `off` bytes. */
const vload = (off = 0): number[] => simd(0, 3, ...uleb(off));
const vstore = (off = 0): number[] => simd(11, 3, ...uleb(off));
const SPLAT = simd(20); // f64x2.splat
const lane = (l: number): number[] => simd(33, l); // f64x2.extract_lane
const VADD = simd(240);
const VSUB = simd(241);
const VMUL = simd(242);
const [ADD, AND, SHL, LT_U, GE_U] = [0x6a, 0x71, 0x74, 0x49, 0x4f];
const [FADD, FSUB, FMUL] = [0xa0, 0xa1, 0xa2];
const [BLOCK, LOOP, IF, END, BR_IF, VOID] = [0x02, 0x03, 0x04, 0x0b, 0x0d, 0x40];

/** end = p + (n & mask) · 8: where a loop over `p` stops (mask −4: the four-lane part, −2: pairs, −1: all). */
const endOf = (p: number, n: number, mask: number, end: number): number[] => [...get(p), ...get(n), ...i32c(mask), AND, ...i32c(3), SHL, ADD, ...set(end)];
/** p += by for each local in ps. */
const advance = (ps: number[], by: number): number[] => ps.flatMap((p) => [...get(p), ...i32c(by), ADD, ...set(p)]);
/** while (ptr < end) body; the body advances ptr. */
const whileBelow = (ptr: number, end: number, body: number[]): number[] => [
  BLOCK, VOID, ...get(ptr), ...get(end), GE_U, BR_IF, 0,
  LOOP, VOID, ...body, ...get(ptr), ...get(end), LT_U, BR_IF, 0, END,
  END,
];
/** Two-lane loop: `body` runs while ptr < end (ptr advanced inside the body), then `tail` if n is odd. */
const pairLoop = (ptr: number, end: number, n: number, body: number[], tail: number[]): number[] => [
  ...whileBelow(ptr, end, body),
  ...get(n), ...i32c(1), AND, IF, VOID, ...tail, END,
];
/** s = (A₀ + A₁)[0] + (A₀ + A₁)[1]: the four-lane partial sums combined; A₀ is overwritten. */
const combine = (s: number, a0: number, a1: number): number[] => [
  ...get(a0), ...get(a1), ...VADD, ...set(a0), ...get(a0), ...lane(0), ...get(a0), ...lane(1), FADD, ...set(s),
];

interface Fn {
  name: string;
  params: number[];
  results: number[];
  locals: number[];
  body: number[];
}

/** A function whose parameters and locals are named: `body` gets name → local index. */
function define(name: string, params: [string, number][], results: number[], locals: [string, number][], body: (l: Record<string, number>) => number[]): Fn {
  const l: Record<string, number> = {};
  [...params, ...locals].forEach(([k], i) => (l[k] = i));
  return { name, params: params.map(([, t]) => t), results, locals: locals.map(([, t]) => t), body: body(l) };
}

function dotFn(): Fn {
  return define('dot', [['px', I32], ['pa', I32], ['n', I32]], [F64], [['s', F64], ['e4', I32], ['e', I32], ['A0', V128], ['A1', V128]], (l) => [
    ...endOf(l.pa, l.n, -4, l.e4),
    ...endOf(l.pa, l.n, -1, l.e),
    ...whileBelow(l.pa, l.e4, [
      ...[0, 1].flatMap((h) => [...get(l.A0 + h), ...get(l.pa), ...vload(16 * h), ...get(l.px), ...vload(16 * h), ...VMUL, ...VADD, ...set(l.A0 + h)]),
      ...advance([l.px, l.pa], 32),
    ]),
    ...combine(l.s, l.A0, l.A1),
    ...whileBelow(l.pa, l.e, [...get(l.s), ...get(l.pa), ...fload(), ...get(l.px), ...fload(), FMUL, FADD, ...set(l.s), ...advance([l.px, l.pa], 8)]),
    ...get(l.s),
  ]);
}

/** Four columns p0..p3, shared vector pa (a or v), n, pout; `square` gives Σ(vx)x, else Σ ax. */
function quadFn(name: string, square: boolean): Fn {
  const cols = [0, 1, 2, 3];
  const params: [string, number][] = [...cols.map((c): [string, number] => [`p${c}`, I32]), ['pa', I32], ['n', I32], ['pout', I32]];
  const locals: [string, number][] = [
    ...cols.map((c): [string, number] => [`s${c}`, F64]),
    ['e4', I32], ['e', I32], ['av', V128], ['as', F64],
    ...cols.flatMap((c): [string, number][] => [[`A${c}0`, V128], [`A${c}1`, V128]]),
  ];
  return define(name, params, [], locals, (l) => {
    const ptrs = [...cols.map((c) => l[`p${c}`]), l.pa];
    const vec = (c: number, h: number): number[] => [
      ...get(l[`A${c}${h}`]), ...get(l.av), ...get(l[`p${c}`]), ...vload(16 * h), ...VMUL,
      ...(square ? [...get(l[`p${c}`]), ...vload(16 * h), ...VMUL] : []),
      ...VADD, ...set(l[`A${c}${h}`]),
    ];
    const scalar = (c: number): number[] => [
      ...get(l[`s${c}`]), ...get(l.as), ...get(l[`p${c}`]), ...fload(), FMUL,
      ...(square ? [...get(l[`p${c}`]), ...fload(), FMUL] : []),
      FADD, ...set(l[`s${c}`]),
    ];
    return [
      ...endOf(l.pa, l.n, -4, l.e4),
      ...endOf(l.pa, l.n, -1, l.e),
      ...whileBelow(l.pa, l.e4, [
        ...[0, 1].flatMap((h) => [...get(l.pa), ...vload(16 * h), ...set(l.av), ...cols.flatMap((c) => vec(c, h))]),
        ...advance(ptrs, 32),
      ]),
      ...cols.flatMap((c) => combine(l[`s${c}`], l[`A${c}0`], l[`A${c}1`])),
      ...whileBelow(l.pa, l.e, [...get(l.pa), ...fload(), ...set(l.as), ...cols.flatMap(scalar), ...advance(ptrs, 8)]),
      ...cols.flatMap((c) => [...get(l.pout), ...get(l[`s${c}`]), ...fstore(8 * c)]),
    ];
  });
}

/** r ← r − (d v) x, returning Σ r y (withDot) or Σ r. */
function updFn(name: string, withDot: boolean): Fn {
  const params: [string, number][] = [['px', I32], ['d', F64], ['pv', I32], ['pr', I32], ['n', I32], ...(withDot ? [['py', I32] as [string, number]] : [])];
  const locals: [string, number][] = [['g', F64], ['e4', I32], ['e', I32], ['ds', V128], ['a', V128], ['A0', V128], ['A1', V128], ['ar', F64]];
  return define(name, params, [F64], locals, (l) => {
    const ptrs = withDot ? [l.px, l.pv, l.pr, l.py] : [l.px, l.pv, l.pr];
    const half = (h: number): number[] => [
      ...get(l.pr), ...vload(16 * h), ...get(l.ds), ...get(l.pv), ...vload(16 * h), ...VMUL, ...get(l.px), ...vload(16 * h), ...VMUL, ...VSUB, ...set(l.a),
      ...get(l.pr), ...get(l.a), ...vstore(16 * h),
      ...get(l.A0 + h), ...get(l.a), ...(withDot ? [...get(l.py), ...vload(16 * h), ...VMUL] : []), ...VADD, ...set(l.A0 + h),
    ];
    return [
      ...get(l.d), ...SPLAT, ...set(l.ds),
      ...endOf(l.pr, l.n, -4, l.e4),
      ...endOf(l.pr, l.n, -1, l.e),
      ...whileBelow(l.pr, l.e4, [...half(0), ...half(1), ...advance(ptrs, 32)]),
      ...combine(l.g, l.A0, l.A1),
      ...whileBelow(l.pr, l.e, [
        ...get(l.pr), ...fload(), ...get(l.d), ...get(l.pv), ...fload(), FMUL, ...get(l.px), ...fload(), FMUL, FSUB, ...set(l.ar),
        ...get(l.pr), ...get(l.ar), ...fstore(),
        ...get(l.g), ...get(l.ar), ...(withDot ? [...get(l.py), ...fload(), FMUL] : []), FADD, ...set(l.g),
        ...advance(ptrs, 8),
      ]),
      ...get(l.g),
    ];
  });
}

/** e ← (((e + c₀x₀) + c₁x₁) + …) for `cols` columns (params: x pointers, then c's, pe, n). */
function lpFn(name: string, cols: number): Fn {
  const pe = 2 * cols;
  const n = pe + 1;
  const end = n + 1;
  const cs = (c: number): number => end + 1 + c; // v128 splats of the coefficients
  const body = [
    ...Array.from({ length: cols }, (_, c) => [...get(cols + c), ...SPLAT, ...set(cs(c))]).flat(),
    ...endOf(pe, n, -2, end),
    ...pairLoop(pe, end, n, [
      ...get(pe), ...get(pe), ...vload(),
      ...Array.from({ length: cols }, (_, c) => [...get(cs(c)), ...get(c), ...vload(), ...VMUL, ...VADD]).flat(),
      ...vstore(),
      ...advance([...Array.from({ length: cols }, (_, c) => c), pe], 16),
    ], [
      ...get(pe), ...get(pe), ...fload(),
      ...Array.from({ length: cols }, (_, c) => [...get(cols + c), ...get(c), ...fload(), FMUL, FADD]).flat(),
      ...fstore(),
    ]),
  ];
  const params = [...Array(cols).fill(I32), ...Array(cols).fill(F64), I32, I32];
  return { name, params, results: [], locals: [I32, ...Array(cols).fill(V128)], body };
}

/** A module binary: memory imported as env.mem, the functions exported by name. */
function assemble(fns: Fn[]): Uint8Array<ArrayBuffer> {
  const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
  const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
  const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const types = fns.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec(f.results.map((r) => [r]))]);
  const imports = [[...str('env'), ...str('mem'), 0x02, 0x00, 0x01]];
  const funcs = fns.map((_, i) => uleb(i));
  const exports = fns.map((f, i) => [...str(f.name), 0x00, ...uleb(i)]);
  const codes = fns.map((f) => {
    const body = [...vec(f.locals.map((l) => [1, l])), ...f.body, END];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(funcs)),
    ...section(7, vec(exports)),
    ...section(10, vec(codes)),
  ]);
}

/** The exported kernels (pointers are byte offsets). */
export interface WasmKernelExports {
  dot(px: number, pa: number, n: number): number;
  dot4(p0: number, p1: number, p2: number, p3: number, pa: number, n: number, pout: number): void;
  sq4(p0: number, p1: number, p2: number, p3: number, pv: number, n: number, pout: number): void;
  upddot(px: number, d: number, pv: number, pr: number, n: number, py: number): number;
  updsum(px: number, d: number, pv: number, pr: number, n: number): number;
  lp4(p0: number, p1: number, p2: number, p3: number, c0: number, c1: number, c2: number, c3: number, pe: number, n: number): void;
  lp1(px: number, c: number, pe: number, n: number): void;
}

let compiled: WebAssembly.Module | null | undefined;
let enabled = true;

/** Turn the WebAssembly kernels off (JavaScript kernels only) or back on; results are identical either way. */
export function setWasmKernels(on: boolean): void {
  enabled = on;
}

/** Whether new fits use the WebAssembly kernels (when the engine has them); see `setWasmKernels`. */
export function wasmKernelsEnabled(): boolean {
  return enabled;
}

/** The compiled kernel module, or null when this engine has no WebAssembly SIMD (then the JS kernels are used). */
export function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = assemble([dotFn(), quadFn('dot4', false), quadFn('sq4', true), updFn('upddot', true), updFn('updsum', false), lpFn('lp4', 4), lpFn('lp1', 1)]);
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** A kernel instance on a fresh memory of at least `bytes` bytes. */
export function kernelInstance(bytes: number): { mem: WebAssembly.Memory; k: WasmKernelExports } | null {
  const mod = enabled ? kernelModule() : null;
  if (!mod) return null;
  const pages = Math.ceil(bytes / 65536);
  if (pages > 65536) return null;
  let mem: WebAssembly.Memory;
  try {
    mem = new WebAssembly.Memory({ initial: pages });
  } catch {
    return null;
  }
  const inst = new WebAssembly.Instance(mod, { env: { mem } });
  return { mem, k: inst.exports as unknown as WasmKernelExports };
}

/** `ColumnKernels` in WebAssembly memory: r, v, η, a 4-double scratch, then x̃ (column k at byte xp + 8kn). */
export class WasmKernels implements ColumnKernels {
  readonly x: Float64Array;
  readonly r: Float64Array;
  readonly v: Float64Array;
  readonly eta: Float64Array;
  private readonly out: Float64Array;
  private readonly ep: number;
  private readonly rp: number;
  private readonly vp: number;
  private readonly op: number;
  private readonly xp: number;
  private readonly cb: number;

  private constructor(
    private readonly k: WasmKernelExports,
    mem: WebAssembly.Memory,
    private readonly n: number,
    p: number,
  ) {
    const pad = (b: number): number => Math.ceil(b / 16) * 16;
    this.rp = 0;
    this.vp = pad(8 * n);
    this.ep = this.vp + pad(8 * n);
    this.op = this.ep + pad(8 * n);
    this.xp = this.op + 32;
    this.cb = 8 * n;
    this.r = new Float64Array(mem.buffer, this.rp, n);
    this.v = new Float64Array(mem.buffer, this.vp, n);
    this.eta = new Float64Array(mem.buffer, this.ep, n);
    this.out = new Float64Array(mem.buffer, this.op, 4);
    this.x = new Float64Array(mem.buffer, this.xp, n * p);
  }

  /** A workspace for an n × p fit, or null without WebAssembly SIMD (or memory for it). */
  static create(n: number, p: number): WasmKernels | null {
    const inst = kernelInstance(32 * n + 96 + 8 * n * p);
    return inst ? new WasmKernels(inst.k, inst.mem, n, p) : null;
  }

  dotR(k: number): number {
    return this.k.dot(this.xp + k * this.cb, this.rp, this.n);
  }

  dotRCols(cols: Int32Array, len: number, out: Float64Array): void {
    const o = this.out;
    for (let t = 0; t < len; t += 4) {
      // A short last group repeats its last column (each sum is independent of the others).
      const last = cols[Math.min(len - 1, t + 3)];
      this.k.dot4(this.col(cols[t]), this.col(t + 1 < len ? cols[t + 1] : last), this.col(t + 2 < len ? cols[t + 2] : last), this.col(last), this.rp, this.n, this.op);
      for (let u = 0; u < 4 && t + u < len; u++) out[t + u] = o[u];
    }
  }

  weightedSquares(cols: Int32Array, len: number, xv: Float64Array): void {
    const o = this.out;
    for (let t = 0; t < len; t += 4) {
      const last = cols[Math.min(len - 1, t + 3)];
      this.k.sq4(this.col(cols[t]), this.col(t + 1 < len ? cols[t + 1] : last), this.col(t + 2 < len ? cols[t + 2] : last), this.col(last), this.vp, this.n, this.op);
      for (let u = 0; u < 4 && t + u < len; u++) xv[cols[t + u]] = o[u];
    }
  }

  updateThenDot(k: number, d: number, k2: number): number {
    if (k2 < 0) return this.k.updsum(this.col(k), d, this.vp, this.rp, this.n);
    return this.k.upddot(this.col(k), d, this.vp, this.rp, this.n, this.col(k2));
  }

  linearPredictor(b0: number, b: Float64Array, m: Int32Array, nin: number, nz: Int32Array): void {
    let c = 0;
    for (let l = 0; l < nin; l++) if (b[m[l]] !== 0) nz[c++] = m[l];
    this.eta.fill(b0);
    const K = this.k;
    let t = 0;
    for (; t + 3 < c; t += 4) {
      K.lp4(this.col(nz[t]), this.col(nz[t + 1]), this.col(nz[t + 2]), this.col(nz[t + 3]), b[nz[t]], b[nz[t + 1]], b[nz[t + 2]], b[nz[t + 3]], this.ep, this.n);
    }
    for (; t < c; t++) K.lp1(this.col(nz[t]), b[nz[t]], this.ep, this.n);
  }

  private col(k: number): number {
    return this.xp + k * this.cb;
  }
}
