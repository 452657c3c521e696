interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Takes the next batch off `waiting`, in arrival order: at most `max` items and at most one per key. The
 * items it leaves (a key's later items, the overflow) stay in `waiting`, in their order.
 */
export function takeBatch<T>(waiting: T[], keyOf: (item: T) => unknown, max: number): T[] {
  const batch: T[] = [];
  const keys = new Set<unknown>();
  const left: T[] = [];
  for (const item of waiting) {
    const key = keyOf(item);
    if (batch.length < max && !keys.has(key)) {
      keys.add(key);
      batch.push(item);
    } else {
      left.push(item);
    }
  }
  waiting.splice(0, waiting.length, ...left);
  return batch;
}

/**
 * Gathers items submitted close together and processes them in batches, one batch at a time. Each batch holds
 * one item per key at most, so the items of one key are processed one after another, in order; a submitter's
 * promise settles when the batch with its item is done. Submissions in the same turn of the event loop join
 * one batch; those that arrive while a batch runs form the next.
 */
export class KeyedBatcher<T> {
  private readonly waiting: Waiting<T>[] = [];
  private scheduled = false;
  private running = false;

  constructor(
    private readonly keyOf: (item: T) => unknown,
    private readonly maxBatch: number,
    private readonly process: (items: T[]) => Promise<void>,
  ) {}

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.scheduled || this.running) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const batch = takeBatch(this.waiting, (entry) => this.keyOf(entry.item), this.maxBatch);
        try {
          await this.process(batch.map((entry) => entry.item));
          for (const entry of batch) entry.resolve();
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
