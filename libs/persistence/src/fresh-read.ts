/**
 * One read shared by everyone who can accept it. `get(since)` answers with the last read if it began at or
 * after `since` (finished or still under way), and starts a new one otherwise. A caller passes the moment
 * its own operation began: any read begun since then sees every change that was stored before it, so the
 * answer is as fresh as a read of its own, without a cache that could go stale. A failed read is never
 * handed to a later caller.
 */
export class FreshRead<T> {
  private last?: { startedAt: number; value: Promise<T> };

  constructor(
    private readonly read: () => PromiseLike<T>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(since: number): Promise<T> {
    if (this.last && this.last.startedAt >= since) return this.last.value;
    const startedAt = this.now();
    // Promise.resolve runs a thenable once: a mongoose Query given as it is would run again per `then`.
    const value = Promise.resolve(this.read());
    const entry = { startedAt, value };
    this.last = entry;
    value.catch(() => {
      if (this.last === entry) this.last = undefined;
    });
    return value;
  }
}
