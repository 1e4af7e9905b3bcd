import { availableParallelism } from 'node:os';
import { rm } from 'node:fs/promises';
import { readCases, extractBatch } from '../../radiomics/batch.js';
import { extractCase, type CaseResult } from '../../radiomics/case.js';
import { loadParamsObject, paramsFromObject } from '../../radiomics/settings.js';
import { toCsv } from '../../util/csv.js';
import { AlnmError, EXIT, fileError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { emit, parseCommandArgs, usageError, type Command } from '../command.js';
import { progressBar } from '../progress.js';

const usage = `Usage:
  alnm extract --image I --mask M [--params P.yaml] [--label N] [--out F.csv|F.json] [--diagnostics]
  alnm extract --cases cases.csv [--params P.yaml] [--out features.csv] [--jobs N] [--diagnostics]

Radiomics features with PyRadiomics' definitions, defaults and names (original_glcm_Contrast ...).
  --params P.yaml   a PyRadiomics parameter file (setting, imageType, featureClass); default: all classes
  --label N         mask label to use (overrides the parameter file; batch: the Label column)
  --cases F.csv     batch: columns ID,Image,Mask[,Label], paths relative to the CSV's folder; any other
                    columns (outcome, cohort, clinical data) are copied into the output after ID
  --jobs N          batch: worker threads (default: the number of cores); output is the same for any N
  --diagnostics     add PyRadiomics-style diagnostics_* columns
  --out F           .csv (header + one row per case) or .json (single case); stdout when absent
In batch mode a failing case is reported on stderr and in <out>.errors.csv (ID,reason), the others are
extracted, and the exit code is 3.`;

function loadParams(file: string | undefined): { obj: unknown; source: string } {
  return file ? loadParamsObject(file) : { obj: {}, source: 'defaults' };
}

function row(r: CaseResult): { header: string[]; cells: (string | number)[] } {
  const d = r.diagnostics ?? [];
  return { header: [...d.map(([n]) => n), ...r.names], cells: [...d.map(([, v]) => v), ...r.values] };
}

export const command: Command = {
  name: 'extract',
  summary: 'radiomics features of one case or a batch (PyRadiomics-compatible)',
  usage,
  async run(argv) {
    const { values: a } = parseCommandArgs(this, argv, {
      image: { type: 'string' },
      mask: { type: 'string' },
      params: { type: 'string' },
      label: { type: 'string' },
      out: { type: 'string' },
      cases: { type: 'string' },
      jobs: { type: 'string' },
      diagnostics: { type: 'boolean' },
    });
    const { obj, source } = loadParams(a.params);
    let label: number | undefined;
    if (a.label !== undefined) {
      label = Number(a.label);
      if (!Number.isInteger(label) || label < 1) throw usageError(this, `--label must be a positive integer, got "${a.label}"`);
    }
    const out = a.out;
    if (out && !/\.(csv|json)$/i.test(out)) throw usageError(this, '--out must end in .csv or .json');
    if (a.cases) {
      if (a.image || a.mask) throw usageError(this, 'give either --cases or --image/--mask');
      if (out && /\.json$/i.test(out)) throw usageError(this, 'batch output is CSV');
      const jobs = a.jobs === undefined ? availableParallelism() : Number(a.jobs);
      if (!Number.isInteger(jobs) || jobs < 1) throw usageError(this, `--jobs must be a positive integer, got "${a.jobs}"`);
      const cases = readCases(a.cases).map((c) => (label !== undefined && c.label === undefined ? { ...c, label } : c));
      if (cases.length === 0) throw fileError(a.cases, 'no cases');
      const outcomes = await extractBatch(cases, obj, source, { jobs, diagnostics: !!a.diagnostics, onProgress: progressBar('extract') });
      const rows: (string | number)[][] = [];
      const errors: string[][] = [];
      let header: string[] | null = null;
      outcomes.forEach((o, i) => {
        const id = cases[i].id!;
        if (o.ok) {
          const r = row(o.result);
          // The cases CSV's other columns (outcome, cohort, clinical data) follow the ID, as PyRadiomics keeps them.
          const extra = cases[i].extra ?? [];
          header ??= ['ID', ...extra.map(([n]) => n), ...r.header];
          rows.push([id, ...extra.map(([, v]) => v), ...r.cells]);
        } else {
          errors.push([id, o.message]);
          process.stderr.write(`alnm extract: ${o.message}\n`);
        }
      });
      if (header) await emit(toCsv([header, ...rows]), out);
      if (out) {
        const errFile = `${out}.errors.csv`;
        if (errors.length) await writeFileAtomic(errFile, toCsv([['ID', 'reason'], ...errors]));
        else await rm(errFile, { force: true }); // no stale list from an earlier run
      }
      if (errors.length === cases.length) throw new AlnmError(`all ${cases.length} cases failed`, EXIT.partial);
      if (errors.length) {
        process.stderr.write(`alnm extract: ${errors.length} of ${cases.length} cases failed` + (out ? ` (listed in ${out}.errors.csv)` : '') + '\n');
        return EXIT.partial;
      }
      return EXIT.ok;
    }
    if (!a.image || !a.mask) throw usageError(this, 'give --image and --mask, or --cases');
    if (a.jobs !== undefined) throw usageError(this, '--jobs goes with --cases');
    const params = paramsFromObject(obj, source);
    const r = await extractCase({ image: a.image, mask: a.mask, label }, params, !!a.diagnostics);
    if (out && /\.json$/i.test(out)) {
      const o: Record<string, string | number | null> = {};
      for (const [n, v] of r.diagnostics ?? []) o[n] = v;
      r.names.forEach((n, i) => (o[n] = Number.isFinite(r.values[i]) ? r.values[i] : null));
      await emit(JSON.stringify(o, null, 2) + '\n', out);
    } else {
      const { header, cells } = row(r);
      await emit(toCsv([header, cells]), out);
    }
    return EXIT.ok;
  },
};
