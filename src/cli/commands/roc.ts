import { readTable, type Table } from '../../util/csv.js';
import { fileError } from '../../util/errors.js';
import { aucCiBootstrap, delongCi, delongPlacements, delongTest } from '../../eval/roc.js';
import { bestThresholds } from '../../eval/threshold.js';
import { emit, parseCommandArgs, usageError, type Command } from '../command.js';

const usage = `Usage: alnm roc --data D.csv --outcome COL --score A [--score B ...]
                [--ci delong|bootstrap] [--boot N] [--seed S] [--level L] [--out FILE]

ROC analysis of one or more scores against a binary outcome (0/1). A higher score means the
positive class (pROC direction '<'). For each score: AUC with 95% CI (DeLong, or stratified
bootstrap with N replicates (default 2000) from seed S (default 42)) and the Youden-optimal
threshold (midpoint between scores, as pROC coords 'best') with its sensitivity, specificity and
accuracy; for each pair of scores, the paired DeLong test. JSON to stdout, or atomically to --out.`;

const MISSING = new Set(['', 'na', 'nan', 'null']);
const isMissing = (v: string) => MISSING.has(v.trim().toLowerCase());

function column(t: Table, name: string): string[] {
  if (!t.columns.includes(name)) throw fileError(t.file, `column "${name}" not found (columns: ${t.columns.join(', ')})`);
  return t.rows.map((r) => r[name]);
}

/** Row numbers as in the file, the header being row 1. */
function rowList(rows: number[]): string {
  const shown = rows.slice(0, 10).map((r) => r + 2).join(', ');
  return rows.length > 10 ? `${shown} and ${rows.length - 10} more` : shown;
}

function checkMissing(t: Table, name: string, values: string[]): void {
  const miss: number[] = [];
  values.forEach((v, i) => isMissing(v) && miss.push(i));
  if (miss.length) throw fileError(t.file, `column "${name}" has ${miss.length} missing value(s), in row(s) ${rowList(miss)}; remove or impute them first`);
}

function numbers(t: Table, name: string): Float64Array {
  const raw = column(t, name);
  checkMissing(t, name, raw);
  return Float64Array.from(raw, (v, i) => {
    const x = Number(v.trim());
    if (!Number.isFinite(x)) throw fileError(t.file, `column "${name}" row ${i + 2}: "${v}" is not a finite number`);
    return x;
  });
}

function outcome(t: Table, name: string): Uint8Array {
  const raw = column(t, name);
  checkMissing(t, name, raw);
  const distinct = [...new Set(raw.map((v) => v.trim()))];
  const bad = distinct.filter((v) => Number(v) !== 0 && Number(v) !== 1);
  if (bad.length) {
    const shown = distinct.slice(0, 8).join(', ') + (distinct.length > 8 ? ', ...' : '');
    throw fileError(t.file, `outcome column "${name}" is not binary: found ${distinct.length} distinct values (${shown}); expected 0 and 1`);
  }
  const y = Uint8Array.from(raw, (v) => Number(v.trim()));
  let m = 0;
  for (const v of y) m += v;
  if (m === 0 || m === y.length) throw fileError(t.file, `outcome column "${name}" has only one class (all ${y.length} rows are ${y[0]}); ROC analysis needs both 0 and 1`);
  return y;
}

export const command: Command = {
  name: 'roc',
  summary: 'AUC with DeLong or bootstrap CI, Youden threshold, paired DeLong tests',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(this, argv, {
      data: { type: 'string' },
      outcome: { type: 'string' },
      score: { type: 'string', multiple: true },
      ci: { type: 'string' },
      boot: { type: 'string' },
      seed: { type: 'string' },
      level: { type: 'string' },
      out: { type: 'string' },
    });
    if (!values.data) throw usageError(this, '--data is required');
    if (!values.outcome) throw usageError(this, '--outcome is required');
    const scores = values.score ?? [];
    if (scores.length === 0) throw usageError(this, 'give at least one --score');
    if (new Set(scores).size !== scores.length) throw usageError(this, 'a --score column is given twice');
    const ci = values.ci ?? 'delong';
    if (ci !== 'delong' && ci !== 'bootstrap') throw usageError(this, `--ci must be delong or bootstrap, not "${ci}"`);
    const boot = values.boot === undefined ? 2000 : Number(values.boot);
    if (!Number.isInteger(boot) || boot < 10) throw usageError(this, `--boot must be an integer >= 10, not "${values.boot}"`);
    const seed = values.seed === undefined ? 42 : Number(values.seed);
    if (!Number.isSafeInteger(seed)) throw usageError(this, `--seed must be an integer, not "${values.seed}"`);
    const level = values.level === undefined ? 0.95 : Number(values.level);
    if (!(level > 0 && level < 1)) throw usageError(this, `--level must be in (0, 1), not "${values.level}"`);

    const t = readTable(values.data);
    if (t.rows.length === 0) throw fileError(t.file, 'no data rows');
    const y = outcome(t, values.outcome);
    const x = scores.map((s) => numbers(t, s));

    // DeLong placements once per score, shared by the CIs and the paired tests.
    const placements = ci === 'delong' || scores.length > 1 ? x.map((s) => delongPlacements(s, y)) : [];
    const curves = scores.map((name, k) => {
      const c = ci === 'delong' ? delongCi(placements[k], level) : aucCiBootstrap(x[k], y, { n: boot, seed, level });
      const best = bestThresholds(x[k], y, 'youden')[0];
      return { score: name, auc: c.auc, ci_low: c.low, ci_high: c.high, threshold: best.threshold, sensitivity: best.sensitivity, specificity: best.specificity, accuracy: best.accuracy };
    });
    const comparisons = [];
    for (let a = 0; a < scores.length; a++) {
      for (let b = a + 1; b < scores.length; b++) {
        const r = delongTest(placements[a], placements[b]);
        comparisons.push({ a: scores[a], b: scores[b], delta: r.delta, z: r.z, p: r.p });
      }
    }
    let cases = 0;
    for (const v of y) cases += v;
    const result = {
      data: values.data,
      outcome: values.outcome,
      cases,
      controls: y.length - cases,
      direction: 'higher score = positive (pROC direction "<")',
      ci: ci === 'delong' ? { method: 'delong', level } : { method: 'bootstrap', level, replicates: boot, seed, stratified: true },
      curves,
      comparisons,
    };
    await emit(JSON.stringify(result, null, 2) + '\n', values.out);
    return 0;
  },
};
