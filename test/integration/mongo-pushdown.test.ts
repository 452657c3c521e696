import fc from 'fast-check';
import type { Collection, Connection } from 'mongoose';
import { connectMongo } from '@leadflow/persistence';
import { createTestContext } from '@leadflow/test-harness';

/**
 * The embedded FerretDB carries a patch (scripts/ferretdb/pushdown.patch) that turns equality, $in and
 * numeric ranges on a top-level field into SQL its indexes serve. The server must still return exactly what
 * MongoDB would, so every generated filter is run twice: as it is, and wrapped in a top-level $and, which no
 * FerretDB version pushes down (its own matcher answers alone). The two answers must be the same documents.
 * On mongod both forms are the same query, so the property holds there trivially.
 */
describe('MongoDB-wire query pushdown', () => {
  const { config } = createTestContext();
  let db: Connection;
  let docs: Collection<{ _id: number; v?: unknown }>;

  const dates = [0, 1_700_000_000_000, 1_800_000_000_000].map((ms) => new Date(ms));
  // strings whose order differs between bytes and a linguistic collation ('B' < 'a' < 'ä' as bytes)
  const strings = ['', 'a', 'A', 'b', 'B', 'ä', 'z', '10', '9'];
  const scalar = fc.oneof(
    fc.integer({ min: -5, max: 5 }),
    fc.constantFrom(2.5, -0.5, 1e15, 2 ** 40),
    fc.constantFrom(...strings),
    fc.boolean(),
    fc.constantFrom(...dates),
  );
  const stored = fc.oneof(
    { weight: 6, arbitrary: scalar },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.array(scalar, { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.record({ a: fc.integer({ min: 0, max: 3 }) }) },
  );
  const rangeBound = fc.oneof(
    fc.integer({ min: -6, max: 6 }),
    fc.constantFrom(...dates),
    fc.constantFrom(...strings),
  );
  const rangeOp = fc.constantFrom('$gt', '$gte', '$lt', '$lte');
  // null and a document are values the patch does not push down; a filter mixing them with scalars must
  // still work (and be answered by FerretDB's own matcher)
  const filterValue = fc.oneof(
    { weight: 8, arbitrary: scalar },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.record({ a: fc.integer({ min: 0, max: 3 }) }) },
  );
  const fieldFilter = fc.oneof(
    filterValue,
    filterValue.map((value) => ({ $eq: value })),
    fc.array(filterValue, { minLength: 1, maxLength: 4 }).map((values) => ({ $in: values })),
    fc.tuple(rangeOp, rangeBound).map(([op, bound]) => ({ [op]: bound })),
    fc
      .tuple(rangeOp, rangeBound, rangeOp, rangeBound)
      .map(([op1, bound1, op2, bound2]) => ({ [op1]: bound1, [op2]: bound2 })),
  );
  const idFilter = fc.oneof(
    fc.integer({ min: 0, max: 70 }),
    fc.array(fc.integer({ min: 0, max: 70 }), { minLength: 1, maxLength: 5 }).map((ids) => ({ $in: ids })),
    fc
      .tuple(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 70 }))
      .map(([from, to]) => ({ $gte: from, $lt: to })),
  );

  beforeAll(async () => {
    db = await connectMongo(config);
    docs = db.collection('pushdown_docs');
    await docs.createIndexes([{ key: { v: 1 } }]);
    const values = fc.sample(stored, { numRuns: 60, seed: 7 });
    await docs.insertMany(
      values.map((v, index) => (index % 10 === 9 ? { _id: index + 1 } : { _id: index + 1, v })),
    );
  });

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  /** The ids of the documents of `collection` (the generated ones unless named) that `filter` finds. */
  async function ids(
    filter: object,
    collection: { find(filter: object): { toArray(): Promise<{ _id: number }[]> } } = docs,
  ): Promise<number[]> {
    const found = await collection.find(filter).toArray();
    return found.map((doc) => doc._id).sort((a, b) => a - b);
  }

  it('finds the same documents with and without pushdown for equality, $in and ranges on a field', async () => {
    let matchedSomething = 0;
    await fc.assert(
      fc.asyncProperty(fieldFilter, async (condition) => {
        const filter = { v: condition };
        const pushed = await ids(filter);
        expect(pushed).toEqual(await ids({ $and: [filter] }));
        if (pushed.length > 0) matchedSomething += 1;
      }),
      { numRuns: 250, seed: 42 },
    );
    // the generated filters are not all vacuous: many of them select documents
    expect(matchedSomething).toBeGreaterThan(50);
  });

  it('finds the same documents with and without pushdown for _id equality, $in and ranges', async () => {
    await fc.assert(
      fc.asyncProperty(idFilter, async (condition) => {
        const filter = { _id: condition };
        expect(await ids(filter)).toEqual(await ids({ $and: [filter] }));
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it('finds the same documents with and without pushdown for conditions on two fields together', async () => {
    await fc.assert(
      fc.asyncProperty(fieldFilter, idFilter, async (condition, idCondition) => {
        const filter = { v: condition, _id: idCondition };
        expect(await ids(filter)).toEqual(await ids({ $and: [filter] }));
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it('matches scalars inside stored arrays, and numbers of either BSON type', async () => {
    const arrays = db.collection<{ _id: number; w: unknown }>('pushdown_arrays');
    await arrays.createIndexes([{ key: { w: 1 } }]);
    await arrays.insertMany([
      { _id: 1, w: ['x', 'y'] },
      { _id: 2, w: [3, 40] },
      { _id: 3, w: 7.5 },
      { _id: 4, w: 7 },
      { _id: 5, w: 'x' },
    ]);
    const found = (filter: object) => ids(filter, arrays);
    expect(await found({ w: 'y' })).toEqual([1]);
    expect(await found({ w: { $in: ['nope', 'x'] } })).toEqual([1, 5]);
    expect(await found({ w: { $gt: 30, $lt: 50 } })).toEqual([2]);
    // without $elemMatch each bound may be met by a different element of an array, as in MongoDB
    expect(await found({ w: { $gte: 7, $lt: 7.5 } })).toEqual([2, 4]);
    expect(await found({ w: 7.0 })).toEqual([4]);
  });
});
