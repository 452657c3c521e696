import { FreshRead } from './fresh-read';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('FreshRead', () => {
  let clock = 0;
  const now = () => clock;

  beforeEach(() => {
    clock = 0;
  });

  it('shares a read that began at or after the caller began, finished or under way', async () => {
    let reads = 0;
    const fresh = new FreshRead(() => Promise.resolve(++reads), now);
    clock = 10;
    const first = fresh.get(5);
    expect(fresh.get(10)).toBe(first);
    await first;
    expect(await fresh.get(9)).toBe(1);
    expect(reads).toBe(1);
  });

  it('reads again for a caller that began after the last read did', async () => {
    let reads = 0;
    const fresh = new FreshRead(() => Promise.resolve(++reads), now);
    clock = 10;
    await fresh.get(10);
    expect(await fresh.get(11)).toBe(2);
    expect(reads).toBe(2);
  });

  it('never hands a failed read to a later caller', async () => {
    const answers = [deferred<number>(), deferred<number>()];
    let reads = 0;
    const fresh = new FreshRead(() => answers[reads++]!.promise, now);
    const failing = fresh.get(0);
    const joined = fresh.get(0);
    answers[0]!.reject(new Error('down'));
    await expect(failing).rejects.toThrow('down');
    await expect(joined).rejects.toThrow('down');
    const retried = fresh.get(0);
    answers[1]!.resolve(7);
    expect(await retried).toBe(7);
    expect(reads).toBe(2);
  });

  it('runs a thenable read once however many callers share it', async () => {
    let runs = 0;
    // the shape of a mongoose Query: every `then` runs it again
    const query: PromiseLike<number> = {
      then(onFulfilled, onRejected) {
        runs += 1;
        return Promise.resolve(runs).then(onFulfilled, onRejected);
      },
    };
    const fresh = new FreshRead(() => query, now);
    const first = fresh.get(0);
    first.catch(() => undefined);
    expect(await Promise.all([first, fresh.get(0)])).toEqual([1, 1]);
    expect(runs).toBe(1);
  });
});
