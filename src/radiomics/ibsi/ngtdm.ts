/**
 * IBSI neighbourhood grey tone difference matrix family (section "Neighbourhood grey tone difference based
 * features"), Chebyshev distance 1, in the 2D, 2.5D and 3D aggregations (see ./glszm.ts). As IBSI defines it,
 * voxels without any ROI neighbour are left out of n_i and N_v,c (PyRadiomics counts them).
 */
import { chebyshevOffsets } from '../glszm.js';
import { mergeNgtdm, ngtdmFeatures, ngtdmTable, type NgtdmFeatures } from '../ngtdm.js';
import { aggregate } from './glszm.js';
import type { IbsiFamily } from './types.js';

/** Feature (see NgtdmFeatures) and IBSI code as in reference_values.csv. */
export const IBSI_NGTDM_CODES: readonly (readonly [keyof NgtdmFeatures, string])[] = [
  ['Coarseness', 'QCDE'],
  ['Contrast', '65HE'],
  ['Busyness', 'NQ30'],
  ['Complexity', 'HDEZ'],
  ['Strength', '1X9X'],
];

/** IBSI NGTDM family in the 2D, 2.5D and 3D aggregations. */
export const ibsiNgtdm: IbsiFamily = (q) =>
  aggregate(
    q,
    (p, planar) => ngtdmTable(p.levels, p.size, chebyshevOffsets([1], planar ? 2 : -1), false),
    mergeNgtdm,
    (t) => ngtdmFeatures(t) as unknown as Record<string, number>,
    IBSI_NGTDM_CODES,
  );
