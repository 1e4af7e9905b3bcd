import type { Vec3 } from '../../io/volume.js';

/**
 * What an IBSI feature family is given, after the configuration's processing (interpolation,
 * resegmentation, discretisation) is done. All arrays cover the same box, i fastest.
 */
export interface IbsiInput {
  size: Vec3;
  spacing: Vec3;
  /** Intensities (after processing) in the box. */
  image: Float64Array;
  /** Intensity ROI mask (after resegmentation): 1 inside. */
  mask: Uint8Array;
  /** Morphological ROI mask (before resegmentation): 1 inside. */
  morphMask: Uint8Array;
  /** Discretised grey levels: 1..nLevels inside `mask`, 0 outside. */
  levels: Int32Array;
  nLevels: number;
}

/** One IBSI value: the feature's IBSI code, the aggregation method spelled as in reference_values.csv. */
export interface IbsiValue {
  code: string;
  aggr: string;
  value: number;
}

export type IbsiFamily = (q: IbsiInput) => IbsiValue[];
