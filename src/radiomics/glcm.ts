/**
 * Grey Level Co-occurrence Matrix (GLCM) features, as PyRadiomics radiomics/glcm.py with the C matrix of
 * cmatrices.c (calculate_glcm). P(i,j|a) counts voxel pairs (centre level i, neighbour level j) at offset a;
 * grey levels absent from the ROI are removed (the grey-level values are kept for i and j); with
 * symmetricalGLCM P += P^T; with weightingNorm the matrices of all offsets are summed with weight exp(-d^2);
 * empty matrices are dropped; each matrix is normalised to p = P / sum P. Features are computed per matrix and
 * averaged over the matrices (numpy.nanmean). Notation: p_x(i) = sum_j p(i,j), p_y(j) = sum_i p(i,j),
 * mu_x = sum i p(i,j), mu_y = sum j p(i,j), p_{x+y}(k) = sum_{i+j=k} p, p_{x-y}(k) = sum_{|i-j|=k} p,
 * eps = 2.2e-16, N_g = highest grey level in the ROI, HXY = -sum p log2(p + eps).
 */
import type { Vec3 } from '../io/volume.js';
import { offsetStep, offsetWeight, textureOffsets, type Offset } from './directions.js';
import { registerClass } from './registry.js';
import type { FeatureContext } from './types.js';

/**
 * The default features in PyRadiomics' output order (alphabetical, as getFeatureNames lists them), with the IBSI code.
 * Autocorrelation (QWB0): sum p(i,j) i j. ClusterProminence (AE86): sum (i+j-mu_x-mu_y)^4 p. ClusterShade (7NFM):
 * sum (i+j-mu_x-mu_y)^3 p. ClusterTendency (DG8W): sum (i+j-mu_x-mu_y)^2 p. Contrast (ACUI): sum (i-j)^2 p.
 * Correlation (NI2N): sum (i-mu_x)(j-mu_y) p / (sigma_x sigma_y + eps), 1 where sigma_x sigma_y = 0.
 * DifferenceAverage (TF7R): sum k p_{x-y}(k). DifferenceEntropy (NTRS): -sum p_{x-y} log2(p_{x-y} + eps).
 * DifferenceVariance (D3YU): sum (k - DA)^2 p_{x-y}(k). Id (IB1Z): sum p_{x-y}(k) / (1 + k).
 * Idm (WF0Z): sum p_{x-y}(k) / (1 + k^2). Idmn (1QCO): sum p_{x-y}(k) / (1 + k^2/N_g^2).
 * Idn (NDRX): sum p_{x-y}(k) / (1 + k/N_g). Imc1 (R8DG): (HXY - HXY1) / max(HX, HY), 0 where HX = HY = 0, with
 * HX = -sum p_x log2(p_x + eps), HXY1 = -sum p log2(p_x p_y + eps). Imc2 (JN9H): sqrt(1 - exp(-2 (HXY2 - HXY))),
 * 0 where HXY2 = HXY, HXY2 = -sum p_x p_y log2(p_x p_y + eps). InverseVariance (E8JP): sum_{k>=1} p_{x-y}(k) / k^2.
 * JointAverage (60VM): mu_x. JointEnergy (8ZQL): sum p^2. JointEntropy (TU9B): HXY. MCC: sqrt of the second
 * largest eigenvalue of Q(i,j) = sum_k p(i,k) p(j,k) / (p_x(i) p_y(k)), 1 for a flat region.
 * MaximumProbability (GYBY): max p. SumAverage (ZGXS): sum k p_{x+y}(k). SumEntropy (P6QZ):
 * -sum p_{x+y} log2(p_{x+y} + eps). SumSquares (UR99, joint variance): sum (i - mu_x)^2 p.
 */
export const GLCM_FEATURES = [
  'Autocorrelation',
  'ClusterProminence',
  'ClusterShade',
  'ClusterTendency',
  'Contrast',
  'Correlation',
  'DifferenceAverage',
  'DifferenceEntropy',
  'DifferenceVariance',
  'Id',
  'Idm',
  'Idmn',
  'Idn',
  'Imc1',
  'Imc2',
  'InverseVariance',
  'JointAverage',
  'JointEnergy',
  'JointEntropy',
  'MCC',
  'MaximumProbability',
  'SumAverage',
  'SumEntropy',
  'SumSquares',
] as const;

/**
 * Values computed by glcmMatrixFeatures: the PyRadiomics features plus two IBSI features PyRadiomics deprecated as
 * duplicates: Dissimilarity (8S9J): sum |i-j| p (= DifferenceAverage) and SumVariance (OEEB):
 * sum (k - SA)^2 p_{x+y}(k) (= ClusterTendency).
 */
export type GlcmFeature = (typeof GLCM_FEATURES)[number] | 'Dissimilarity' | 'SumVariance';
export type GlcmValues = Record<GlcmFeature, number>;

const EPS = Number.EPSILON; // numpy.spacing(1)

/**
 * Co-occurrence counts (asymmetric, as cmatrices.c calculate_glcm): for every voxel with level l > 0 and every
 * offset a whose neighbour is in the box with level m > 0, P[g][a][l-1][m-1] += 1. `levels` are 1..ng inside
 * the ROI and 0 outside. With `perSlice` the matrices are kept per slice k (group g = k; the offsets must be in-plane),
 * otherwise there is one group. Layout: ((g * offsets.length + a) * ng + l - 1) * ng + m - 1.
 */
export function cooccurrenceCounts(levels: Int32Array, size: Vec3, ng: number, offsets: readonly Offset[], perSlice = false): Float64Array {
  const [nx, ny, nz] = size;
  const na = offsets.length;
  const mat = ng * ng;
  if (perSlice && offsets.some((o) => o[2] !== 0)) throw new Error('cooccurrenceCounts: per-slice matrices need in-plane offsets');
  const out = new Float64Array((perSlice ? nz : 1) * na * mat);
  const di = Int32Array.from(offsets, (o) => o[0]);
  const dj = Int32Array.from(offsets, (o) => o[1]);
  const dk = Int32Array.from(offsets, (o) => o[2]);
  const step = Int32Array.from(offsets, (o) => offsetStep(o, size));
  for (let k = 0, idx = 0; k < nz; k++) {
    const gBase = perSlice ? k * na * mat : 0;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        const l = levels[idx];
        if (l <= 0) continue;
        const row = gBase + (l - 1) * ng - 1;
        for (let a = 0; a < na; a++) {
          const ii = i + di[a];
          const jj = j + dj[a];
          const kk = k + dk[a];
          if (ii < 0 || ii >= nx || jj < 0 || jj >= ny || kk < 0 || kk >= nz) continue;
          const m = levels[idx + step[a]];
          if (m > 0) out[row + a * mat + m]++;
        }
      }
    }
  }
  return out;
}

/** P += P^T for each of the n consecutive ng x ng matrices in `m`. */
export function symmetrise(m: Float64Array, ng: number, n: number): void {
  for (let base = 0; base < n * ng * ng; base += ng * ng) {
    for (let i = 0; i < ng; i++) {
      const d = base + i * (ng + 1);
      m[d] *= 2;
      for (let j = i + 1; j < ng; j++) {
        const s = m[base + i * ng + j] + m[base + j * ng + i];
        m[base + i * ng + j] = s;
        m[base + j * ng + i] = s;
      }
    }
  }
}

/**
 * Eigenvalues (ascending) of the symmetric n x n matrix `a` (row-major; overwritten): Householder reduction to
 * tridiagonal form, then the implicit QL algorithm (Wilkinson & Reinsch).
 */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(a[i * n + k]);
      if (scale === 0) e[i] = a[i * n + l];
      else {
        for (let k = 0; k <= l; k++) {
          a[i * n + k] /= scale;
          h += a[i * n + k] * a[i * n + k];
        }
        let f = a[i * n + l];
        let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[i * n + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          g = 0;
          for (let k = 0; k <= j; k++) g += a[j * n + k] * a[i * n + k];
          for (let k = j + 1; k <= l; k++) g += a[k * n + j] * a[i * n + k];
          e[j] = g / h;
          f += e[j] * a[i * n + j];
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          f = a[i * n + j];
          g = e[j] - hh * f;
          e[j] = g;
          for (let k = 0; k <= j; k++) a[j * n + k] -= f * e[k] + g * a[i * n + k];
        }
      }
    } else e[i] = a[i * n + l];
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i];
  // implicit QL on the tridiagonal (d, e)
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iter++ === 60) throw new Error('symmetricEigenvalues: no convergence');
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = Math.hypot(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
        }
        if (r === 0 && i >= l) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
  return d.sort();
}

/**
 * All GLCM features of one normalised ng x ng matrix `p` (sum 1) whose rows/columns stand for the grey levels
 * `values` (ascending; N_g = `ngMax`). MCC is computed only when `mcc` is set (it needs an eigen-decomposition);
 * it is NaN otherwise and 1 when ng < 2. Definitions: see GLCM_FEATURES and GlcmFeature.
 */
export function glcmMatrixFeatures(p: Float64Array, values: Float64Array, ngMax: number, mcc = true): GlcmValues {
  const ng = values.length;
  const px = new Float64Array(ng);
  const py = new Float64Array(ng);
  const pSum = new Float64Array(2 * ngMax + 1); // index k = i + j
  const pDiff = new Float64Array(ngMax); // index k = |i - j|
  let ux = 0;
  let uy = 0;
  let autocorr = 0;
  let contrast = 0;
  let energy = 0;
  let hxy = 0;
  let maxP = 0;
  for (let a = 0; a < ng; a++) {
    const vi = values[a];
    for (let b = 0; b < ng; b++) {
      const q = p[a * ng + b];
      if (q === 0) continue;
      const vj = values[b];
      px[a] += q;
      py[b] += q;
      ux += vi * q;
      uy += vj * q;
      autocorr += vi * vj * q;
      contrast += (vi - vj) * (vi - vj) * q;
      energy += q * q;
      hxy -= q * Math.log2(q + EPS);
      if (q > maxP) maxP = q;
      pSum[vi + vj] += q;
      pDiff[Math.abs(vi - vj)] += q;
    }
  }
  let ct = 0;
  let cs = 0;
  let cp = 0;
  let varX = 0;
  let varY = 0;
  let cov = 0;
  let hxy1 = 0;
  let hxy2 = 0;
  for (let a = 0; a < ng; a++) {
    const dx = values[a] - ux;
    for (let b = 0; b < ng; b++) {
      const q = p[a * ng + b];
      const pp = px[a] * py[b];
      hxy2 -= pp * Math.log2(pp + EPS);
      if (q === 0) continue;
      const dy = values[b] - uy;
      const t = dx + dy;
      const t2 = t * t;
      ct += t2 * q;
      cs += t2 * t * q;
      cp += t2 * t2 * q;
      varX += dx * dx * q;
      varY += dy * dy * q;
      cov += dx * dy * q;
      hxy1 -= q * Math.log2(pp + EPS);
    }
  }
  let hx = 0;
  let hy = 0;
  for (let a = 0; a < ng; a++) {
    hx -= px[a] * Math.log2(px[a] + EPS);
    hy -= py[a] * Math.log2(py[a] + EPS);
  }
  let da = 0;
  let dent = 0;
  let id = 0;
  let idn = 0;
  let idm = 0;
  let idmn = 0;
  let iv = 0;
  for (let k = 0; k < ngMax; k++) {
    const q = pDiff[k];
    da += k * q;
    dent -= q * Math.log2(q + EPS);
    id += q / (1 + k);
    idn += q / (1 + k / ngMax);
    idm += q / (1 + k * k);
    idmn += q / (1 + (k * k) / (ngMax * ngMax));
    if (k > 0) iv += q / (k * k);
  }
  let dv = 0;
  for (let k = 0; k < ngMax; k++) dv += (k - da) * (k - da) * pDiff[k];
  let sa = 0;
  let sent = 0;
  for (let k = 2; k <= 2 * ngMax; k++) {
    sa += k * pSum[k];
    sent -= pSum[k] * Math.log2(pSum[k] + EPS);
  }
  let sv = 0;
  for (let k = 2; k <= 2 * ngMax; k++) sv += (k - sa) * (k - sa) * pSum[k];
  const sig = Math.sqrt(varX) * Math.sqrt(varY);
  const hmax = Math.max(hx, hy);
  return {
    Autocorrelation: autocorr,
    ClusterProminence: cp,
    ClusterShade: cs,
    ClusterTendency: ct,
    Contrast: contrast,
    Correlation: sig === 0 ? 1 : cov / (sig + EPS),
    DifferenceAverage: da,
    DifferenceEntropy: dent,
    DifferenceVariance: dv,
    Dissimilarity: da,
    Id: id,
    Idm: idm,
    Idmn: idmn,
    Idn: idn,
    Imc1: hmax === 0 ? 0 : (hxy - hxy1) / hmax,
    Imc2: hxy2 === hxy ? 0 : Math.sqrt(1 - Math.exp(-2 * (hxy2 - hxy))),
    InverseVariance: iv,
    JointAverage: ux,
    JointEnergy: energy,
    JointEntropy: hxy,
    MCC: ng < 2 ? 1 : mcc ? maximalCorrelation(p, px, py, ng) : NaN,
    MaximumProbability: maxP,
    SumAverage: sa,
    SumEntropy: sent,
    SumSquares: varX,
    SumVariance: sv,
  };
}

/**
 * MCC: sqrt of the second largest eigenvalue of Q(i,j) = sum_k p(i,k) p(j,k) / (p_x(i) p_y(k)). Q is similar to
 * the symmetric S(i,j) = sum_k p(i,k) p(j,k) / (sqrt(p_x(i) p_x(j)) p_y(k)) (S = D^1/2 Q D^-1/2, D = diag p_x),
 * whose eigenvalues are computed instead (real, so no complex round-off as with numpy.linalg.eigvals).
 */
function maximalCorrelation(p: Float64Array, px: Float64Array, py: Float64Array, ng: number): number {
  const b = new Float64Array(ng * ng);
  for (let i = 0; i < ng; i++) {
    for (let k = 0; k < ng; k++) {
      const q = p[i * ng + k];
      if (q !== 0) b[i * ng + k] = q / Math.sqrt(px[i] * py[k]);
    }
  }
  const s = new Float64Array(ng * ng);
  for (let i = 0; i < ng; i++) {
    for (let j = 0; j <= i; j++) {
      let t = 0;
      for (let k = 0; k < ng; k++) t += b[i * ng + k] * b[j * ng + k];
      s[i * ng + j] = t;
      s[j * ng + i] = t;
    }
  }
  const ev = symmetricEigenvalues(s, ng);
  return Math.sqrt(Math.max(0, ev[ng - 2]));
}

/**
 * Renumber the grey levels present in the ROI as 1..G (0 stays outside). Returns the new level image and the
 * original grey-level value of each new level (PyRadiomics' coefficients['grayLevels']).
 */
export function presentLevels(levels: Int32Array, nBins: number): { levels: Int32Array; values: Float64Array } {
  const map = new Int32Array(nBins + 1);
  for (let i = 0; i < levels.length; i++) if (levels[i] > 0) map[levels[i]] = 1;
  const vals: number[] = [];
  for (let l = 1; l <= nBins; l++) if (map[l]) map[l] = vals.push(l);
  const out = new Int32Array(levels.length);
  for (let i = 0; i < levels.length; i++) if (levels[i] > 0) out[i] = map[levels[i]];
  return { levels: out, values: Float64Array.from(vals) };
}

/** Offsets PyRadiomics uses for this ROI and these settings (force2D keeps the in-plane ones). */
export function pyradiomicsOffsets(ctx: FeatureContext, distances: readonly number[] = ctx.settings.distances): Offset[] {
  const s = ctx.settings;
  return textureOffsets(ctx.roi.size, { distances, force2Ddimension: s.force2D ? s.force2Ddimension : null });
}

/**
 * Features averaged over matrices, skipping NaN (numpy.nanmean): `feature(m)` gives the values of matrix m (or null
 * for an empty one).
 */
export function nanMeanOver<K extends string>(names: readonly K[], n: number, feature: (m: number) => Record<K, number> | null): Map<K, number> {
  const sum = new Float64Array(names.length);
  const cnt = new Float64Array(names.length);
  for (let m = 0; m < n; m++) {
    const v = feature(m);
    if (!v) continue;
    names.forEach((name, f) => {
      const x = v[name];
      if (!Number.isNaN(x)) {
        sum[f] += x;
        cnt[f]++;
      }
    });
  }
  return new Map(names.map((name, f) => [name, cnt[f] ? sum[f] / cnt[f] : NaN]));
}

/** PyRadiomics' GLCM: matrices (after level removal, symmetry, weighting) normalised, in `count` ng x ng blocks. */
export function pyradiomicsGlcm(ctx: FeatureContext): { p: Float64Array; count: number; values: Float64Array; ngMax: number } {
  const s = ctx.settings;
  const disc = ctx.discretised();
  const { levels, values } = presentLevels(disc.levels, disc.nBins);
  const ng = values.length;
  const mat = ng * ng;
  const offsets = pyradiomicsOffsets(ctx);
  let p = cooccurrenceCounts(levels, ctx.roi.size, ng, offsets);
  let count = offsets.length;
  if (s.symmetricalGLCM) symmetrise(p, ng, count);
  if (s.weightingNorm) {
    const sum = new Float64Array(mat);
    offsets.forEach((o, a) => {
      const w = offsetWeight(o, ctx.roi.spacing, s.weightingNorm!, true);
      for (let x = 0; x < mat; x++) sum[x] += w * p[a * mat + x];
    });
    p = sum;
    count = 1;
  }
  for (let a = 0; a < count; a++) {
    let t = 0;
    for (let x = 0; x < mat; x++) t += p[a * mat + x];
    for (let x = 0; x < mat; x++) p[a * mat + x] /= t; // an empty matrix becomes NaN and is skipped
  }
  return { p, count, values, ngMax: disc.nBins };
}

function compute(ctx: FeatureContext, enabled: readonly string[]): Map<string, number> {
  const { p, count, values, ngMax } = pyradiomicsGlcm(ctx);
  const ng = values.length;
  const wantMcc = enabled.includes('MCC');
  return nanMeanOver(GLCM_FEATURES, count, (a) => {
    const m = p.subarray(a * ng * ng, (a + 1) * ng * ng);
    return Number.isNaN(m[0]) ? null : glcmMatrixFeatures(m, values, ngMax, wantMcc);
  });
}

registerClass({ name: 'glcm', features: GLCM_FEATURES, compute });
