import { type Connection, Schema } from 'mongoose';
import { connectMongo, isDuplicateKeyError, SequentialIds } from '@leadflow/persistence';
import { createTestContext } from '@leadflow/test-harness';

/**
 * Every query and update shape the platform relies on, run against whatever MongoDB-wire server the harness
 * gives (FerretDB on the embedded default, mongod elsewhere). Code must stay inside what passes here.
 *
 * Found missing or different on FerretDB v1.24 (SQLite backend), and therefore not used by Leadflow:
 * - findAndModify with a projection ("support for field fields ... is not implemented yet");
 * - the $avg accumulator of $group (averages are $sum / count, computed in code);
 * - more than one accumulator in a $group: only the first is computed, the others come back 0, so each
 *   figure is its own aggregation;
 * - the field that a duplicate-key error is about (no keyPattern/keyValue, and the message names only the
 *   collection), so code that must know asks the collection instead;
 * - atomicity of $inc, conditional updateOne and findAndModify under concurrency: each is a read followed
 *   by a write, so concurrent writers lose updates. Unique indexes are enforced atomically, so uniqueness
 *   (ids, one score per lead and sequence number) is what guards concurrent writes.
 */
describe('MongoDB-wire compatibility', () => {
  const { config } = createTestContext();
  let db: Connection;

  const Counter = new Schema({ _id: String, seq: { type: Number, required: true } }, { versionKey: false });
  const Lead = new Schema(
    {
      id: { type: Number, required: true, unique: true },
      email: { type: String, required: true, unique: true },
      status: String,
      score: { type: Number, default: 0 },
      score_seq: { type: Number, default: 0 },
      tags: [String],
      created_at: { type: Date, default: () => new Date() },
    },
    { versionKey: false },
  );
  Lead.index({ status: 1, score: -1 });

  beforeAll(async () => {
    db = await connectMongo(config);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('increments a counter with findOneAndUpdate + $inc + upsert and returns the new value', async () => {
    const counters = db.model('PlainCounter', Counter);
    const next = async () =>
      (
        await counters
          .findOneAndUpdate({ _id: 'plain' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' })
          .lean()
      ).seq;
    expect(await next()).toBe(1);
    expect(await next()).toBe(2);
  });

  it('lets exactly one of many concurrent inserts of the same unique key win', async () => {
    const claims = db.collection<{ _id: string }>('claims');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => claims.insertOne({ _id: 'lead:1' })),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const losers = outcomes.filter(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
    );
    expect(losers.every((outcome) => isDuplicateKeyError(outcome.reason))).toBe(true);
  });

  /** A model of numbered items (a unique integer `id`, as every entity has), its indexes built. */
  async function numberedModel(name: string) {
    const model = db.model(
      name,
      new Schema({ id: { type: Number, required: true, unique: true }, name: String }, { versionKey: false }),
    );
    await model.init();
    return model;
  }

  it('hands out distinct integer ids to concurrent inserts (SequentialIds)', async () => {
    const items = await numberedModel('Item');
    const ids = new SequentialIds(db);
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ids.insert(items, 'items', { name: `n${i}` })),
    );
    const distinct = new Set(created.map((item) => item.id));
    expect(distinct.size).toBe(30);
    expect(await items.countDocuments()).toBe(30);
    expect([...distinct].every((id) => Number.isInteger(id) && id > 0)).toBe(true);
  });

  it('reserves one block at a time when many concurrent inserts of one process run dry together', async () => {
    const entries = await numberedModel('BlockEntry');
    const ids = new SequentialIds(db);
    const created = await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        ids.insert(entries, 'block_entries', { name: `n${n}` }, { block: 10 }),
      ),
    );
    expect(new Set(created.map((entry) => entry.id)).size).toBe(100);
    // ten blocks of ten were reserved, one after another: no caller reserved a block of its own
    const counter = await db
      .collection<{ _id: string; seq: number }>('counters')
      .findOne({ _id: 'block_entries' });
    expect(counter?.seq).toBe(100);
  });

  it('enforces unique indexes with duplicate-key error 11000', async () => {
    const leads = db.model('Lead', Lead);
    await leads.init();
    await leads.create({ id: 1, email: 'ada@example.com', status: 'new' });
    const duplicate = await leads
      .create({ id: 2, email: 'ada@example.com' })
      .catch((error: unknown) => error);
    expect(isDuplicateKeyError(duplicate)).toBe(true);
    expect(await leads.countDocuments({ email: 'ada@example.com' })).toBe(1);
  });

  it('applies a conditional update only when the sequence field still matches', async () => {
    const leads = db.model('Lead', Lead);
    const first = await leads.updateOne(
      { id: 1, score_seq: 0 },
      { $set: { score: 40 }, $inc: { score_seq: 1 } },
    );
    const stale = await leads.updateOne(
      { id: 1, score_seq: 0 },
      { $set: { score: 10 }, $inc: { score_seq: 1 } },
    );
    expect(first.modifiedCount).toBe(1);
    expect(stale.modifiedCount).toBe(0);
    expect(await leads.findOne({ id: 1 }).lean()).toMatchObject({ score: 40, score_seq: 1 });
  });

  it('returns the updated document from findOneAndUpdate (without a projection, which FerretDB lacks)', async () => {
    const leads = db.model('Lead', Lead);
    const updated = await leads
      .findOneAndUpdate({ id: 1 }, { $set: { status: 'working' } }, { returnDocument: 'after' })
      .lean();
    expect(updated).toMatchObject({ id: 1, status: 'working', email: 'ada@example.com' });
  });

  it('paginates with sort, skip and limit, and counts with countDocuments', async () => {
    const leads = db.model('Lead', Lead);
    await leads.insertMany(
      Array.from({ length: 25 }, (_, i) => ({
        id: 100 + i,
        email: `p${i}@example.com`,
        status: i % 2 ? 'new' : 'qualified',
        score: i * 4,
      })),
    );
    const page = await leads.find({ status: 'new' }).sort({ score: -1, id: 1 }).skip(5).limit(5).lean();
    // The "new" leads score 4, 12, ..., 92; this is the second page of five, highest first.
    expect(page.map((lead) => lead.score)).toEqual([52, 44, 36, 28, 20]);
    expect(await leads.countDocuments({ status: 'new' })).toBe(12);
    expect(await leads.countDocuments({ id: { $gte: 100 }, score: { $gte: 40, $lt: 60 } })).toBe(5);
  });

  it('runs the aggregation stages used for statistics ($match, $group with one $sum, $sort)', async () => {
    const leads = db.model('Lead', Lead);
    const countByStatus = await leads.aggregate<{ _id: string; count: number }>([
      { $match: { id: { $gte: 100 } } },
      { $group: { _id: '$status', count: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    const totalByStatus = await leads.aggregate<{ _id: string; total: number }>([
      { $match: { id: { $gte: 100 } } },
      { $group: { _id: '$status', total: { $sum: '$score' } } },
      { $sort: { _id: 1 } },
    ]);
    expect(countByStatus).toEqual([
      { _id: 'new', count: 12 },
      { _id: 'qualified', count: 13 },
    ]);
    expect(totalByStatus).toEqual([
      { _id: 'new', total: 576 },
      { _id: 'qualified', total: 624 },
    ]);
  });

  it('counts score buckets by running one countDocuments per bucket range', async () => {
    const leads = db.model('Lead', Lead);
    const bounds = [0, 20, 40, 60, 80];
    const counts = await Promise.all(
      bounds.map((low) =>
        leads.countDocuments({
          id: { $gte: 100 },
          score: low === 80 ? { $gte: 80 } : { $gte: low, $lt: low + 20 },
        }),
      ),
    );
    expect(counts).toEqual([5, 5, 5, 5, 5]);
  });

  it('matches array membership, $in and $regex filters and $addToSet updates', async () => {
    const leads = db.model('Lead', Lead);
    await leads.updateOne({ id: 1 }, { $addToSet: { tags: { $each: ['vip', 'saas'] } } });
    await leads.updateOne({ id: 1 }, { $addToSet: { tags: 'vip' } });
    expect((await leads.findOne({ id: 1 }).lean())!.tags).toEqual(['vip', 'saas']);
    expect(await leads.countDocuments({ tags: 'saas' })).toBe(1);
    expect(await leads.countDocuments({ status: { $in: ['working', 'qualified'] } })).toBe(14);
    expect(await leads.countDocuments({ email: { $regex: '^p1', $options: 'i' } })).toBe(11);
  });

  it('drops filters on undeclared fields (strictQuery)', async () => {
    const leads = db.model('Lead', Lead);
    expect(await leads.countDocuments({ not_a_field: 'x' } as never)).toBe(await leads.countDocuments());
  });

  it('deletes with deleteMany and reports the count', async () => {
    const leads = db.model('Lead', Lead);
    const result = await leads.deleteMany({ status: 'qualified' });
    expect(result.deletedCount).toBe(13);
  });
});
