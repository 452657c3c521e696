import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type LeadOutcome, type OutcomeSource, readOutcome } from '@leadflow/domain';
import { LeadsRepository, type OutcomeChangeRecord, outcomeOf } from '@leadflow/persistence';
import type { LeadOutcomeDto, OutcomeChangeDto } from './dto/outcome.dto';
import { leadNotFound } from './leads.service';

const iso = (at: Date | null) => (at === null ? null : at.toISOString());

function toChangeDto(change: OutcomeChangeRecord): OutcomeChangeDto {
  return {
    id: change.id,
    outcome: change.outcome,
    outcome_at: iso(change.outcome_at),
    amount: change.amount,
    reason: change.reason,
    previous_outcome: change.previous_outcome,
    source: change.source,
    changed_by: change.changed_by,
    changed_at: change.changed_at.toISOString(),
  };
}

/** Reads an outcome document or throws the 400 that lists every problem. */
export function outcomeOrThrow(document: unknown, now: Date, pointer = ''): LeadOutcome {
  const { value, problems } = readOutcome(document, now, pointer);
  if (value === null) {
    throw new DomainError(
      ErrorCode.VALIDATION_FAILED,
      `the outcome has ${problems.length} problem(s)`,
      problems,
    );
  }
  return value;
}

/** A lead's outcome (won/lost), set by the API, an import or the CLI; every change is kept in its history. */
@Injectable()
export class LeadOutcomeService {
  constructor(private readonly leads: LeadsRepository) {}

  async record(
    leadId: number,
    document: unknown,
    changedBy: string | null,
    source: OutcomeSource = 'api',
  ): Promise<LeadOutcomeDto> {
    const now = new Date();
    const outcome = outcomeOrThrow(document, now);
    const recorded = await this.leads.recordOutcome(leadId, outcome, source, changedBy, now);
    if (!recorded) throw leadNotFound(leadId);
    return this.get(leadId);
  }

  async get(leadId: number): Promise<LeadOutcomeDto> {
    const lead = await this.leads.findById(leadId);
    if (!lead) throw leadNotFound(leadId);
    const current = outcomeOf(lead);
    const history = await this.leads.outcomeHistory(leadId);
    return {
      lead: leadId,
      outcome: current.outcome,
      outcome_at: iso(current.outcome_at),
      amount: current.amount,
      reason: current.reason,
      history: history.map(toChangeDto),
    };
  }
}
