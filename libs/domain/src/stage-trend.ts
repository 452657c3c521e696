import { DAY_MS } from './lead-facts';

/** A UTC day as a whole number (days since 1970-01-01): a key the storage server ranges over by index. */
export function utcDay(at: Date): number {
  return Math.floor(at.getTime() / DAY_MS);
}

/** The calendar date (YYYY-MM-DD, UTC) of a day number. */
export function utcDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** How many leads moved into and out of each stage on one UTC day. */
export interface DayFlows {
  day: number;
  entered: Readonly<Record<string, number>>;
  left: Readonly<Record<string, number>>;
}

/** One stage on one day of a trend. */
export interface StageOnDay {
  entered: number;
  left: number;
  /** leads in the stage at the end of the day */
  leads: number;
}

export interface StageTrendDay {
  date: string;
  stages: Record<string, StageOnDay>;
}

/** Adds the flows of the same day from several sources (the scoring's stage changes, workflows' moves). */
export function addFlows(day: number, sources: readonly DayFlows[]): DayFlows {
  const sum = (pick: (flows: DayFlows) => Readonly<Record<string, number>>) => {
    const total: Record<string, number> = {};
    for (const source of sources)
      for (const [stage, count] of Object.entries(pick(source))) total[stage] = (total[stage] ?? 0) + count;
    return total;
  };
  return { day, entered: sum((flows) => flows.entered), left: sum((flows) => flows.left) };
}

/**
 * Each day's moves per stage, and the leads in each stage at the end of each day, walked back from the
 * counts now: a day ends with the next day's count less what entered and plus what left on the next day.
 * `flows` covers consecutive days up to today, oldest first.
 */
export function stageTrend(
  flows: readonly DayFlows[],
  stages: readonly string[],
  leadsNow: Readonly<Record<string, number>>,
): StageTrendDay[] {
  const atEnd: Record<string, number> = Object.fromEntries(
    stages.map((stage) => [stage, leadsNow[stage] ?? 0]),
  );
  const days: StageTrendDay[] = [];
  for (let index = flows.length - 1; index >= 0; index--) {
    const day = flows[index] as DayFlows;
    const later = flows[index + 1];
    for (const stage of stages)
      if (later) atEnd[stage] = (atEnd[stage] ?? 0) - (later.entered[stage] ?? 0) + (later.left[stage] ?? 0);
    days.push({
      date: utcDate(day.day),
      stages: Object.fromEntries(
        stages.map((stage) => [
          stage,
          {
            entered: day.entered[stage] ?? 0,
            left: day.left[stage] ?? 0,
            leads: Math.max(0, atEnd[stage] ?? 0),
          },
        ]),
      ),
    });
  }
  return days.reverse();
}
