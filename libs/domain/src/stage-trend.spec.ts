import { addFlows, stageTrend, utcDate, utcDay } from './stage-trend';

describe('utcDay', () => {
  it('numbers UTC days from 1970-01-01 and turns them back into dates', () => {
    expect(utcDay(new Date('1970-01-02T00:00:00Z'))).toBe(1);
    expect(utcDay(new Date('2026-12-05T23:59:59.999Z'))).toBe(utcDay(new Date('2026-12-05T00:00:00Z')));
    expect(utcDate(utcDay(new Date('2026-12-05T13:00:00Z')))).toBe('2026-12-05');
  });
});

describe('addFlows', () => {
  it('sums the moves of one day from several sources, stage by stage', () => {
    const sum = addFlows(5, [
      { day: 5, entered: { mql: 2 }, left: { unqualified: 2 } },
      { day: 5, entered: { mql: 1, sql: 1 }, left: { mql: 1 } },
    ]);
    expect(sum).toEqual({ day: 5, entered: { mql: 3, sql: 1 }, left: { unqualified: 2, mql: 1 } });
  });
});

describe('stageTrend', () => {
  it("walks the leads per stage back from today's counts through each later day's moves", () => {
    const trend = stageTrend(
      [
        { day: 10, entered: { mql: 4 }, left: {} },
        { day: 11, entered: { mql: 3, sql: 1 }, left: { mql: 1 } },
        { day: 12, entered: { sql: 2 }, left: { mql: 2 } },
      ],
      ['mql', 'sql'],
      { mql: 10, sql: 5 },
    );
    expect(trend.map((day) => day.date)).toEqual([utcDate(10), utcDate(11), utcDate(12)]);
    // today ends with the counts now; each earlier day undoes the day after it
    expect(trend[2]?.stages).toEqual({
      mql: { entered: 0, left: 2, leads: 10 },
      sql: { entered: 2, left: 0, leads: 5 },
    });
    expect(trend[1]?.stages).toEqual({
      mql: { entered: 3, left: 1, leads: 12 },
      sql: { entered: 1, left: 0, leads: 3 },
    });
    expect(trend[0]?.stages).toEqual({
      mql: { entered: 4, left: 0, leads: 10 },
      sql: { entered: 0, left: 0, leads: 2 },
    });
  });

  it('never draws fewer than no leads where the recorded moves outrun the counts (leads deleted since)', () => {
    const trend = stageTrend(
      [
        { day: 1, entered: {}, left: {} },
        { day: 2, entered: { sql: 3 }, left: {} },
      ],
      ['sql'],
      {
        sql: 1,
      },
    );
    expect(trend[0]?.stages.sql?.leads).toBe(0);
  });
});
