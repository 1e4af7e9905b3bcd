/**
 * Grey level size zone matrix (GLSZM), as PyRadiomics' `glszm.py` with the C matrix of `cmatrices.c`.
 *
 * A zone is a maximal set of connected ROI voxels sharing one grey level; connected means Chebyshev distance 1
 * (26-connected in 3D, 8-connected in-plane with force2D). P(i, j) counts the zones of grey level i and size j.
 * Rows (grey levels) and columns (sizes) that are empty are dropped, so i and j are the actual grey levels and
 * sizes, as in PyRadiomics.
 *
 * This file also holds what the zone, distance-zone and dependence matrices (GLSZM, GLDZM, GLDM/NGLDM) share:
 * Chebyshev neighbourhoods, the compact (i, j) count matrix and the statistics computed on it.
 */
import type { Vec3 } from '../io/volume.js';
import type { Settings } from './settings.js';
import { registerClass } from './registry.js';
import type { FeatureContext } from './types.js';

// ---------------------------------------------------------------------------------------------------------
// Neighbourhoods

/** Neighbour offsets (i, j, k), both directions; `reach` = largest |offset| per axis. */
export interface Offsets {
  n: number;
  di: Int32Array;
  dj: Int32Array;
  dk: Int32Array;
  reach: Vec3;
}

/**
 * Axis (0 = i, 1 = j, 2 = k) excluded from neighbourhoods, or -1 in 3D. PyRadiomics' `force2Ddimension` counts
 * numpy axes (z, y, x), so its 0 is our k.
 */
export function outOfPlaneAxis(s: Pick<Settings, 'force2D' | 'force2Ddimension'>): number {
  return s.force2D ? 2 - s.force2Ddimension : -1;
}

/**
 * Every offset whose Chebyshev (infinity) norm is one of `distances`, in both directions, with no movement along
 * `outOfPlane` (PyRadiomics' generateAngles / C build_angles, bidirectional).
 */
export function chebyshevOffsets(distances: readonly number[], outOfPlane = -1): Offsets {
  const dmax = Math.max(...distances);
  const di: number[] = [];
  const dj: number[] = [];
  const dk: number[] = [];
  for (let c = -dmax; c <= dmax; c++) {
    for (let b = -dmax; b <= dmax; b++) {
      for (let a = -dmax; a <= dmax; a++) {
        if ((outOfPlane === 0 && a !== 0) || (outOfPlane === 1 && b !== 0) || (outOfPlane === 2 && c !== 0)) continue;
        const d = Math.max(Math.abs(a), Math.abs(b), Math.abs(c));
        if (d === 0 || !distances.includes(d)) continue;
        di.push(a);
        dj.push(b);
        dk.push(c);
      }
    }
  }
  const reach = (xs: number[]): number => xs.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  return { n: di.length, di: Int32Array.from(di), dj: Int32Array.from(dj), dk: Int32Array.from(dk), reach: [reach(di), reach(dj), reach(dk)] };
}

/**
 * Neighbour lookup on a box of `size`: `at(a, idx, i, j, k)` is the linear index of neighbour `a` of voxel
 * (i, j, k) at `idx`, or -1 outside the box. Voxels whose whole neighbourhood is inside skip the bounds checks.
 */
export class Neighbours {
  readonly n: number;
  private readonly delta: Int32Array;
  private readonly o: Offsets;
  private readonly size: Vec3;
  private readonly hi: Vec3;

  constructor(o: Offsets, size: Vec3) {
    this.o = o;
    this.n = o.n;
    this.size = size;
    this.delta = new Int32Array(o.n);
    for (let a = 0; a < o.n; a++) this.delta[a] = o.di[a] + size[0] * (o.dj[a] + size[1] * o.dk[a]);
    this.hi = [size[0] - o.reach[0], size[1] - o.reach[1], size[2] - o.reach[2]];
  }

  /** True when every neighbour of (i, j, k) is inside the box. */
  interior(i: number, j: number, k: number): boolean {
    const r = this.o.reach;
    return i >= r[0] && j >= r[1] && k >= r[2] && i < this.hi[0] && j < this.hi[1] && k < this.hi[2];
  }

  /** Linear index of neighbour `a` when (i, j, k) is interior (no checks). */
  step(a: number, idx: number): number {
    return idx + this.delta[a];
  }

  /** Linear index of neighbour `a`, or -1 outside the box. */
  at(a: number, idx: number, i: number, j: number, k: number): number {
    const o = this.o;
    const ni = i + o.di[a];
    const nj = j + o.dj[a];
    const nk = k + o.dk[a];
    if (ni < 0 || nj < 0 || nk < 0 || ni >= this.size[0] || nj >= this.size[1] || nk >= this.size[2]) return -1;
    return idx + this.delta[a];
  }
}

// ---------------------------------------------------------------------------------------------------------
// Zones

/** Connected zones: `label` per voxel (0 outside the ROI, 1..count inside), grey level and size per zone. */
export interface Zones {
  count: number;
  label: Int32Array;
  /** level[z], size[z] for z = 1..count. */
  level: Int32Array;
  size: Int32Array;
}

/**
 * Label the zones of `levels` (> 0 inside the ROI): iterative flood fill over `offsets` with a typed-array stack
 * (PyRadiomics' calculate_glszm).
 */
export function labelZones(levels: Int32Array, size: Vec3, offsets: Offsets): Zones {
  const n = levels.length;
  const nx = size[0];
  const nxy = size[0] * size[1];
  const label = new Int32Array(n);
  const level = new Int32Array(n + 1);
  const zsize = new Int32Array(n + 1);
  const stack = new Int32Array(n);
  const nb = new Neighbours(offsets, size);
  let count = 0;
  for (let s = 0; s < n; s++) {
    const g = levels[s];
    if (g <= 0 || label[s] !== 0) continue;
    const z = ++count;
    label[s] = z;
    let top = 0;
    stack[top++] = s;
    let voxels = 0;
    while (top > 0) {
      const idx = stack[--top];
      voxels++;
      const k = (idx / nxy) | 0;
      const r = idx - k * nxy;
      const j = (r / nx) | 0;
      const i = r - j * nx;
      const inner = nb.interior(i, j, k);
      for (let a = 0; a < nb.n; a++) {
        const t = inner ? nb.step(a, idx) : nb.at(a, idx, i, j, k);
        if (t >= 0 && label[t] === 0 && levels[t] === g) {
          label[t] = z;
          stack[top++] = t;
        }
      }
    }
    level[z] = g;
    zsize[z] = voxels;
  }
  return { count, label, level, size: zsize };
}

// ---------------------------------------------------------------------------------------------------------
// Compact (grey level, j) count matrices and their statistics

/**
 * A count matrix P(i, j) restricted to its non-empty rows and columns: `i` holds the grey levels of the rows,
 * `j` the column values (zone size, zone distance or dependence count), `p` is row-major. `nv` is the number of
 * voxels the matrix describes (denominator of the percentage features).
 */
export interface CountMatrix {
  i: Float64Array;
  j: Float64Array;
  p: Float64Array;
  nv: number;
}

/** Count matrix from m pairs (iv[t], jv[t]) of positive integers. */
export function countsFromPairs(iv: Int32Array, jv: Int32Array, m: number, nv: number): CountMatrix {
  let maxI = 0;
  let maxJ = 0;
  for (let t = 0; t < m; t++) {
    if (iv[t] > maxI) maxI = iv[t];
    if (jv[t] > maxJ) maxJ = jv[t];
  }
  const row = new Int32Array(maxI + 1);
  const col = new Int32Array(maxJ + 1);
  for (let t = 0; t < m; t++) {
    row[iv[t]] = 1;
    col[jv[t]] = 1;
  }
  const iVals = indexPresent(row);
  const jVals = indexPresent(col);
  const nc = jVals.length;
  const p = new Float64Array(iVals.length * nc);
  for (let t = 0; t < m; t++) p[row[iv[t]] * nc + col[jv[t]]]++;
  return { i: iVals, j: jVals, p, nv };
}

/** Replace flags (1 = present) by the rank of each present value; return the present values in order. */
function indexPresent(flags: Int32Array): Float64Array {
  let c = 0;
  for (let v = 0; v < flags.length; v++) if (flags[v]) c++;
  const vals = new Float64Array(c);
  c = 0;
  for (let v = 0; v < flags.length; v++) {
    if (flags[v]) {
      vals[c] = v;
      flags[v] = c++;
    }
  }
  return vals;
}

/** Sum of count matrices (IBSI "2.5D"/slice-merged aggregation): union of rows and columns, summed `nv`. */
export function mergeCounts(ms: readonly CountMatrix[]): CountMatrix {
  const iSet = new Set<number>();
  const jSet = new Set<number>();
  let nv = 0;
  for (const m of ms) {
    m.i.forEach((v) => iSet.add(v));
    m.j.forEach((v) => jSet.add(v));
    nv += m.nv;
  }
  const iVals = Float64Array.from([...iSet].sort((a, b) => a - b));
  const jVals = Float64Array.from([...jSet].sort((a, b) => a - b));
  const iPos = new Map<number, number>();
  const jPos = new Map<number, number>();
  iVals.forEach((v, x) => iPos.set(v, x));
  jVals.forEach((v, x) => jPos.set(v, x));
  const nc = jVals.length;
  const p = new Float64Array(iVals.length * nc);
  for (const m of ms) {
    const mc = m.j.length;
    for (let r = 0; r < m.i.length; r++) {
      const pr = iPos.get(m.i[r])! * nc;
      for (let c = 0; c < mc; c++) p[pr + jPos.get(m.j[c])!] += m.p[r * mc + c];
    }
  }
  return { i: iVals, j: jVals, p, nv };
}

/**
 * Statistics of a count matrix, with N = sum P (1 if empty, as PyRadiomics), p = P / N, p_i = sum_j p(i, j),
 * p_j = sum_i p(i, j), i the grey level and j the column value:
 * - `sje` = sum p_j / j^2; `lje` = sum p_j j^2 (small / large zone, distance or dependence emphasis)
 * - `lgle` = sum p_i / i^2; `hgle` = sum p_i i^2 (low / high grey level emphasis)
 * - `sjlgle` = sum p/(i^2 j^2); `sjhgle` = sum p i^2/j^2; `ljlgle` = sum p j^2/i^2; `ljhgle` = sum p i^2 j^2
 * - `gln` = sum_i (N p_i)^2 / N; `glnn` = sum_i p_i^2; `jn` = sum_j (N p_j)^2 / N; `jnn` = sum_j p_j^2
 * - `percentage` = N / nv
 * - `glv` = sum p_i (i - mu_i)^2, mu_i = sum p_i i; `jv` = sum p_j (j - mu_j)^2, mu_j = sum p_j j
 * - `entropy` = -sum p log2(p + eps), eps = 2.2e-16 (PyRadiomics; IBSI omits eps, a 1e-16 relative difference)
 * - `energy` = sum p^2
 */
export interface CountStats {
  sje: number;
  lje: number;
  lgle: number;
  hgle: number;
  sjlgle: number;
  sjhgle: number;
  ljlgle: number;
  ljhgle: number;
  gln: number;
  glnn: number;
  jn: number;
  jnn: number;
  percentage: number;
  glv: number;
  jv: number;
  entropy: number;
  energy: number;
}

const EPS = 2.220446049250313e-16;

/** See CountStats. */
export function countStats(m: CountMatrix): CountStats {
  const ng = m.i.length;
  const nc = m.j.length;
  const pg = new Float64Array(ng);
  const pj = new Float64Array(nc);
  let total = 0;
  for (let r = 0; r < ng; r++) {
    for (let c = 0; c < nc; c++) {
      const v = m.p[r * nc + c];
      pg[r] += v;
      pj[c] += v;
      total += v;
    }
  }
  const nz = total === 0 ? 1 : total;
  let sjlgle = 0;
  let sjhgle = 0;
  let ljlgle = 0;
  let ljhgle = 0;
  let entropy = 0;
  let energy = 0;
  for (let r = 0; r < ng; r++) {
    const i2 = m.i[r] * m.i[r];
    for (let c = 0; c < nc; c++) {
      const v = m.p[r * nc + c];
      if (v === 0) continue;
      const j2 = m.j[c] * m.j[c];
      sjlgle += v / (i2 * j2);
      sjhgle += (v * i2) / j2;
      ljlgle += (v * j2) / i2;
      ljhgle += v * i2 * j2;
      const q = v / nz;
      entropy -= q * Math.log2(q + EPS);
      energy += q * q;
    }
  }
  let lgle = 0;
  let hgle = 0;
  let gln = 0;
  let muI = 0;
  for (let r = 0; r < ng; r++) {
    const i = m.i[r];
    lgle += pg[r] / (i * i);
    hgle += pg[r] * i * i;
    gln += pg[r] * pg[r];
    muI += (pg[r] / nz) * i;
  }
  let glv = 0;
  for (let r = 0; r < ng; r++) glv += (pg[r] / nz) * (m.i[r] - muI) ** 2;
  let sje = 0;
  let lje = 0;
  let jn = 0;
  let muJ = 0;
  for (let c = 0; c < nc; c++) {
    const j = m.j[c];
    sje += pj[c] / (j * j);
    lje += pj[c] * j * j;
    jn += pj[c] * pj[c];
    muJ += (pj[c] / nz) * j;
  }
  let jv = 0;
  for (let c = 0; c < nc; c++) jv += (pj[c] / nz) * (m.j[c] - muJ) ** 2;
  return {
    sje: sje / nz,
    lje: lje / nz,
    lgle: lgle / nz,
    hgle: hgle / nz,
    sjlgle: sjlgle / nz,
    sjhgle: sjhgle / nz,
    ljlgle: ljlgle / nz,
    ljhgle: ljhgle / nz,
    gln: gln / nz,
    glnn: gln / (nz * nz),
    jn: jn / nz,
    jnn: jn / (nz * nz),
    percentage: nz / m.nv,
    glv,
    jv,
    entropy,
    energy,
  };
}

// ---------------------------------------------------------------------------------------------------------
// GLSZM

/** GLSZM of `levels` (> 0 inside the ROI): P(i, s) = number of zones of grey level i and size s. */
export function glszmMatrix(levels: Int32Array, size: Vec3, offsets: Offsets): CountMatrix {
  const z = labelZones(levels, size, offsets);
  let nv = 0;
  for (let t = 1; t <= z.count; t++) nv += z.size[t];
  return countsFromPairs(z.level.subarray(1), z.size.subarray(1), z.count, nv);
}

/**
 * PyRadiomics GLSZM feature names and the statistic each one is (IBSI code of the 3D GLSZM feature):
 * SmallAreaEmphasis = sje (5QRC), LargeAreaEmphasis = lje (48P8), GrayLevelNonUniformity = gln (JNSA),
 * GrayLevelNonUniformityNormalized = glnn (Y1RO), SizeZoneNonUniformity = jn (4JP3),
 * SizeZoneNonUniformityNormalized = jnn (VB3A), ZonePercentage = N_z / N_p (P30P), GrayLevelVariance = glv (BYLV),
 * ZoneVariance = jv (3NSA), ZoneEntropy = entropy (GU8N), LowGrayLevelZoneEmphasis = lgle (XMSY),
 * HighGrayLevelZoneEmphasis = hgle (5GN9), SmallAreaLowGrayLevelEmphasis = sjlgle (5RAI),
 * SmallAreaHighGrayLevelEmphasis = sjhgle (HW1V), LargeAreaLowGrayLevelEmphasis = ljlgle (YH51),
 * LargeAreaHighGrayLevelEmphasis = ljhgle (J17V). Formulas: see CountStats (j = zone size).
 */
export const GLSZM_FEATURES: Readonly<Record<string, keyof CountStats>> = {
  GrayLevelNonUniformity: 'gln',
  GrayLevelNonUniformityNormalized: 'glnn',
  GrayLevelVariance: 'glv',
  HighGrayLevelZoneEmphasis: 'hgle',
  LargeAreaEmphasis: 'lje',
  LargeAreaHighGrayLevelEmphasis: 'ljhgle',
  LargeAreaLowGrayLevelEmphasis: 'ljlgle',
  LowGrayLevelZoneEmphasis: 'lgle',
  SizeZoneNonUniformity: 'jn',
  SizeZoneNonUniformityNormalized: 'jnn',
  SmallAreaEmphasis: 'sje',
  SmallAreaHighGrayLevelEmphasis: 'sjhgle',
  SmallAreaLowGrayLevelEmphasis: 'sjlgle',
  ZoneEntropy: 'entropy',
  ZonePercentage: 'percentage',
  ZoneVariance: 'jv',
};

/** Map the enabled PyRadiomics names to their statistic. */
export function pickStats(stats: CountStats, names: Readonly<Record<string, keyof CountStats>>, enabled: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of enabled) {
    const key = names[f];
    if (key) out.set(f, stats[key]);
  }
  return out;
}

registerClass({
  name: 'glszm',
  features: Object.keys(GLSZM_FEATURES),
  compute(ctx: FeatureContext, enabled: readonly string[]) {
    // Zones are always 26/8-connected: PyRadiomics ignores `distances` for the GLSZM.
    const offsets = chebyshevOffsets([1], outOfPlaneAxis(ctx.settings));
    const m = glszmMatrix(ctx.discretised().levels, ctx.roi.size, offsets);
    return pickStats(countStats(m), GLSZM_FEATURES, enabled);
  },
});
