import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { callApi, createTestContext, loginAs, repoRoot } from '@leadflow/test-harness';
import { startApi } from '../harness/api';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(repoRoot, 'dsl', 'fixtures', 'valid', name), 'utf8')) as Record<
    string,
    unknown
  >;

/** The guide's four workflow documents, sent exactly as printed. */
const GUIDE_WORKFLOWS = [
  'workflow-guide-1-assign-hot-leads.json',
  'workflow-guide-2-follow-up-sql.json',
  'workflow-guide-3-notify-hot-lead.json',
  'workflow-guide-4-qualified-status.json',
].map(fixture);

describe('workflows API: definitions, versions, validation, dry runs, statistics', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let base: string;
  let editor: Record<string, string>;
  let viewer: Record<string, string>;
  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    callApi(base, method, path, headers, body);

  beforeAll(async () => {
    [app, base, editor, viewer] = await startApi(config, 'editor', 'viewer');
    // The guide's workflows hand leads to users 5, 6 and 7, its sales reps: here they exist, as on the demo
    // platform (a workflow naming a user who does not exist is refused when saved).
    const admin = await loginAs(base, 'admin');
    for (let id = 0, rep = 1; id < 7; rep += 1) {
      const user = await callApi(base, 'POST', '/api/users/', admin, {
        username: `sales-rep-${rep}`,
        password: 'a long enough password',
        role: 'editor',
      });
      id = user.body.id as number;
    }
  });

  afterAll(async () => {
    await app.close();
  });

  it("accepts the guide's workflows as printed and lists them highest priority first", async () => {
    const created = [];
    for (const document of GUIDE_WORKFLOWS) {
      const { kind: _kind, ...body } = document;
      const reply = await call('POST', '/api/lead-qualification/workflows/', editor, body);
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({
        id: expect.any(Number),
        version: 1,
        name: body.name,
        trigger_type: 'score_threshold',
      });
      expect(reply.body.program.steps[0]).toMatchObject({ id: 's1', kind: 'action' });
      created.push(reply.body);
    }
    const list = await call('GET', '/api/lead-qualification/workflows/?page_size=2', viewer);
    expect(list.status).toBe(200);
    expect(list.body.count).toBeGreaterThanOrEqual(4);
    expect(list.body.results).toHaveLength(2);
    expect(list.body.results[0].name).toBe('Assign hot leads to senior rep'); // priority 10
    expect(list.body.next).toContain('page=2');
  });

  it('lists every problem of an invalid workflow in one 400, and stores nothing', async () => {
    const before = await call('GET', '/api/lead-qualification/workflows/', viewer);
    const reply = await call('POST', '/api/lead-qualification/workflows/', editor, {
      name: 'Broken',
      trigger_type: 'score_threshold',
      trigger_config: { score: 'high' },
      action_type: 'create_task',
      action_config: { title: 'Call', priority: 'asap' },
      colour: 'red',
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ status_code: 400, error: 'Bad Request' });
    const fields = reply.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['trigger_config.score', 'action_config.priority', 'colour']),
    );
    const after = await call('GET', '/api/lead-qualification/workflows/', viewer);
    expect(after.body.count).toBe(before.body.count);
  });

  it('saves a new immutable version on every change and keeps the old ones', async () => {
    const { kind: _kind, ...multiStep } = fixture('workflow-multi-step-hot-lead.json');
    const created = await call('POST', '/api/lead-qualification/workflows/', editor, multiStep);
    expect(created.status).toBe(201);
    const id = created.body.id as number;

    const replaced = await call('PUT', `/api/lead-qualification/workflows/${id}/`, editor, {
      ...multiStep,
      priority: 30,
    });
    expect(replaced.body).toMatchObject({ version: 2, priority: 30 });
    const patched = await call('PATCH', `/api/lead-qualification/workflows/${id}`, editor, {
      is_active: false,
    });
    expect(patched.body).toMatchObject({ version: 3, is_active: false, priority: 30 });

    const versions = await call('GET', `/api/lead-qualification/workflows/${id}/versions/`, viewer);
    expect(versions.body.map((version: { version: number }) => version.version)).toEqual([3, 2, 1]);
    expect(versions.body[2].program).toMatchObject({ priority: 20, version: 1 });

    const badPatch = await call('PATCH', `/api/lead-qualification/workflows/${id}`, editor, {
      priority: 'top',
    });
    expect(badPatch.status).toBe(400);
    expect((await call('GET', `/api/lead-qualification/workflows/${id}`, viewer)).body.version).toBe(3);
  });

  it('validates without saving: errors, linter warnings and the compiled program', async () => {
    const ok = await call('POST', '/api/lead-qualification/workflows/validate/', editor, GUIDE_WORKFLOWS[0]);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ valid: true, errors: [] });
    expect(ok.body.program.trigger.rule.conditions).toEqual({
      all: [
        { fact: 'score', operator: 'greater_than_or_equal', value: 75 },
        { fact: 'previous_score', operator: 'less_than', value: 75 },
      ],
    });
    const bad = await call('POST', '/api/lead-qualification/workflows/validate/', editor, {
      name: 'x',
      steps: [],
    });
    expect(bad.status).toBe(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.errors.length).toBeGreaterThan(0);
  });

  it('answers the guide statistics shape, and 404/400 for unknown or malformed ids', async () => {
    const stats = await call('GET', '/api/lead-qualification/workflows/statistics/', viewer);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      total_workflows: expect.any(Number),
      active_workflows: expect.any(Number),
      total_executions: 0,
      successful_executions: 0,
      failed_executions: 0,
    });
    expect(stats.body.total_workflows).toBeGreaterThan(stats.body.active_workflows);
    expect((await call('GET', '/api/lead-qualification/workflows/99999', viewer)).status).toBe(404);
    expect((await call('GET', '/api/lead-qualification/workflows/abc', viewer)).status).toBe(400);
  });

  it('lets viewers read but not write', async () => {
    const { kind: _kind, ...body } = GUIDE_WORKFLOWS[1]!;
    expect((await call('POST', '/api/lead-qualification/workflows/', viewer, body)).status).toBe(403);
    expect(
      (await call('GET', '/api/lead-qualification/workflow-executions/recent/?limit=5', viewer)).status,
    ).toBe(200);
  });

  it('dry-runs a multi-step workflow on a lead: the branch follows current facts, nothing happens', async () => {
    const { kind: _kind, ...multiStep } = fixture('workflow-multi-step-hot-lead.json');
    // names are unique per section: the versions test above saved the fixture under its own name
    const workflow = (
      await call('POST', '/api/lead-qualification/workflows/', editor, {
        ...multiStep,
        name: `${String(multiStep.name)} (dry run)`,
      })
    ).body;
    const lead = (
      await call('POST', '/api/leads/', editor, {
        first_name: 'Ada',
        email: 'ada@acme.example',
        company: 'Acme',
      })
    ).body;
    await call('POST', `/api/leads/${lead.id}/activities/`, editor, {
      type: 'email_clicked',
      occurred_at: new Date().toISOString(),
    });

    const dry = await call('POST', `/api/lead-qualification/workflows/${workflow.id}/dry_run/`, editor, {
      lead_id: lead.id,
    });
    expect(dry.status).toBe(200);
    expect(
      dry.body.steps.map((step: { step_id: string; kind: string }) => `${step.step_id}:${step.kind}`),
    ).toEqual(['s1:action', 's2:action', 's3:delay', 's4:branch', 's5:action', 's6:action']);
    expect(dry.body.steps[3]).toMatchObject({ branch: 'then', explanation: { group: 'all', result: true } });
    expect(
      (await call('GET', `/api/lead-qualification/workflow-executions/?lead=${lead.id}`, viewer)).body.count,
    ).toBe(0);
    expect(
      (
        await call('POST', `/api/lead-qualification/workflows/${workflow.id}/dry_run/`, editor, {
          lead_id: 987654,
        })
      ).status,
    ).toBe(404);
  });
});
