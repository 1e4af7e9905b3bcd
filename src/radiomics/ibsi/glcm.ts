/**
 * IBSI grey level co-occurrence matrix (GLCM) family, and the direction-wise aggregation GLCM and GLRLM share.
 *
 * IBSI GLCM: Chebyshev distance 1, symmetric (each pair counted in both directions), N_g = the discretisation's
 * number of grey levels (empty levels stay in the matrix), p = P / sum P; the features are the PyRadiomics
 * formulas of ../glcm.ts (IBSI 3.6; both follow the IBSI definitions, without PyRadiomics' removal of empty levels).
 *
 * Aggregation (spelled as in reference_values.csv). Matrices are made per axial slice k and in-plane direction
 * (4 directions) for 2D and 2.5D, and per 3-D direction (13) over the volume for 3D:
 * - `2D, averaged` (BTW3): features of every (slice, direction) matrix, averaged;
 * - `2D, slice-merged` (SUJT): per slice the direction matrices summed, features averaged over slices;
 * - `2.5D, direction-merged` (JJUI): per direction the slice matrices summed, features averaged over directions;
 * - `2.5D, merged` (ZW7Z): all slice and direction matrices summed;
 * - `3D, averaged` (ITBB): features per 3-D direction, averaged;
 * - `3D, merged` (IAZD): the 13 direction matrices summed.
 * Empty matrices (no pair / no run) are skipped in the averages.
 */
import { IN_PLANE_OFFSETS, OFFSETS_3D, type Offset } from '../directions.js';
import { cooccurrenceCounts, glcmMatrixFeatures, symmetrise, type GlcmFeature } from '../glcm.js';
import type { Vec3 } from '../../io/volume.js';
import type { IbsiFamily, IbsiInput, IbsiValue } from './types.js';

/** IBSI feature codes (reference_values.csv, looked up by section heading) and the feature computing each. */
export const IBSI_GLCM_CODES: readonly (readonly [GlcmFeature, string, string])[] = [
  ['MaximumProbability', 'GYBY', 'Joint maximum'],
  ['JointAverage', '60VM', 'Joint average'],
  ['SumSquares', 'UR99', 'Joint variance'],
  ['JointEntropy', 'TU9B', 'Joint entropy'],
  ['DifferenceAverage', 'TF7R', 'Difference average'],
  ['DifferenceVariance', 'D3YU', 'Difference variance'],
  ['DifferenceEntropy', 'NTRS', 'Difference entropy'],
  ['SumAverage', 'ZGXS', 'Sum average'],
  ['SumVariance', 'OEEB', 'Sum variance'],
  ['SumEntropy', 'P6QZ', 'Sum entropy'],
  ['JointEnergy', '8ZQL', 'Angular second moment'],
  ['Contrast', 'ACUI', 'Contrast'],
  ['Dissimilarity', '8S9J', 'Dissimilarity'],
  ['Id', 'IB1Z', 'Inverse difference'],
  ['Idn', 'NDRX', 'Normalised inverse difference'],
  ['Idm', 'WF0Z', 'Inverse difference moment'],
  ['Idmn', '1QCO', 'Normalised inverse difference moment'],
  ['InverseVariance', 'E8JP', 'Inverse variance'],
  ['Correlation', 'NI2N', 'Correlation'],
  ['Autocorrelation', 'QWB0', 'Autocorrelation'],
  ['ClusterTendency', 'DG8W', 'Cluster tendency'],
  ['ClusterShade', '7NFM', 'Cluster shade'],
  ['ClusterProminence', 'AE86', 'Cluster prominence'],
  ['Imc1', 'R8DG', 'Information correlation 1'],
  ['Imc2', 'JN9H', 'Information correlation 2'],
];

/** Matrices of one kind, `count` consecutive blocks of `length` numbers. */
export interface MatrixSet {
  data: Float64Array;
  count: number;
  length: number;
}

/**
 * The six IBSI aggregations of a matrix family. `build(offsets, perSlice)` gives matrices ordered
 * (group, offset) with group = slice k when `perSlice`; `features(m)` maps a summed count matrix to values keyed
 * like `codes` (null for an empty matrix).
 */
export function aggregateByDirection<K extends string>(
  q: IbsiInput,
  build: (offsets: readonly Offset[], perSlice: boolean) => MatrixSet,
  features: (m: Float64Array) => Record<K, number> | null,
  codes: readonly (readonly [K, string, ...string[]])[],
): IbsiValue[] {
  const planar = build(IN_PLANE_OFFSETS, true);
  const volume = build(OFFSETS_3D, false);
  const na = IN_PLANE_OFFSETS.length;
  const nz = planar.count / na;
  const block = (s: MatrixSet, b: number) => s.data.subarray(b * s.length, (b + 1) * s.length);
  const sumOf = (s: MatrixSet, blocks: number[]) => {
    const out = new Float64Array(s.length);
    for (const b of blocks) {
      const m = block(s, b);
      for (let x = 0; x < out.length; x++) out[x] += m[x];
    }
    return out;
  };
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const aggr: [string, (Record<K, number> | null)[]][] = [
    ['2D, averaged', range(planar.count).map((b) => features(block(planar, b)))],
    ['2D, slice-merged', range(nz).map((k) => features(sumOf(planar, range(na).map((a) => k * na + a))))],
    ['2.5D, direction-merged', range(na).map((a) => features(sumOf(planar, range(nz).map((k) => k * na + a))))],
    ['2.5D, merged', [features(sumOf(planar, range(planar.count)))]],
    ['3D, averaged', range(volume.count).map((b) => features(block(volume, b)))],
    ['3D, merged', [features(sumOf(volume, range(volume.count)))]],
  ];
  const out: IbsiValue[] = [];
  for (const [key, code] of codes) {
    for (const [name, values] of aggr) {
      let sum = 0;
      let n = 0;
      for (const v of values) {
        if (v && !Number.isNaN(v[key])) {
          sum += v[key];
          n++;
        }
      }
      out.push({ code, aggr: name, value: n ? sum / n : NaN });
    }
  }
  return out;
}

/** Symmetric co-occurrence matrices (nLevels x nLevels) for IBSI. */
export function ibsiCooccurrence(levels: Int32Array, size: Vec3, nLevels: number, offsets: readonly Offset[], perSlice: boolean): MatrixSet {
  const data = cooccurrenceCounts(levels, size, nLevels, offsets, perSlice);
  const length = nLevels * nLevels;
  symmetrise(data, nLevels, data.length / length);
  return { data, count: data.length / length, length };
}

/** IBSI GLCM family: every GLCM feature in the six aggregations. */
export const ibsiGlcm: IbsiFamily = (q) => {
  const ng = q.nLevels;
  const values = Float64Array.from({ length: ng }, (_, i) => i + 1);
  const p = new Float64Array(ng * ng);
  return aggregateByDirection(
    q,
    (offsets, perSlice) => ibsiCooccurrence(q.levels, q.size, ng, offsets, perSlice),
    (m) => {
      let t = 0;
      for (let x = 0; x < m.length; x++) t += m[x];
      if (t === 0) return null;
      for (let x = 0; x < m.length; x++) p[x] = m[x] / t;
      return glcmMatrixFeatures(p, values, ng, false);
    },
    IBSI_GLCM_CODES,
  );
};
