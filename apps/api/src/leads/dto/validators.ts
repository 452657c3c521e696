import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A string or a finite number: company_size ("51-200" or 120) and company_revenue ("$10M" or 10000000). */
export function IsStringOrNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringOrNumber',
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'string' && value.length <= 100) ||
          (typeof value === 'number' && Number.isFinite(value)),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a string (up to 100 characters) or a number`,
      },
    },
    options,
  );
}

/** A plain object whose values are strings: social_profiles ({"linkedin": "https://..."}). */
export function IsStringRecord(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringRecord',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.values(value).every((item) => typeof item === 'string' && item.length <= 500),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an object of strings`,
      },
    },
    options,
  );
}

/** A plain JSON object no larger than `maxBytes` once serialised (custom_fields, metadata). */
export function IsSmallObject(maxBytes: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSmallObject',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          JSON.stringify(value).length <= maxBytes,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a JSON object of at most ${maxBytes} bytes`,
      },
    },
    options,
  );
}
