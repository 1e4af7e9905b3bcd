/**
 * Calibration and decision curves against R 4.2.2 (calls quoted) and closed forms worked by hand.
 * R data: d <- read.csv("rotterdam_scores.csv"); y <- d$node_positive; p <- plogis(0.3 + 0.8 * d$score_model)
 * (score_model is the linear predictor of glm(y ~ ..., binomial): coef(glm(y ~ d$score_model, binomial)) = (0, 1),
 * so p is miscalibrated by construction, with slope 1/0.8 = 1.25 and joint intercept -0.3/0.8 = -0.375).
 */
import { describe, expect, it } from 'vitest';
import { readTable } from '../src/util/csv.js';
import { bandwidthNrd0, brierScore, calibrationBins, hosmerLemeshow, recalibration, smoothCalibration } from '../src/eval/calibration.js';
import { decisionCurve } from '../src/eval/decision-curve.js';
import { data } from './helpers/data.js';
import { alnmErrorMessage } from './helpers/errors.js';

const table = readTable(data('reference', 'rotterdam_scores.csv'));
const y = Uint8Array.from(table.rows, (r) => Number(r.node_positive));
const p = Float64Array.from(table.rows, (r) => 1 / (1 + Math.exp(-(0.3 + 0.8 * Number(r.score_model)))));
const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);

describe('logistic recalibration', () => {
  it('summary(glm(y ~ 1, offset = qlogis(p), family = binomial))$coefficients: -0.29281109033971542 (SE 0.038142301343455406)', () => {
    const r = recalibration(p, y);
    close(r.intercept, -0.29281109033971542, 1e-12);
    close(r.seIntercept, 0.038142301343455406, 1e-8);
  });
  it('summary(glm(y ~ qlogis(p), family = binomial))$coefficients: -0.375 (SE 0.045450129329002373), slope 1.25 (SE 0.073483542985878419)', () => {
    const r = recalibration(p, y);
    close(r.slope, 1.25, 1e-12);
    close(r.interceptJoint, -0.375, 1e-12);
    // SEs to 1e-8: R's glm takes them from the weights of its last IRLS iterate (stopping at a relative deviance
    // change < 1e-8), not from the exact maximum; the coefficients themselves agree to 1e-12.
    close(r.seSlope, 0.073483542985878419, 1e-8);
    close(r.seInterceptJoint, 0.045450129329002373, 1e-8);
  });
  it('closed form: p equal to the observed rate everywhere -> intercept 0; y = (0, 1, 1, 0), p = 1/2 -> intercept 0', () => {
    const r = recalibration([0.5, 0.5, 0.5, 0.5], [0, 1, 1, 0]);
    close(r.intercept, 0, 1e-14);
    expect(Number.isNaN(r.slope)).toBe(true); // constant predictions: no slope to estimate
    // by hand: offset model logit(P) = a + 0, MLE a = logit(mean y) - 0 = 0; with p = 1/4 everywhere: a = logit(1/2) - logit(1/4) = log 3
    close(recalibration([0.25, 0.25, 0.25, 0.25], [0, 1, 1, 0]).intercept, Math.log(3), 1e-12);
  });
});

describe('Brier score', () => {
  it('mean((p - y)^2) = 0.22776251088376592', () => {
    close(brierScore(p, y), 0.22776251088376592, 1e-15);
  });
  it('by hand: p = (0.1, 0.9, 0.5), y = (0, 1, 1): (0.01 + 0.01 + 0.25)/3 = 0.09', () => {
    close(brierScore([0.1, 0.9, 0.5], [0, 1, 1]), 0.09, 1e-15);
  });
});

describe('Hosmer-Lemeshow (R: the body of ResourceSelection::hoslem.test(y, p, g = 10), package not installable here)', () => {
  // qq <- unique(quantile(p, probs = seq(0, 1, 1/g))); cutyhat <- cut(p, breaks = qq, include.lowest = TRUE)
  // observed <- xtabs(cbind(y0 = 1 - y, y1 = y) ~ cutyhat); expected <- xtabs(cbind(yhat0 = 1 - p, yhat1 = p) ~ cutyhat)
  // chisq <- sum((observed - expected)^2/expected); pchisq(chisq, g - 2, lower.tail = FALSE)
  it('chisq = 76.191483646312761, p = 2.8466412842711937e-13, df 8; group sizes, events and expected events', () => {
    const h = hosmerLemeshow(p, y, 10);
    close(h.statistic, 76.191483646312761, 1e-9);
    expect(h.df).toBe(8);
    expect(Math.abs(h.p / 2.8466412842711937e-13 - 1)).toBeLessThan(1e-6);
    expect(h.groups.map((g) => g.n)).toEqual([299, 298, 298, 298, 298, 298, 298, 298, 298, 299]); // as.vector(table(cutyhat))
    expect(h.groups.map((g) => g.observed)).toEqual([96, 113, 98, 117, 137, 166, 170, 194, 197, 258]); // observed[, 2]
    const e = [128.78481530864579, 132.05316361082589, 138.46146831785106, 144.22960175970908, 160.12500298562944, 189.2293508340546, 193.3816760934093, 200.27301764525831, 203.66410318523032, 255.45073715479865];
    h.groups.forEach((g, k) => close(g.expected, e[k], 1e-10)); // expected[, 2]
    // qq (the breaks)
    close(h.groups[0].lower, 0.3755685914929649, 1e-15);
    close(h.groups[9].upper, 0.87249320871365876, 1e-15);
    close(h.groups[4].upper, 0.62565405242469563, 1e-15);
  });
  it('by hand: p = 0.1, ..., 0.6, y = (0, 0, 1, 0, 1, 1), g = 3', () => {
    // breaks quantile(p, c(0, 1/3, 2/3, 1)) = 0.1, 0.2667, 0.4333, 0.6 -> groups {0.1, 0.2}, {0.3, 0.4}, {0.5, 0.6}
    // (O1 - E1)^2/E1 + (O0 - E0)^2/E0 per group: 0.09/0.3 + 0.09/1.7; 0.09/0.7 + 0.09/1.3; 0.81/1.1 + 0.81/0.9
    // R: C <- 0.3 + 0.09/1.7 + 0.09/0.7 + 0.09/1.3 + 0.81/1.1 + 0.9 = 2.1871070106364221; pchisq(C, 1, lower.tail = FALSE) = 0.13917049560095512
    const h = hosmerLemeshow([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [0, 0, 1, 0, 1, 1], 3);
    expect(h.groups.map((g) => [g.n, g.observed])).toEqual([
      [2, 0],
      [2, 1],
      [2, 2],
    ]);
    close(h.groups[1].lower, 0.26666666666666666, 1e-16);
    close(h.groups[1].upper, 0.43333333333333329, 1e-16);
    close(h.statistic, 2.1871070106364221, 1e-14);
    expect(h.df).toBe(1);
    close(h.p, 0.13917049560095512, 1e-14);
  });
  it('ties at the lowest break merge groups, as cut(unique(quantile(...))) does: p = 0.25 x4, 0.5 x2, 0.75 x4, g = 3 -> one group', () => {
    // quantile(pp, c(0, 1/3, 2/3, 1)) = 0.25, 0.25, 0.75, 0.75; unique -> breaks 0.25, 0.75 -> a single interval [0.25, 0.75]
    const h = hosmerLemeshow([0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75], [0, 1, 1, 0, 0, 0, 1, 1, 1, 0], 3);
    expect(h.groups.map((g) => g.n)).toEqual([10]);
  });
});

describe('binned and smoothed calibration curves', () => {
  it('uniform bins by hand: p = (0.05, 0.15, 0.15, 0.95), y = (0, 1, 0, 1), 10 bins -> 3 non-empty bins', () => {
    const b = calibrationBins([0.05, 0.15, 0.15, 0.95], [0, 1, 0, 1], 10, 'uniform');
    expect(b.map((x) => [x.n, x.observedRate])).toEqual([
      [1, 0],
      [2, 0.5],
      [1, 1],
    ]);
    close(b[1].meanPredicted, 0.15, 1e-15);
    close(b[1].lower, 0.1, 1e-15);
    close(b[1].upper, 0.2, 1e-15);
  });
  it('bw.nrd0(p) = 0.023836697766644949', () => {
    close(bandwidthNrd0(p), 0.023836697766644949, 1e-15);
  });
  it('ksmooth(p, y, kernel = "normal", bandwidth = bw.nrd0(p) / 0.3706506, x.points = c(0.35, 0.45, 0.5, 0.55, 0.65))$y', () => {
    const s = smoothCalibration(p, y, { x: [0.35, 0.45, 0.5, 0.55, 0.65] });
    const want = [0.53876579175305761, 0.35305657284914155, 0.37860865262672938, 0.39175097579593199, 0.59633811460297326];
    s.y.forEach((v, k) => close(v, want[k], 1e-12));
  });
  it('ksmooth(p, y, "normal", bandwidth = 0.02 / 0.3706506, x.points = c(0.2, 0.4, 0.6, 0.8))$y = NA, 0.3487..., 0.5663..., 0.8893...', () => {
    const s = smoothCalibration(p, y, { bandwidth: 0.02, x: [0.2, 0.4, 0.6, 0.8] });
    expect(Number.isNaN(s.y[0])).toBe(true); // nobody within 4 bandwidths of 0.2
    [0.34872438006678946, 0.56632439156081504, 0.88927205885519101].forEach((v, k) => close(s.y[k + 1], v, 1e-12));
  });
  it('closed form: constant outcome rate is reproduced exactly wherever defined; default grid is 0, 0.01, ..., 1', () => {
    const s = smoothCalibration([0.2, 0.3, 0.4, 0.5], [1, 1, 1, 1], { bandwidth: 0.1 });
    expect(s.x.length).toBe(101);
    for (const v of s.y) if (!Number.isNaN(v)) expect(v).toBe(1);
  });
});

describe('decision curve', () => {
  it('R: sapply(c(0.1, 0.3, 0.5, 0.55, 0.7), function(t) mean(p >= t & y == 1) - mean(p >= t & y == 0) * t / (1 - t)), and treat-all mean(y) - (1 - mean(y)) * t / (1 - t)', () => {
    const d = decisionCurve(p, y, [0.1, 0.3, 0.5, 0.55, 0.7]);
    const model = [0.46493777479692977, 0.312062853310338228, 0.163983903420523158, 0.125009315150160144, 0.056002682763246159];
    const all = [0.46493777479692977, 0.312062853310338228, 0.036887994634473564, -0.07012445040614057, -0.605186675609210578];
    model.forEach((v, k) => close(d.model[k], v, 1e-14));
    all.forEach((v, k) => close(d.treatAll[k], v, 1e-14));
    expect(Array.from(d.treatNone)).toEqual([0, 0, 0, 0, 0]);
  });
  it('by hand: p = (0.1, 0.4, 0.6, 0.8), y = (0, 0, 1, 1), N = 4', () => {
    // t = 0.5: treated {0.6, 0.8}: TP 2, FP 0 -> NB = 2/4 = 0.5; treat all: 0.5 - 0.5 * 1 = 0
    // t = 0.25: treated {0.4, 0.6, 0.8}: TP 2, FP 1 -> 0.5 - (1/4)(1/3) = 5/12; treat all: 0.5 - 0.5/3 = 1/3
    // t = 0.6: p >= t treats 0.6 and 0.8 (ties count as treated): 0.5 - 0 = 0.5; treat all: 0.5 - 0.5 * 1.5 = -0.25
    const d = decisionCurve([0.1, 0.4, 0.6, 0.8], [0, 0, 1, 1], [0.5, 0.25, 0.6]);
    close(d.model[0], 0.5, 1e-15);
    close(d.model[1], 5 / 12, 1e-15);
    close(d.model[2], 0.5, 1e-15);
    close(d.treatAll[0], 0, 1e-15);
    close(d.treatAll[1], 1 / 3, 1e-15);
    close(d.treatAll[2], -0.25, 1e-15);
    expect(d.prevalence).toBe(0.5);
  });
  it('default thresholds 0, 0.01, ..., 0.99; at t = 0 the model and treat-all both equal the prevalence', () => {
    const d = decisionCurve(p, y);
    expect(d.thresholds.length).toBe(100);
    close(d.model[0], d.prevalence, 1e-15);
    close(d.treatAll[0], d.prevalence, 1e-15);
  });
});

describe('bad input', () => {
  it('probabilities outside [0, 1], 0/1 where a logit is needed, non-binary outcome', () => {
    expect(alnmErrorMessage(() => brierScore([0.2, 1.2], [0, 1]))).toMatch(/predicted probability 1.2 at position 2 is not in \[0, 1\]/);
    expect(alnmErrorMessage(() => recalibration([0, 0.5], [0, 1]))).toMatch(/probability 0 at position 1 is not in \(0, 1\)/);
    expect(alnmErrorMessage(() => hosmerLemeshow([0.2, 0.5, 0.3], [0, 3, 1]))).toMatch(/outcome 3 at position 2 is not 0 or 1/);
    expect(alnmErrorMessage(() => decisionCurve([0.2, NaN], [0, 1]))).toMatch(/NaN at position 2/);
  });
});
