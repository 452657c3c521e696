// Benchmark: 1,000 leads cross a score threshold at once, each through a real calculation. Prints one JSON
// object: decisions stored per second, and end-to-end latency (calculation -> the action's task visible in
// MongoDB, so through the outbox, the worker's relay and Temporal), p50 and p99, with one worker process and
// with two. Needs the embedded services (`npm run services -- up`) and a build
// (`npm run build`); `npm run bench:workflows` does both. `--leads=N` sets how many leads (default 1,000).
import { join } from 'node:path';
import { servicesEnv } from '../services-env';
import { NestFactory } from '@nestjs/core';
import { type Config, loadConfig } from '../../libs/config/src';
import { LeadsRepository, TasksRepository } from '../../libs/persistence/src';
import { ScoringService } from '../../libs/scoring/src';
import { ScoringRulesService } from '../../apps/api/src/scoring-rules/scoring-rules.service';
import { WorkflowDefinitionsService } from '../../libs/workflows/src';
import { AppModule } from '../../apps/api/src/app.module';
import { startWorker, stopWorker } from '../worker-process';

const repoRoot = join(__dirname, '..', '..', '..');
const LEADS = Number(process.argv.find((arg) => arg.startsWith('--leads='))?.split('=')[1] ?? 1000);
if (!Number.isInteger(LEADS) || LEADS < 1) {
  process.stderr.write('bench/workflows: --leads=N must be a whole number of leads, at least 1\n');
  process.exit(2);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function progress(message: string): void {
  process.stderr.write(`[bench/workflows] ${message}\n`);
}

async function run(workers: number): Promise<Record<string, unknown>> {
  const suffix = `${workers}w${Date.now().toString(36)}`;
  const env = {
    ...servicesEnv(repoRoot),
    MONGO_DB: `bench_workflows_${suffix}`,
    REDIS_PREFIX: `bench:${suffix}`,
    TEMPORAL_TASK_QUEUE: `bench-${suffix}`,
    TEMPORAL_ID_PREFIX: `bench-${suffix}`,
    LOG_LEVEL: 'error',
  };
  const config: Config = loadConfig(env);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  await app.init();
  progress(`API context up; starting ${workers} worker process(es)`);
  // Workers log at info: their "worker started" line is how the bench knows they are polling.
  const workerProcesses = await Promise.all(
    Array.from({ length: workers }, () => startWorker(repoRoot, { ...env, LOG_LEVEL: 'info' })),
  );
  try {
    const definitions = app.get(WorkflowDefinitionsService);
    const leads = app.get(LeadsRepository);
    const tasks = app.get(TasksRepository);
    const scoring = app.get(ScoringService);
    await createRule(app.get(ScoringRulesService));
    await definitions.create({
      name: 'Bench: follow up at 50',
      trigger_type: 'score_threshold',
      trigger_config: { score: 50 },
      action_type: 'create_task',
      action_config: { title: 'Follow up', due_in_days: 1, priority: 'high' },
    });
    progress(`creating ${LEADS} leads`);
    const leadIds: number[] = [];
    for (let i = 0; i < LEADS; i++)
      leadIds.push((await leads.create({ first_name: `Lead ${i}`, status: 'new', title: 'Bench' })).id);

    progress('calculating every lead (each crosses 50)');
    const firedAt = new Map<number, number>();
    const started = performance.now();
    // Every lead crosses 50 at once; calculations run 50 at a time, as parallel jobs would.
    for (let i = 0; i < leadIds.length; i += 50) {
      await Promise.all(
        leadIds.slice(i, i + 50).map((leadId) => {
          firedAt.set(leadId, performance.now());
          return scoring.calculate(leadId);
        }),
      );
    }
    const allStartedMs = performance.now() - started;

    const latencies = new Map<number, number>();
    const deadline = Date.now() + 120_000;
    while (latencies.size < leadIds.length && Date.now() < deadline) {
      const { results } = await tasks.list({ skip: 0, limit: leadIds.length + 10 });
      const now = performance.now();
      for (const task of results) {
        if (!latencies.has(task.lead_id))
          latencies.set(task.lead_id, now - (firedAt.get(task.lead_id) ?? now));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    progress(`${latencies.size} of ${leadIds.length} effects visible`);
    const sorted = [...latencies.values()].sort((a, b) => a - b);
    const totalMs = performance.now() - started;
    return {
      worker_processes: workers,
      leads: leadIds.length,
      decisions_stored_per_second: Math.round((leadIds.length / allStartedMs) * 1000),
      effects_visible: sorted.length,
      effects_per_second_end_to_end: Math.round((sorted.length / totalMs) * 1000),
      latency_ms: { p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)) },
      seconds: Number((totalMs / 1000).toFixed(1)),
    };
  } finally {
    await Promise.all(workerProcesses.map(stopWorker));
    await app.close();
  }
}

/** The one scoring rule: a lead titled "Bench" scores 60, so its first calculation crosses 50. */
async function createRule(rules: ScoringRulesService): Promise<void> {
  await rules.create(
    {
      name: 'Bench title',
      rule_type: 'demographic',
      field_name: 'title',
      operator: 'equals',
      value: 'Bench',
      points: 60,
    },
    null,
  );
}

async function main(): Promise<void> {
  const runs = [await run(1), await run(2)];
  process.stdout.write(
    `${JSON.stringify({ benchmark: 'workflows', node: process.version, note: 'calculations in one API-side process, worker processes (relay + Temporal worker) as listed; latency = calculation to task visible', runs }, null, 2)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench/workflows: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
