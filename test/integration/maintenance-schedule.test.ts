import Bull from 'bull';
import { bullQueueOptions, type MaintenanceJob, QUEUES } from '@leadflow/jobs';
import { type MaintenanceSchedule, scheduleMaintenance } from '@leadflow/scoring';
import { createTestContext } from '@leadflow/test-harness';

/**
 * A maintenance job's schedule against the real Redis: added once however often workers start, replaced
 * when its cron changes, removed when it is turned off, and other jobs' schedules left alone.
 */
describe('scheduleMaintenance', () => {
  const { config } = createTestContext();
  let queue: Bull.Queue<MaintenanceJob>;
  const schedule = (cron: string, on: boolean): MaintenanceSchedule => ({
    name: 'predictive-refresh',
    jobId: 'predictive-refresh',
    data: { task: 'predictive-refresh' },
    cron,
    tz: 'UTC',
    on,
  });

  beforeAll(() => {
    queue = new Bull<MaintenanceJob>(QUEUES.maintenance, config.REDIS_URL, bullQueueOptions(config));
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  const installed = async () =>
    (await queue.getRepeatableJobs())
      .map(({ name, cron, tz }) => ({ name, cron, tz }))
      .sort((a, b) => a.name.localeCompare(b.name));

  it('adds one, replaces it on a new cron, removes it when off, and leaves the others', async () => {
    await queue.add(
      'daily-recalculation',
      { task: 'daily-recalculation' },
      {
        jobId: 'daily-recalculation',
        repeat: { cron: '0 2 * * *', tz: 'UTC' },
      },
    );
    const daily = { name: 'daily-recalculation', cron: '0 2 * * *', tz: 'UTC' };

    expect(await scheduleMaintenance(queue, schedule('0 4 * * *', true))).toBe(true);
    expect(await scheduleMaintenance(queue, schedule('0 4 * * *', true))).toBe(true);
    expect(await installed()).toEqual([daily, { name: 'predictive-refresh', cron: '0 4 * * *', tz: 'UTC' }]);

    await scheduleMaintenance(queue, schedule('30 5 * * 1-5', true));
    expect(await installed()).toEqual([
      daily,
      { name: 'predictive-refresh', cron: '30 5 * * 1-5', tz: 'UTC' },
    ]);

    expect(await scheduleMaintenance(queue, schedule('30 5 * * 1-5', false))).toBe(false);
    expect(await installed()).toEqual([daily]);
  });
});
