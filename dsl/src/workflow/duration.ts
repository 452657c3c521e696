import { LIMITS } from '../limits';

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;
const MS = { week: 604_800_000, day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000 };

export type ParsedDuration = { ok: true; ms: number } | { ok: false; message: string };

/**
 * An ISO-8601 duration of fixed length (weeks, days, hours, minutes, seconds) -> milliseconds. Years and
 * months are refused: their length depends on the calendar, and a delay must mean the same on replay.
 */
export function parseIsoDuration(text: string): ParsedDuration {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) {
    // before the T, M means months (after it, minutes)
    const calendar = text.startsWith('P') && /\d[YM]/.test(text.split('T')[0] ?? '');
    return {
      ok: false,
      message: calendar
        ? `"${text}" uses years or months, whose length varies; use weeks or days (P30D)`
        : `"${text}" is not an ISO-8601 duration such as PT1H, PT30M or P2D`,
    };
  }
  const [, weeks, days, hours, minutes, seconds] = match;
  const ms =
    Number(weeks ?? 0) * MS.week +
    Number(days ?? 0) * MS.day +
    Number(hours ?? 0) * MS.hour +
    Number(minutes ?? 0) * MS.minute +
    Math.round(Number(seconds ?? 0) * MS.second);
  if (ms <= 0) return { ok: false, message: 'a delay must be longer than zero' };
  if (ms > LIMITS.maxDelayDays * MS.day)
    return { ok: false, message: `a delay may not exceed ${LIMITS.maxDelayDays} days` };
  return { ok: true, ms };
}
