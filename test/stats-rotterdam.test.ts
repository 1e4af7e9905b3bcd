/**
 * Every test in ../shared/data/reference/rotterdam_tests.json (R 4.2.2 on clinical/rotterdam.csv,
 * node_positive = nodes > 0), each checked against the R call stored beside its value, plus a few
 * small-sample cases computed with R 4.2.2 (calls quoted).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chiSquaredTest, crosstab, fisher2x2, fisherExact } from '../src/stats/contingency.js';
import { quantile7, sorted } from '../src/stats/describe.js';
import { kruskalWallis, mannWhitney } from '../src/stats/nonparametric.js';
import { ksNormal } from '../src/stats/normality.js';
import { studentT, welchT } from '../src/stats/ttest.js';
import { readTable } from '../src/util/csv.js';
import { data } from './helpers/data.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);
interface RefTest {
  call: string;
  [k: string]: number | string;
}
const ref = JSON.parse(readFileSync(data('reference/rotterdam_tests.json'), 'utf8')) as Record<string, RefTest>;
const table = readTable(data('clinical/rotterdam.csv'));
const rows = table.rows;
const pos = rows.map((r) => (Number(r.nodes) > 0 ? 'TRUE' : 'FALSE'));
const age = rows.map((r) => Number(r.age));
/** R's formula interface: x = the FALSE group (first factor level), y = TRUE. */
const split = (x: number[], lab: string[]) => [x.filter((_, i) => lab[i] === 'FALSE'), x.filter((_, i) => lab[i] === 'TRUE')];
const [age0, age1] = split(age, pos);
const P = 1e-6; // p-values within 1e-6 relative

describe('rotterdam_tests.json', () => {
  it('mann_whitney_age', () => {
    const r = ref.mann_whitney_age;
    expect(r.call).toBe('wilcox.test(age ~ node_positive, exact=FALSE, correct=TRUE)');
    const got = mannWhitney(age0, age1);
    expect(got.W).toBe(r.W);
    expect(rel(got.p, r.p as number)).toBeLessThan(P);
  });
  it('kruskal_er_by_size', () => {
    const r = ref.kruskal_er_by_size;
    expect(r.call).toBe('kruskal.test(er ~ size)');
    const got = kruskalWallis(['<=20', '20-50', '>50'].map((s) => rows.filter((x) => x.size === s).map((x) => Number(x.er))));
    expect(got.df).toBe(r.df);
    expect(rel(got.H, r.H as number)).toBeLessThan(1e-10);
    expect(rel(got.p, r.p as number)).toBeLessThan(P);
  });
  const sizeTab = crosstab(rows.map((r) => r.size), pos, ['<=20', '20-50', '>50'], ['FALSE', 'TRUE']);
  const menoTab = crosstab(rows.map((r) => r.meno), pos, ['0', '1'], ['FALSE', 'TRUE']);
  it('chisq_size', () => {
    const r = ref.chisq_size;
    expect(r.call).toBe('chisq.test(table(size, node_positive))');
    const got = chiSquaredTest(sizeTab);
    expect(got.df).toBe(r.df);
    expect(rel(got.X2, r.X2 as number)).toBeLessThan(1e-10);
    expect(rel(got.p, r.p as number)).toBeLessThan(P);
  });
  it('chisq_meno_yates and chisq_meno_plain', () => {
    const y = ref.chisq_meno_yates;
    const n = ref.chisq_meno_plain;
    expect(y.call).toBe('chisq.test(table(meno, node_positive), correct=TRUE)');
    expect(n.call).toBe('chisq.test(table(meno, node_positive), correct=FALSE)');
    const gy = chiSquaredTest(menoTab, true);
    const gn = chiSquaredTest(menoTab, false);
    expect(gy.yates).toBe(true);
    expect(rel(gy.X2, y.X2 as number)).toBeLessThan(1e-10);
    expect(rel(gy.p, y.p as number)).toBeLessThan(P);
    expect(rel(gn.X2, n.X2 as number)).toBeLessThan(1e-10);
    expect(rel(gn.p, n.p as number)).toBeLessThan(P);
  });
  it('fisher_grade (2 x 2): p, and the conditional MLE odds ratio', () => {
    const r = ref.fisher_grade;
    expect(r.call).toBe('fisher.test(table(grade, node_positive))');
    const tab = crosstab(rows.map((x) => x.grade), pos, ['2', '3'], ['FALSE', 'TRUE']);
    const got = fisher2x2(tab);
    expect(rel(got.p, r.p as number)).toBeLessThan(P);
    expect(rel(fisherExact(tab), r.p as number)).toBeLessThan(P);
    // R finds the MLE with uniroot(tol = .Machine$double.eps^0.25 ≈ 1.2e-4), so it is only that close.
    expect(rel(got.oddsRatio, r.odds_ratio as number)).toBeLessThan(1e-4);
  });
  it('fisher_size_3x2', () => {
    const r = ref.fisher_size_3x2;
    expect(r.call).toBe('fisher.test(table(size, node_positive))');
    expect(rel(fisherExact(sizeTab), r.p as number)).toBeLessThan(P);
  });
  it('t_student_age and t_welch_age', () => {
    const s = ref.t_student_age;
    const w = ref.t_welch_age;
    expect(s.call).toBe('t.test(age ~ node_positive, var.equal=TRUE)');
    expect(w.call).toBe('t.test(age ~ node_positive)');
    const gs = studentT(age0, age1);
    const gw = welchT(age0, age1);
    expect(gs.df).toBe(s.df);
    expect(rel(gs.t, s.t as number)).toBeLessThan(1e-10);
    expect(rel(gs.p, s.p as number)).toBeLessThan(P);
    expect(rel(gw.t, w.t as number)).toBeLessThan(1e-10);
    expect(rel(gw.df, w.df as number)).toBeLessThan(1e-10);
    expect(rel(gw.p, w.p as number)).toBeLessThan(P);
  });
  it('ks_age_normal', () => {
    const r = ref.ks_age_normal;
    expect(r.call).toBe("ks.test(age, 'pnorm', mean(age), sd(age))");
    const got = ksNormal(age);
    expect(rel(got.D, r.D as number)).toBeLessThan(1e-10);
    // R computes 1 − (1 − p) with tol 1e-6 on the series: good to ~1e-8 relative here.
    expect(rel(got.p, r.p as number)).toBeLessThan(P);
  });
  it('quantiles_age_type7', () => {
    const r = ref.quantiles_age_type7;
    const s = sorted(age);
    expect(quantile7(s, 0.25)).toBe(r['25%']);
    expect(quantile7(s, 0.5)).toBe(r['50%']);
    expect(quantile7(s, 0.75)).toBe(r['75%']);
  });
});

describe('small samples (R 4.2.2; s <- d[1:40, ] of rotterdam.csv with node_positive <- nodes > 0)', () => {
  const s = rows.slice(0, 40);
  const spos = pos.slice(0, 40);
  const sage = age.slice(0, 40);
  it('fisher.test(table(s$size, s$node_positive))$p.value = 0.0350689955806747 (3 x 2, expected counts < 5)', () => {
    const tab = crosstab(s.map((r) => r.size), spos, ['<=20', '>50', '20-50'], ['FALSE', 'TRUE']);
    expect(tab).toEqual([[19, 4], [1, 1], [7, 8]]);
    expect(rel(fisherExact(tab), 0.0350689955806747)).toBeLessThan(P);
  });
  it('fisher.test(matrix(c(3,1,1,3,2,2,0,4,1),3))$p.value = 0.297785547785548 (3 x 3)', () => {
    expect(rel(fisherExact([[3, 3, 0], [1, 2, 4], [1, 2, 1]]), 0.297785547785548)).toBeLessThan(P);
  });
  it('kruskal.test(age ~ size, data=s): H = 0.349903445285, p = 0.839497548514', () => {
    const got = kruskalWallis(['<=20', '20-50', '>50'].map((l) => s.filter((r) => r.size === l).map((r) => Number(r.age))));
    expect(rel(got.H, 0.349903445285)).toBeLessThan(1e-10);
    expect(rel(got.p, 0.839497548514)).toBeLessThan(1e-10);
  });
  it('wilcox.test(age ~ node_positive, data=s, exact=FALSE, correct=TRUE)$p.value = 0.38559134589069', () => {
    const [a, b] = split(sage, spos);
    expect(rel(mannWhitney(a, b).p, 0.38559134589069)).toBeLessThan(P);
  });
  it('quantile(s$age, c(.25,.5,.75)) = 50.5, 55.5, 63', () => {
    const q = sorted(sage);
    expect([0.25, 0.5, 0.75].map((p) => quantile7(q, p))).toEqual([50.5, 55.5, 63]);
  });
  it('ks.test(c(1.2,3.4,2.2,5.1,0.3,2.8,4.4,1.9,3.3,2.5), "pnorm", 2.5, 1.4, exact=FALSE): D = 0.1341175708976, p = 0.993792280878', () => {
    const got = ksNormal([1.2, 3.4, 2.2, 5.1, 0.3, 2.8, 4.4, 1.9, 3.3, 2.5], 2.5, 1.4);
    expect(rel(got.D, 0.1341175708976)).toBeLessThan(1e-10);
    expect(rel(got.p, 0.993792280878)).toBeLessThan(1e-10);
  });
});
