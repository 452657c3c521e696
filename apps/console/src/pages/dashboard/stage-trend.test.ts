import { describe, expect, it } from 'vitest';
import { enteredInWindow, type StageTrend, stageTrendRows } from './stage-trend';

const trend: StageTrend = {
  days: 2,
  stages: ['mql', 'sql'],
  trend: [
    {
      date: '2026-12-04',
      stages: { mql: { entered: 4, left: 0, leads: 4 }, sql: { entered: 0, left: 0, leads: 0 } },
    },
    // a stage missing from a day reads as nothing moved and no lead in it
    { date: '2026-12-05', stages: { mql: { entered: 1, left: 2, leads: 3 } } },
  ],
};

describe('stageTrendRows', () => {
  it('gives one row per day with the leads in each stage at its end', () => {
    expect(stageTrendRows(trend)).toEqual([
      { day: '12-04', mql: 4, sql: 0 },
      { day: '12-05', mql: 3, sql: 0 },
    ]);
  });
});

describe('enteredInWindow', () => {
  it('sums the entries of each stage over the window', () => {
    expect(enteredInWindow(trend)).toEqual([
      { stage: 'mql', entered: 5 },
      { stage: 'sql', entered: 0 },
    ]);
  });
});
