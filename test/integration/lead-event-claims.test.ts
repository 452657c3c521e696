import type { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Collection, Connection } from 'mongoose';
import {
  type FreeRun,
  FreeRunsReadAhead,
  type NewExecution,
  WorkflowExecutionsRepository,
} from '@leadflow/persistence';
import { createTestContext } from '@leadflow/test-harness';
import { temporalRunsOf } from '@leadflow/qualification-runs';
import { createApp } from '../../apps/api/src/create-app';

const LEASE_MS = 30_000;

/**
 * The relay's claims of a lead event's executions (WorkflowExecutionsRepository.claimDue): all of a run's
 * executions together or none, against the real database. A decision whose write was cut short (some of
 * its executions recorded, the rest waiting for the outbox sweep) starts nothing until it is whole.
 */
describe('claims of lead event runs', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let executions: WorkflowExecutionsRepository;
  let collection: Collection;
  let event = 0;

  beforeAll(async () => {
    app = await createApp(config);
    executions = app.get(WorkflowExecutionsRepository);
    collection = app.get<Connection>(getConnectionToken()).collection('workflow_executions');
  });

  afterAll(async () => {
    await app.close();
  });

  /** The executions one event of `leadId` decides, for `definitions` in priority order. */
  function decision(leadId: number, definitions: number[], at: Date): NewExecution[] {
    const eventId = `claims-${++event}`;
    return definitions.map((definitionId) => ({
      workflow_definition_id: definitionId,
      workflow_name: `definition ${definitionId}`,
      version: 1,
      lead_id: leadId,
      trigger_type: 'score_threshold',
      event_id: eventId,
      temporal_workflow_id: `claims.qualification-${definitionId}-lead-${leadId}-${eventId}`,
      temporal_group_id: `claims.lead-${leadId}-event-${eventId}`,
      group_size: definitions.length,
      started_at: at,
      lane: 'bulk',
    }));
  }

  /** What the relay does once Temporal took them, so that later tests do not find them due. */
  async function started(claimed: readonly { temporal_workflow_id: string }[]) {
    await executions.markStarted(
      claimed.map((execution) => ({ temporal_workflow_id: execution.temporal_workflow_id, run_id: 'run' })),
    );
  }

  async function claim(now: Date, limit: number, name: string) {
    // a read-ahead of its own per claim: each sees the runs as they are now
    const free = new FreeRunsReadAhead(() => executions.freeRuns('bulk'));
    return executions.claimDue('bulk', now, limit, new Date(now.getTime() + LEASE_MS), name, free);
  }

  it("takes all of a run's executions with the first, past the limit, in priority order", async () => {
    const at = new Date('2030-01-01T00:00:00Z');
    const first = decision(501, [3, 1, 2], at);
    const second = decision(502, [1, 2], at);
    await executions.recordPending([...first, ...second]);

    const claimed = await claim(at, 1, 'claims-a');
    const runs = temporalRunsOf(claimed);
    // The limit is counted in executions, so it cut into a run: the run came whole all the same.
    expect(runs.length).toBeGreaterThanOrEqual(1);
    for (const run of runs) {
      const decided = run[0]?.lead_id === 501 ? first : second;
      expect(run.map((execution) => execution.workflow_definition_id)).toEqual(
        decided.map((execution) => execution.workflow_definition_id),
      );
    }
    const rest = await claim(at, 10, 'claims-b');
    expect(claimed.length + rest.length).toBe(5);
    await started([...claimed, ...rest]);
  });

  it('leaves a run whose executions are not all recorded yet, and starts it whole once they are', async () => {
    const at = new Date('2030-01-02T00:00:00Z');
    const cut = decision(503, [1, 2, 3], at);
    // The writer died after two of the three inserts; the outbox sweep writes the whole decision again.
    await executions.recordPending(cut.slice(0, 2));
    expect(await claim(at, 10, 'claims-c')).toEqual([]);
    // Let go, not held for a lease: due again a moment later.
    const held = await collection.find({ temporal_group_id: cut[0]?.temporal_group_id }).toArray();
    expect(held.every((row) => row.start_claim === undefined)).toBe(true);
    expect(held.every((row) => (row.start_after as Date).getTime() - at.getTime() <= 2_000)).toBe(true);

    await executions.recordPending(cut);
    const later = new Date(at.getTime() + 5_000);
    const claimed = await claim(later, 10, 'claims-d');
    expect(claimed.map((execution) => execution.workflow_definition_id)).toEqual([1, 2, 3]);
    expect(temporalRunsOf(claimed)).toHaveLength(1);
    await started(claimed);
  });

  it('starts a run without an execution cancelled before it started, and with none another relay holds', async () => {
    const at = new Date('2030-01-03T00:00:00Z');
    const [kept, cancelled] = decision(504, [1, 2], at);
    await executions.recordPending([kept!, cancelled!]);
    expect(await executions.cancelPending(cancelled!.temporal_workflow_id)).toBe(true);
    const claimed = await claim(at, 10, 'claims-e');
    expect(claimed.map((execution) => execution.temporal_workflow_id)).toEqual([kept!.temporal_workflow_id]);
    await started(claimed);

    // Another relay's lease on part of a run (it took them, then this one found the rest due): wait for it.
    const [mine, theirs] = decision(505, [1, 2], at);
    await executions.recordPending([mine!, theirs!]);
    await collection.updateOne(
      { temporal_workflow_id: theirs!.temporal_workflow_id },
      { $set: { start_claim: 'other-relay', start_after: new Date(at.getTime() + LEASE_MS) } },
    );
    expect(await claim(at, 10, 'claims-f')).toEqual([]);
    await started([mine!, theirs!]);
  });

  it('hands out one read of the backlog over many claims, and reads again once another relay took some', async () => {
    const at = new Date('2030-01-05T00:00:00Z');
    const lease = new Date(at.getTime() + LEASE_MS);
    await executions.recordPending([508, 509, 510, 511].flatMap((leadId) => decision(leadId, [1], at)));
    /** A relay's read-ahead, counting its reads; `first`, when given, is what its first read found. */
    const relay = (first?: FreeRun[]) => {
      const state = { reads: 0 };
      const free = new FreeRunsReadAhead(() => {
        state.reads += 1;
        return state.reads === 1 && first ? Promise.resolve(first) : executions.freeRuns('bulk');
      });
      const claimOne = async (name: string) =>
        (await executions.claimDue('bulk', at, 1, lease, name, free)).map((execution) => execution.lead_id);
      return { state, claimOne };
    };
    // the other relay read all four before this one claimed any
    const other = relay(await executions.freeRuns('bulk'));
    const mine = relay();

    expect(await mine.claimOne('ahead-a')).toEqual([508]);
    expect(await mine.claimOne('ahead-b')).toEqual([509]);
    expect(mine.state.reads).toBe(1);
    // its read is stale: the run it hands out first is taken, so it claims nothing and reads again
    expect(await other.claimOne('ahead-c')).toEqual([]);
    expect(await other.claimOne('ahead-d')).toEqual([510]);
    expect(other.state.reads).toBe(2);
    // and so is the rest of this relay's read now
    expect(await mine.claimOne('ahead-e')).toEqual([]);
    expect(await mine.claimOne('ahead-f')).toEqual([511]);
    expect(mine.state.reads).toBe(2);
    const all = await collection
      .find({ lead_id: { $in: [508, 509, 510, 511] } })
      .sort({ lead_id: 1 })
      .toArray();
    expect(all.map((row) => row.start_claim)).toEqual(['ahead-a', 'ahead-b', 'ahead-d', 'ahead-f']);
    await started(all.map((row) => ({ temporal_workflow_id: String(row.temporal_workflow_id) })));
  });

  it("reads the backlog once though each claim cuts into a run: the run's other executions come with it", async () => {
    const at = new Date('2030-01-06T00:00:00Z');
    const lease = new Date(at.getTime() + LEASE_MS);
    await executions.recordPending([512, 513, 514].flatMap((leadId) => decision(leadId, [1, 2], at)));
    let reads = 0;
    const free = new FreeRunsReadAhead(() => {
      reads += 1;
      return executions.freeRuns('bulk');
    });
    const claimed: number[][] = [];
    for (const name of ['cut-a', 'cut-b', 'cut-c'])
      claimed.push(
        (await executions.claimDue('bulk', at, 1, lease, name, free)).map((execution) => execution.lead_id),
      );
    expect(claimed).toEqual([
      [512, 512],
      [513, 513],
      [514, 514],
    ]);
    expect(reads).toBe(1);
    await started(
      (await collection.find({ lead_id: { $in: [512, 513, 514] } }).toArray()).map((row) => ({
        temporal_workflow_id: String(row.temporal_workflow_id),
      })),
    );
  });

  it("takes over a dead relay's claim once its lease ends, and runs an older release recorded", async () => {
    const at = new Date('2030-01-04T00:00:00Z');
    const held = decision(506, [1, 2], at);
    await executions.recordPending(held);
    // A relay claimed the run and died before starting it.
    expect(await claim(at, 10, 'claims-dead')).toHaveLength(2);
    expect(await claim(new Date(at.getTime() + LEASE_MS - 1), 10, 'claims-g')).toEqual([]);
    const takenOver = await claim(new Date(at.getTime() + LEASE_MS), 10, 'claims-h');
    expect(takenOver.map((execution) => execution.workflow_definition_id)).toEqual([1, 2]);
    await started(takenOver);

    // Recorded by a release before `start_held`: due by its `start_after`, once flagged.
    const old = decision(507, [1], at);
    await executions.recordPending(old);
    await collection.updateOne(
      { temporal_workflow_id: old[0]!.temporal_workflow_id },
      { $unset: { start_held: '' } },
    );
    await executions.holdUnflagged();
    const claimed = await claim(at, 10, 'claims-i');
    expect(claimed.map((execution) => execution.temporal_workflow_id)).toEqual([
      old[0]!.temporal_workflow_id,
    ]);
    await started(claimed);
  });
});
