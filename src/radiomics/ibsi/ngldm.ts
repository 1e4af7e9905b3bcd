/**
 * IBSI neighbouring grey level dependence matrix family (section "Neighbouring grey level dependence based
 * features"), Chebyshev distance 1 and coarseness alpha = 0, in the 2D, 2.5D and 3D aggregations (see
 * ./glszm.ts). The NGLDM is PyRadiomics' GLDM (dependence count j includes the centre voxel), so the matrix
 * is built by `dependenceMatrix` and the features are CountStats with j = dependence count.
 */
import { chebyshevOffsets } from '../glszm.js';
import { dependenceMatrix } from '../gldm.js';
import { countCodes, countFamily } from './glszm.js';

/**
 * IBSI codes as in reference_values.csv, in COUNT_KEYS order (./glszm.ts) with j = dependence count: low / high
 * dependence emphasis, low / high grey level count emphasis, low dependence low / high grey level emphasis,
 * high dependence low / high grey level emphasis, grey level non-uniformity (normalised), dependence count
 * non-uniformity (normalised), dependence count percentage, grey level variance, dependence count variance,
 * entropy and energy.
 */
export const IBSI_NGLDM_CODES = countCodes(['SODN', 'IMOQ', 'TL9H', 'OAE7', 'EQ3F', 'JA6D', 'NBZI', '9QMG', 'FP8K', '5SPA', 'Z87G', 'OKJI', '6XV8', '1PFV', 'DNX2', 'FCBV', 'CAS9']);

/** IBSI NGLDM family in the 2D, 2.5D and 3D aggregations. */
export const ibsiNgldm = countFamily((p, planar) => dependenceMatrix(p.levels, p.size, chebyshevOffsets([1], planar ? 2 : -1), 0), IBSI_NGLDM_CODES);
