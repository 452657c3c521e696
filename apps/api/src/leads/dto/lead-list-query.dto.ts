import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Grade } from '@leadflow/domain';
import { GradeQuery } from '../../http/grade-query';
import { resolveAliases } from '../../http/query-aliases';
import { LEAD_ORDERING_FIELDS } from '@leadflow/persistence';
import { PaginationQueryDto } from '../../http/pagination';

export const LEAD_ORDERINGS = LEAD_ORDERING_FIELDS.flatMap((field) => [field, `-${field}`]);

/** A score bound of the list's filter, 0 to 100, under either of its names. */
function ScoreBound(description: string, example: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ example, minimum: 0, maximum: 100, description }),
    IsOptional(),
    Type(() => Number),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(0),
    Max(100),
  );
}

export class LeadListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 'new' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  status?: string;

  @ApiPropertyOptional({ example: 'mql', description: 'Leads currently in this stage.' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  qualification_stage?: string;

  @GradeQuery('Leads whose current grade is this letter.')
  grade?: Grade;

  @GradeQuery('Leads whose current grade is this letter or better (A is best).')
  minimum_grade?: Grade;

  @ApiPropertyOptional({
    enum: ['won', 'lost', 'open'],
    example: 'won',
    description: 'Leads with this outcome; open: leads without one.',
  })
  @IsOptional()
  @IsIn(['won', 'lost', 'open'])
  outcome?: 'won' | 'lost' | 'open';

  @ApiPropertyOptional({ example: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  owner_id?: number;

  @ScoreBound('Score at least this (the name lead-scores uses too).', 40)
  min_score?: number;

  @ScoreBound('Score at most this (the name lead-scores uses too).', 100)
  max_score?: number;

  @ScoreBound('Alias of min_score, kept for existing clients.', 40)
  score_min?: number;

  @ScoreBound('Alias of max_score, kept for existing clients.', 100)
  score_max?: number;

  @ApiPropertyOptional({
    example: 'acme',
    maxLength: 100,
    description: 'Case-insensitive text in first name, last name, email or company.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({
    enum: LEAD_ORDERINGS,
    example: '-score',
    default: '-created_at',
    description: 'Field to order by; a leading - orders descending.',
  })
  @IsOptional()
  @IsIn(LEAD_ORDERINGS)
  ordering?: string;
}

/**
 * The score range under the names every list uses (`min_score`/`max_score`, as lead-scores has them), with
 * the leads list's older `score_min`/`score_max` folded in as aliases. Both names of one bound, with two
 * different values, are a 400 rather than a guess.
 */
export function withScoreAliases(query: LeadListQueryDto): LeadListQueryDto {
  const range = resolveAliases(query, [
    ['min_score', 'score_min'],
    ['max_score', 'score_max'],
  ]);
  return Object.assign(new LeadListQueryDto(), query, {
    score_min: range.min_score,
    score_max: range.max_score,
  });
}
