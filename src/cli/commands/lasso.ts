import { availableParallelism } from 'node:os';
import { cvCoef, cvGlmnetAsync, type CvMeasure } from '../../learn/cv-glmnet.js';
import type { Matrix } from '../../learn/types.js';
import { isMissing, isNumeric, numericColumn, requireColumns, requireNotConstant } from '../../stats/columns.js';
import { readTable } from '../../util/csv.js';
import { AlnmError } from '../../util/errors.js';
import { emit, parseCommandArgs, usageError, type Command } from '../command.js';

const usage = `Usage: alnm lasso --data D.csv --outcome COL [--vars A,B,...] [--exclude C,...] [--folds 10]
                  [--foldid COL] [--seed S] [--measure deviance|auc|class] [--alpha 1] [--jobs N]
                  [--out FILE]

Cross-validated LASSO / elastic-net logistic regression, as R's
cv.glmnet(x, y, family = "binomial", alpha, foldid, type.measure). Predictors are standardised
internally; coefficients are reported on the original scale.

  --data D.csv      one row per patient
  --outcome COL     0/1 outcome (1 = event)
  --vars A,B,...    predictor columns (repeatable); default: every numeric column except the
                    outcome, the fold column and --exclude
  --exclude C,...   columns never used as predictors (e.g. an ID)
  --folds K         number of folds (default 10), assigned stratified by outcome with --seed
  --foldid COL      column of fold numbers 1..K (overrides --folds/--seed; reproduces an R run)
  --seed S          seed of the fold assignment (default 1)
  --measure M       deviance (default), auc or class (misclassification)
  --alpha A         elastic-net mixing, 1 = LASSO (default), 0 = ridge
  --jobs N          worker threads for the path fits (default: the number of cores); the output is
                    the same for any N
  --out FILE        write the JSON there (atomically) instead of stdout

Output (JSON): lambda, cvm, cvsd, nzero, lambda_min, lambda_1se, coef_min, coef_1se
({"(Intercept)": b0, VAR: b, ...}), measure, alpha, n, events, folds, warnings.`;

function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

export const command: Command = {
  name: 'lasso',
  summary: 'cross-validated LASSO / elastic-net logistic regression (cv.glmnet)',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(this, argv, {
      data: { type: 'string' },
      outcome: { type: 'string' },
      vars: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      folds: { type: 'string' },
      foldid: { type: 'string' },
      seed: { type: 'string' },
      measure: { type: 'string' },
      alpha: { type: 'string' },
      jobs: { type: 'string' },
      out: { type: 'string' },
    });
    if (!values.data) throw usageError(this, '--data is required');
    if (!values.outcome) throw usageError(this, '--outcome is required');
    const measure = (values.measure ?? 'deviance') as CvMeasure;
    if (!['deviance', 'auc', 'class'].includes(measure)) throw usageError(this, `--measure must be deviance, auc or class, not "${values.measure}"`);
    const alpha = values.alpha === undefined ? 1 : Number(values.alpha);
    if (!(alpha >= 0 && alpha <= 1)) throw usageError(this, `--alpha must be a number in [0, 1], not "${values.alpha}"`);
    const nfoldsOpt = values.folds === undefined ? 10 : Number(values.folds);
    if (!Number.isInteger(nfoldsOpt) || nfoldsOpt < 3) throw usageError(this, `--folds must be an integer >= 3, not "${values.folds}"`);
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isSafeInteger(seed)) throw usageError(this, `--seed must be an integer, not "${values.seed}"`);
    const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw usageError(this, `--jobs must be a positive integer, not "${values.jobs}"`);

    const t = readTable(values.data);
    const file = t.file;
    const outcome = values.outcome;
    const foldCol = values.foldid;
    requireColumns(t, [outcome, ...(foldCol ? [foldCol] : [])]);
    const excluded = new Set([outcome, ...(foldCol ? [foldCol] : []), ...list(values.exclude)]);
    requireColumns(t, list(values.exclude));
    let vars = list(values.vars);
    if (vars.length > 0) {
      requireColumns(t, vars);
      for (const v of vars) if (v === outcome || v === foldCol) throw new AlnmError(`${file}: column "${v}" is the outcome or fold column and cannot be a predictor`);
      if (new Set(vars).size !== vars.length) throw usageError(this, 'a --vars column is given twice');
    } else {
      vars = t.columns.filter((c) => {
        if (excluded.has(c)) return false;
        const present = t.rows.map((r) => r[c]).filter((v) => !isMissing(v));
        return present.length > 0 && present.every(isNumeric);
      });
      if (vars.length === 0) throw new AlnmError(`${file}: no numeric predictor columns besides the outcome`);
    }

    // Outcome: 0/1 only.
    const yv = numericColumn(t, outcome);
    const bad: number[] = [];
    yv.forEach((v, i) => {
      if (v !== 0 && v !== 1) bad.push(i + 2);
    });
    if (bad.length > 0) {
      const seen = [...new Set(bad.map((l) => t.rows[l - 2][outcome].trim()))].slice(0, 5);
      throw new AlnmError(`${file}: outcome "${outcome}" must be 0/1, found ${seen.map((s) => `"${s}"`).join(', ')} (line${bad.length > 1 ? 's' : ''} ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ` and ${bad.length - 10} more` : ''})`);
    }
    const n = yv.length;
    let events = 0;
    for (let i = 0; i < n; i++) events += yv[i];

    // Folds.
    let foldid: Int32Array | undefined;
    let nfolds = nfoldsOpt;
    if (foldCol) {
      const f = numericColumn(t, foldCol);
      const badF: number[] = [];
      f.forEach((v, i) => {
        if (!Number.isInteger(v) || v < 1) badF.push(i + 2);
      });
      if (badF.length > 0) throw new AlnmError(`${file}: fold column "${foldCol}" must hold integers 1..K (lines ${badF.slice(0, 10).join(', ')})`);
      foldid = Int32Array.from(f);
      nfolds = Math.max(...foldid);
      if (nfolds < 3) throw new AlnmError(`${file}: fold column "${foldCol}" has ${nfolds} folds; cv.glmnet needs at least 3`);
    }
    const minority = Math.min(events, n - events);
    if (minority < nfolds) {
      const which = events <= n - events ? `events (${outcome} = 1)` : `non-events (${outcome} = 0)`;
      throw new AlnmError(`${file}: only ${minority} ${which} for ${nfolds} folds; every fold needs both classes: use fewer folds`);
    }

    // Predictors: complete, numeric, not constant.
    const p = vars.length;
    const X: Matrix = { rows: n, cols: p, data: new Float64Array(n * p), names: vars };
    vars.forEach((v, j) => {
      const col = numericColumn(t, v);
      requireNotConstant(t, v, col);
      for (let i = 0; i < n; i++) X.data[i * p + j] = col[i];
    });

    let res;
    try {
      res = await cvGlmnetAsync(X, yv, { alpha, measure, foldid, nfolds, seed }, { jobs });
    } catch (e) {
      throw new AlnmError(`${file}: ${(e as Error).message}`);
    }
    const coef = (s: number): Record<string, number> => {
      const c = cvCoef(res, s);
      const o: Record<string, number> = { '(Intercept)': c.intercept };
      vars.forEach((v, j) => (o[v] = c.beta[j]));
      return o;
    };
    const out = {
      lambda: Array.from(res.lambda),
      cvm: Array.from(res.cvm),
      cvsd: Array.from(res.cvsd),
      nzero: Array.from(res.nzero),
      lambda_min: res.lambdaMin,
      lambda_1se: res.lambda1se,
      coef_min: coef(res.lambdaMin),
      coef_1se: coef(res.lambda1se),
      measure: res.measure,
      alpha,
      n,
      events,
      folds: nfolds,
      fold_assignment: foldCol ? `column ${foldCol}` : `stratified, seed ${seed}`,
      warnings: res.warnings,
    };
    await emit(JSON.stringify(out, null, 2) + '\n', values.out);
    return 0;
  },
};
