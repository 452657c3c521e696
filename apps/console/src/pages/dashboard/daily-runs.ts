/** Executions per day by how they ended, for the dashboard's "workflow runs over time" chart. */
export interface DailyRuns {
  day: string;
  completed: number;
  failed: number;
  other: number;
}

const FAILED = new Set(['failed', 'timed_out', 'cancelled']);

/** `YYYY-MM-DD` of an instant in UTC: days are the same for every viewer and for the API's filters. */
export const dayOf = (instant: Date): string => instant.toISOString().slice(0, 10);

/**
 * One entry per day from `days - 1` days before `today` up to `today` (oldest first, days without runs at
 * zero, so the axis is a true time axis), counting each run on the day it started.
 */
export function dailyRuns(
  runs: { status: string; started_at: string }[],
  today: Date,
  days: number,
): DailyRuns[] {
  const byDay = new Map<string, DailyRuns>();
  for (let back = days - 1; back >= 0; back -= 1) {
    const day = dayOf(new Date(today.getTime() - back * 86_400_000));
    byDay.set(day, { day, completed: 0, failed: 0, other: 0 });
  }
  for (const run of runs) {
    const entry = byDay.get(run.started_at.slice(0, 10));
    if (!entry) continue;
    if (run.status === 'completed') entry.completed += 1;
    else if (FAILED.has(run.status)) entry.failed += 1;
    else entry.other += 1;
  }
  return [...byDay.values()];
}
