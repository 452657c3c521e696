// Benchmark: how fast score changes become workflow effects, beside the Temporal server's own ceiling, all in
// one run on the same embedded server with one worker process (the platform's default). Prints one JSON
// object with each target and `met`:
// (a) ceiling: a trivial workflow of one no-op activity, N at once, on a worker with default settings (the
//     live lane's);
// (b) 1,000 leads cross the guide's four threshold workflows at once (4,000 definition runs): effects/s
//     end to end, and as a multiple of (a);
// (c) a bulk recalculation whose crossings fire 10,000 definition runs, with a live crossing through the
//     HTTP `calculate` every 200 ms meanwhile: the live ones' latency (score stored -> effect done),
//     separately, and how long the flood took to drain.
// Needs the embedded services and a build; `npm run bench:workflows` does both. Flags: --ceiling-runs=N,
// --leads=N (b), --bulk-leads=N (c: the bulk recalculation's leads), --flood-leads=N (c: how many of them
// cross, firing four runs each), --live=N (c), --without-flood (a and b only: a few minutes, not fifteen).
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { getConnectionToken } from '@nestjs/mongoose';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Connection } from 'mongoose';
import type { Config } from '../../libs/config/src';
import { LeadsRepository, WorkflowExecutionsRepository } from '../../libs/persistence/src';
import { ScoringService } from '../../libs/services/scoring/src';
import { startBenchApi, withoutPublishRescoring } from '../bench-api';
import { numberFlag } from '../flags';
import { requestJson } from '../http';
import { startWorker, stopWorker } from '../worker-process';
import { cpuBetween, cpuSeconds } from '../process-cpu';

const repoRoot = join(__dirname, '..', '..', '..');
const CEILING_RUNS = numberFlag('ceiling-runs', 1000);
const LEADS = numberFlag('leads', 1000);
const FLOOD_LEADS = numberFlag('flood-leads', 2500);
const BULK_LEADS = Math.max(numberFlag('bulk-leads', 10_000), FLOOD_LEADS);
const LIVE = numberFlag('live', 100);
const LIVE_EVERY_MS = 200;
const WITH_FLOOD = !process.argv.includes('--without-flood');
const DRAIN_LIMIT_MS = 30 * 60_000;
const dataDir = join(repoRoot, process.env.LEADFLOW_DATA_DIR ?? '.data');

/** `phase`, with where its CPU went (per embedded service, the worker process, and this one). */
async function profiled<T extends object>(
  processes: Record<string, number>,
  phase: () => Promise<T>,
): Promise<T & { cpu: ReturnType<typeof cpuBetween> }> {
  const before = cpuSeconds(dataDir, processes);
  const started = performance.now();
  const result = await phase();
  const wall = (performance.now() - started) / 1000;
  return { ...result, cpu: cpuBetween(before, cpuSeconds(dataDir, processes), wall) };
}

interface DemoData {
  users: Record<string, unknown>[];
  workflows: Record<string, unknown>[];
}

function progress(message: string): void {
  process.stderr.write(`[bench/workflows] ${message}\n`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const seconds = (ms: number) => Number((ms / 1000).toFixed(1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items`, `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** (a) The server's ceiling: trivial workflows, all started at once, until all have completed. */
async function ceiling(config: Config): Promise<Record<string, unknown>> {
  const connection = await TemporalConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const taskQueue = `${config.TEMPORAL_TASK_QUEUE}-trivial`;
  const workerConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection: workerConnection,
    workflowsPath: require.resolve('./trivial.workflow'),
    activities: { noop: () => Promise.resolve() },
    taskQueue,
    namespace: config.TEMPORAL_NAMESPACE,
  });
  const running = worker.run();
  try {
    const started = performance.now();
    const ids = Array.from({ length: CEILING_RUNS }, (_unused, index) => `${taskQueue}-${index}`);
    const handles: { result(): Promise<unknown> }[] = [];
    await inParallel(ids, 32, async (workflowId) =>
      handles.push(await client.workflow.start('trivialWorkflow', { taskQueue, workflowId })),
    );
    await Promise.all(handles.map((handle) => handle.result()));
    const ms = performance.now() - started;
    return {
      runs: CEILING_RUNS,
      seconds: seconds(ms),
      completions_per_second: Number(((CEILING_RUNS / ms) * 1000).toFixed(1)),
    };
  } finally {
    worker.shutdown();
    await running;
    await workerConnection.close();
    await connection.close();
  }
}

/** Leads titled `title` (the one rule gives "Bench" 90 points, anything else nothing); their ids. */
async function createLeads(leads: LeadsRepository, count: number, title: string, tag: string) {
  const ids: number[] = [];
  await inParallel(
    Array.from({ length: count }, (_unused, index) => index),
    16,
    async (index) =>
      ids.push((await leads.create({ first_name: `${tag} ${index}`, status: 'new', title })).id),
  );
  return ids;
}

/**
 * How many executions have finished, from the counts the writes keep. Counting documents reads every one
 * it matches on the embedded server (~45 µs each): polling the flood's 10,000 runs that way every half
 * second took most of a core of the very server being measured.
 */
async function executionTotals(app: INestApplication): Promise<{ recorded: number; finished: number }> {
  const { all } = await app.get(WorkflowExecutionsRepository).countByStatus();
  const recorded = Object.values(all).reduce((sum, count) => sum + count, 0);
  return { recorded, finished: recorded - all.pending - all.running };
}

async function finishedOverall(app: INestApplication): Promise<number> {
  return (await executionTotals(app)).finished;
}

/**
 * How often the bench asks whether all runs have finished. Each ask reads the executions not folded into
 * the counts yet (thousands in (b), with folds 30 s apart), on the server being measured: asked every 2 s,
 * that was about as many documents as the relay read. The times measured come from the executions'
 * `finished_at`, so a coarse poll costs no precision.
 */
const POLL_MS = 5_000;

/**
 * Decided-to-finished times of the executions of these leads, and when the last of them finished, once
 * `finishedSoFar` says all `expected` have finished; the executions themselves are read once, at the end.
 */
async function waitForRuns(
  db: Connection,
  leadIds: readonly number[],
  expected: number,
  limitMs: number,
  finishedSoFar: () => Promise<number>,
): Promise<{ finished: number; latencies: Map<number, number[]>; failed: number; lastFinishedAt: number }> {
  const executions = db.collection('workflow_executions');
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline && (await finishedSoFar()) < expected) await sleep(POLL_MS);
  const latencies = new Map<number, number[]>();
  let finished = 0;
  let failed = 0;
  let lastFinishedAt = 0;
  const rows = await executions
    .find(
      { lead_id: { $in: [...leadIds] } },
      { projection: { lead_id: 1, started_at: 1, finished_at: 1, status: 1 } },
    )
    .toArray();
  for (const row of rows) {
    if (!(row.finished_at instanceof Date) || !(row.started_at instanceof Date)) continue;
    finished += 1;
    lastFinishedAt = Math.max(lastFinishedAt, row.finished_at.getTime());
    if (row.status !== 'completed') failed += 1;
    const lead = Number(row.lead_id);
    latencies.set(lead, [
      ...(latencies.get(lead) ?? []),
      row.finished_at.getTime() - row.started_at.getTime(),
    ]);
  }
  return { finished, latencies, failed, lastFinishedAt };
}

function latencySummary(values: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: Math.round(percentile(sorted, 50)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted[sorted.length - 1] ?? 0),
  };
}

/** (b) Every lead crosses all four thresholds at once, through real calculations. */
async function crossingAtOnce(app: INestApplication, db: Connection, definitions: number) {
  const leadIds = await createLeads(app.get(LeadsRepository), LEADS, 'Bench', 'At once');
  const scoring = app.get(ScoringService);
  progress(`(b) calculating ${LEADS} leads, 50 at a time`);
  const started = Date.now();
  await inParallel(leadIds, 50, (leadId) => scoring.calculate(leadId));
  const decidedMs = Date.now() - started;
  const expected = LEADS * definitions;
  // Only these leads have executions yet.
  const { finished, latencies, failed, lastFinishedAt } = await waitForRuns(
    db,
    leadIds,
    expected,
    10 * 60_000,
    () => finishedOverall(app),
  );
  // from the first calculation to the last effect, on this machine's one clock (now, if none finished)
  const ms = (lastFinishedAt || Date.now()) - started;
  return {
    leads: LEADS,
    definition_runs: expected,
    decisions_per_second: Math.round((LEADS / decidedMs) * 1000),
    effects_done: finished,
    failed,
    seconds: seconds(ms),
    effects_per_second: Number(((finished / ms) * 1000).toFixed(1)),
    latency_ms: latencySummary([...latencies.values()].flat()),
  };
}

/** (c) A bulk recalculation's flood, with live crossings through the HTTP API meanwhile. */
async function liveDuringFlood(
  app: INestApplication,
  db: Connection,
  http: { base: string; auth: Record<string, string> },
  definitions: number,
) {
  const leads = app.get(LeadsRepository);
  progress(`(c) creating ${BULK_LEADS} bulk leads and ${LIVE} live ones`);
  const crossing = await createLeads(leads, FLOOD_LEADS, 'Bench', 'Flood');
  const quiet = await createLeads(leads, BULK_LEADS - FLOOD_LEADS, 'Other', 'Quiet');
  const live = await createLeads(leads, LIVE, 'Cold', 'Live');
  const before = await executionTotals(app);
  const started = Date.now();
  const bulk = await requestJson(
    http.base,
    'POST',
    '/api/lead-qualification/lead-scores/bulk_calculate/',
    http.auth,
    { lead_ids: [...crossing, ...quiet] },
  );
  progress(`(c) bulk job ${String(bulk.job_id)} started; live crossings every ${LIVE_EVERY_MS} ms`);
  // Wait until the flood is decided and waiting to start, so the live crossings meet it.
  while ((await executionTotals(app)).recorded - before.recorded < 500) await sleep(200);
  const scoredAt = new Map<number, number>();
  for (const leadId of live) {
    const tick = sleep(LIVE_EVERY_MS);
    await leads.update(leadId, { title: 'Bench' });
    await requestJson(http.base, 'POST', '/api/lead-qualification/lead-scores/calculate/', http.auth, {
      lead_id: leadId,
    });
    scoredAt.set(leadId, Date.now());
    await tick;
  }
  // A hundred leads' runs: counting them reads only those.
  const liveRuns = await waitForRuns(db, live, LIVE * definitions, 5 * 60_000, () =>
    db
      .collection('workflow_executions')
      .countDocuments({ lead_id: { $in: live }, finished_at: { $ne: null } }),
  );
  const liveLatencies = [...liveRuns.latencies.values()].flat();
  const backlogAtLiveEnd = await db
    .collection('workflow_executions')
    .countDocuments({ lane: 'bulk', finished_at: null });
  progress(`(c) live crossings done; ${backlogAtLiveEnd} bulk runs still to finish`);
  const flood = await waitForRuns(
    db,
    crossing,
    FLOOD_LEADS * definitions,
    DRAIN_LIMIT_MS,
    async () => (await finishedOverall(app)) - before.finished - LIVE * definitions,
  );
  const drainMs = (flood.lastFinishedAt || Date.now()) - started;
  return {
    bulk_leads: BULK_LEADS,
    bulk_definition_runs: FLOOD_LEADS * definitions,
    bulk_runs_done: flood.finished,
    bulk_runs_failed: flood.failed,
    bulk_runs_unfinished_when_live_ended: backlogAtLiveEnd,
    flood_drain_seconds: seconds(drainMs),
    flood_runs_per_second: Number(((flood.finished / drainMs) * 1000).toFixed(1)),
    live_crossings: LIVE,
    live_runs_done: liveRuns.finished,
    live_latency_ms: latencySummary(liveLatencies),
  };
}

/** (c)'s targets: live crossings quick during the flood, and every bulk run done once. */
function floodTargets(c: Awaited<ReturnType<typeof liveDuringFlood>>, liveRuns: number) {
  return {
    c_live_p99_ms: {
      target: '<= 5000',
      measured: c.live_latency_ms.p99,
      met: c.live_latency_ms.p99 <= 5000 && c.live_runs_done === liveRuns,
    },
    c_every_bulk_run_once: {
      target: c.bulk_definition_runs,
      measured: c.bulk_runs_done,
      met: c.bulk_runs_done === c.bulk_definition_runs,
    },
  };
}

async function main(): Promise<void> {
  const demo = JSON.parse(readFileSync(join(repoRoot, 'data', 'demo', 'demo.json'), 'utf8')) as DemoData;
  const { app, config, env, base, auth, close } = await startBenchApi(repoRoot, 'workflows', 'error');
  const db = app.get<Connection>(getConnectionToken());
  try {
    await withoutPublishRescoring(base, auth);
    for (const user of demo.users) await requestJson(base, 'POST', '/api/users/', auth, user);
    const thresholds = demo.workflows.filter((workflow) => workflow.trigger_type === 'score_threshold');
    for (const workflow of thresholds)
      await requestJson(base, 'POST', '/api/lead-qualification/workflows/', auth, workflow);
    await requestJson(base, 'POST', '/api/lead-qualification/scoring-rules/', auth, {
      name: 'Bench title',
      rule_type: 'demographic',
      field_name: 'title',
      operator: 'equals',
      value: 'Bench',
      points: 90,
    });
    progress(`(a) ceiling: ${CEILING_RUNS} trivial workflows`);
    const a = await profiled({}, () => ceiling(config));
    progress(`(a) ${JSON.stringify(a)}; starting the worker process`);
    const worker = await startWorker(repoRoot, { ...env, LOG_LEVEL: 'info' });
    try {
      const processes = { worker: worker.pid ?? 0 };
      const b = await profiled(processes, () => crossingAtOnce(app, db, thresholds.length));
      progress(`(b) ${JSON.stringify(b)}`);
      const c = WITH_FLOOD
        ? await profiled(processes, () => liveDuringFlood(app, db, { base, auth }, thresholds.length))
        : undefined;
      const ceilingPerSecond = Number(a.completions_per_second);
      const ratio = Number((b.effects_per_second / ceilingPerSecond).toFixed(2));
      process.stdout.write(
        `${JSON.stringify(
          {
            benchmark: 'workflows',
            node: process.version,
            worker_processes: 1,
            settings: {
              WORKFLOW_BULK_STARTS_PER_SECOND: config.WORKFLOW_BULK_STARTS_PER_SECOND,
              WORKER_BULK_WORKFLOW_SLOTS: config.WORKER_BULK_WORKFLOW_SLOTS,
              WORKER_BULK_ACTIVITY_SLOTS: config.WORKER_BULK_ACTIVITY_SLOTS,
            },
            a_ceiling_trivial_workflow: a,
            b_crossing_at_once: b,
            ...(c ? { c_live_during_flood: c } : {}),
            targets: {
              b_all_effects_within_60_s: {
                target: '<= 60 s',
                measured: b.seconds,
                met: b.seconds <= 60 && b.effects_done === b.definition_runs,
              },
              b_effects_per_second_vs_ceiling: { target: '>= 3', measured: ratio, met: ratio >= 3 },
              ...(c ? floodTargets(c, LIVE * thresholds.length) : {}),
            },
          },
          null,
          2,
        )}\n`,
      );
    } finally {
      await stopWorker(worker);
    }
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench/workflows: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
