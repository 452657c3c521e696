import { clampScore, computeScore, scoreChange } from './score';

describe('computeScore', () => {
  it('sums points per category, keeps negative sums and reports all four categories', () => {
    const result = computeScore([
      { category: 'firmographic', points: 20 },
      { category: 'firmographic', points: 15 },
      { category: 'behavioral', points: -10 },
    ]);
    expect(result).toEqual({
      score: 25,
      breakdown: { demographic: 0, behavioral: -10, firmographic: 35, engagement: 0 },
      capped: [],
    });
  });

  it('clamps the total to 0..100 but not the breakdown', () => {
    expect(
      computeScore([
        { category: 'engagement', points: 60 },
        { category: 'demographic', points: 70 },
      ]).score,
    ).toBe(100);
    const negative = computeScore([
      { category: 'engagement', points: -30 },
      { category: 'demographic', points: 10 },
    ]);
    expect(negative.score).toBe(0);
    expect(negative.breakdown.engagement).toBe(-30);
    expect(computeScore([]).score).toBe(0);
    expect([clampScore(-1), clampScore(50), clampScore(101)]).toEqual([0, 50, 100]);
  });
});

describe('scoreChange', () => {
  it('measures from 0 on the first calculation', () => {
    expect(scoreChange(68, undefined)).toEqual({ previous_score: 0, score_change: 68 });
    expect(scoreChange(68, 45)).toEqual({ previous_score: 45, score_change: 23 });
    expect(scoreChange(30, 45)).toEqual({ previous_score: 45, score_change: -15 });
  });
});
