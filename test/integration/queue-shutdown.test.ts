import Bull from 'bull';
import { bullQueueOptions, pauseAndDrain } from '@leadflow/jobs';
import { createTestContext } from '@leadflow/test-harness';

const JOBS = 60;
const ROUNDS = 12;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The worker's stop (QueueShutdown) on the real Redis: paused and drained at moments that vary from round to
 * round, a queue running two jobs at a time leaves no job active under a lock, which would otherwise sit
 * there until the lock expired (30 s) before another worker could run it. Every job is either done or still
 * in Redis for the next worker.
 */
describe('pauseAndDrain', () => {
  const { config } = createTestContext();
  const options = bullQueueOptions(config);

  it('relies on what Bull keeps on a queue (a Bull upgrade that drops it must fail here)', async () => {
    const queue = new Bull('drain-shape', options.url, options);
    try {
      expect(Object.keys(queue)).toEqual(expect.arrayContaining(['processing', 'token']));
    } finally {
      await queue.close();
    }
  });

  it('leaves no job active and locked, however the stop falls between jobs', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const queue = new Bull<{ ms: number }>(`drain-${round}`, options.url, options);
      try {
        await stopOnceRunning(queue, round);
      } finally {
        await queue.obliterate({ force: true });
        await queue.close();
      }
    }
  });

  async function stopOnceRunning(queue: Bull.Queue<{ ms: number }>, round: number): Promise<void> {
    const name = queue.name;
    const done: string[] = [];
    void queue.process(2, async (job) => {
      await sleep(job.data.ms);
      done.push(String(job.id));
    });
    await queue.addBulk(
      Array.from({ length: JOBS }, (_, i) => ({
        data: { ms: 1 + (i % 5) },
        opts: { jobId: `${round}-${i}` },
      })),
    );
    const stopAfter = 4 + round * 3;
    while (done.length < stopAfter) await sleep(1);

    await pauseAndDrain(queue);

    const active = await queue.getActive();
    const lockedIds = [];
    for (const job of active) {
      if ((await queue.client.exists(`${config.REDIS_PREFIX}:${name}:${String(job.id)}:lock`)) === 1)
        lockedIds.push(job.id);
    }
    const counts = await queue.getJobCounts();
    expect({ round, lockedIds, accountedFor: done.length + counts.waiting + counts.active }).toEqual({
      round,
      lockedIds: [],
      accountedFor: JOBS,
    });
  }
});
