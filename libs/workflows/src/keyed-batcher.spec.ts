import { KeyedBatcher, takeBatch } from './keyed-batcher';

describe('takeBatch', () => {
  it('takes one item per key, in order, up to the maximum, and leaves the rest in order', () => {
    const waiting = [
      { lead: 1, n: 'a' },
      { lead: 2, n: 'b' },
      { lead: 1, n: 'c' },
      { lead: 3, n: 'd' },
      { lead: 4, n: 'e' },
    ];
    expect(takeBatch(waiting, (item) => item.lead, 3).map((item) => item.n)).toEqual(['a', 'b', 'd']);
    expect(waiting.map((item) => item.n)).toEqual(['c', 'e']);
    expect(takeBatch(waiting, (item) => item.lead, 3).map((item) => item.n)).toEqual(['c', 'e']);
    expect(waiting).toEqual([]);
  });
});

describe('KeyedBatcher', () => {
  it('batches what is submitted together, runs one key in order across batches, one batch at a time', async () => {
    const batches: string[][] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const batcher = new KeyedBatcher<{ lead: number; n: string }>(
      (item) => item.lead,
      10,
      async (items) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        batches.push(items.map((item) => item.n));
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
      },
    );
    await Promise.all([
      batcher.submit({ lead: 1, n: 'a' }),
      batcher.submit({ lead: 2, n: 'b' }),
      batcher.submit({ lead: 1, n: 'c' }),
      batcher.submit({ lead: 1, n: 'd' }),
    ]);
    expect(batches).toEqual([['a', 'b'], ['c'], ['d']]);
    expect(mostInFlight).toBe(1);
  });

  it('rejects the submitters of a failed batch only, and goes on with the next', async () => {
    const batcher = new KeyedBatcher<number>(
      (item) => item,
      1,
      (items) => (items[0] === 2 ? Promise.reject(new Error('boom')) : Promise.resolve()),
    );
    const results = await Promise.allSettled([batcher.submit(1), batcher.submit(2), batcher.submit(3)]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
