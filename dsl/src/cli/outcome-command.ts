import { type ApiTarget, requestJson } from './api-client';
import { type CliIo, type OutputFormat, printJson } from './output';
import { UsageError } from './read-files';

export interface OutcomeCommandOptions {
  date?: string;
  amount?: string;
  reason?: string;
}

interface OutcomeAnswer {
  lead: number;
  outcome: string | null;
  outcome_at: string | null;
  history: unknown[];
}

/** The CLI's word for a lead without an outcome; the API's is null. */
const OPEN = 'open';

/**
 * `leadflow outcome <lead> won|lost|open`: records a lead's outcome through the API (which validates it and
 * keeps the change in the lead's outcome history, marked as coming from the CLI).
 */
export async function outcomeCommand(
  leadId: string,
  outcome: string,
  options: OutcomeCommandOptions & { target: ApiTarget; format: OutputFormat },
  io: CliIo,
): Promise<number> {
  if (!/^[1-9]\d*$/.test(leadId)) throw new UsageError(`the lead id must be a positive integer: ${leadId}`);
  if (!['won', 'lost', OPEN].includes(outcome)) throw new UsageError('the outcome is won, lost or open');
  const amount = options.amount === undefined ? undefined : Number(options.amount);
  if (amount !== undefined && !Number.isFinite(amount))
    throw new UsageError(`--amount is not a number: ${options.amount}`);
  const body = {
    outcome: outcome === OPEN ? null : outcome,
    ...(options.date !== undefined ? { date: options.date } : {}),
    ...(amount !== undefined ? { amount } : {}),
    ...(options.reason !== undefined ? { reason: options.reason } : {}),
  };
  const target = { ...options.target, headers: { ...options.target.headers, 'x-leadflow-client': 'cli' } };
  const answer = (await requestJson(target, 'POST', `/leads/${leadId}/outcome/`, body)) as OutcomeAnswer;
  if (options.format === 'json') printJson(io, { ok: true, ...answer });
  else {
    const state = answer.outcome === null ? OPEN : `${answer.outcome} on ${answer.outcome_at ?? '?'}`;
    io.stdout(`lead ${answer.lead}: ${state} (${answer.history.length} change(s) in its history)\n`);
  }
  return 0;
}
