import dataset from './fixtures/conversion-dataset.json';
import expected from './fixtures/conversion-expected.json';
import { type AnalysedRule, conversionReport, type DecidedLead } from './conversion-report';
import { areaUnderCurve } from './model-quality';
import { ratioInterval, wilson } from './intervals';

/**
 * The figures of a fixed dataset against those statsmodels and scikit-learn compute for it
 * (fixtures/compute-expected.py made both files): rates and intervals to 1e-6, the fit to 1e-5 (lbfgs
 * stops at its own tolerance), suggested points exactly.
 */
const report = conversionReport(
  dataset.leads,
  dataset.rules as AnalysedRule[],
  dataset.stages,
  new Date('2026-12-05T00:00:00Z'),
  dataset.lambda,
);
const RATE = 6;

describe('conversion report on a fixed dataset, against statsmodels and scikit-learn', () => {
  it('counts the sample', () => {
    expect(report.sample).toEqual(expected.sample);
  });

  it.each(expected.rules.map((rule) => [rule.rule_id, rule] as const))(
    'gives rule %s the same win rates, Wilson intervals, lift interval and suggested points',
    (_id, want) => {
      const got = report.rules.find((rule) => rule.rule_id === want.rule_id);
      expect(got?.matched).toBe(want.matched);
      for (const side of ['win_rate_matched', 'win_rate_unmatched'] as const) {
        expect(got?.[side].rate).toBeCloseTo(want[side].rate, RATE);
        expect(got?.[side].low).toBeCloseTo(want[side].low, RATE);
        expect(got?.[side].high).toBeCloseTo(want[side].high, RATE);
      }
      expect(got?.lift?.ratio).toBeCloseTo(want.lift.ratio, RATE);
      expect(got?.lift?.low).toBeCloseTo(want.lift.low, RATE);
      expect(got?.lift?.high).toBeCloseTo(want.lift.high, RATE);
      expect(got?.no_evidence).toBe(want.no_evidence);
      expect(got?.coefficient).toBeCloseTo(want.coefficient, 5);
      expect(got?.suggested_points).toBe(want.suggested_points);
    },
  );

  it('fits the same intercept, and scores the held-out leads with the same AUC', () => {
    expect(report.model?.intercept).toBeCloseTo(expected.intercept, 5);
    expect(report.model?.converged).toBe(true);
    expect(report.model?.held_out_size).toBe(expected.held_out.size);
    expect(report.model?.held_out_auc).toBeCloseTo(expected.held_out.auc, RATE);
  });

  it('measures the score at the outcome date as scikit-learn does: AUC, calibration, thresholds', () => {
    expect(report.quality.auc).toBeCloseTo(expected.auc, RATE);
    report.quality.by_score.forEach((row, i) => {
      const want = expected.by_score[i];
      expect(row.label).toBe(want?.label);
      expect(row.total).toBe(want?.total);
      expect(row.rate).toBeCloseTo(want?.rate ?? NaN, RATE);
      expect(row.low).toBeCloseTo(want?.low ?? NaN, RATE);
      expect(row.high).toBeCloseTo(want?.high ?? NaN, RATE);
    });
    expect(report.quality.best_thresholds.map((row) => row.threshold)).toEqual(
      expected.best_thresholds.map((row) => row.threshold),
    );
    report.quality.best_thresholds.forEach((row, i) => {
      expect(row.youden_j).toBeCloseTo(expected.best_thresholds[i]?.youden_j ?? NaN, RATE);
    });
    report.quality.stage_thresholds.forEach((row, i) => {
      const want = expected.stage_thresholds[i];
      expect(row.stage).toBe(want?.stage);
      expect(row.true_positive_rate).toBeCloseTo(want?.true_positive_rate ?? NaN, RATE);
      expect(row.false_positive_rate).toBeCloseTo(want?.false_positive_rate ?? NaN, RATE);
    });
  });

  it('gives the same figures for the same data, whatever order the leads come in', () => {
    const reversed = conversionReport(
      [...(dataset.leads as DecidedLead[])].reverse(),
      dataset.rules as AnalysedRule[],
      dataset.stages,
      new Date('2026-12-05T00:00:00Z'),
      dataset.lambda,
    );
    expect(reversed.rules.map((rule) => rule.suggested_points)).toEqual(
      report.rules.map((rule) => rule.suggested_points),
    );
    expect(reversed.quality).toEqual(report.quality);
  });
});

describe('intervals and AUC on hand-checked cases', () => {
  it('Wilson: 0 of 10 is [0, 0.2775], 5 of 10 is [0.2366, 0.7634]', () => {
    expect(wilson(0, 10).high).toBeCloseTo(0.277533, 6);
    expect(wilson(5, 10).low).toBeCloseTo(0.236593, 6);
    expect(wilson(5, 10).high).toBeCloseTo(0.763407, 6);
  });

  it('has no lift over a group that never won, and an open-ended one over a tiny group', () => {
    expect(ratioInterval(wilson(3, 10), wilson(0, 10))).toBeNull();
    expect(ratioInterval(wilson(3, 10), wilson(1, 1))?.high).not.toBeNull();
  });

  it('AUC: perfect separation is 1, reversed 0, all tied 0.5', () => {
    const of = (pairs: [number, boolean][]) => areaUnderCurve(pairs.map(([score, won]) => ({ score, won })));
    expect(
      of([
        [10, false],
        [90, true],
      ]),
    ).toBe(1);
    expect(
      of([
        [90, false],
        [10, true],
      ]),
    ).toBe(0);
    expect(
      of([
        [50, false],
        [50, true],
      ]),
    ).toBe(0.5);
    expect(of([[50, true]])).toBeNull();
  });
});
