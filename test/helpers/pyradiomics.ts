/**
 * PyRadiomics' own baselines (../shared/data/pyradiomics/baseline): rows are features, columns are test
 * configurations; the row diagnostics_Configuration_Settings holds each column's settings as a Python dict.
 */
import { readFileSync } from 'node:fs';
import { tableFromText } from '../../src/util/csv.js';
import { data } from './data.js';

/** Parse a Python literal (dict/list/str/number/True/False/None) as PyRadiomics prints it. */
export function parsePythonLiteral(s: string): unknown {
  const json = s
    .replace(/'/g, '"')
    .replace(/\bTrue\b/g, 'true')
    .replace(/\bFalse\b/g, 'false')
    .replace(/\bNone\b/g, 'null')
    .replace(/\(/g, '[')
    .replace(/\)/g, ']');
  return JSON.parse(json);
}

export interface Baseline {
  columns: string[];
  /** settings[column]: PyRadiomics settings used for that column. */
  settings: Record<string, Record<string, unknown>>;
  /** features[column][featureName] = value (only `original_*` rows). */
  features: Record<string, Record<string, number>>;
  /** diagnostics[column][name] = raw string. */
  diagnostics: Record<string, Record<string, string>>;
}

export function loadBaseline(cls: string): Baseline {
  const t = tableFromText(readFileSync(data('pyradiomics', 'baseline', `baseline_${cls}.csv`), 'utf8'));
  const columns = t.columns.slice(1);
  const settings: Baseline['settings'] = {};
  const features: Baseline['features'] = {};
  const diagnostics: Baseline['diagnostics'] = {};
  for (const c of columns) {
    features[c] = {};
    diagnostics[c] = {};
  }
  for (const row of t.rows) {
    const name = row[t.columns[0]];
    for (const c of columns) {
      if (name === 'diagnostics_Configuration_Settings') settings[c] = parsePythonLiteral(row[c]) as Record<string, unknown>;
      if (name.startsWith('diagnostics_')) diagnostics[c][name] = row[c];
      else features[c][name] = Number(row[c]);
    }
  }
  return { columns, settings, features, diagnostics };
}

/** The case (brain1/brain2) of a column name such as `brain1_FBN`. */
export const caseOf = (column: string) => column.split('_')[0];

/** PyRadiomics' test tolerance: 3 % relative; exactly 0 where the baseline is 0. */
export function withinPyRadiomicsTolerance(actual: number, expected: number): boolean {
  if (expected === 0) return Math.abs(actual) < 1e-12;
  return Math.abs(actual - expected) <= 0.03 * Math.abs(expected);
}

/** Settings of a baseline column, keeping only those alnm's Settings knows (drops additionalInfo etc. not needed). */
export function baselineSettings(b: Baseline, column: string): Record<string, unknown> {
  const s = { ...b.settings[column] };
  return s;
}

import { readVolume } from '../../src/io/read.js';
import { paramsFromObject } from '../../src/radiomics/settings.js';
import { extractFeatures } from '../../src/radiomics/extract.js';
import type { Volume } from '../../src/io/volume.js';

const cache = new Map<string, Promise<Volume>>();
export function caseVolume(name: string, kind: 'image' | 'label'): Promise<Volume> {
  const f = data('pyradiomics', `${name}_${kind}.nrrd`);
  if (!cache.has(f)) cache.set(f, readVolume(f));
  return cache.get(f)!;
}

/** Settings keys in PyRadiomics' dumps that are not extraction settings (dropped before makeSettings). */
const NOT_SETTINGS = new Set<string>([]);

/**
 * Extract one feature class for one baseline column with that column's settings, as alnm does.
 * Returns a map from full feature name (`original_glcm_Contrast`) to value.
 */
export async function extractColumn(b: Baseline, cls: string, column: string): Promise<Map<string, number>> {
  const setting: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b.settings[column])) if (!NOT_SETTINGS.has(k)) setting[k] = v;
  const params = paramsFromObject({ setting, featureClass: { [cls]: [] } }, `baseline ${column}`);
  const c = caseOf(column);
  const row = extractFeatures(await caseVolume(c, 'image'), await caseVolume(c, 'label'), params, { image: c, mask: c });
  return new Map(row.names.map((n, i) => [n, row.values[i]]));
}

/** Columns of issue 2 (no resampling/normalisation/resegmentation preprocessing). */
export const PLAIN_COLUMNS = ['brain1', 'brain1_2d', 'brain1_FBN', 'brain1_combined', 'brain1_flatRegion', 'brain2', 'brain2_2d', 'brain2_FBN', 'brain2_combined', 'brain2_flatRegion'];
