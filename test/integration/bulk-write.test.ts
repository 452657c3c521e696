import { type Connection, Schema } from 'mongoose';
import {
  bulkWriteInBatches,
  connectMongo,
  UPDATE_COMMANDS_IN_FLIGHT,
  UPDATE_STATEMENTS_PER_COMMAND,
} from '@leadflow/persistence';
import { createTestContext } from '@leadflow/test-harness';

/** bulkWriteInBatches: many commands in flight, every operation applied, failures reported after all ran. */
describe('bulkWriteInBatches', () => {
  const { config } = createTestContext();
  let db: Connection;
  const Row = new Schema(
    { id: { type: Number, required: true, unique: true }, email: { type: String, unique: true }, n: Number },
    { versionKey: false },
  );
  // more operations than all commands in flight take at once, so senders take several batches each
  const COUNT = UPDATE_STATEMENTS_PER_COMMAND * UPDATE_COMMANDS_IN_FLIGHT * 3 + 7;

  beforeAll(async () => {
    db = await connectMongo(config);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  async function seededRows(name: string) {
    const rows = db.model(name, Row);
    await rows.init();
    await rows.insertMany(
      Array.from({ length: COUNT }, (_, i) => ({ id: i + 1, email: `${i + 1}@x.io`, n: 0 })),
    );
    return rows;
  }

  it('applies every operation', async () => {
    const rows = await seededRows('BulkRowAll');
    await bulkWriteInBatches(
      rows,
      Array.from({ length: COUNT }, (_, i) => ({
        updateOne: { filter: { id: i + 1 }, update: { $set: { n: i + 1 } } },
      })),
    );
    const stored = await rows.find({}, { _id: 0, id: 1, n: 1 }).lean();
    expect(stored).toHaveLength(COUNT);
    expect(stored.every((row) => row.n === row.id)).toBe(true);
  });

  it('sends every command when one fails, and then throws its error', async () => {
    const rows = await seededRows('BulkRowFailure');
    const operations = Array.from({ length: COUNT }, (_, i) => ({
      updateOne: {
        filter: { id: i + 1 },
        // in the first batch: row 2 takes row 3's email, which its unique index refuses
        update: { $set: i === 1 ? { email: '3@x.io', n: 1 } : { n: 1 } },
      },
    }));
    const failure = await bulkWriteInBatches(rows, operations).catch((error: unknown) => error);
    // MongoDB says 11000; FerretDB says InternalError for an update that breaks a unique index
    expect(failure).toBeInstanceOf(Error);
    expect(String(failure)).toMatch(/duplicate key/i);
    expect(await rows.countDocuments({ id: 2, n: 0, email: '2@x.io' })).toBe(1);
    // every later command was sent and applied (FerretDB stops the failing command at its failed statement)
    expect(await rows.countDocuments({ id: { $gt: UPDATE_STATEMENTS_PER_COMMAND }, n: 1 })).toBe(
      COUNT - UPDATE_STATEMENTS_PER_COMMAND,
    );
  });
});
