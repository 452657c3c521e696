// Benchmark: the dashboard's reads at scale. Seeds 100,000 leads, 100,000 workflow executions and 50,000
// stage changes over the last 30 days (written straight into MongoDB in their stored shape, as a platform
// that has run for months holds them, with the counts its worker keeps, caught up), then times each read
// the dashboard and the executions page make, one request at a time, beside a trivial
// authenticated GET on the same server in the same run. Prints one JSON object with each target and `met`.
// Needs the embedded services (`npm run services -- up`) and a build; `npm run bench:stats` does both.
// `--leads=N` and `--executions=N` change the sizes.
import { join } from 'node:path';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { startBenchApi } from '../bench-api';
import { numberFlag } from '../flags';
import { requestJson } from '../http';

const repoRoot = join(__dirname, '..', '..', '..');
const LEADS = numberFlag('leads', 100_000);
const EXECUTIONS = numberFlag('executions', 100_000);
const SAMPLES = numberFlag('samples', 15);
const TARGET_P50_MS = 200;
const STATUSES = ['completed', 'completed', 'completed', 'failed', 'running', 'cancelled'] as const;
const STAGES = ['new', 'marketing_qualified', 'sales_qualified', 'opportunity'] as const;

function progress(message: string): void {
  process.stderr.write(`[bench/stats] ${message}\n`);
}

/** A document's bookkeeping once a fold has counted it under `key` (libs/persistence/src/folded-counts.ts). */
const COUNTED = (key: string) => ({ count_key: key, count_dirty: false, count_writes: 0, count_fold: 1 });

/** The key the seeded lead `index` is counted under: its score and its stage (LeadsRepository). */
const leadKey = (index: number) => `score_${(index * 37) % 101}|${STAGES[index % STAGES.length] ?? 'new'}`;
/** The key formats of the counts as the repositories keep them today. */
const KEY_FORMAT: Record<string, number> = { leads: 2, workflow_executions: 1 };

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Inserts `total` documents made by `make`, 1,000 to an insert. */
async function seed(
  connection: Connection,
  collection: string,
  total: number,
  make: (index: number) => Record<string, unknown>,
): Promise<void> {
  for (let from = 0; from < total; from += 1000) {
    const docs = Array.from({ length: Math.min(1000, total - from) }, (_, offset) => make(from + offset));
    await connection.collection(collection).insertMany(docs, { ordered: false });
    if ((from / 1000) % 20 === 0) progress(`${collection}: ${from + docs.length} of ${total}`);
  }
}

async function timed(base: string, path: string, headers: Record<string, string>) {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await requestJson(base, 'GET', path, headers);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: Number(percentile(samples, 50).toFixed(1)), p99: Number(percentile(samples, 99).toFixed(1)) };
}

async function main(): Promise<void> {
  const { app, base, auth, close } = await startBenchApi(repoRoot, 'stats');
  try {
    const definitionIds: number[] = [];
    for (const score of [40, 60, 80, 90]) {
      const definition = await requestJson(base, 'POST', '/api/lead-qualification/workflows/', auth, {
        name: `Bench at ${score}`,
        trigger_type: 'score_threshold',
        trigger_config: { score },
        action_type: 'create_task',
        action_config: { title: 'Follow up', due_in_days: 1, priority: 'high' },
      });
      definitionIds.push(Number(definition.id));
    }
    const connection = app.get<Connection>(getConnectionToken());
    const epoch = Date.now() - 90 * 86_400_000;
    progress(`seeding ${LEADS} leads and ${EXECUTIONS} executions`);
    await seed(connection, 'leads', LEADS, (index) => {
      const score = (index * 37) % 101;
      return {
        id: 1_000_000 + index,
        first_name: `Lead ${index}`,
        email: `lead${index}@bench.example`,
        status: 'new',
        qualification_stage: STAGES[index % STAGES.length],
        score,
        score_seq: 1,
        inputs_version: 1,
        ...COUNTED(leadKey(index)),
        created_at: new Date(epoch + index * 60_000),
        updated_at: new Date(epoch + index * 60_000),
      };
    });
    await seed(connection, 'workflow_executions', EXECUTIONS, (index) => {
      const definition = definitionIds[index % definitionIds.length] ?? 0;
      const status = STATUSES[index % STATUSES.length] ?? 'completed';
      const at = new Date(epoch + index * 60_000);
      return {
        id: 1_000_000 + index,
        workflow_definition_id: definition,
        workflow_name: `Bench ${definition}`,
        version: 1,
        lead_id: 1_000_000 + (index % LEADS),
        trigger_type: 'score_threshold',
        event_id: `bench-${index}`,
        temporal_workflow_id: `bench-stats.${index}`,
        temporal_run_id: null,
        status,
        steps: [],
        attempts: status === 'running' ? 0 : 1,
        error: status === 'failed' ? 'bench' : null,
        started_at: at,
        finished_at: status === 'running' ? null : at,
        lane: 'bulk',
        start_after: null,
        start_attempts: 0,
        start_error: null,
        ...COUNTED(`${definition}:${status}`),
      };
    });
    // A month of stage changes, one lead in two moving once, as the scoring records them: each stamped
    // with the hour it was written (the stage trend reads them by that stamp, StageDayCounts).
    const now = Date.now();
    await seed(connection, 'stage_changes', LEADS / 2, (index) => {
      const changedAt = new Date(now - ((index * 7_919) % (30 * 24 * 60)) * 60_000);
      return {
        id: 1_000_000 + index,
        lead_id: 1_000_000 + index * 2,
        from_stage: 'new',
        to_stage: STAGES[1 + (index % (STAGES.length - 1))] ?? 'marketing_qualified',
        score: 60,
        lead_score_id: 1_000_000 + index,
        rule_set_version: 1,
        changed_at: changedAt,
        recorded_hour: Math.floor(changedAt.getTime() / 3_600_000),
      };
    });
    // The counts the worker's folds keep, as they stand once it has caught up with these documents.
    const counts = { leads: new Map<string, number>(), workflow_executions: new Map<string, number>() };
    for (let index = 0; index < LEADS; index++) bump(counts.leads, leadKey(index));
    for (let index = 0; index < EXECUTIONS; index++)
      bump(
        counts.workflow_executions,
        `${definitionIds[index % definitionIds.length] ?? 0}:${STATUSES[index % STATUSES.length] ?? 'completed'}`,
      );
    for (const [name, byKey] of Object.entries(counts)) {
      await connection
        .collection('count_snapshots')
        .replaceOne(
          { _id: name as never },
          { counts: Object.fromEntries(byKey), fold_seq: 1, fold: null, key_format: KEY_FORMAT[name] },
          { upsert: true },
        );
    }
    // The ids were written directly: move the sequences past them, as the platform's own inserts would have.
    for (const [sequence, count] of [
      ['leads', LEADS],
      ['workflow_executions', EXECUTIONS],
    ] as const) {
      await connection
        .collection('counters')
        .updateOne({ _id: sequence as never }, { $max: { seq: 1_000_000 + count - 1 } }, { upsert: true });
    }
    const reads: Record<string, string> = {
      workflow_statistics: '/api/lead-qualification/workflows/statistics/',
      recent_executions: '/api/lead-qualification/workflow-executions/recent/?limit=10',
      executions_list: '/api/lead-qualification/workflow-executions/?page_size=20',
      executions_list_by_status: '/api/lead-qualification/workflow-executions/?status=failed&page_size=20',
      score_distribution: '/api/lead-qualification/lead-scores/distribution/',
      start_backlog: '/api/lead-qualification/workflow-executions/backlog/',
      leads_in_stage: '/api/leads/?qualification_stage=sales_qualified&page_size=1',
      // the dashboard's 30-day trend; the warm-up keeps the closed hours, as the first dashboard visit does
      stage_trend: '/api/lead-qualification/lead-scores/stage_trend/?days=30',
    };
    progress('warming up');
    for (const path of Object.values(reads)) await requestJson(base, 'GET', path, auth);
    const trivial = await timed(base, '/api/lead-qualification/qualification-criteria/?page_size=1', auth);
    const measured: Record<string, unknown> = {};
    for (const [name, path] of Object.entries(reads)) {
      progress(`timing ${name}`);
      const latency = await timed(base, path, auth);
      measured[name] = {
        path,
        latency_ms: latency,
        vs_trivial_p50: Number((latency.p50 / Math.max(0.1, trivial.p50)).toFixed(1)),
        target_p50_ms: TARGET_P50_MS,
        met: latency.p50 <= TARGET_P50_MS,
      };
    }
    // The fast answers must also be right: the stage's count against the seeded leads.
    const inStage = await requestJson(base, 'GET', reads.leads_in_stage ?? '', auth);
    const seededInStage = Array.from(
      { length: LEADS },
      (_unused, index) => STAGES[index % STAGES.length],
    ).filter((stage) => stage === 'sales_qualified').length;
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'stats',
          node: process.version,
          leads: LEADS,
          executions: EXECUTIONS,
          samples_per_read: SAMPLES,
          trivial_authenticated_get_ms: trivial,
          reads: measured,
          leads_in_stage_count: {
            measured: inStage.count,
            seeded: seededInStage,
            met: inStage.count === seededInStage,
          },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench/stats: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
