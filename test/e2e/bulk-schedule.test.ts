import type { INestApplication } from '@nestjs/common';
import Bull from 'bull';
import type { Connection } from 'mongoose';
import { bullQueueOptions, type MaintenanceJob, QUEUES } from '@leadflow/jobs';
import { connectMongo, storedLead } from '@leadflow/persistence';
import { DAILY_RECALCULATION } from '@leadflow/scoring';
import {
  callApi,
  createTestContext,
  killWorkerProcesses,
  listenOnLoopback,
  loginAs,
  startWorkerProcess,
  workerEnv,
} from '@leadflow/test-harness';
import { createApp } from '../../apps/api/src/create-app';

const API = '/api/lead-qualification';
const DAY_MS = 24 * 3600 * 1000;
const LEADS = 12;

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The daily recalculation: one repeatable job however many workers start, replaced when its cron changes,
 * and an occurrence rescores every lead through the bulk path, so that a lead whose age now passes a rule's
 * threshold gains the points, moves stage and fires its score_threshold workflow like any other change.
 */
describe('scheduled recalculation on the maintenance queue', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let base: string;
  let editor: Record<string, string>;
  let db: Connection;
  let maintenance: Bull.Queue<MaintenanceJob>;

  beforeAll(async () => {
    app = await createApp(config);
    base = await listenOnLoopback(app);
    editor = await loginAs(base, 'editor');
    db = await connectMongo(config);
    // Bull takes the URL as its own argument (the options' `url` is @nestjs/bull's).
    maintenance = new Bull<MaintenanceJob>(QUEUES.maintenance, config.REDIS_URL, bullQueueOptions(config));
  });

  afterAll(async () => {
    killWorkerProcesses();
    await maintenance.close();
    await app.close();
    await db.close();
  });

  const repeatables = () => maintenance.getRepeatableJobs();

  it('exists once after two workers start, and a changed cron replaces it', async () => {
    const workers = [startWorkerProcess(workerEnv(config)), startWorkerProcess(workerEnv(config))];
    await Promise.all(workers.map((worker) => worker.ready()));
    const installed = await repeatables();
    expect(installed).toHaveLength(1);
    expect(installed[0]).toMatchObject({ name: DAILY_RECALCULATION, cron: '0 2 * * *', tz: 'UTC' });

    const changed = startWorkerProcess(workerEnv(config, { RECALCULATION_CRON: '30 3 * * 1-5' }));
    await changed.ready();
    const replaced = await repeatables();
    expect(replaced).toHaveLength(1);
    expect(replaced[0]).toMatchObject({ name: DAILY_RECALCULATION, cron: '30 3 * * 1-5', tz: 'UTC' });
  }, 180_000);

  it('an occurrence rescores every lead, so age moves scores, stages and threshold triggers', async () => {
    const call = (method: string, path: string, body?: unknown) => callApi(base, method, path, editor, body);
    expect(
      (
        await call('POST', `${API}/scoring-rules/`, {
          name: 'A week old',
          rule_type: 'engagement',
          field_name: 'days_since_creation',
          operator: 'greater_than',
          value: '7',
          points: 50,
          is_active: true,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', `${API}/qualification-criteria/`, {
          name: 'Marketing Qualified Lead',
          stage: 'mql',
          minimum_score: 40,
          required_fields: [],
          required_actions: [],
          time_constraint_days: 90,
          is_active: true,
        })
      ).status,
    ).toBe(201);
    const workflow = await call('POST', `${API}/workflows/`, {
      name: 'Call leads crossing 40',
      trigger_type: 'score_threshold',
      trigger_config: { score: 40 },
      action_type: 'create_task',
      action_config: { title: 'Call {{first_name}}', due_in_days: 1 },
      is_active: true,
    });
    expect(workflow.status).toBe(201);

    // Lead 1 was last scored (0 points) when it was six days old; it is eight days old now. The others are
    // two days old and stay at 0.
    const now = Date.now();
    await db.collection('leads').insertMany(
      Array.from({ length: LEADS }, (_, index) =>
        storedLead({
          id: index + 1,
          first_name: `Aged${index + 1}`,
          email: `aged${index + 1}@example.com`,
          score_seq: index === 0 ? 1 : 0,
          created_at: new Date(now - (index === 0 ? 8 : 2) * DAY_MS),
        }),
      ),
    );
    await db
      .collection('counters')
      .updateOne({ _id: 'leads' as never }, { $set: { seq: LEADS } }, { upsert: true });
    await db.collection('lead_scores').insertOne({
      id: 1,
      lead_id: 1,
      seq: 1,
      score: 0,
      previous_score: 0,
      score_change: 0,
      score_breakdown: {},
      qualification_stage: 'unqualified',
      previous_stage: 'unqualified',
      rule_set_version: 1,
      matched_rules: [],
      stage_reasons: [],
      calculated_at: new Date(now - 2 * DAY_MS),
    });
    await db
      .collection('counters')
      .updateOne({ _id: 'lead_scores' as never }, { $set: { seq: 1 } }, { upsert: true });

    // What the repeatable job does at 02:00, now.
    await maintenance.add(DAILY_RECALCULATION, { task: 'daily-recalculation' }, { jobId: 'occurrence-1' });

    const scored = await until(
      () =>
        db
          .collection('lead_scores')
          .find({ run_key: /^daily-/ }, { projection: { _id: 0 } })
          .toArray(),
      (rows) => rows.length >= LEADS,
    );
    expect(new Set(scored.map((row) => row.lead_id as number))).toEqual(
      new Set(Array.from({ length: LEADS }, (_, index) => index + 1)),
    );
    expect(scored).toHaveLength(LEADS);
    const aged = scored.find((row) => row.lead_id === 1);
    expect(aged).toMatchObject({ seq: 2, score: 50, previous_score: 0, qualification_stage: 'mql' });
    expect(scored.filter((row) => row.lead_id !== 1).every((row) => row.score === 0)).toBe(true);

    const lead = await until(
      () => db.collection('leads').findOne({ id: 1 }),
      (found) => found?.score === 50,
    );
    expect(lead).toMatchObject({ score: 50, qualification_stage: 'mql', score_seq: 2 });
    const stages = await call('GET', `${API}/lead-scores/stage_history/?lead_id=1`);
    expect(stages.body).toEqual([expect.objectContaining({ from_stage: 'unqualified', to_stage: 'mql' })]);

    const tasks = await until(
      async () => (await call('GET', '/api/tasks/?lead_id=1')).body as { results?: unknown[] },
      (page) => (page.results?.length ?? 0) > 0,
    );
    expect(tasks.results).toEqual([expect.objectContaining({ lead_id: 1, title: 'Call Aged1' })]);
    expect(((await call('GET', '/api/tasks/?lead_id=2')).body as { results: unknown[] }).results).toEqual([]);
  }, 240_000);
});
