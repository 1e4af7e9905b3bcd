/**
 * The paper's Table 1: each variable summarised overall and per group, with a test of difference
 * between groups. Continuous: median (Q1, Q3) (type-7 quartiles; or mean ± SD) and Mann-Whitney (2 groups) or
 * Kruskal-Wallis (> 2 groups). Categorical: n (%) per level (percent of the column) and Pearson
 * chi-squared (Yates-corrected for 2 × 2, as R's chisq.test default), or Fisher's exact test when any
 * expected count is below 5.
 */
import type { Table } from '../util/csv.js';
import { AlnmError } from '../util/errors.js';
import { columnIsNumeric, requireColumns, requireNotConstant, sortedLevels, stringColumn } from './columns.js';
import { chiSquaredTest, crosstab, expectedCounts, fisherExact } from './contingency.js';
import { formatCount, formatMeanSd, formatMedianIqr, medianIqr } from './describe.js';
import { kruskalWallis, mannWhitney } from './nonparametric.js';

export interface Table1Options {
  /** Variables (default: every column except the group). */
  vars?: string[];
  /** Force these columns categorical / continuous (overrides the automatic rule). */
  categorical?: string[];
  continuous?: string[];
  /** Decimals of medians, quartiles and percents (default 2, as the paper). */
  digits?: number;
  /**
   * Summary of continuous variables: 'median' (median (Q1, Q3), the default, as the paper's Table 1) or 'mean'
   * (mean ± SD, n - 1). The test stays Mann-Whitney / Kruskal-Wallis either way.
   */
  summary?: 'median' | 'mean';
}

export type Table1Test = 'Mann-Whitney' | 'Kruskal-Wallis' | 'chi-squared' | 'chi-squared (Yates)' | 'Fisher';

export interface Table1Result {
  /** Header then rows: variable, level, overall, one column per group, statistic, p. */
  rows: (string | number)[][];
  /** The test used for each variable. */
  tests: Record<string, Table1Test>;
  warnings: string[];
}

/** Most distinct integer values a numeric column may have to be treated as categorical automatically. */
export const MAX_AUTO_LEVELS = 5;

/**
 * Whether a variable is categorical: listed in `categorical`; otherwise not if listed in `continuous`;
 * otherwise when it is not numeric or has at most MAX_AUTO_LEVELS distinct values, all integers.
 */
export function isCategorical(name: string, values: readonly string[], opts: Table1Options): boolean {
  if (opts.categorical?.includes(name)) return true;
  if (opts.continuous?.includes(name)) return false;
  if (!columnIsNumeric(values)) return true;
  const levels = new Set(values.map(Number));
  return levels.size <= MAX_AUTO_LEVELS && [...levels].every(Number.isInteger);
}

/** Build Table 1 of `t` by the column `group`. */
export function table1(t: Table, group: string, opts: Table1Options = {}): Table1Result {
  requireColumns(t, [group, ...(opts.vars ?? [])]);
  const vars = opts.vars ?? t.columns.filter((c) => c !== group);
  if (vars.includes(group)) throw new AlnmError(`${t.file}: the group column "${group}" cannot also be a variable`);
  if (opts.continuous) {
    for (const c of opts.continuous) if (!vars.includes(c)) throw new AlnmError(`--continuous ${c}: not one of the variables`);
  }
  const digits = opts.digits ?? 2;
  const g = stringColumn(t, group);
  requireNotConstant(t, group, g);
  const groups = sortedLevels(g);
  const N = g.length;
  const rows: (string | number)[][] = [['variable', 'level', 'overall', ...groups.map((l) => `${group}=${l}`), 'statistic', 'p']];
  const blanks = groups.map(() => '');
  rows.push(['n', '', N, ...groups.map((l) => g.filter((v) => v === l).length), '', '']);
  const tests: Record<string, Table1Test> = {};
  const warnings: string[] = [];

  for (const name of vars) {
    const values = stringColumn(t, name);
    requireNotConstant(t, name, values);
    if (!isCategorical(name, values, opts)) {
      if (!columnIsNumeric(values)) throw new AlnmError(`${t.file}: column "${name}" is not numeric but was given as continuous`);
      const x = Float64Array.from(values, Number);
      const byGroup = groups.map((l) => x.filter((_, i) => g[i] === l));
      let stat: number;
      let p: number;
      if (groups.length === 2) {
        ({ W: stat, p } = mannWhitney(byGroup[0], byGroup[1]));
        tests[name] = 'Mann-Whitney';
      } else {
        ({ H: stat, p } = kruskalWallis(byGroup));
        tests[name] = 'Kruskal-Wallis';
      }
      const mean = opts.summary === 'mean';
      const cell = (v: ArrayLike<number>) => (v.length === 0 ? '' : mean ? formatMeanSd(v, digits) : formatMedianIqr(medianIqr(v), digits));
      rows.push([name, mean ? 'mean ± SD' : 'median (Q1, Q3)', cell(x), ...byGroup.map(cell), stat, p]);
      continue;
    }
    const levels = sortedLevels(values);
    const counts = crosstab(values, g, levels, groups);
    const E = expectedCounts(counts);
    const sparse = E.some((r) => r.some((e) => e < 5));
    let stat: number | string = '';
    let p: number;
    if (sparse) {
      try {
        p = fisherExact(counts);
        tests[name] = 'Fisher';
      } catch (e) {
        if (!(e instanceof AlnmError)) throw e;
        const c = chiSquaredTest(counts);
        ({ X2: stat, p } = c);
        tests[name] = c.yates ? 'chi-squared (Yates)' : 'chi-squared';
        warnings.push(`${name}: expected counts below 5 but ${e.message}; reported the chi-squared test`);
      }
    } else {
      const c = chiSquaredTest(counts);
      ({ X2: stat, p } = c);
      tests[name] = c.yates ? 'chi-squared (Yates)' : 'chi-squared';
    }
    rows.push([name, '', '', ...blanks, stat, p]);
    const groupN = groups.map((_, j) => counts.reduce((s, r) => s + r[j], 0));
    levels.forEach((l, i) => {
      const total = counts[i].reduce((s, v) => s + v, 0);
      rows.push([name, l, formatCount(total, N, digits), ...counts[i].map((c, j) => formatCount(c, groupN[j], digits)), '', '']);
    });
  }
  return { rows, tests, warnings };
}
