/**
 * IBSI intensity-volume histogram features (family P88C), 3D volume (aggregation '').
 * The ROI intensities X_gl are mapped to X_d,gl on a grid G = {g_0 < ... < g_M} with step w_d:
 *  - discrete (calibrated integer units such as CT HU): X_d,gl = X_gl, w_d = 1, G = the re-segmentation
 *    range (open upper bound -> max X_gl) or [min X_gl, max X_gl] without one;
 *  - fbs (calibrated continuous): fixed bin size w from the range's lower bound a, X_d,gl = bin centre,
 *    G = [a + w/2, b - w/2], w_d = w;
 *  - fbn (arbitrary units): N bins over the ROI range, X_d,gl = bin number, G = [1, N], w_d = 1.
 * Fractional volume nu_i = 1 - (1/N_v) sum_k [X_d,gl,k < g_i], intensity fraction
 * gamma_i = (g_i - min G) / (max G - min G).
 */
import type { IbsiFamily, IbsiInput, IbsiValue } from './types.js';

export type IvhParams =
  | { method: 'discrete'; range: [number, number] | null }
  | { method: 'fbs'; width: number; range: [number, number] | null }
  | { method: 'fbn'; bins: number };

/** The intensity-volume histogram: grid intensities g_i and fractional volumes nu_i. */
export interface Ivh {
  intensity: Float64Array;
  volume: Float64Array;
}

/** Build the IVH of the ROI intensity mask. */
export function intensityVolumeHistogram(q: Pick<IbsiInput, 'image' | 'mask'>, p: IvhParams): Ivh {
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (let i = 0; i < q.image.length; i++) {
    if (!q.mask[i]) continue;
    n++;
    if (q.image[i] < min) min = q.image[i];
    if (q.image[i] > max) max = q.image[i];
  }
  // Grid coordinate c_k of each voxel (grid index units): voxel k counts towards nu_t when c_k >= t.
  let g0: number;
  let wd: number;
  let m: number;
  let coord: (x: number) => number;
  if (p.method === 'discrete') {
    g0 = p.range && Number.isFinite(p.range[0]) ? p.range[0] : min;
    const g1 = p.range && Number.isFinite(p.range[1]) ? p.range[1] : max;
    wd = 1;
    m = Math.round(g1 - g0);
    coord = (x) => x - g0;
  } else if (p.method === 'fbs') {
    const a = p.range && Number.isFinite(p.range[0]) ? p.range[0] : min;
    const b = p.range && Number.isFinite(p.range[1]) ? p.range[1] : max;
    wd = p.width;
    g0 = a + wd / 2;
    m = Math.max(0, Math.round((b - a) / wd) - 1);
    coord = (x) => Math.floor((x - a) / wd);
  } else {
    g0 = 1;
    wd = 1;
    m = p.bins - 1;
    coord = (x) => (x >= max ? p.bins - 1 : Math.floor((p.bins * (x - min)) / (max - min)));
  }
  // X_d,gl >= g_t  <=>  c >= t  <=>  floor(c) >= t: count voxels per floor(c), then nu_t = suffix sums / N_v.
  const atLeast = new Float64Array(m + 2);
  for (let i = 0; i < q.image.length; i++) {
    if (!q.mask[i]) continue;
    const c = coord(q.image[i]);
    const b = Math.min(m + 1, Math.max(-1, Math.floor(c)));
    if (b >= 0) atLeast[b]++;
  }
  const intensity = new Float64Array(m + 1);
  const volume = new Float64Array(m + 1);
  let acc = 0;
  for (let t = m + 1; t >= 0; t--) {
    acc += atLeast[t];
    if (t <= m) {
      volume[t] = acc / n;
      intensity[t] = g0 + t * wd;
    }
  }
  return { intensity, volume };
}

/** V_x: the largest nu_i with gamma_i >= x. */
export function volumeAtIntensityFraction(h: Ivh, x: number): number {
  const m = h.volume.length - 1;
  for (let t = 0; t <= m; t++) if (m === 0 || t >= x * m - 1e-9) return h.volume[t];
  return 0;
}

/** I_x: the lowest grid intensity g_i with nu_i <= x (one step above the grid when there is none). */
export function intensityAtVolumeFraction(h: Ivh, x: number): number {
  const m = h.volume.length - 1;
  for (let t = 0; t <= m; t++) if (h.volume[t] <= x) return h.intensity[t];
  return h.intensity[m] + (m > 0 ? h.intensity[1] - h.intensity[0] : 1);
}

/**
 * IVH family for given parameters: V10 and V90 (both BC2M in the manual), I10 and I90 (both GBPN),
 * V10 - V90 (DDTU), I10 - I90 (CNV2). Rows follow reference_values.csv's order (V10 before V90, I10 before I90).
 */
export function ibsiIvh(p: IvhParams): IbsiFamily {
  return (q: IbsiInput): IbsiValue[] => {
    const h = intensityVolumeHistogram(q, p);
    const v10 = volumeAtIntensityFraction(h, 0.1);
    const v90 = volumeAtIntensityFraction(h, 0.9);
    const i10 = intensityAtVolumeFraction(h, 0.1);
    const i90 = intensityAtVolumeFraction(h, 0.9);
    return [
      { code: 'BC2M', aggr: '', value: v10 },
      { code: 'BC2M', aggr: '', value: v90 },
      { code: 'GBPN', aggr: '', value: i10 },
      { code: 'GBPN', aggr: '', value: i90 },
      { code: 'DDTU', aggr: '', value: v10 - v90 },
      { code: 'CNV2', aggr: '', value: i10 - i90 },
    ];
  };
}
