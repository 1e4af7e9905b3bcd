/**
 * PyRadiomics' baselines for the preprocessing columns (issue 3): `_resampling` (B-spline to 2 mm with
 * padDistance), `_normalization` (normalize, normalizeScale 100) and `_resegmentation` (sigma mode, [-3, 3])
 * of brain1 and brain2, every feature of every class within PyRadiomics' own tolerance (3 % relative, exactly 0
 * where the baseline is 0), with the settings read from each column's diagnostics_Configuration_Settings.
 */
import { describe, expect, it } from 'vitest';
import { extractColumn, loadBaseline, withinPyRadiomicsTolerance } from './helpers/pyradiomics.js';

const COLUMNS = ['brain1_resampling', 'brain1_normalization', 'brain1_resegmentation', 'brain2_resampling', 'brain2_normalization', 'brain2_resegmentation'];
const CLASSES = ['firstorder', 'shape', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'];

describe.each(CLASSES)('PyRadiomics baseline with preprocessing: %s', (cls) => {
  const b = loadBaseline(cls);
  const columns = COLUMNS.filter((c) => b.columns.includes(c));
  it.each(columns)('%s: every feature within 3 percent', async (column) => {
    const got = await extractColumn(b, cls, column);
    const expected = Object.entries(b.features[column]).filter(([n]) => n.startsWith(`original_${cls}_`));
    expect(expected.length).toBeGreaterThan(0);
    const bad: string[] = [];
    let worst = 0;
    for (const [name, e] of expected) {
      const a = got.get(name);
      if (a === undefined || !withinPyRadiomicsTolerance(a, e)) bad.push(`${name}: ${a} vs ${e}`);
      else if (e !== 0) worst = Math.max(worst, Math.abs(a - e) / Math.abs(e));
    }
    expect(bad).toEqual([]);
    console.log(`${cls} ${column}: largest relative difference ${worst.toExponential(2)}`);
  });
});
