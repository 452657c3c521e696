import { DomainError, ErrorCode } from '@leadflow/domain';
import { duplicateKeyConflict } from './duplicate-key';

/** The shape the driver gives a write refused by a unique index. */
function serverError(code: number, keyValue?: Record<string, unknown>): Error {
  return Object.assign(new Error(`E${code} duplicate key error`), {
    name: 'MongoServerError',
    code,
    ...(keyValue ? { keyValue } : {}),
  });
}

describe('duplicateKeyConflict', () => {
  it('is a CONFLICT naming every field the server names', () => {
    const conflict = duplicateKeyConflict(serverError(11000, { email: 'ada@example.com', tenant: 1 }));
    expect(conflict).toBeInstanceOf(DomainError);
    expect(conflict?.code).toBe(ErrorCode.CONFLICT);
    expect(conflict?.message).toBe('A record with the same unique value exists');
    expect(conflict?.problems).toEqual([
      { pointer: '/email', code: 'DUPLICATE', message: 'email must be unique' },
      { pointer: '/tenant', code: 'DUPLICATE', message: 'tenant must be unique' },
    ]);
  });

  it('is a CONFLICT without problems when the server does not say which index (FerretDB)', () => {
    expect(duplicateKeyConflict(serverError(11000))?.problems).toEqual([]);
  });

  it('leaves every other error alone', () => {
    expect(duplicateKeyConflict(serverError(2))).toBeNull();
    expect(
      duplicateKeyConflict(Object.assign(new Error('bulk'), { name: 'MongoBulkWriteError', code: 11000 })),
    ).toBeNull();
    expect(duplicateKeyConflict({ code: 11000 })).toBeNull();
    expect(duplicateKeyConflict(undefined)).toBeNull();
  });
});
