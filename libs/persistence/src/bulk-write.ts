import { EMBEDDED_SERVER, type ServerProfile } from './server-profile';

/**
 * Update statements sent in one command at most, and how many such commands are in flight at once: the
 * server profile's numbers (server-profile.ts); these are the embedded server's, the default.
 *
 * A MongoDB-wire server applies the statements of one command one after another, so a chunk's thousand lead
 * updates sent as one command use one core of the server; four commands in flight use the machine (measured
 * on the embedded FerretDB: 1,274 updates/s in sequential batches, 2,428/s with four in flight).
 *
 * FerretDB v1.24.2 unpatched keeps every statement's query open, each on its own PostgreSQL connection, until
 * its whole `update` command ends, so a few hundred statements in flight take its whole pool and the server
 * stops answering. The embedded FerretDB is built with scripts/ferretdb/update-connections.patch, which closes
 * each statement's query when the statement is done. (Unpatched, with the launcher's pool of 500, these sizes
 * would still be safe for one worker running two chunks at once, but not for two such workers.)
 */
export const UPDATE_STATEMENTS_PER_COMMAND = EMBEDDED_SERVER.updateStatementsPerCommand;
export const UPDATE_COMMANDS_IN_FLIGHT = EMBEDDED_SERVER.updateCommandsInFlight;

/** The batch sizes of a server profile. */
export type BulkWriteLimits = Pick<ServerProfile, 'updateStatementsPerCommand' | 'updateCommandsInFlight'>;

/** The part of a mongoose Model that bulkWriteInBatches uses. */
interface BulkWriteTarget<Operation> {
  bulkWrite(operations: Operation[], options: { ordered: false }): Promise<{ modifiedCount?: number }>;
}

/**
 * `model.bulkWrite(operations, {ordered: false})`, sent as commands of `limits.updateStatementsPerCommand`,
 * `limits.updateCommandsInFlight` at a time (the embedded server's, unless the caller has the profile). Unordered: the operations must not depend on each other's order, nor
 * write one document twice. Every command is sent even when one fails, as an unordered bulkWrite does; the
 * first failure is thrown once all have been answered, so a caller that retries does not race the rest.
 * Returns how many documents the operations changed.
 */
export async function bulkWriteInBatches<Operation>(
  model: BulkWriteTarget<Operation>,
  operations: readonly Operation[],
  limits: BulkWriteLimits = EMBEDDED_SERVER,
): Promise<{ modified: number }> {
  let next = 0;
  let modified = 0;
  const failures: unknown[] = [];
  const sender = async (): Promise<void> => {
    while (next < operations.length) {
      const batch = operations.slice(next, next + limits.updateStatementsPerCommand);
      next += batch.length;
      await model
        .bulkWrite(batch, { ordered: false })
        .then((result) => (modified += result.modifiedCount ?? 0))
        .catch((error: unknown) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: limits.updateCommandsInFlight }, sender));
  if (failures.length > 0) throw failures[0];
  return { modified };
}
