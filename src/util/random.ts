/**
 * Seeded pseudo-random numbers: xoshiro128** 1.1 (Blackman & Vigna 2018, https://prng.di.unimi.it/),
 * a 32-bit generator with a 128-bit state, period 2^128 - 1. The state is filled from the caller's
 * seed with SplitMix64 (Steele, Lea & Flood 2014), as the authors recommend. Same seed, same stream,
 * on every platform: nothing here touches Math.random.
 */

const MASK64 = (1n << 64n) - 1n;

/**
 * One SplitMix64 step: `state += 0x9E3779B97F4A7C15`, output `z` mixed by
 * `z = (z ^ z>>>30) * 0xBF58476D1CE4E5B9; z = (z ^ z>>>27) * 0x94D049BB133111EB; z ^ z>>>31` (mod 2^64).
 * Returns `[output, newState]`. BigInt: used only for seeding, never in hot loops.
 */
export function splitmix64(state: bigint): [bigint, bigint] {
  const s = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [z ^ (z >> 31n), s];
}

/** A seeded xoshiro128** stream. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * Seed from an integer (any safe integer; negative values are taken mod 2^64): two SplitMix64
   * outputs give the four state words, low half first.
   */
  constructor(seed: number | bigint) {
    const st = BigInt.asUintN(64, typeof seed === 'bigint' ? seed : BigInt(Math.trunc(seed)));
    const [a, st1] = splitmix64(st);
    const [b] = splitmix64(st1);
    this.s0 = Number(a & 0xffffffffn) >>> 0;
    this.s1 = Number(a >> 32n) >>> 0;
    this.s2 = Number(b & 0xffffffffn) >>> 0;
    this.s3 = Number(b >> 32n) >>> 0;
  }

  /** A generator with the raw state `[s0, s1, s2, s3]` (not all zero); for reference vectors. */
  static fromState(state: readonly [number, number, number, number]): Rng {
    const r = new Rng(0);
    [r.s0, r.s1, r.s2, r.s3] = state.map((x) => x >>> 0);
    if ((r.s0 | r.s1 | r.s2 | r.s3) === 0) throw new RangeError('xoshiro128** state must not be all zero');
    return r;
  }

  /** Next 32-bit output: `rotl(s1 * 5, 7) * 9`, then the xoshiro state transition. */
  nextUint32(): number {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits (two outputs: high 27 bits and high 26 bits). */
  nextFloat(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32, unbiased (rejection of the incomplete top block). */
  nextInt(n: number): number {
    if (!(n >= 1 && n <= 4294967296) || !Number.isInteger(n)) throw new RangeError(`nextInt: bad range ${n}`);
    const limit = 4294967296 - (4294967296 % n); // largest multiple of n <= 2^32
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Shuffle `a` in place (Fisher-Yates) and return it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
