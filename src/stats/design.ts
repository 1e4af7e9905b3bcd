/**
 * Design matrices from a clinical table: numeric variables enter as one column, categorical ones as
 * treatment (dummy) columns for every level except the reference, named `variable=level`.
 */
import type { Table } from '../util/csv.js';
import { AlnmError } from '../util/errors.js';
import { columnIsNumeric, requireNotConstant, sortedLevels, stringColumn } from './columns.js';

export interface VariableSpec {
  name: string;
  categorical: boolean;
  /** Levels in order, reference first (categorical only). */
  levels: string[];
  values: string[];
}

/**
 * Describe variables: a column is categorical when it is not entirely numeric, is listed in
 * `categorical`, or has a reference level in `reference`; the reference defaults to the first level in
 * sortedLevels order. Throws for unknown columns, missing values, constant columns, unknown reference levels.
 */
export function variableSpecs(t: Table, vars: readonly string[], reference: Record<string, string> = {}, categorical: readonly string[] = []): VariableSpec[] {
  for (const r of Object.keys(reference)) {
    if (!vars.includes(r)) throw new AlnmError(`--reference ${r}=...: "${r}" is not one of the variables (${vars.join(', ')})`);
  }
  return vars.map((name) => {
    const values = stringColumn(t, name);
    requireNotConstant(t, name, values);
    const isCat = categorical.includes(name) || name in reference || !columnIsNumeric(values);
    if (!isCat) return { name, categorical: false, levels: [], values };
    let levels = sortedLevels(values);
    const ref = reference[name];
    if (ref !== undefined) {
      if (!levels.includes(ref)) throw new AlnmError(`${t.file}: reference level "${ref}" not found in column "${name}" (levels: ${levels.join(', ')})`);
      levels = [ref, ...levels.filter((l) => l !== ref)];
    }
    return { name, categorical: true, levels, values };
  });
}

export interface Design {
  /** n × p column-major, first column the intercept. */
  X: Float64Array;
  n: number;
  names: string[];
  /** For each variable, the indices of its columns in X. */
  columnsOf: Map<string, number[]>;
}

/** Intercept plus the columns of `specs` (numeric as is, categorical as 0/1 dummies `name=level`). */
export function buildDesign(specs: readonly VariableSpec[], n: number): Design {
  const names = ['(Intercept)'];
  const columnsOf = new Map<string, number[]>();
  for (const s of specs) {
    const cols: number[] = [];
    if (s.categorical) {
      for (const l of s.levels.slice(1)) {
        cols.push(names.length);
        names.push(`${s.name}=${l}`);
      }
    } else {
      cols.push(names.length);
      names.push(s.name);
    }
    columnsOf.set(s.name, cols);
  }
  const p = names.length;
  const X = new Float64Array(n * p);
  X.fill(1, 0, n);
  for (const s of specs) {
    const cols = columnsOf.get(s.name)!;
    if (!s.categorical) {
      const off = cols[0] * n;
      for (let i = 0; i < n; i++) X[off + i] = Number(s.values[i]);
    } else {
      const idx = new Map(s.levels.slice(1).map((l, k) => [l, cols[k]]));
      for (let i = 0; i < n; i++) {
        const c = idx.get(s.values[i]);
        if (c !== undefined) X[c * n + i] = 1;
      }
    }
  }
  return { X, n, names, columnsOf };
}
