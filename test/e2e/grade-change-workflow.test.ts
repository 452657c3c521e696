import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { LeadsRepository } from '@leadflow/persistence';
import { callApi, createTestContext, until, waitForExecution } from '@leadflow/test-harness';
import { startWorkerModule } from '../harness/in-process-worker';
import { startApi } from '../harness/api';

const Q = '/api/lead-qualification';

/**
 * A `grade_change` workflow through the real pipeline: the API calculates, the decision is stored with the
 * score, the relay starts the run on Temporal and the worker (Temporal worker and Bull processors in this
 * process) carries out its action, read back through the API. It runs for each calculation that moves the
 * lead's grade, and for none that leaves the grade where it was, even when the score moves.
 */
describe('grade_change workflow end to end', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;
  let base: string;
  let editor: Record<string, string>;
  let workflowId: number;
  const call = (method: string, path: string, body?: unknown) => callApi(base, method, path, editor, body);

  beforeAll(async () => {
    const { config } = createTestContext();
    worker = await startWorkerModule(config);
    [app, base, editor] = await startApi(config, 'editor');
    // 35 fit points at most: industry 20 and title 15; the opens score but never grade
    const rules = [
      ['Target Industry', 'firmographic', 'industry', 'in_list', '["SaaS"]', 20],
      ['Decision Maker', 'demographic', 'title', 'contains', 'director', 15],
      ['Email Engaged', 'behavioral', 'email_opens_count', 'greater_than', '3', 10],
    ] as const;
    for (const [name, rule_type, field_name, operator, value, points] of rules) {
      const created = await call('POST', `${Q}/scoring-rules/`, {
        name,
        rule_type,
        field_name,
        operator,
        value,
        points,
      });
      expect(created.status).toBe(201);
    }
    const workflow = await call('POST', `${Q}/workflows/`, {
      name: 'Review a lead whose fit changed',
      trigger_type: 'grade_change',
      trigger_config: {},
      action_type: 'create_task',
      action_config: { title: 'Review the fit of {{first_name}}', due_in_days: 1, priority: 'medium' },
    });
    expect(workflow.status).toBe(201);
    workflowId = workflow.body.id as number;
  }, 120_000);

  afterAll(async () => {
    await app.close();
    await worker.close();
  });

  const runsOf = async (leadId: number) =>
    (
      (await call('GET', `${Q}/workflow-executions/?lead=${leadId}&page_size=100`)).body.results as {
        id: number;
        workflow_definition_id: number;
        trigger_type: string;
        temporal_workflow_id: string;
      }[]
    ).filter((execution) => execution.workflow_definition_id === workflowId);

  const calculate = async (leadId: number) => {
    const calculated = await call('POST', `${Q}/lead-scores/calculate/`, { lead_id: leadId });
    expect(calculated.status).toBe(200);
    return calculated.body as { score: number; grade: string | null };
  };

  it('runs its action each time the grade changes, and not when the grade stays', async () => {
    // Made through the repository, so no rescoring job races the calculations below.
    const leads = worker.get(LeadsRepository, { strict: false });
    const lead = await leads.create({
      first_name: 'Grace',
      email: 'grace@initech.example',
      industry: 'SaaS',
      title: 'Engineer',
    });

    // 1. the first calculation gives the lead a grade: none -> C (20 of 35 fit points)
    expect(await calculate(lead.id)).toMatchObject({ score: 20, grade: 'C' });
    const first = await until(
      () => runsOf(lead.id),
      (runs) => runs.length === 1,
    );
    expect(first[0]).toMatchObject({ trigger_type: 'grade_change' });

    // 2. a title edit through the API: C -> A (35 of 35)
    expect((await call('PATCH', `/api/leads/${lead.id}/`, { title: 'Director of IT' })).status).toBe(200);
    expect(await calculate(lead.id)).toMatchObject({ score: 35, grade: 'A' });
    const second = await until(
      () => runsOf(lead.id),
      (runs) => runs.length === 2,
    );
    for (const run of second) expect((await waitForExecution(base, editor, run.id)).status).toBe('completed');
    const tasks = (await call('GET', `/api/tasks/?lead_id=${lead.id}`)).body;
    expect(tasks.count).toBe(2);
    expect(tasks.results[0]).toMatchObject({ title: 'Review the fit of Grace' });

    // 3. four opens: the score moves (35 -> 45), the grade stays A, and nothing runs
    for (let i = 0; i < 4; i += 1) {
      const opened = await call('POST', `/api/leads/${lead.id}/activities/`, { type: 'email_opened' });
      expect(opened.status).toBe(201);
    }
    expect(await calculate(lead.id)).toMatchObject({ score: 45, grade: 'A' });
    expect(await runsOf(lead.id)).toHaveLength(2);

    // 4. the title goes back: A -> C, the third change and the third run
    expect((await call('PATCH', `/api/leads/${lead.id}/`, { title: 'Engineer' })).status).toBe(200);
    expect(await calculate(lead.id)).toMatchObject({ score: 30, grade: 'C' });
    const runs = await until(
      () => runsOf(lead.id),
      (found) => found.length === 3,
    );
    for (const run of runs) expect((await waitForExecution(base, editor, run.id)).status).toBe('completed');
    expect((await call('GET', `/api/tasks/?lead_id=${lead.id}`)).body.count).toBe(3);

    // Each run is named by the calculation that started it: exactly the calculations that moved the grade,
    // whoever made them (these requests, or the worker rescoring after an edit or an activity).
    const history = (await call('GET', `${Q}/lead-scores/history/?lead_id=${lead.id}`)).body as {
      id: number;
      grade: string | null;
    }[];
    const oldestFirst = [...history].reverse();
    const moved = oldestFirst
      .filter((entry, index) => entry.grade !== (index === 0 ? null : oldestFirst[index - 1]?.grade))
      .map((entry) => `score-${entry.id}`);
    expect(moved).toHaveLength(3);
    expect(runs.map((run) => /score-\d+$/.exec(run.temporal_workflow_id)?.[0]).sort()).toEqual(moved.sort());
  });
});
