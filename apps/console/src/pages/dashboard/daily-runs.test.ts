import { describe, expect, it } from 'vitest';
import { dailyRuns } from './daily-runs';

describe('dailyRuns', () => {
  const today = new Date('2026-12-05T10:00:00Z');

  it('gives every day of the window, oldest first, with days without runs at zero', () => {
    const days = dailyRuns([], today, 3);
    expect(days.map((d) => d.day)).toEqual(['2026-12-03', '2026-12-04', '2026-12-05']);
    expect(days.every((d) => d.completed + d.failed + d.other === 0)).toBe(true);
  });

  it('counts each run on the UTC day it started, by how it ended, and drops runs outside the window', () => {
    const days = dailyRuns(
      [
        { status: 'completed', started_at: '2026-12-05T00:10:00Z' },
        { status: 'failed', started_at: '2026-12-05T09:00:00Z' },
        { status: 'timed_out', started_at: '2026-12-04T23:59:59Z' },
        { status: 'running', started_at: '2026-12-04T12:00:00Z' },
        { status: 'completed', started_at: '2026-11-01T12:00:00Z' },
      ],
      today,
      2,
    );
    expect(days).toEqual([
      { day: '2026-12-04', completed: 0, failed: 1, other: 1 },
      { day: '2026-12-05', completed: 1, failed: 1, other: 0 },
    ]);
  });
});
