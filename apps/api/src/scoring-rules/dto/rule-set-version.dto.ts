import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';

export class RuleSetVersionSummaryDto {
  @ApiProperty({ example: 3 })
  version!: number;

  @ApiProperty({ example: 'scoring rule 5 updated' })
  reason!: string;

  @ApiProperty({ type: String, nullable: true, example: 'admin' })
  created_by!: string | null;

  @ApiProperty({ example: '2025-11-12T10:30:00.000Z' })
  created_at!: string;
}

export class RuleSetVersionDto extends RuleSetVersionSummaryDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Every rule as it was: id, name, rule_type, points, priority, is_active, source, compiled.',
  })
  rules!: Record<string, unknown>[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  criteria!: Record<string, unknown>[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { decay: { mode: 'half_life', half_life_days: 30, categories: ['behavioral', 'engagement'] } },
    description: 'The scoring settings (score decay) of this version; {"decay": null} when decay is off.',
  })
  settings!: Record<string, unknown>;
}

class SectionDiffDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  added!: unknown[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  removed!: unknown[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      '`{id, name, from, to, fields}` for each item present in both versions (paired by id, else by name) ' +
      'that differs; `fields` lists each changed field of its DSL document as `{field, from, to}` (`from` ' +
      'absent for an added field, `to` for a removed one).',
    example: [
      {
        id: 3,
        name: 'Target Industry',
        fields: [
          { field: 'points', from: 20, to: 25 },
          { field: 'value', from: '["SaaS"]', to: '["SaaS", "Fintech"]' },
        ],
      },
    ],
  })
  changed!: unknown[];
}

export class RuleSetDiffDto extends SectionDiffDto {
  @ApiProperty({ example: 1 })
  from!: number;

  @ApiProperty({ example: 3 })
  to!: number;

  @ApiProperty({ type: SectionDiffDto, description: 'The same comparison for qualification criteria.' })
  criteria!: SectionDiffDto;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: {
      from: { decay: null },
      to: { decay: { mode: 'half_life', half_life_days: 30, categories: ['behavioral', 'engagement'] } },
    },
    description: 'The scoring settings of both versions when they differ, else null.',
  })
  settings!: Record<string, unknown> | null;
}

export class RuleSetDiffQueryDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from!: number;

  @ApiProperty({ example: 3, minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to!: number;
}
