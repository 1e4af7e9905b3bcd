/**
 * PyRadiomics parameter files (YAML with `setting`, `imageType`, `featureClass`), read as they are.
 * Every known setting has PyRadiomics' default; an unknown or not-yet-supported setting or image type is an
 * error, never silently ignored.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AlnmError, fileError } from '../util/errors.js';

export interface Settings {
  // mask and ROI
  label: number;
  minimumROIDimensions: number;
  minimumROISize: number | null;
  geometryTolerance: number | null;
  correctMask: boolean;
  additionalInfo: boolean;
  // discretisation
  binWidth: number;
  binCount: number | null;
  // resegmentation
  resegmentRange: number[] | null;
  resegmentMode: 'absolute' | 'relative' | 'sigma';
  resegmentShape: boolean;
  // 2D
  force2D: boolean;
  force2Ddimension: number;
  // resampling, normalisation (preprocessing, see src/image)
  interpolator: string | number;
  resampledPixelSpacing: number[] | null;
  padDistance: number;
  preCrop: boolean;
  normalize: boolean;
  normalizeScale: number;
  removeOutliers: number | null;
  // feature-class specific
  voxelArrayShift: number;
  symmetricalGLCM: boolean;
  weightingNorm: 'manhattan' | 'euclidean' | 'infinity' | 'no_weighting' | null;
  distances: number[];
  gldm_a: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  label: 1,
  minimumROIDimensions: 2, // PyRadiomics' _getDefaultSettings
  minimumROISize: null,
  geometryTolerance: null,
  correctMask: false,
  additionalInfo: true,
  binWidth: 25,
  binCount: null,
  resegmentRange: null,
  resegmentMode: 'absolute',
  resegmentShape: false,
  force2D: false,
  force2Ddimension: 0,
  interpolator: 'sitkBSpline',
  resampledPixelSpacing: null,
  padDistance: 5,
  preCrop: false,
  normalize: false,
  normalizeScale: 1,
  removeOutliers: null,
  voxelArrayShift: 0,
  symmetricalGLCM: true,
  weightingNorm: null,
  distances: [1],
  gldm_a: 0,
});

/** Settings that are accepted and have no effect on values (run-time switches of PyRadiomics). */
const NO_EFFECT = new Set(['enableCExtensions', 'label_channel', 'dtype']);


export interface ImageTypeSpec {
  name: string; // 'Original', 'LoG', 'Wavelet', ...
  /** The image type's custom settings as written in the parameter file. */
  options: Record<string, unknown>;
  /** The settings its features are computed with: the general ones overridden by `options`. */
  settings: Settings;
}

export interface Params {
  settings: Settings;
  imageTypes: ImageTypeSpec[];
  /** Enabled classes and features; an empty list means all default features of the class. */
  featureClasses: Map<string, string[]>;
  /** Where the parameters came from (for messages). */
  source: string;
}

export const SUPPORTED_IMAGE_TYPES = new Set(['Original']);
export const ALL_CLASSES = ['firstorder', 'shape', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'];

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

type Checker = (v: unknown) => string | null;
const num: Checker = (v) => (isNum(v) ? null : 'a number');
const pos: Checker = (v) => (isNum(v) && v > 0 ? null : 'a positive number');
const posInt: Checker = (v) => (Number.isInteger(v) && (v as number) > 0 ? null : 'a positive integer');
const bool: Checker = (v) => (typeof v === 'boolean' ? null : 'true or false');
const orNull = (c: Checker): Checker => (v) => (v === null ? null : c(v));
const oneOf = (...xs: unknown[]): Checker => (v) => (xs.includes(v) ? null : `one of ${xs.map((x) => JSON.stringify(x)).join(', ')}`);
const numList = (n?: number): Checker => (v) =>
  Array.isArray(v) && v.every(isNum) && (n === undefined || v.length === n) ? null : `a list of ${n ?? ''} numbers`.replace('  ', ' ');

const CHECKS: Record<keyof Settings, Checker> = {
  label: posInt,
  minimumROIDimensions: (v) => (v === 1 || v === 2 || v === 3 ? null : '1, 2 or 3'),
  minimumROISize: orNull(posInt),
  geometryTolerance: orNull(pos),
  correctMask: bool,
  additionalInfo: bool,
  binWidth: pos,
  binCount: orNull(posInt),
  resegmentRange: orNull((v) => (Array.isArray(v) && (v.length === 1 || v.length === 2) && v.every(isNum) ? null : 'a list of 1 or 2 numbers')),
  resegmentMode: oneOf('absolute', 'relative', 'sigma'),
  resegmentShape: bool,
  force2D: bool,
  force2Ddimension: oneOf(0, 1, 2),
  interpolator: oneOf(
    'sitkNearestNeighbor', 'sitkLinear', 'sitkBSpline', 'sitkGaussian', 'sitkLabelGaussian', 'sitkHammingWindowedSinc',
    'sitkCosineWindowedSinc', 'sitkWelchWindowedSinc', 'sitkLanczosWindowedSinc', 'sitkBlackmanWindowedSinc', 1, 2, 3, null,
  ),
  resampledPixelSpacing: orNull(numList(3)),
  padDistance: (v) => (Number.isInteger(v) && (v as number) >= 0 ? null : 'a non-negative integer'),
  preCrop: bool,
  normalize: bool,
  normalizeScale: pos,
  removeOutliers: orNull(pos),
  voxelArrayShift: num,
  symmetricalGLCM: bool,
  weightingNorm: oneOf('manhattan', 'euclidean', 'infinity', 'no_weighting', null),
  distances: (v) => (Array.isArray(v) && v.length > 0 && v.every((x) => Number.isInteger(x) && x > 0) ? null : 'a list of positive integers'),
  gldm_a: (v) => (isNum(v) && v >= 0 ? null : 'a non-negative number'),
};

/** Merge user settings over the defaults, checking each name and value. */
export function makeSettings(user: Record<string, unknown>, source = 'settings'): Settings {
  const s: Record<string, unknown> = { ...DEFAULT_SETTINGS, distances: [...DEFAULT_SETTINGS.distances] };
  for (const [k, raw] of Object.entries(user)) {
    if (NO_EFFECT.has(k)) continue;
    if (!(k in CHECKS)) throw new AlnmError(`${source}: unknown setting "${k}"`);
    let v: unknown = raw === undefined ? null : raw;
    // YAML `key:` with no value means None in PyRadiomics: the default for settings that cannot be None.
    if (v === null && CHECKS[k as keyof Settings](null) !== null) v = (DEFAULT_SETTINGS as unknown as Record<string, unknown>)[k];
    if (k === 'resegmentRange' && Array.isArray(v) && v.length === 2 && v[0] > v[1]) {
      throw new AlnmError(`${source}: setting "resegmentRange" must be [lower, upper] with lower <= upper`);
    }
    const bad = CHECKS[k as keyof Settings](v);
    if (bad) throw new AlnmError(`${source}: setting "${k}" must be ${bad} (got ${JSON.stringify(raw)})`);
    s[k] = v;
  }
  return s as unknown as Settings;
}

/** Build parameters from an already-parsed PyRadiomics parameter object. */
export function paramsFromObject(obj: unknown, source = 'parameters'): Params {
  if (obj === null || obj === undefined) obj = {};
  if (typeof obj !== 'object' || Array.isArray(obj)) throw new AlnmError(`${source}: expected a mapping with setting, imageType, featureClass`);
  const o = obj as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['setting', 'imageType', 'featureClass', 'voxelSetting'].includes(k)) throw new AlnmError(`${source}: unknown section "${k}"`);
  }
  if (o.voxelSetting) throw new AlnmError(`${source}: voxel-based extraction (voxelSetting) is not supported yet`);
  const userSettings = (o.setting as Record<string, unknown>) ?? {};
  const settings = makeSettings(userSettings, source);
  const imageTypes: ImageTypeSpec[] = [];
  const it = o.imageType as Record<string, unknown> | null | undefined;
  if (it === undefined || it === null) imageTypes.push({ name: 'Original', options: {}, settings });
  else {
    for (const [name, opts] of Object.entries(it)) {
      if (!SUPPORTED_IMAGE_TYPES.has(name)) throw new AlnmError(`${source}: image type "${name}" is not supported yet (supported: ${[...SUPPORTED_IMAGE_TYPES].join(', ')})`);
      const options = (opts ?? {}) as Record<string, unknown>;
      if (typeof options !== 'object' || Array.isArray(options)) throw new AlnmError(`${source}: imageType "${name}" must map to a mapping of settings ({} for none)`);
      // Custom settings of an image type override the general ones for its features (PyRadiomics' imageType kwargs).
      imageTypes.push({ name, options, settings: makeSettings({ ...userSettings, ...options }, `${source}: imageType ${name}`) });
    }
  }
  const featureClasses = new Map<string, string[]>();
  const fc = o.featureClass as Record<string, unknown> | null | undefined;
  if (fc === undefined || fc === null) for (const c of ALL_CLASSES) featureClasses.set(c, []);
  else {
    for (const [name, list] of Object.entries(fc)) {
      if (!KNOWN_CLASSES.has(name)) throw new AlnmError(`${source}: unknown feature class "${name}"`);
      if (list !== null && list !== undefined && !(Array.isArray(list) && list.every((x) => typeof x === 'string'))) {
        throw new AlnmError(`${source}: featureClass "${name}" must be a list of feature names`);
      }
      featureClasses.set(name, (list as string[] | null) ?? []);
    }
  }
  return { settings, imageTypes, featureClasses, source };
}

const KNOWN_CLASSES = new Set([...ALL_CLASSES, 'shape2D']);

/**
 * Read a PyRadiomics parameter file into a plain object (YAML or JSON). The YAML parser is loaded only here,
 * so that commands without a parameter file start faster.
 */
export function loadParamsObject(file: string): { obj: unknown; source: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw fileError(file, 'parameter file not found');
  }
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  try {
    return { obj: parse(text) ?? {}, source: file };
  } catch (e) {
    throw fileError(file, `not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
}

export function readParams(file: string): Params {
  const { obj, source } = loadParamsObject(file);
  return paramsFromObject(obj, source);
}

/** PyRadiomics' defaults: every class, Original image. */
export function defaultParams(): Params {
  return paramsFromObject({}, 'defaults');
}
