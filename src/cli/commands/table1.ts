import { readTable, toCsv } from '../../util/csv.js';
import { table1 } from '../../stats/table1.js';
import { emit, parseCommandArgs, usageError, type Command } from '../command.js';

const usage = `Usage: alnm table1 --data D.csv --group COL [--vars a,b,c] [--categorical a,b] [--continuous a,b]
                   [--summary median|mean] [--digits 2] [--out FILE]

The paper's Table 1 as CSV: columns variable, level, overall, one column per group (GROUP=value),
statistic, p. The first row gives the counts n. Continuous variables: median (Q1, Q3) (or mean ± SD
with --summary mean) with Mann-Whitney W (2 groups; R wilcox.test, normal approximation) or Kruskal-Wallis H (> 2 groups).
Categorical variables: n (%) per level with Pearson chi-squared X2 (Yates for 2 x 2), or Fisher's
exact test (statistic empty) when an expected count is below 5. A column is categorical if it is not
numeric or has at most 5 distinct integer values, unless --categorical / --continuous say otherwise.
--vars defaults to every column but the group. Written atomically to --out, or to stdout.`;

export const command: Command = {
  name: 'table1',
  summary: 'baseline characteristics by group with tests (Table 1), as CSV',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(this, argv, {
      data: { type: 'string' },
      group: { type: 'string' },
      vars: { type: 'string' },
      categorical: { type: 'string' },
      continuous: { type: 'string' },
      digits: { type: 'string' },
      summary: { type: 'string' },
      out: { type: 'string' },
    });
    if (!values.data) throw usageError(this, '--data is required');
    if (!values.group) throw usageError(this, '--group is required');
    const digits = values.digits === undefined ? 2 : Number(values.digits);
    if (!Number.isInteger(digits) || digits < 0 || digits > 10) throw usageError(this, `--digits ${values.digits}: expected an integer 0..10`);
    const list = (s: string | undefined) => (s === undefined ? undefined : s.split(',').map((v) => v.trim()).filter((v) => v !== ''));
    const table = readTable(values.data);
    const summary = (values.summary ?? 'median') as 'median' | 'mean';
    if (summary !== 'median' && summary !== 'mean') throw usageError(this, `--summary ${values.summary}: expected median or mean`);
    const res = table1(table, values.group, { vars: list(values.vars), categorical: list(values.categorical), continuous: list(values.continuous), digits, summary });
    for (const w of res.warnings) process.stderr.write(`alnm table1: warning: ${values.data}: ${w}\n`);
    await emit(toCsv(res.rows), values.out);
    return 0;
  },
};
