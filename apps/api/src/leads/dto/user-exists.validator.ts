import { Injectable } from '@nestjs/common';
import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { UsersRepository } from '@leadflow/persistence';

/**
 * A user id in a body must name a user that exists: `owner_id` of nobody was stored before. Only integers
 * are looked up; the type is the other decorators' to check, so a bad value gets one message, not two.
 * Nest provides the repository (create-app registers its container with class-validator).
 */
@ValidatorConstraint({ name: 'userExists', async: true })
@Injectable()
export class UserExistsConstraint implements ValidatorConstraintInterface {
  constructor(private readonly users: UsersRepository) {}

  async validate(value: unknown): Promise<boolean> {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) return true;
    return (await this.users.findById(value)) !== null;
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} ${String(args.value)} is not the id of an existing user`;
  }
}

export function IsExistingUserId(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: UserExistsConstraint,
    });
  };
}
