import { ApiProperty } from '@nestjs/swagger';
import type { ErrorBody } from './error-response';

/** One problem of an error body, as toErrorBody writes it. */
export class FieldErrorDto {
  @ApiProperty({
    example: 'lead_ids',
    description:
      'Dotted path of the field at fault; "" for the request as a whole. Inside a rule set, items are named: ' +
      '`criteria["Marketing Qualified Lead"].minimum_score`.',
  })
  field!: string;

  @ApiProperty({
    required: false,
    example: '/criteria/3/minimum_score',
    description:
      'JSON pointer into the request body; given when `field` names an item of a rule set by name.',
  })
  pointer?: string;

  @ApiProperty({ example: 'each value in lead_ids must be an integer number' })
  message!: string;

  @ApiProperty({
    example: 'isInt',
    description: 'A machine-readable name of the problem (a failed constraint, or e.g. REDIS_UNAVAILABLE).',
  })
  code!: string;
}

/** The schema of the one error body every 4xx and 5xx answer has (see ErrorBody). */
export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ example: 400 })
  status_code!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'The request is not valid' })
  message!: string;

  @ApiProperty({ type: [FieldErrorDto], description: 'Every problem found; empty when none names a field.' })
  errors!: FieldErrorDto[];
}
