import type { FieldProblem } from './errors';

/**
 * A lead's outcome: won or lost, on a date, with an optional amount and reason. Analytics read the score a
 * lead had at its outcome date, so the date is what a sale's timing is measured from, not when it was typed.
 */
export const OUTCOMES = ['won', 'lost'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface LeadOutcome {
  /** null: the lead is open again (an outcome cleared) */
  outcome: Outcome | null;
  outcome_at: Date | null;
  amount: number | null;
  reason: string | null;
}

/** Where an outcome change came from, kept in its history. */
export const OUTCOME_SOURCES = ['api', 'import', 'action', 'cli'] as const;
export type OutcomeSource = (typeof OUTCOME_SOURCES)[number];

export const MAX_OUTCOME_REASON = 500;
export const NO_OUTCOME: LeadOutcome = Object.freeze({
  outcome: null,
  outcome_at: null,
  amount: null,
  reason: null,
});

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

const KNOWN_FIELDS = new Set(['outcome', 'date', 'amount', 'reason']);

/**
 * Reads an outcome document `{outcome, date?, amount?, reason?}` (the API body, an import row's columns, a
 * CLI call), listing every problem. `date` defaults to `now`; a future date is refused, since analytics
 * read the history up to it. `outcome: null` clears the outcome.
 */
export function readOutcome(
  doc: unknown,
  now: Date,
  pointer = '',
): { value: LeadOutcome | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const add = (at: string, code: string, message: string) =>
    problems.push({ pointer: `${pointer}/${at}`, code, message });
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return {
      value: null,
      problems: [
        {
          pointer,
          code: 'INVALID_TYPE',
          message: 'an outcome is an object: {outcome, date, amount, reason}',
        },
      ],
    };
  }
  const record = doc as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN_FIELDS.has(key)) add(key, 'UNKNOWN_FIELD', `unknown field "${key}"`);
  }
  const { outcome, date, amount, reason } = record;
  if (!('outcome' in record)) add('outcome', 'REQUIRED', 'outcome is required: "won", "lost" or null');
  else if (outcome !== null && !isOutcome(outcome))
    add('outcome', 'INVALID_ENUM', 'outcome must be "won", "lost" or null');
  let at: Date | null = now;
  if (date !== undefined && date !== null) {
    at = typeof date === 'string' && !Number.isNaN(Date.parse(date)) ? new Date(date) : null;
    if (at === null) add('date', 'INVALID_DATE', 'date must be an ISO-8601 date');
    else if (at.getTime() > now.getTime()) add('date', 'OUT_OF_RANGE', 'date must not be in the future');
  }
  const validAmount =
    amount === undefined ||
    amount === null ||
    (typeof amount === 'number' && Number.isFinite(amount) && amount >= 0);
  if (!validAmount) add('amount', 'OUT_OF_RANGE', 'amount must be a number of at least 0');
  const validReason =
    reason === undefined ||
    reason === null ||
    (typeof reason === 'string' && reason.length <= MAX_OUTCOME_REASON);
  if (!validReason)
    add('reason', 'INVALID_TYPE', `reason must be text of at most ${MAX_OUTCOME_REASON} characters`);
  if (problems.length > 0) return { value: null, problems };
  if (outcome === null) return { value: NO_OUTCOME, problems };
  return {
    value: {
      outcome: outcome as Outcome,
      outcome_at: at,
      amount: typeof amount === 'number' ? amount : null,
      reason: typeof reason === 'string' && reason.trim() !== '' ? reason.trim() : null,
    },
    problems,
  };
}

/** Whether two outcomes say the same thing (setting it again records nothing). */
export function sameOutcome(a: LeadOutcome, b: LeadOutcome): boolean {
  return (
    a.outcome === b.outcome &&
    (a.outcome_at?.getTime() ?? null) === (b.outcome_at?.getTime() ?? null) &&
    a.amount === b.amount &&
    a.reason === b.reason
  );
}
