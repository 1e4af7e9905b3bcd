/**
 * R's cv.glmnet reference (../shared/data/reference/lasso_glmnet.json: `cv.glmnet(X, y, family = 'binomial',
 * alpha = 1, foldid = fold, type.measure = 'deviance' | 'auc')`) and its data (lasso_data.csv: x01..x50, y, fold).
 */
import { readFileSync } from 'node:fs';
import { tableFromText } from '../../src/util/csv.js';
import type { Matrix } from '../../src/learn/types.js';
import { data } from './data.js';

export interface RefBlock {
  lambda: number[];
  cvm: number[];
  cvsd: number[];
  lambda_min: number;
  lambda_1se: number;
  coef_min?: Record<string, number>;
  coef_1se?: Record<string, number>;
  nzero?: number[];
}

export const ref = JSON.parse(readFileSync(data('reference', 'lasso_glmnet.json'), 'utf8')) as { deviance: RefBlock; auc: RefBlock };
export const tab = tableFromText(readFileSync(data('reference', 'lasso_data.csv'), 'utf8'));
export const vars = tab.columns.filter((c) => /^x\d+$/.test(c));
export const X: Matrix = { rows: tab.rows.length, cols: vars.length, data: new Float64Array(tab.rows.length * vars.length), names: vars };
tab.rows.forEach((r, i) => vars.forEach((v, j) => (X.data[i * vars.length + j] = Number(r[v]))));
export const y = Float64Array.from(tab.rows, (r) => Number(r.y));
export const fold = Int32Array.from(tab.rows, (r) => Number(r.fold));
