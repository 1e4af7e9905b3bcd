/**
 * Minimal RFC 4180 CSV: quoted fields, embedded commas, quotes and newlines; CRLF or LF.
 * Tables are arrays of string rows; `readTable` gives named columns.
 */
import { readFileSync } from 'node:fs';
import { fileError } from './errors.js';

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // BOM
  for (; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += c;
    } else if (c === '"') inQuotes = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (!(row.length === 1 && row[0] === '')) rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
  }
  return rows;
}

function quote(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Format a number for CSV: full precision (shortest round-trip), `NaN` for missing. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  return String(v);
}

export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((r) => r.map((v) => quote(typeof v === 'number' ? formatNumber(v) : v)).join(',')).join('\n') + '\n';
}

export interface Table {
  /** Column names, in file order. */
  columns: string[];
  /** One record per data row. */
  rows: Record<string, string>[];
  /** The record number of each row in the file (the header is 1), for messages. */
  rowNumbers: number[];
  /** The file it came from (for messages). */
  file: string;
}

export interface TableOptions {
  /**
   * As Python's csv.DictReader (which PyRadiomics' batch mode uses): a row with fewer fields than the header leaves
   * the missing trailing columns empty, and rows whose fields are all blank (",,," from spreadsheets) are skipped.
   * A row with more fields than the header is always an error.
   */
  lenient?: boolean;
}

/** Read a CSV with a header row into named records. Every row must have as many fields as the header (see `lenient`). */
export function readTable(file: string, opts: TableOptions = {}): Table {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw fileError(file, code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(e)})`);
  }
  return tableFromText(text, file, opts);
}

export function tableFromText(text: string, file = '<csv>', opts: TableOptions = {}): Table {
  const all = parseCsv(text);
  if (all.length === 0) throw fileError(file, 'empty CSV (no header row)');
  const columns = all[0].map((c) => c.trim());
  const rows: Record<string, string>[] = [];
  const rowNumbers: number[] = [];
  for (let r = 1; r < all.length; r++) {
    const fields = all[r];
    if (opts.lenient && fields.every((f) => f.trim() === '')) continue;
    if (fields.length > columns.length || (!opts.lenient && fields.length !== columns.length)) {
      throw fileError(file, `row ${r + 1} has ${fields.length} fields, the header has ${columns.length}`);
    }
    const rec: Record<string, string> = {};
    columns.forEach((c, k) => (rec[c] = fields[k] ?? ''));
    rows.push(rec);
    rowNumbers.push(r + 1);
  }
  return { columns, rows, rowNumbers, file };
}
