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
  startWorkerProcess,
  until,
  type UntilOptions,
  workerEnv,
} from '@leadflow/test-harness';
import { startApi } from '../harness/api';

const API = '/api/lead-qualification';
const DAY_MS = 24 * 3600 * 1000;
const LEADS = 12;

/** A whole run of the schedule over every lead, on two cores shared with other suites, may take a while. */
const within = (what: string): UntilOptions => ({ what, timeoutMs: 120_000, intervalMs: 250 });

/** The bulk run a history entry belongs to: `<run id>:<lead id>`. */
function runOf(row: Record<string, unknown>): string {
  return String(row.run_key).replace(/:\d+$/, '');
}

/** The cron's wall-clock reading of an instant in a time zone, e.g. "Tue 03:30". */
function wallClock(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value;
  return `${part('weekday')} ${part('hour')}:${part('minute')}`;
}

/**
 * The daily recalculation: one repeatable job however many workers start, replaced when its cron or zone
 * changes, and each real occurrence (Bull's `repeat:<hash>:<ms>` job) rescores every lead once through the
 * bulk path, so that time-based facts (a lead's age, the days since its last activity) move scores and
 * stages and fire score_threshold and stage_change workflows like any other change.
 */
describe('scheduled recalculation on the maintenance queue', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let base: string;
  let editor: Record<string, string>;
  let db: Connection;
  let maintenance: Bull.Queue<MaintenanceJob>;

  beforeAll(async () => {
    [app, base, editor] = await startApi(config, 'editor');
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

    // A zone other than UTC: the schedule carries it, and its next occurrence is 03:30 on a weekday there.
    const zone = 'America/New_York';
    const zoned = startWorkerProcess(
      workerEnv(config, { RECALCULATION_CRON: '30 3 * * 1-5', RECALCULATION_TIMEZONE: zone }),
    );
    await zoned.ready();
    const inZone = await repeatables();
    expect(inZone).toHaveLength(1);
    expect(inZone[0]).toMatchObject({ name: DAILY_RECALCULATION, cron: '30 3 * * 1-5', tz: zone });
    expect(wallClock(inZone[0]?.next ?? 0, zone)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 03:30$/);
    const occurrences = (await maintenance.getDelayed()).filter((job) =>
      String(job.id).startsWith('repeat:'),
    );
    expect(occurrences.map((job) => String(job.id))).toEqual([expect.stringMatching(`:${inZone[0]?.next}$`)]);

    // The zoned worker alone runs the next test's occurrences; the others go, to spare the machine.
    await Promise.all(
      [...workers, changed].map(async (worker) => {
        worker.child.kill('SIGTERM');
        await worker.exited;
      }),
    );
  }, 180_000);

  /**
   * Promotes the schedule's next occurrence, the delayed job Bull made for it (`repeat:<hash>:<ms>`), so it
   * runs now exactly as it would at its time, and returns its scheduled instant.
   */
  async function promoteNextOccurrence(after = 0): Promise<number> {
    const schedule = await until(
      async () => (await repeatables())[0],
      (found) => (found?.next ?? 0) > after,
      within(`the schedule's next occurrence after ${after}`),
    );
    const next = schedule?.next ?? 0;
    expect(next).toBeGreaterThan(after);
    const occurrence = (await maintenance.getDelayed()).find((job) => String(job.id).endsWith(`:${next}`));
    expect(String(occurrence?.id)).toMatch(/^repeat:[0-9a-f]+:\d+$/);
    await occurrence?.promote();
    return next;
  }

  it('each occurrence rescores every lead once, so time moves scores, stages and their triggers', async () => {
    const call = (method: string, path: string, body?: unknown) => callApi(base, method, path, editor, body);
    const created = async (path: string, body: unknown): Promise<void> => {
      expect((await call('POST', path, body)).status).toBe(201);
    };
    await created(`${API}/scoring-rules/`, {
      name: 'A week old',
      rule_type: 'engagement',
      field_name: 'days_since_creation',
      operator: 'greater_than',
      value: '7',
      points: 50,
      is_active: true,
    });
    await created(`${API}/scoring-rules/`, {
      name: 'Active in the last three days',
      rule_type: 'engagement',
      field_name: 'last_activity_days_ago',
      operator: 'less_than',
      value: '3',
      points: 30,
      is_active: true,
    });
    await created(`${API}/qualification-criteria/`, {
      name: 'Marketing Qualified Lead',
      stage: 'mql',
      minimum_score: 40,
      required_fields: [],
      required_actions: [],
      time_constraint_days: 90,
      is_active: true,
    });
    await created(`${API}/workflows/`, {
      name: 'Call leads crossing 40',
      trigger_type: 'score_threshold',
      trigger_config: { score: 40 },
      action_type: 'create_task',
      action_config: { title: 'Call {{first_name}}', due_in_days: 1 },
      is_active: true,
    });
    await created(`${API}/workflows/`, {
      name: 'Welcome new MQLs',
      trigger_type: 'stage_change',
      trigger_config: { from: 'unqualified', to: 'mql' },
      action_type: 'create_task',
      action_config: { title: 'Welcome {{first_name}}', due_in_days: 2 },
      is_active: true,
    });

    // Lead 1 was last scored (0 points) when it was six days old; it is eight days old now. Lead 2 was last
    // scored (30 points) the day after its one activity, which is four days old now. The others are two
    // days old, without activities, and stay at 0.
    const now = Date.now();
    const ageOf = (id: number) => (id === 1 ? 8 : id === 2 ? 6 : 2);
    await db.collection('leads').insertMany(
      Array.from({ length: LEADS }, (_, index) =>
        storedLead({
          id: index + 1,
          first_name: `Aged${index + 1}`,
          email: `aged${index + 1}@example.com`,
          score_seq: index < 2 ? 1 : 0,
          score: index === 1 ? 30 : 0,
          created_at: new Date(now - ageOf(index + 1) * DAY_MS),
        }),
      ),
    );
    await db
      .collection('counters')
      .updateOne({ _id: 'leads' as never }, { $set: { seq: LEADS } }, { upsert: true });
    await db.collection('activities').insertOne({
      id: 1,
      lead_id: 2,
      type: 'website_visit',
      occurred_at: new Date(now - 4 * DAY_MS),
      metadata: {},
      created_at: new Date(now - 4 * DAY_MS),
    });
    await db
      .collection('counters')
      .updateOne({ _id: 'activities' as never }, { $set: { seq: 1 } }, { upsert: true });
    const earlierEntry = (leadId: number, score: number) => ({
      id: leadId,
      lead_id: leadId,
      seq: 1,
      score,
      previous_score: 0,
      score_change: score,
      score_breakdown: score === 0 ? {} : { engagement: score },
      qualification_stage: 'unqualified',
      previous_stage: 'unqualified',
      rule_set_version: 1,
      matched_rules_json: '[]',
      stage_reasons: [],
      calculated_at: new Date(now - 3 * DAY_MS),
    });
    await db.collection('lead_scores').insertMany([earlierEntry(1, 0), earlierEntry(2, 30)]);
    await db
      .collection('counters')
      .updateOne({ _id: 'lead_scores' as never }, { $set: { seq: 2 } }, { upsert: true });

    const dailyEntries = () =>
      db
        .collection('lead_scores')
        .find({ run_key: /^daily-/ }, { projection: { _id: 0 } })
        .toArray();
    const everyLead = new Set(Array.from({ length: LEADS }, (_, index) => index + 1));

    const first = await promoteNextOccurrence();
    const scored = await until(
      dailyEntries,
      (rows) => rows.length >= LEADS,
      within(`${LEADS} daily history entries`),
    );
    expect([...new Set(scored.map(runOf))]).toEqual([expect.stringContaining(String(first))]);
    expect(scored).toHaveLength(LEADS);
    expect(new Set(scored.map((row) => row.lead_id as number))).toEqual(everyLead);
    expect(scored.find((row) => row.lead_id === 1)).toMatchObject({
      seq: 2,
      score: 50,
      previous_score: 0,
      qualification_stage: 'mql',
    });
    expect(scored.find((row) => row.lead_id === 2)).toMatchObject({
      seq: 2,
      score: 0,
      previous_score: 30,
      qualification_stage: 'unqualified',
    });
    expect(scored.filter((row) => (row.lead_id as number) > 2).every((row) => row.score === 0)).toBe(true);

    const lead = await until(
      () => db.collection('leads').findOne({ id: 1 }),
      (found) => found?.score === 50,
      within('lead 1 to be scored 50'),
    );
    expect(lead).toMatchObject({ score: 50, qualification_stage: 'mql', score_seq: 2 });
    expect(await db.collection('leads').findOne({ id: 2 })).toMatchObject({ score: 0, score_seq: 2 });
    const stages = await call('GET', `${API}/lead-scores/stage_history/?lead_id=1`);
    expect(stages.body).toEqual([expect.objectContaining({ from_stage: 'unqualified', to_stage: 'mql' })]);

    // Both the threshold and the stage-change workflow fire for lead 1, and nothing for the others.
    const tasks = await until(
      async () => (await call('GET', '/api/tasks/?lead_id=1')).body as { results?: { title: string }[] },
      (page) => (page.results?.length ?? 0) >= 2,
      within('two tasks for lead 1'),
    );
    expect(tasks.results?.map((task) => task.title).sort()).toEqual(['Call Aged1', 'Welcome Aged1']);
    expect(((await call('GET', '/api/tasks/?lead_id=2')).body as { results: unknown[] }).results).toEqual([]);

    // The next occurrence is a run of its own: every lead once more, not the first run seen again.
    const second = await promoteNextOccurrence(first);
    const both = await until(
      dailyEntries,
      (rows) => rows.length >= 2 * LEADS,
      within(`${2 * LEADS} daily history entries`),
    );
    expect(both).toHaveLength(2 * LEADS);
    const runs = new Map<string, number[]>();
    for (const row of both) runs.set(runOf(row), [...(runs.get(runOf(row)) ?? []), row.lead_id as number]);
    expect(runs.size).toBe(2);
    expect([...runs.keys()]).toEqual(
      expect.arrayContaining([
        expect.stringContaining(String(first)),
        expect.stringContaining(String(second)),
      ]),
    );
    for (const leads of runs.values()) {
      expect(leads).toHaveLength(LEADS);
      expect(new Set(leads)).toEqual(everyLead);
    }
    expect(both.find((row) => row.lead_id === 1 && row.seq === 3)).toMatchObject({
      score: 50,
      previous_score: 50,
    });
  }, 300_000);
});
