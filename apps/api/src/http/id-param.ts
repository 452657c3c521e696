import { Param, type PipeTransform } from '@nestjs/common';
import { DomainError, ErrorCode } from '@leadflow/domain';

const INTEGER_ID = /^[1-9]\d{0,14}$/;

/** Path ids are positive integers; anything else is a 400 naming the parameter, never a cast error. */
export class ParseIdPipe implements PipeTransform<string, number> {
  constructor(private readonly name: string) {}

  transform(value: string): number {
    if (!INTEGER_ID.test(value)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `${this.name} must be a positive integer`, [
        { pointer: `/${this.name}`, code: 'isInt', message: `${this.name} must be a positive integer` },
      ]);
    }
    return Number(value);
  }
}

/** `@IdParam() id: number` for `:id`, or `@IdParam('lead_id')`. */
export const IdParam = (name = 'id') => Param(name, new ParseIdPipe(name));
