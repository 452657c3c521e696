import type { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import fc from 'fast-check';
import type { Collection, Connection } from 'mongoose';
import {
  EXECUTION_STATUSES,
  FoldedCounts,
  type NewExecution,
  WorkflowExecutionsRepository,
} from '@leadflow/persistence';
import { createTestContext } from '@leadflow/test-harness';
import { createApp } from '../../apps/api/src/create-app';

const DEFINITIONS = [11, 12, 13];
const FINAL = ['completed', 'failed', 'cancelled', 'timed_out'] as const;

/** One step of a workload: what the relay, the runs' outcome activities, the API and the folds do. */
type Step =
  | { kind: 'start'; picks: number[] }
  | { kind: 'finish'; picks: number[]; status: (typeof FINAL)[number] }
  | { kind: 'cancel'; picks: number[] }
  | { kind: 'defer'; picks: number[] }
  | { kind: 'remove'; picks: number[] }
  | { kind: 'fold' }
  | { kind: 'crashed-fold' };

const picks = fc.array(fc.nat(999), { minLength: 1, maxLength: 12 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('start' as const), picks }),
  fc.record({ kind: fc.constant('finish' as const), picks, status: fc.constantFrom(...FINAL) }),
  fc.record({ kind: fc.constant('cancel' as const), picks }),
  fc.record({ kind: fc.constant('defer' as const), picks }),
  fc.record({ kind: fc.constant('remove' as const), picks }),
  fc.constant({ kind: 'fold' as const }),
  fc.constant({ kind: 'crashed-fold' as const }),
);
/** Rounds of steps; the steps of a round run at the same time. */
const workload = fc.record({
  executions: fc.integer({ min: 5, max: 60 }),
  rounds: fc.array(fc.array(step, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
});

/**
 * The statistics' counts are kept by the writes and folded in by the worker (FoldedCounts), never counted
 * on a read. After a randomized workload of concurrent transitions, repeated outcomes (a retried activity),
 * concurrent folds, removals, and folds that die between their snapshot write and the rest, the counts equal a full
 * count of the collection: read at once (the snapshot corrected by what is not folded yet) and after
 * folding everything.
 */
describe('execution counts kept by the writes', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let executions: WorkflowExecutionsRepository;
  let collection: Collection;
  let connection: Connection;
  let batch = 0;

  beforeAll(async () => {
    app = await createApp(config);
    // Started as the platform starts, with its indexes: a decision written twice is stored once.
    await app.init();
    executions = app.get(WorkflowExecutionsRepository);
    connection = app.get<Connection>(getConnectionToken());
    collection = connection.collection('workflow_executions');
  });

  afterAll(async () => {
    await app.close();
  });

  /** A full count per (definition, status), the way statistics were computed before. */
  async function fullCount(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const definition of DEFINITIONS) {
      for (const status of EXECUTION_STATUSES) {
        const count = await collection.countDocuments({ workflow_definition_id: definition, status });
        counts.set(`${definition}:${status}`, count);
      }
    }
    return counts;
  }

  async function kept(): Promise<Map<string, number>> {
    const { byDefinition } = await executions.countByStatus();
    const counts = new Map<string, number>();
    for (const definition of DEFINITIONS)
      for (const status of EXECUTION_STATUSES)
        counts.set(`${definition}:${status}`, byDefinition.get(definition)?.[status] ?? 0);
    return counts;
  }

  /** The counts over `documents`, as the repository keeps them. */
  function countsOf(documents: Collection): FoldedCounts {
    return new FoldedCounts(
      'workflow_executions',
      documents,
      connection.collection('count_snapshots'),
      connection.collection('count_removals'),
      (execution) => `${String(execution.workflow_definition_id)}:${String(execution.status)}`,
      ['workflow_definition_id', 'status'],
    );
  }

  /**
   * A fold whose process dies after it wrote the snapshot: the collection it applies its fold through
   * fails on its first bulk write, as a killed process would stop there.
   */
  async function crashedFold(): Promise<void> {
    let failed = false;
    const dying = new Proxy(collection, {
      get(target, property, receiver) {
        if (property === 'bulkWrite' && !failed) {
          failed = true;
          return () => Promise.reject(new Error('the folding process died'));
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const counts = countsOf(dying);
    await counts.fold().catch(() => undefined);
  }

  it('equal a full count after a randomized concurrent workload', async () => {
    await fc.assert(
      fc.asyncProperty(workload, async (plan) => {
        batch += 1;
        const runs: NewExecution[] = Array.from({ length: plan.executions }, (_unused, index) => ({
          workflow_definition_id: DEFINITIONS[index % DEFINITIONS.length] ?? 0,
          workflow_name: 'Counted',
          version: 1,
          lead_id: index + 1,
          trigger_type: 'score_threshold',
          event_id: `counts-${batch}-${index}`,
          temporal_workflow_id: `counts-${batch}-${index}`,
          started_at: new Date(),
          lane: index % 2 === 0 ? 'live' : 'bulk',
        }));
        // Recorded in several concurrent inserts, one of them twice (a decision written again).
        const halves = [runs.slice(0, runs.length / 2), runs.slice(runs.length / 2)];
        await Promise.all([...halves, halves[0] ?? []].map((part) => executions.recordPending(part)));
        const ids = runs.map((run) => run.temporal_workflow_id);
        const chosen = (numbers: number[]) => numbers.map((n) => ids[n % ids.length] ?? '');
        const act = async (action: Step): Promise<void> => {
          switch (action.kind) {
            case 'start':
              return executions.markStarted(
                chosen(action.picks).map((id) => ({ temporal_workflow_id: id, run_id: `run-${id}` })),
              );
            case 'finish':
              // Each outcome twice, as a retried recordOutcome activity writes it.
              for (const id of [...chosen(action.picks), ...chosen(action.picks)]) {
                await executions.finish(
                  id,
                  { status: action.status, steps: [], attempts: 1, error: null },
                  new Date(),
                );
              }
              return;
            case 'cancel':
              await Promise.all(chosen(action.picks).map((id) => executions.cancelPending(id)));
              return;
            case 'defer':
              return executions.deferStart(
                chosen(action.picks).map((id) => ({
                  temporal_workflow_id: id,
                  retry_at: new Date(),
                  error: 'Temporal away',
                })),
              );
            case 'fold':
              await Promise.all([executions.foldCounts(), executions.foldCounts()]);
              return;
            case 'crashed-fold':
              return crashedFold();
            case 'remove':
              // Executions are not deleted today; leads are, through the same FoldedCounts.remove.
              await Promise.all(
                chosen(action.picks).map((id) => countsOf(collection).remove({ temporal_workflow_id: id })),
              );
              return;
          }
        };
        for (const round of plan.rounds) await Promise.all(round.map(act));

        expect(await kept()).toEqual(await fullCount());
        while ((await executions.foldCounts()) > 0);
        expect(await kept()).toEqual(await fullCount());
        expect(await collection.countDocuments({ count_dirty: true })).toBe(0);
      }),
      { numRuns: 12 },
    );
  }, 300_000);

  it('count executions stored before counting began', async () => {
    await collection.insertOne({
      id: 999_999,
      workflow_definition_id: 11,
      workflow_name: 'Old',
      version: 1,
      lead_id: 1,
      trigger_type: 'manual',
      event_id: 'old',
      temporal_workflow_id: 'counts-old',
      status: 'completed',
      started_at: new Date(),
    });
    const before = (await fullCount()).get('11:completed') ?? 0;
    // A restart of the platform on the old data: its start-up marks them to be counted.
    const restarted = await createApp(config);
    await restarted.init();
    await restarted.close();
    expect((await kept()).get('11:completed')).toBe(before);
    while ((await executions.foldCounts()) > 0);
    expect((await kept()).get('11:completed')).toBe(before);
  });
});
