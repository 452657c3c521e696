import { type Connection, Schema } from 'mongoose';
import { connectMongo, isDuplicateKeyError, SequentialIds, SequentialIdsModule } from '@leadflow/persistence';
import { createTestContext } from '@leadflow/test-harness';
import { persistenceOn } from '../harness/persistence';

/**
 * Every query and update shape the platform relies on, run against whatever MongoDB-wire server the harness
 * gives: MONGO_URL when set, else a mongod on PATH, else the embedded default, FerretDB v1.24.2 built with
 * our patches (scripts/ferretdb/*.patch) and storing its data in PostgreSQL, or in SQLite where PostgreSQL
 * cannot run (scripts/services.mjs; README "MongoDB-wire servers"). Code must stay inside what passes here.
 *
 * Found missing or different on FerretDB v1.24, and therefore not used by Leadflow:
 * - findAndModify with a projection ("support for field fields ... is not implemented yet");
 * - the $avg accumulator of $group (averages are $sum / count, computed in code);
 * - more than one accumulator in a $group: only the first is computed, the others come back 0, so each
 *   figure is its own aggregation;
 * - the field that a duplicate-key error is about (no keyPattern/keyValue, and the message names only the
 *   collection), so code that must know asks the collection instead;
 * - error 11000 for an update that breaks a unique index: on PostgreSQL it answers InternalError (code 1)
 *   and leaves the rest of that command undone (test/integration/bulk-write.test.ts).
 *
 * Single-document updates are atomic under concurrent writers since our write-if-unchanged patch (unpatched,
 * FerretDB lost them): test/integration/mongo-atomic-updates.test.ts.
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
    const ids = (await persistenceOn(db, [SequentialIdsModule])).get(SequentialIds);
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
    const ids = (await persistenceOn(db, [SequentialIdsModule])).get(SequentialIds);
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

  /** A unique index straight through the driver, as Mongoose builds one from a schema. */
  async function uniqueIndex(collection: string, keys: Record<string, 1>): Promise<void> {
    await db.db!.collection(collection).createIndex(keys, { unique: true }, undefined);
  }

  it('pages groups with $group, $sort, $skip and $limit, and counts them with distinct (campaigns page)', async () => {
    const memberships = db.collection<{ lead_id: number; campaign: string }>('campaign_memberships');
    await memberships.insertMany(
      [
        [1, 'spring'],
        [2, 'spring'],
        [3, 'autumn'],
        [1, 'winter'],
        [4, 'winter'],
        [5, 'winter'],
        [6, 'summer'],
      ].map(([lead_id, campaign]) => ({ lead_id: lead_id as number, campaign: campaign as string })),
    );
    // The order distinct returns its values in is not part of the contract; the code only counts them.
    expect([...(await memberships.distinct('campaign'))].sort()).toEqual([
      'autumn',
      'spring',
      'summer',
      'winter',
    ]);
    const page = (skip: number, limit: number) =>
      memberships
        .aggregate([
          { $group: { _id: '$campaign', members: { $sum: 1 } } },
          { $sort: { _id: 1 } },
          { $skip: skip },
          { $limit: limit },
        ])
        .toArray();
    expect(await page(1, 2)).toEqual([
      { _id: 'spring', members: 2 },
      { _id: 'summer', members: 1 },
    ]);
    expect(await page(3, 2)).toEqual([{ _id: 'winter', members: 3 }]);
    expect(await page(4, 2)).toEqual([]);
  });

  it('sums a field over all matches with $group by _id: null, and returns no row when none match', async () => {
    const scored = db.collection<{ id: number; score: number; score_seq: number }>('scored_leads');
    await scored.insertMany([
      { id: 1, score: 40, score_seq: 2 },
      { id: 2, score: 15, score_seq: 1 },
      { id: 3, score: 99, score_seq: 0 },
    ]);
    const sumOver = (filter: object) =>
      scored.aggregate([{ $match: filter }, { $group: { _id: null, sum: { $sum: '$score' } } }]).toArray();
    expect(await sumOver({ score_seq: { $gt: 0 } })).toEqual([{ _id: null, sum: 55 }]);
    expect(await sumOver({ score_seq: { $gt: 5 } })).toEqual([]);
  });

  it('searches several fields at once with $or of case-insensitive $regex (lead search)', async () => {
    const people = db.collection<{ id: number; first_name: string; email: string; company?: string }>(
      'searched_leads',
    );
    await people.insertMany([
      { id: 1, first_name: 'Ada', email: 'ada@acme.example', company: 'Acme' },
      { id: 2, first_name: 'Grace', email: 'grace@navy.example', company: 'Navy' },
      { id: 3, first_name: 'Alan', email: 'alan@bletchley.example' },
    ]);
    const search = (pattern: string) =>
      people
        .find(
          {
            $or: ['first_name', 'email', 'company'].map((field) => ({
              [field]: { $regex: pattern, $options: 'i' },
            })),
          },
          { projection: { _id: 0, id: 1 } },
        )
        .sort({ id: 1 })
        .toArray();
    expect(await search('ACME')).toEqual([{ id: 1 }]);
    expect(await search('^a')).toEqual([{ id: 1 }, { id: 3 }]);
    expect(await search('navy\\.example')).toEqual([{ id: 2 }]);
    expect(await search('nobody')).toEqual([]);
  });

  it('matches null and missing fields alike (null, $in with null), and guards a one-time update by null', async () => {
    const notifications = db.collection<{ id: number; user_id?: number | null; read_at?: Date | null }>(
      'inbox',
    );
    await notifications.insertMany([
      { id: 1, user_id: 7, read_at: null },
      { id: 2, user_id: null },
      { id: 3 },
      { id: 4, user_id: 8, read_at: new Date() },
    ]);
    const ids = async (filter: object) =>
      (
        await notifications
          .find(filter, { projection: { _id: 0, id: 1 } })
          .sort({ id: 1 })
          .toArray()
      ).map((found) => found.id);
    expect(await ids({ user_id: { $in: [7, null] } })).toEqual([1, 2, 3]);
    expect(await ids({ user_id: { $in: [7, null] }, read_at: null })).toEqual([1, 2, 3]);
    const markRead = () =>
      notifications.updateOne({ id: 1, read_at: null }, { $set: { read_at: new Date() } });
    expect((await markRead()).modifiedCount).toBe(1);
    expect((await markRead()).modifiedCount).toBe(0);
    expect(await ids({ user_id: { $in: [7, null] }, read_at: null })).toEqual([2, 3]);
  });

  it('sets some fields and removes another in one update ($set with $unset)', async () => {
    const criteria = db.collection<{ id: number; name: string; description?: string }>('criteria');
    await criteria.insertOne({ id: 1, name: 'MQL', description: 'marketing qualified' });
    await criteria.updateOne({ id: 1 }, { $set: { name: 'SQL' }, $unset: { description: 1 } });
    expect(await criteria.findOne({ id: 1 }, { projection: { _id: 0 } })).toEqual({ id: 1, name: 'SQL' });
  });

  it('returns only the fields asked for, by exclusion ({_id: 0}) and by inclusion ({_id: 0, id: 1})', async () => {
    const versions = db.collection<{ id: number; version: number; program: string }>('versions');
    await versions.insertMany([
      { id: 1, version: 1, program: 'a' },
      { id: 2, version: 2, program: 'b' },
      { id: 3, version: 3, program: 'c' },
    ]);
    expect(await versions.find({ id: 1 }, { projection: { _id: 0 } }).toArray()).toEqual([
      { id: 1, version: 1, program: 'a' },
    ]);
    expect(
      await versions
        .find({ id: { $gt: 1 } }, { projection: { _id: 0, id: 1 } })
        .sort({ id: 1 })
        .limit(5)
        .toArray(),
    ).toEqual([{ id: 2 }, { id: 3 }]);
    expect(await versions.findOne({ version: { $gte: 3 } }, { projection: { _id: 0, version: 1 } })).toEqual({
      version: 3,
    });
  });

  it('creates a document from the filter and $set with updateOne + upsert, alone and in a bulkWrite', async () => {
    const states = db.collection<{
      lead_id: number;
      workflow_definition_id: number;
      armed: boolean;
      last_fired_at: Date | null;
    }>('trigger_states');
    await uniqueIndex('trigger_states', { lead_id: 1, workflow_definition_id: 1 });
    const fired = new Date('2026-01-02T03:04:05Z');
    const save = (armed: boolean) =>
      states.updateOne(
        { lead_id: 1, workflow_definition_id: 2 },
        { $set: { armed, last_fired_at: armed ? null : fired } },
        { upsert: true },
      );
    expect(await save(false)).toMatchObject({ upsertedCount: 1, matchedCount: 0 });
    expect(await save(true)).toMatchObject({ upsertedCount: 0, matchedCount: 1, modifiedCount: 1 });
    const bulk = await states.bulkWrite(
      [1, 3].map((lead_id) => ({
        updateOne: {
          filter: { lead_id, workflow_definition_id: 2 },
          update: { $set: { armed: false, last_fired_at: fired } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    expect({ upserted: bulk.upsertedCount, matched: bulk.matchedCount }).toEqual({ upserted: 1, matched: 1 });
    expect(
      await states
        .find({}, { projection: { _id: 0 } })
        .sort({ lead_id: 1 })
        .toArray(),
    ).toEqual([
      { lead_id: 1, workflow_definition_id: 2, armed: false, last_fired_at: fired },
      { lead_id: 3, workflow_definition_id: 2, armed: false, last_fired_at: fired },
    ]);
  });

  it('applies an update guarded by $lt on a sequence only to an older copy, alone and in a bulkWrite', async () => {
    const copies = db.collection<{ id: number; score: number; score_seq: number }>('score_copies');
    await copies.insertMany([
      { id: 1, score: 10, score_seq: 3 },
      { id: 2, score: 20, score_seq: 3 },
    ]);
    const write = (id: number, seq: number) => ({
      filter: { id, score_seq: { $lt: seq } },
      update: { $set: { score: seq * 10, score_seq: seq } },
    });
    const newer = write(1, 5);
    const older = write(1, 4);
    expect((await copies.updateOne(newer.filter, newer.update)).modifiedCount).toBe(1);
    expect((await copies.updateOne(older.filter, older.update)).modifiedCount).toBe(0);
    const bulk = await copies.bulkWrite(
      [write(1, 2), write(2, 6)].map((operation) => ({ updateOne: operation })),
      { ordered: false },
    );
    expect({ matched: bulk.matchedCount, modified: bulk.modifiedCount }).toEqual({ matched: 1, modified: 1 });
    expect(
      await copies
        .find({}, { projection: { _id: 0 } })
        .sort({ id: 1 })
        .toArray(),
    ).toEqual([
      { id: 1, score: 50, score_seq: 5 },
      { id: 2, score: 60, score_seq: 6 },
    ]);
  });

  it('inserts the rest of an unordered insertMany and reports the position of each duplicate', async () => {
    const entries = db.collection<{ id: number }>('unordered_entries');
    await uniqueIndex('unordered_entries', { id: 1 });
    await entries.insertOne({ id: 1 });
    const failure = await entries
      .insertMany([{ id: 2 }, { id: 1 }, { id: 3 }, { id: 1 }], { ordered: false })
      .then(() => null)
      .catch((error: unknown) => error as { writeErrors?: unknown });
    const writeErrors = failure?.writeErrors;
    const list = (Array.isArray(writeErrors) ? writeErrors : [writeErrors]) as { index: number }[];
    expect(list.map((entry) => entry.index).sort()).toEqual([1, 3]);
    expect(list.every((entry) => isDuplicateKeyError(entry))).toBe(true);
    expect(
      (
        await entries
          .find({}, { projection: { _id: 0 } })
          .sort({ id: 1 })
          .toArray()
      ).map((e) => e.id),
    ).toEqual([1, 2, 3]);
  });
});
