/**
 * IBSI grey level run length matrix (GLRLM) family (IBSI 3.7): runs along each direction (4 in-plane per slice
 * for 2D and 2.5D, 13 in 3-D), N_g = the discretisation's number of grey levels, the features of ../glrlm.ts.
 * For merged matrices the number of voxels N_v of run percentage is sum_j j r_j of the merged matrix, i.e. the
 * ROI volume times the number of matrices merged, as IBSI prescribes. Aggregations: see ./glcm.ts.
 */
import { glrlmMatrixFeatures, runLengthCounts, type GlrlmFeature } from '../glrlm.js';
import { aggregateByDirection } from './glcm.js';
import type { IbsiFamily } from './types.js';

/** IBSI feature codes (reference_values.csv, looked up by section heading) and the feature computing each. */
export const IBSI_GLRLM_CODES: readonly (readonly [GlrlmFeature, string, string])[] = [
  ['ShortRunEmphasis', '22OV', 'Short runs emphasis'],
  ['LongRunEmphasis', 'W4KF', 'Long runs emphasis'],
  ['LowGrayLevelRunEmphasis', 'V3SW', 'Low grey level run emphasis'],
  ['HighGrayLevelRunEmphasis', 'G3QZ', 'High grey level run emphasis'],
  ['ShortRunLowGrayLevelEmphasis', 'HTZT', 'Short run low grey level emphasis'],
  ['ShortRunHighGrayLevelEmphasis', 'GD3A', 'Short run high grey level emphasis'],
  ['LongRunLowGrayLevelEmphasis', 'IVPO', 'Long run low grey level emphasis'],
  ['LongRunHighGrayLevelEmphasis', '3KUM', 'Long run high grey level emphasis'],
  ['GrayLevelNonUniformity', 'R5YN', 'Grey level non-uniformity'],
  ['GrayLevelNonUniformityNormalized', 'OVBL', 'Normalised grey level non-uniformity'],
  ['RunLengthNonUniformity', 'W92Y', 'Run length non-uniformity'],
  ['RunLengthNonUniformityNormalized', 'IC23', 'Normalised run length non-uniformity'],
  ['RunPercentage', '9ZK5', 'Run percentage'],
  ['GrayLevelVariance', '8CE5', 'Grey level variance'],
  ['RunVariance', 'SXLW', 'Run length variance'],
  ['RunEntropy', 'HJ9O', 'Run entropy'],
];

/** IBSI GLRLM family: every GLRLM feature in the six aggregations. */
export const ibsiGlrlm: IbsiFamily = (q) => {
  const ng = q.nLevels;
  const values = Float64Array.from({ length: ng }, (_, i) => i + 1);
  const nr = Math.max(...q.size);
  return aggregateByDirection(
    q,
    (offsets, perSlice) => {
      const { counts } = runLengthCounts(q.levels, q.size, ng, offsets, perSlice);
      return { data: counts, count: counts.length / (ng * nr), length: ng * nr };
    },
    (m) => glrlmMatrixFeatures(m, values, nr),
    IBSI_GLRLM_CODES,
  );
};
