import { ApiProperty } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { MAX_OUTCOME_REASON, OUTCOME_SOURCES, OUTCOMES } from '@leadflow/domain';

export const OUTCOME_BODY_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['outcome'],
  description:
    'Marks the lead won or lost (null clears it). `date` (default now, never in the future) is when it was ' +
    'decided: analytics read the score the lead had then, from its history.',
  properties: {
    outcome: { type: 'string', enum: [...OUTCOMES], nullable: true, example: 'won' },
    date: { type: 'string', format: 'date-time', example: '2026-02-20T15:00:00Z' },
    amount: { type: 'number', minimum: 0, nullable: true, example: 12000 },
    reason: {
      type: 'string',
      maxLength: MAX_OUTCOME_REASON,
      nullable: true,
      example: 'Signed the annual plan',
    },
  },
};

export const OUTCOME_EXAMPLES = {
  won: {
    summary: 'Won, with an amount',
    value: { outcome: 'won', date: '2026-02-20T15:00:00Z', amount: 12000, reason: 'Signed the annual plan' },
  },
  lost: { summary: 'Lost, with a reason', value: { outcome: 'lost', reason: 'Chose a competitor' } },
  reopen: { summary: 'Open again (clears the outcome)', value: { outcome: null } },
};

export class OutcomeChangeDto {
  @ApiProperty({ example: 3 })
  id!: number;

  @ApiProperty({ type: String, enum: [...OUTCOMES], nullable: true, example: 'won' })
  outcome!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-02-20T15:00:00.000Z' })
  outcome_at!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 12000 })
  amount!: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'Signed the annual plan' })
  reason!: string | null;

  @ApiProperty({ type: String, enum: [...OUTCOMES], nullable: true, example: null })
  previous_outcome!: string | null;

  @ApiProperty({
    enum: OUTCOME_SOURCES,
    example: 'api',
    description: 'api, import, action (a workflow) or cli',
  })
  source!: string;

  @ApiProperty({ type: String, nullable: true, example: 'admin' })
  changed_by!: string | null;

  @ApiProperty({ example: '2026-02-20T15:01:00.000Z' })
  changed_at!: string;
}

export class LeadOutcomeDto {
  @ApiProperty({ example: 123 })
  lead!: number;

  @ApiProperty({ type: String, enum: [...OUTCOMES], nullable: true, example: 'won' })
  outcome!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-02-20T15:00:00.000Z' })
  outcome_at!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 12000 })
  amount!: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'Signed the annual plan' })
  reason!: string | null;

  @ApiProperty({ type: [OutcomeChangeDto], description: 'Every change of the outcome, newest first.' })
  history!: OutcomeChangeDto[];
}
