/**
 * Typed access to the columns of a clinical table (src/util/csv.ts `Table`) with the checks every
 * statistics command needs: unknown column, missing values (naming the file lines), constant columns.
 */
import type { Table } from '../util/csv.js';
import { AlnmError } from '../util/errors.js';

/** Cell values read as missing. */
const MISSING = new Set(['', 'na', 'nan', 'null', 'none', '.', '?']);

export function isMissing(v: string): boolean {
  return MISSING.has(v.trim().toLowerCase());
}

/** A finite decimal number (no hex, no empty string). */
export function isNumeric(v: string): boolean {
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v);
}

/** Throw unless every named column exists. */
export function requireColumns(t: Table, names: readonly string[]): void {
  for (const name of names) {
    if (!t.columns.includes(name)) throw new AlnmError(`${t.file}: unknown column "${name}" (columns: ${t.columns.join(', ')})`);
  }
}

function lineList(lines: number[]): string {
  const shown = lines.slice(0, 10).join(', ');
  return lines.length > 10 ? `${shown} and ${lines.length - 10} more` : shown;
}

/** Throw if the column has missing values, naming the file lines (header = line 1). */
export function requireComplete(t: Table, name: string): void {
  const lines: number[] = [];
  t.rows.forEach((r, i) => {
    if (isMissing(r[name])) lines.push(i + 2);
  });
  if (lines.length > 0) {
    throw new AlnmError(`${t.file}: column "${name}" has ${lines.length} missing value${lines.length > 1 ? 's' : ''} (line${lines.length > 1 ? 's' : ''} ${lineList(lines)})`);
  }
}

/** Trimmed string values of a complete column. */
export function stringColumn(t: Table, name: string): string[] {
  requireColumns(t, [name]);
  requireComplete(t, name);
  return t.rows.map((r) => r[name].trim());
}

/** Whether every value of the column is numeric. */
export function columnIsNumeric(values: readonly string[]): boolean {
  return values.every(isNumeric);
}

/** Numeric values of a complete column; throws naming the lines that are not numbers. */
export function numericColumn(t: Table, name: string): Float64Array {
  const s = stringColumn(t, name);
  const bad: number[] = [];
  const out = new Float64Array(s.length);
  s.forEach((v, i) => {
    if (!isNumeric(v)) bad.push(i + 2);
    out[i] = Number(v);
  });
  if (bad.length > 0) throw new AlnmError(`${t.file}: column "${name}" is not numeric (lines ${lineList(bad)})`);
  return out;
}

/** Throw if all values of the column are equal. */
export function requireNotConstant(t: Table, name: string, values: readonly string[] | ArrayLike<number>): void {
  const first = values[0];
  for (let i = 1; i < values.length; i++) if (values[i] !== first) return;
  throw new AlnmError(`${t.file}: column "${name}" is constant (${String(first)} in all ${values.length} rows)`);
}

/**
 * Levels of a categorical column in their default order: numeric order when every level is a number,
 * otherwise code-unit ("alphabetical", locale-independent) order.
 */
export function sortedLevels(values: readonly string[]): string[] {
  const levels = [...new Set(values)];
  if (levels.every(isNumeric)) return levels.sort((a, b) => Number(a) - Number(b));
  return levels.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A 0/1 outcome column; throws naming the column and the offending values otherwise. */
export function binaryOutcome(t: Table, name: string): Float64Array {
  const s = stringColumn(t, name);
  const y = new Float64Array(s.length);
  const bad: number[] = [];
  const badValues = new Set<string>();
  s.forEach((v, i) => {
    const x = isNumeric(v) ? Number(v) : NaN;
    if (x === 0 || x === 1) y[i] = x;
    else {
      bad.push(i + 2);
      badValues.add(v);
    }
  });
  if (bad.length > 0) {
    throw new AlnmError(`${t.file}: outcome column "${name}" must be 0/1; found ${[...badValues].slice(0, 5).map((v) => JSON.stringify(v)).join(', ')} (lines ${lineList(bad)})`);
  }
  const events = y.reduce((a, b) => a + b, 0);
  if (events === 0 || events === y.length) throw new AlnmError(`${t.file}: outcome column "${name}" is constant (all ${events === 0 ? 0 : 1}); need both 0 and 1`);
  return y;
}
