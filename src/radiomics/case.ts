/**
 * Feature extraction for one case from files: read image and mask, extract, optionally add diagnostics.
 * Errors name the case (ID) and the file.
 */
import { readVolume } from '../io/read.js';
import { inCase } from '../util/errors.js';
import { diagnostics } from './diagnostics.js';
import { extractFeatures } from './extract.js';
import type { Params } from './settings.js';

export interface CaseSpec {
  /** Case ID (batch mode); absent for a single case. */
  id?: string;
  image: string;
  mask: string;
  /** Label to extract, overriding the parameter file's `label`. */
  label?: number;
  /** The cases CSV's other columns (clinical data, ...), in file order, passed through by batch commands. */
  extra?: [string, string][];
}

export interface CaseResult {
  names: string[];
  values: number[];
  /** `diagnostics_*` name/value pairs when asked for. */
  diagnostics?: [string, string][];
}

export async function extractCase(spec: CaseSpec, params: Params, withDiagnostics = false): Promise<CaseResult> {
  try {
    const p = spec.label === undefined ? params : { ...params, settings: { ...params.settings, label: spec.label } };
    const image = await readVolume(spec.image);
    const mask = await readVolume(spec.mask);
    const row = extractFeatures(image, mask, p, { image: spec.image, mask: spec.mask, id: spec.id });
    return {
      names: row.names,
      values: row.values,
      diagnostics: withDiagnostics ? diagnostics(image, mask, row.roi, p) : undefined,
    };
  } catch (e) {
    throw inCase(spec.id, e);
  }
}
