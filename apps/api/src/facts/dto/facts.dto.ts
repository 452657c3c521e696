import { ApiProperty } from '@nestjs/swagger';
import { OPERATOR_NAMES } from '@leadflow/domain';

export class FactDto {
  @ApiProperty({ example: 'company_size' })
  name!: string;

  @ApiProperty({ enum: ['string', 'number', 'date', 'string[]', 'object', 'boolean'], example: 'string' })
  type!: string;

  @ApiProperty({ enum: ['lead', 'enrichment', 'computed', 'custom'], example: 'lead' })
  source!: string;

  @ApiProperty({ example: 'company size: a bucket such as "51-200", or a number' })
  description!: string;

  @ApiProperty({
    enum: OPERATOR_NAMES,
    isArray: true,
    example: ['equals', 'in_list', 'is_empty'],
    description: 'The operators that mean something for this fact type.',
  })
  operators!: string[];
}

export class OperatorDto {
  @ApiProperty({ enum: OPERATOR_NAMES, example: 'in_list' })
  name!: string;

  @ApiProperty({
    enum: ['none', 'scalar', 'string', 'number', 'list', 'range', 'regex'],
    example: 'list',
    description:
      'What `value` must be: none, a scalar, a string, a number or date, a list, [low, high], a regex.',
  })
  operand!: string;

  @ApiProperty({ example: 'fact is one of the values (array fact: any overlap)' })
  description!: string;
}

export class FactCatalogDto {
  @ApiProperty({ type: [FactDto] })
  facts!: FactDto[];

  @ApiProperty({ type: [OperatorDto] })
  operators!: OperatorDto[];

  @ApiProperty({
    example: '<activity type>_count',
    description: 'Besides the listed facts, every activity type T yields a number fact T_count.',
  })
  activity_count_facts!: string;

  @ApiProperty({
    enum: OPERATOR_NAMES,
    isArray: true,
    example: ['equals', 'greater_than', 'between'],
    description: 'Operators for the implied <type>_count facts (numbers).',
  })
  activity_count_operators!: string[];
}
