/**
 * The paper's Table 2: univariate logistic regression of the outcome on each variable alone, then the
 * multivariable model with all variables together (R: glm(y ~ v, binomial) per v, then glm(y ~ v1 + ... )).
 */
import type { Table } from '../util/csv.js';
import { binaryOutcome } from './columns.js';
import { buildDesign, variableSpecs } from './design.js';
import { coefficientRows, fitLogistic, waldTest, type LogisticRow } from './logistic.js';

/** Joint Wald test of all levels of a multi-level categorical variable. */
export interface OverallTest {
  variable: string;
  model: 'univariate' | 'multivariable';
  chi2: number;
  df: number;
  p: number;
}

export interface LogisticAnalysis {
  n: number;
  events: number;
  univariate: LogisticRow[];
  multivariable: LogisticRow[];
  /** Overall Wald tests for categorical variables with more than two levels. */
  overall: OverallTest[];
  /** Fit warnings, each prefixed with the model ("univariate age: ..."). */
  warnings: string[];
}

export interface LogisticOptions {
  /** Reference level per categorical variable. */
  reference?: Record<string, string>;
  /** Numeric columns to treat as categorical. */
  categorical?: string[];
}

/** Univariate and multivariable logistic regression of a 0/1 `outcome` column on `vars`. */
export function logisticAnalysis(t: Table, outcome: string, vars: readonly string[], opts: LogisticOptions = {}): LogisticAnalysis {
  const y = binaryOutcome(t, outcome);
  const n = y.length;
  const specs = variableSpecs(t, vars, opts.reference ?? {}, opts.categorical ?? []);
  const overall: OverallTest[] = [];
  const warnings: string[] = [];
  const univariate: LogisticRow[] = [];
  for (const s of specs) {
    const d = buildDesign([s], n);
    const fit = fitLogistic(d.X, y, n, d.names);
    fit.warnings.forEach((w) => warnings.push(`univariate ${s.name}: ${w}`));
    univariate.push(...coefficientRows(fit));
    const cols = d.columnsOf.get(s.name)!;
    if (cols.length > 1) overall.push({ variable: s.name, model: 'univariate', ...waldTest(fit, cols) });
  }
  const d = buildDesign(specs, n);
  const fit = fitLogistic(d.X, y, n, d.names);
  fit.warnings.forEach((w) => warnings.push(`multivariable: ${w}`));
  for (const s of specs) {
    const cols = d.columnsOf.get(s.name)!;
    if (cols.length > 1) overall.push({ variable: s.name, model: 'multivariable', ...waldTest(fit, cols) });
  }
  return { n, events: y.reduce((a, b) => a + b, 0), univariate, multivariable: coefficientRows(fit), overall, warnings };
}
