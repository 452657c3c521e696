/**
 * Update statements sent in one command at most. FerretDB v1 keeps the query of every statement of one
 * `update` command open, each on its own PostgreSQL connection, until the whole command ends (its handler
 * defers the close inside its loop over the statements), and each statement's write takes one more
 * connection. A bulkWrite of a few hundred updates therefore holds the whole pool and waits for a connection
 * that never comes, and the server stops answering every client (seen: one bulk chunk of 1,000 lead
 * updates). MongoDB has no such limit; batches of 50 cost it a few extra round trips per thousand.
 */
export const UPDATE_STATEMENTS_PER_COMMAND = 50;

/** The part of a mongoose Model that bulkWriteInBatches uses. */
interface BulkWriteTarget<Operation> {
  bulkWrite(operations: Operation[], options: { ordered: false }): Promise<unknown>;
}

/** `model.bulkWrite(operations, {ordered: false})`, sent in batches of UPDATE_STATEMENTS_PER_COMMAND. */
export async function bulkWriteInBatches<Operation>(
  model: BulkWriteTarget<Operation>,
  operations: readonly Operation[],
): Promise<void> {
  for (let offset = 0; offset < operations.length; offset += UPDATE_STATEMENTS_PER_COMMAND) {
    await model.bulkWrite(operations.slice(offset, offset + UPDATE_STATEMENTS_PER_COMMAND), {
      ordered: false,
    });
  }
}
