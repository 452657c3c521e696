import Bull, { type Job } from 'bull';
import { bullQueueOptions, QUEUES, type ScoringJob } from '@leadflow/jobs';
import { createTestContext } from '@leadflow/test-harness';

describe('Bull on the real Redis', () => {
  const { config } = createTestContext();
  let queue: Bull.Queue<ScoringJob>;

  beforeAll(() => {
    const options = bullQueueOptions(config);
    queue = new Bull<ScoringJob>(QUEUES.scoring, options.url, options);
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('round-trips a job: produced, processed, retried with backoff after a failure, result stored', async () => {
    const attempts: number[] = [];
    void queue.process((job: Job<ScoringJob>) => {
      attempts.push(job.attemptsMade);
      if (job.attemptsMade === 0) return Promise.reject(new Error('first attempt fails on purpose'));
      return Promise.resolve({ scored: job.data.lead_id });
    });
    const job = await queue.add(
      { lead_id: 123 },
      { jobId: 'lead:123', attempts: 3, backoff: { type: 'fixed', delay: 50 } },
    );
    await expect(job.finished()).resolves.toEqual({ scored: 123 });
    expect(attempts).toEqual([0, 1]);

    const stored = await queue.getJob('lead:123');
    expect(stored?.returnvalue).toEqual({ scored: 123 });
    expect(await stored?.getState()).toBe('completed');
  });

  it('keeps its keys under the per-file prefix, apart from every other test file', async () => {
    const keys = await queue.client.keys(`${config.REDIS_PREFIX}:${QUEUES.scoring}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.startsWith(`${config.REDIS_PREFIX}:`))).toBe(true);
  });
});
