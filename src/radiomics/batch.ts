/**
 * Batch extraction over a cases CSV (`ID,Image,Mask[,Label]`, paths relative to the CSV's folder, as in
 * PyRadiomics' batch mode), split across worker threads per case. One bad case is reported and skipped.
 */
import path from 'node:path';
import { readTable } from '../util/csv.js';
import { AlnmError, fileError } from '../util/errors.js';
import { runPool, workerScript } from '../util/pool.js';
import { extractCase, type CaseResult, type CaseSpec } from './case.js';
import { paramsFromObject } from './settings.js';
import type { WorkerJob } from './worker.js';

/** Read and check a cases CSV. */
export function readCases(file: string): CaseSpec[] {
  const t = readTable(file, { lenient: true });
  for (const c of ['ID', 'Image', 'Mask']) {
    if (!t.columns.includes(c)) {
      const hint = t.columns.length === 1 && /[;\t]/.test(t.columns[0]) ? '; the header is not comma-separated' : '';
      throw fileError(file, `cases CSV lacks the column "${c}" (needs ID,Image,Mask and optional Label${hint})`);
    }
  }
  const dir = path.dirname(path.resolve(file));
  const seen = new Set<string>();
  return t.rows.map((r, k) => {
    const row = t.rowNumbers[k];
    const id = r.ID.trim();
    if (!id) throw fileError(file, `row ${row} has an empty ID`);
    if (seen.has(id)) throw fileError(file, `ID "${id}" appears twice`);
    seen.add(id);
    // An empty path would resolve to the CSV's own folder (read as a DICOM series): say what is missing instead.
    for (const c of ['Image', 'Mask']) if (r[c].trim() === '') throw fileError(file, `row ${row} (ID ${id}) has an empty ${c}`);
    const spec: CaseSpec = { id, image: path.resolve(dir, r.Image.trim()), mask: path.resolve(dir, r.Mask.trim()) };
    if (t.columns.includes('Label') && r.Label.trim() !== '') {
      const l = Number(r.Label);
      if (!Number.isInteger(l) || l < 1) throw fileError(file, `row ${row} (ID ${id}): Label must be a positive integer, got "${r.Label}"`);
      spec.label = l;
    }
    const extra = t.columns.filter((c) => !['ID', 'Image', 'Mask', 'Label'].includes(c)).map((c): [string, string] => [c, r[c]]);
    if (extra.length) spec.extra = extra;
    return spec;
  });
}

export type CaseOutcome = { index: number; ok: true; result: CaseResult } | { index: number; ok: false; message: string };

export interface BatchOptions {
  jobs: number;
  diagnostics: boolean;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Extract every case. `paramsObject` is the parsed parameter file (sent as is to each worker).
 * Outcomes are in input order; with `jobs` 1 everything runs in this thread.
 */
export async function extractBatch(cases: CaseSpec[], paramsObject: unknown, source: string, opts: BatchOptions): Promise<CaseOutcome[]> {
  const params = paramsFromObject(paramsObject, source); // validate once, before any work
  let done = 0;
  const tick = () => opts.onProgress?.(++done, cases.length);
  if (opts.jobs <= 1 || cases.length <= 1) {
    const out: CaseOutcome[] = [];
    for (let i = 0; i < cases.length; i++) {
      try {
        out.push({ index: i, ok: true, result: await extractCase(cases[i], params, opts.diagnostics) });
      } catch (e) {
        if (!(e instanceof AlnmError)) throw e;
        out.push({ index: i, ok: false, message: e.message });
      }
      tick();
    }
    return out;
  }
  const jobs: WorkerJob[] = cases.map((spec, index) => ({ index, spec, params: paramsObject, source, diagnostics: opts.diagnostics }));
  return runPool<WorkerJob, CaseOutcome>(workerScript('../radiomics/worker.js'), jobs, opts.jobs, tick);
}
