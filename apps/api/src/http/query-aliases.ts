import { DomainError, ErrorCode } from '@leadflow/domain';

/**
 * One value per filter from a query that may name it twice: its name on every list (`lead_id`) and an older
 * alias that one list kept (`lead`). Both given with different values is a 400 rather than a guess.
 */
export function resolveAliases<Q extends object, N extends keyof Q & string, A extends keyof Q & string>(
  query: Q,
  pairs: readonly (readonly [N, A])[],
): Partial<Record<N, Q[N] | Q[A]>> {
  const problems = pairs
    .filter(([name, alias]) => {
      const [value, aliased]: unknown[] = [query[name], query[alias]];
      return value !== undefined && aliased !== undefined && value !== aliased;
    })
    .map(([name, alias]) => ({
      pointer: `/${alias}`,
      code: 'alias',
      message: `${alias} is an alias of ${name}: give one`,
    }));
  if (problems.length > 0)
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid', problems);
  return Object.fromEntries(
    pairs.flatMap(([name, alias]) => {
      const value = query[name] ?? query[alias];
      return value === undefined ? [] : [[name, value]];
    }),
  ) as Partial<Record<N, Q[N] | Q[A]>>;
}
