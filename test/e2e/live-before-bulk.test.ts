import type { INestApplication } from '@nestjs/common';
import type { Connection } from 'mongoose';
import {
  connectMongo,
  LeadsRepository,
  type NewExecution,
  WorkflowExecutionsRepository,
} from '@leadflow/persistence';
import {
  callApi,
  createTestContext,
  killWorkerProcesses,
  startWorkerProcess,
  until,
  workerEnv,
} from '@leadflow/test-harness';
import { startApi } from '../harness/api';

const BULK_RUNS = 3000;

/**
 * Live crossings never wait behind bulk ones: with thousands of runs of a bulk recalculation decided and
 * waiting, a lead pushed over a threshold through the API has its effect while most of them still wait
 * (the relay starts live runs first, bulk ones paced, on a task queue of their own). The bulk runs are
 * still started, each once.
 */
describe('live runs before bulk runs', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let base: string;
  let editor: Record<string, string>;
  let db: Connection;
  const call = (method: string, path: string, body?: unknown) => callApi(base, method, path, editor, body);

  beforeAll(async () => {
    [app, base, editor] = await startApi(config, 'editor');
    db = await connectMongo(config);
  });

  afterAll(async () => {
    killWorkerProcesses();
    await app.close();
    await db.close();
  });

  it('a live crossing has its effect while thousands of bulk runs wait', async () => {
    await call('POST', '/api/lead-qualification/scoring-rules/', {
      name: 'Hot title',
      rule_type: 'demographic',
      field_name: 'title',
      operator: 'equals',
      value: 'Hot',
      points: 70,
    });
    const created = await call('POST', '/api/lead-qualification/workflows/', {
      name: 'Follow up at 60',
      trigger_type: 'score_threshold',
      trigger_config: { score: 60 },
      action_type: 'create_task',
      action_config: { title: 'Call {{first_name}}', due_in_days: 1, priority: 'high' },
    });
    const definitionId = (created.body as { id: number }).id;
    const leads = app.get(LeadsRepository);
    const flooded = await leads.create({ first_name: 'Flooded', title: 'Cold' });
    // The decisions of a recalculation of thousands of leads, recorded as the bulk scorer records them.
    const bulk: NewExecution[] = Array.from({ length: BULK_RUNS }, (_unused, index) => ({
      workflow_definition_id: definitionId,
      workflow_name: 'Follow up at 60',
      version: 1,
      lead_id: flooded.id,
      trigger_type: 'score_threshold',
      event_id: `bulk-${index}`,
      temporal_workflow_id: `${config.TEMPORAL_ID_PREFIX}.bulk-${index}`,
      started_at: new Date(),
      lane: 'bulk',
    }));
    await app.get(WorkflowExecutionsRepository).recordPending(bulk);
    const executions = db.collection('workflow_executions');
    startWorkerProcess(workerEnv(config, { WORKFLOW_BULK_STARTS_PER_SECOND: '20' }));
    // The flood is under way before the live crossing comes.
    await until(
      () => executions.countDocuments({ lane: 'bulk', status: 'completed' }),
      (completed) => completed > 0,
      { what: 'bulk runs to complete', timeoutMs: 60_000 },
    );

    const hot = await leads.create({ first_name: 'Hot', title: 'Hot' });
    const reply = await call('POST', '/api/lead-qualification/lead-scores/calculate/', { lead_id: hot.id });
    expect(reply.body).toMatchObject({ score: 70 });
    const live = await until(
      () => executions.findOne({ lead_id: hot.id, status: 'completed' }),
      (found) => found !== null,
      { what: 'the live run to complete', timeoutMs: 60_000 },
    );
    const stillWaiting = await executions.countDocuments({ lane: 'bulk', status: 'pending' });
    const task = await db.collection('tasks').findOne({ lead_id: hot.id });

    expect(live).toMatchObject({ lane: 'live', trigger_type: 'score_threshold' });
    expect(task).toMatchObject({ title: 'Call Hot' });
    // Most of the flood was still waiting when the live run was done: it did not queue behind them.
    expect(stillWaiting).toBeGreaterThan(BULK_RUNS / 2);
    // Bulk runs do run and have their effects (each once: the effect ledger's own tests); read in this
    // order while the flood goes on, as every completed run's task exists before its completion is stored.
    const completed = await executions.countDocuments({ lane: 'bulk', status: 'completed' });
    const bulkTasks = await db.collection('tasks').countDocuments({ lead_id: flooded.id });
    expect(completed).toBeGreaterThan(0);
    expect(bulkTasks).toBeGreaterThanOrEqual(completed);
  }, 180_000);
});
