/**
 * IBSI neighbouring grey level dependence matrix family (section "Neighbouring grey level dependence based
 * features"), Chebyshev distance 1 and coarseness alpha = 0, in the 2D, 2.5D and 3D aggregations (see
 * ./glszm.ts). The NGLDM is PyRadiomics' GLDM (dependence count j includes the centre voxel), so the matrix
 * is built by `dependenceMatrix` and the features are CountStats with j = dependence count.
 */
import { chebyshevOffsets, countStats, mergeCounts, type CountStats } from '../glszm.js';
import { dependenceMatrix } from '../gldm.js';
import { aggregate } from './glszm.js';
import type { IbsiFamily } from './types.js';

/** Statistic (CountStats) and IBSI code as in reference_values.csv. */
export const IBSI_NGLDM_CODES: readonly (readonly [keyof CountStats, string])[] = [
  ['sje', 'SODN'], // low dependence emphasis
  ['lje', 'IMOQ'], // high dependence emphasis
  ['lgle', 'TL9H'], // low grey level count emphasis
  ['hgle', 'OAE7'], // high grey level count emphasis
  ['sjlgle', 'EQ3F'], // low dependence low grey level emphasis
  ['sjhgle', 'JA6D'], // low dependence high grey level emphasis
  ['ljlgle', 'NBZI'], // high dependence low grey level emphasis
  ['ljhgle', '9QMG'], // high dependence high grey level emphasis
  ['gln', 'FP8K'], // grey level non-uniformity
  ['glnn', '5SPA'], // normalised grey level non-uniformity
  ['jn', 'Z87G'], // dependence count non-uniformity
  ['jnn', 'OKJI'], // normalised dependence count non-uniformity
  ['percentage', '6XV8'], // dependence count percentage = N_s / N_v
  ['glv', '1PFV'], // grey level variance
  ['jv', 'DNX2'], // dependence count variance
  ['entropy', 'FCBV'], // dependence count entropy
  ['energy', 'CAS9'], // dependence count energy
];

/** IBSI NGLDM family in the 2D, 2.5D and 3D aggregations. */
export const ibsiNgldm: IbsiFamily = (q) =>
  aggregate(
    q,
    (p, planar) => dependenceMatrix(p.levels, p.size, chebyshevOffsets([1], planar ? 2 : -1), 0),
    mergeCounts,
    (m) => countStats(m) as unknown as Record<string, number>,
    IBSI_NGLDM_CODES,
  );
