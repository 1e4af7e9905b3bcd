import { readTable } from '../../util/csv.js';
import { logisticAnalysis } from '../../stats/logistic-analysis.js';
import { emit, parseCommandArgs, usageError, type Command } from '../command.js';

const usage = `Usage: alnm logistic --data D.csv --outcome COL --vars a,b,c [--reference VAR=LEVEL ...]
                     [--categorical a,b] [--out FILE]

Univariate (each variable alone) and multivariable (all together) logistic regression of a 0/1
outcome column, as R's glm(family = binomial): beta, SE, Wald z and p, odds ratio and Wald 95% CI
(confint.default). Non-numeric columns, columns in --categorical and columns given a --reference are
categorical: one term per non-reference level, named VAR=LEVEL; the reference defaults to the first
level (numeric order if all levels are numbers, else alphabetical).
Output: JSON {"n", "events", "univariate": [rows], "multivariable": [rows], "overall", "warnings"},
row {"term", "beta", "se", "z", "p", "or", "or_low", "or_high"}; "overall" holds joint Wald tests of
multi-level categorical variables. Written atomically to --out, or to stdout. Warnings (e.g. perfect
separation) are also printed to stderr.`;

export const command: Command = {
  name: 'logistic',
  summary: 'univariate and multivariable logistic regression (Table 2), as R glm',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(this, argv, {
      data: { type: 'string' },
      outcome: { type: 'string' },
      vars: { type: 'string' },
      reference: { type: 'string', multiple: true },
      categorical: { type: 'string' },
      out: { type: 'string' },
    });
    if (!values.data) throw usageError(this, '--data is required');
    if (!values.outcome) throw usageError(this, '--outcome is required');
    if (!values.vars) throw usageError(this, '--vars is required');
    const vars = splitList(values.vars);
    if (vars.length === 0) throw usageError(this, '--vars names no column');
    if (vars.includes(values.outcome)) throw usageError(this, `the outcome "${values.outcome}" cannot also be in --vars`);
    const reference: Record<string, string> = {};
    for (const r of values.reference ?? []) {
      const eq = r.indexOf('=');
      if (eq <= 0) throw usageError(this, `--reference ${r}: expected VAR=LEVEL`);
      reference[r.slice(0, eq)] = r.slice(eq + 1);
    }
    const table = readTable(values.data);
    const res = logisticAnalysis(table, values.outcome, vars, { reference, categorical: splitList(values.categorical ?? '') });
    for (const w of res.warnings) process.stderr.write(`alnm logistic: warning: ${values.data}: ${w}\n`);
    await emit(JSON.stringify(res, null, 2) + '\n', values.out);
    return 0;
  },
};

function splitList(s: string): string[] {
  return s
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
