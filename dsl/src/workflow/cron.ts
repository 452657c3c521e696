/** minute hour day-of-month month day-of-week, with the names cron accepts for months and weekdays. */
const FIELDS = [
  { name: 'minute', min: 0, max: 59, names: [] as string[] },
  { name: 'hour', min: 0, max: 23, names: [] as string[] },
  { name: 'day of month', min: 1, max: 31, names: [] as string[] },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  // 0 and 7 are both Sunday
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
] as const;

type CronField = (typeof FIELDS)[number];

/**
 * Checks a five-field cron expression (the syntax Temporal Schedules accept in `cronExpressions`):
 * `*`, numbers, names, ranges `a-b`, steps `* /n` and `a-b/n`, and comma lists. Returns the first problem.
 */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5)
    return `cron needs 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`;
  for (const [index, part] of parts.entries()) {
    const field = FIELDS[index];
    if (!field) continue;
    for (const item of part.split(',')) {
      const issue = itemProblem(item, field);
      if (issue) return `${field.name} "${part}": ${issue}`;
    }
  }
  return undefined;
}

function itemProblem(item: string, field: CronField): string | undefined {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined || range === undefined || range === '') return 'malformed item';
  if (step !== undefined && !/^[1-9]\d{0,2}$/.test(step)) return `step "${step}" must be a positive integer`;
  if (range === '*') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return `malformed range "${range}"`;
  const values = bounds.map((bound) => valueOf(bound, field));
  if (values.some((value) => value === undefined)) return `values must be ${field.min}-${field.max}`;
  const [low, high] = values as number[];
  if (high !== undefined && low !== undefined && low > high) return `range "${range}" runs backwards`;
  return undefined;
}

function valueOf(text: string, field: CronField): number | undefined {
  const byName = (field.names as readonly string[]).indexOf(text.toLowerCase());
  if (byName >= 0) return byName + (field.name === 'month' ? 1 : 0);
  if (!/^\d{1,2}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

/** An IANA zone name the runtime knows ("Europe/Paris", "UTC"). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
