/** GET lead-scores/stage_trend/: per UTC day, the leads entering, leaving and in each stage at its end. */
export interface StageTrend {
  days: number;
  stages: string[];
  trend: { date: string; stages: Record<string, { entered: number; left: number; leads: number }> }[];
}

/** Chart rows: one per day (`MM-DD`) with a field per stage holding the leads in it at the day's end. */
export function stageTrendRows(trend: StageTrend): Record<string, string | number>[] {
  return trend.trend.map((day) => ({
    day: day.date.slice(5),
    ...Object.fromEntries(trend.stages.map((stage) => [stage, day.stages[stage]?.leads ?? 0])),
  }));
}

/** Leads that entered each stage over the whole window, for the card's one-line summary. */
export function enteredInWindow(trend: StageTrend): { stage: string; entered: number }[] {
  return trend.stages.map((stage) => ({
    stage,
    entered: trend.trend.reduce((sum, day) => sum + (day.stages[stage]?.entered ?? 0), 0),
  }));
}
