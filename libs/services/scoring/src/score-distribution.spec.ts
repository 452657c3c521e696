import { distributionOf } from './score-distribution';

describe('distributionOf', () => {
  it('puts each score in its band of 20, 100 in the last, and averages to 2 decimals', () => {
    expect(distributionOf([0, 19, 20, 39, 40, 60, 79, 80, 100, 100])).toEqual({
      score_0_20: 2,
      score_20_40: 2,
      score_40_60: 1,
      score_60_80: 2,
      score_80_100: 3,
      avg_score: 53.7,
    });
    expect(distributionOf([10, 11, 11]).avg_score).toBe(10.67);
  });

  it('is all zeros for no scores', () => {
    expect(distributionOf([])).toEqual({
      score_0_20: 0,
      score_20_40: 0,
      score_40_60: 0,
      score_60_80: 0,
      score_80_100: 0,
      avg_score: 0,
    });
  });
});
