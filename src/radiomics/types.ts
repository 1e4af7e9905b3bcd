import type { Discretised, Roi } from './roi.js';
import type { Settings } from './settings.js';

/** What a feature class is given: the ROI, its discretisation (computed once, shared) and the settings. */
export interface FeatureContext {
  roi: Roi;
  /** Discretised grey levels (lazily computed once per ROI and shared by all classes). */
  discretised(): Discretised;
  settings: Settings;
}

/**
 * One PyRadiomics feature class (`firstorder`, `shape`, `glcm`, ...). `compute` returns the values of the
 * requested features, keyed by PyRadiomics' feature name (`Contrast`), in the order of `features`.
 */
export interface FeatureClass {
  name: string;
  /** Features enabled by default, in PyRadiomics' order. */
  features: readonly string[];
  /** Features computed only when asked for by name (deprecated or redundant in PyRadiomics). */
  optional?: readonly string[];
  compute(ctx: FeatureContext, enabled: readonly string[]): Map<string, number>;
}
