import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { GRADES } from '@leadflow/domain';

/** A grade filter of a list (`grade=B`, `minimum_grade=B`), one letter A–F. */
export function GradeQuery(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: GRADES, example: 'B', description }),
    IsOptional(),
    IsIn(GRADES, { message: 'a grade is one of A, B, C, D, F' }),
  );
}
