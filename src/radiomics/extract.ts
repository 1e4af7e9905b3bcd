/**
 * Feature extraction for one case, as PyRadiomics' RadiomicsFeatureExtractor.execute: preprocess (normalise,
 * resample or crop: src/image/pyradiomics-preprocess.ts), validate the mask, crop, resegment, discretise once, and compute every enabled feature class on each enabled image type.
 * Output names are PyRadiomics' (`original_glcm_Contrast`).
 */
import { AlnmError } from '../util/errors.js';
import type { Volume } from '../io/volume.js';
import { discretise, prepareRoi, type Discretised, type Roi, type Where } from './roi.js';
import type { Params } from './settings.js';
import { getClass } from './registry.js';
import { preprocessLikePyRadiomics } from './pyradiomics-preprocess.js';
import './classes.js';

export interface FeatureRow {
  /** Feature names (PyRadiomics spelling) and values, in output order. */
  names: string[];
  values: number[];
  /** The ROI the features were computed on (for diagnostics). */
  roi: Roi;
}

/** Order in which classes are written: shape first, as PyRadiomics computes it, then the others. */
const CLASS_ORDER = ['shape', 'shape2D', 'firstorder', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'];

export function extractFeatures(image: Volume, mask: Volume, params: Params, w: Where): FeatureRow {
  const s = params.settings;
  const pre = preprocessLikePyRadiomics(image, mask, s, w.id ? `case ${w.id}` : w.image);
  const roi = prepareRoi(pre.image, pre.mask, s, w);
  const names: string[] = [];
  const values: number[] = [];
  const order = [...params.featureClasses.keys()].sort((a, b) => CLASS_ORDER.indexOf(a) - CLASS_ORDER.indexOf(b));
  for (const it of params.imageTypes) {
    const prefix = it.name.toLowerCase();
    // Preprocessing, mask checks and resegmentation follow the general settings; the features (discretisation
    // included) those of the image type.
    let disc: Discretised | null = null;
    const ctx = { roi, settings: it.settings, discretised: () => (disc ??= discretise(roi, it.settings)) };
    for (const cname of order) {
      if (cname === 'shape2D' && !it.settings.force2D) {
        throw new AlnmError(`${params.source}: feature class shape2D needs force2D: true`);
      }
      const fc = getClass(cname);
      if (!fc) throw new AlnmError(`${params.source}: feature class "${cname}" is not implemented yet`);
      const asked = params.featureClasses.get(cname) ?? [];
      for (const f of asked) {
        if (!fc.features.includes(f) && !(fc.optional ?? []).includes(f)) {
          throw new AlnmError(`${params.source}: unknown feature "${f}" in class ${cname}`);
        }
      }
      const enabled = asked.length ? asked : fc.features;
      const got = fc.compute(ctx, enabled);
      for (const f of enabled) {
        names.push(`${prefix}_${cname}_${f}`);
        values.push(got.get(f) ?? NaN);
      }
    }
  }
  return { names, values, roi };
}
