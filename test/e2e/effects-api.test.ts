import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { Connection } from 'mongoose';
import {
  CampaignMembershipsRepository,
  connectMongo,
  NotificationsRepository,
  TasksRepository,
} from '@leadflow/persistence';
import { callApi, createTestContext, waitForExecution } from '@leadflow/test-harness';
import { startWorkerModule } from '../harness/in-process-worker';
import { startApi } from '../harness/api';
import { persistenceOn } from '../harness/persistence';

/** The user id a bearer token was issued for (its `sub` claim). */
function userIdOf(headers: Record<string, string>): number {
  const token = (headers.authorization ?? '').replace(/^Bearer /, '');
  const payload = token.split('.')[1] ?? '';
  return Number((JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string }).sub);
}

interface StreamEvent {
  id: string;
  data: Record<string, unknown>;
}

/** Reads server-sent events off a fetch body until `count` have arrived or the deadline passes. */
async function readEvents(response: Response, count: number, deadlineMs = 15_000): Promise<StreamEvent[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: StreamEvent[] = [];
  let buffered = '';
  const deadline = Date.now() + deadlineMs;
  while (events.length < count && Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => {
        resolve(null);
      }, deadline - Date.now());
    });
    const chunk = await Promise.race([reader.read(), timeout]);
    clearTimeout(timer);
    if (chunk === null || chunk.done) break;
    buffered += decoder.decode(chunk.value, { stream: true });
    const blocks = buffered.split('\n\n');
    buffered = blocks.pop() ?? '';
    for (const block of blocks) {
      const field = (name: string) =>
        block
          .split('\n')
          .filter((line) => line.startsWith(`${name}:`))
          .map((line) => line.slice(name.length + 1).trim())
          .join('\n');
      const data = field('data');
      if (data) events.push({ id: field('id'), data: JSON.parse(data) as Record<string, unknown> });
    }
  }
  reader.releaseLock();
  return events;
}

/**
 * Tasks, notifications and campaign memberships, the effects of workflow actions, read and changed through
 * the API: made by a real manual run on the in-process worker, and by the repositories where a test needs
 * exact data (filters, other users' notifications).
 */
describe('action effects API', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let worker: INestApplicationContext;
  let connection: Connection;
  let tasks: TasksRepository;
  let notifications: NotificationsRepository;
  let campaigns: CampaignMembershipsRepository;
  let base: string;
  let viewer: Record<string, string>;
  let editor: Record<string, string>;
  const asViewer = (method: string, path: string, body?: unknown) =>
    callApi(base, method, path, viewer, body);
  const asEditor = (method: string, path: string, body?: unknown) =>
    callApi(base, method, path, editor, body);

  const finished = (executionId: number) => waitForExecution(base, editor, executionId);

  let effectKeys = 0;
  const effectKey = () => `test/${(effectKeys += 1)}`;

  beforeAll(async () => {
    worker = await startWorkerModule(config);
    [app, base, viewer, editor] = await startApi(config, 'viewer', 'editor');
    connection = await connectMongo(config);
    const persistence = await persistenceOn(connection);
    tasks = persistence.get(TasksRepository);
    notifications = persistence.get(NotificationsRepository);
    campaigns = persistence.get(CampaignMembershipsRepository);
    await Promise.all([tasks.onModuleInit(), notifications.onModuleInit(), campaigns.onModuleInit()]);
  });

  afterAll(async () => {
    await app.close();
    await worker.close();
    await connection.close();
  });

  it("reads back a manual run's task, notification and campaign, completes and reopens the task", async () => {
    const campaign = `nurture-${Date.now()}`;
    const workflow = (
      await asEditor('POST', '/api/lead-qualification/workflows/', {
        name: 'Follow up and nurture',
        trigger_type: 'manual',
        trigger_config: {},
        steps: [
          {
            action: 'create_task',
            config: { title: 'Call {{first_name}}', due_in_days: 2, priority: 'high' },
          },
          { action: 'send_notification', config: { message: '{{first_name}} needs a call' } },
          { action: 'add_to_campaign', config: { campaign } },
        ],
      })
    ).body;
    const lead = (await asEditor('POST', '/api/leads/', { first_name: 'Ada', email: 'ada@effects.example' }))
      .body;
    const started = await asEditor('POST', `/api/lead-qualification/workflows/${workflow.id}/execute/`, {
      lead_id: lead.id,
    });
    expect(started.status).toBe(201);
    expect(await finished(started.body.id)).toMatchObject({ status: 'completed' });

    const listed = await asViewer('GET', `/api/tasks/?lead_id=${lead.id}`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ count: 1, next: null, previous: null });
    const task = listed.body.results[0];
    expect(task).toMatchObject({ lead_id: lead.id, title: 'Call Ada', priority: 'high', status: 'open' });
    // Effects name the definition run that made them (its key in the effect ledger), derived from
    // (definition, lead, event) under the deployment's id prefix, not the lead event's Temporal run they share.
    const prefix = (started.body.temporal_workflow_id as string).split('.lead-')[0];
    const executionKey = `${prefix}.qualification-${workflow.id}-lead-${lead.id}-${started.body.event_id}`;
    expect(task.created_by_workflow_id).toBe(executionKey);
    expect(task).not.toHaveProperty('effect_key');
    expect(Date.parse(task.due_at) - Date.now()).toBeGreaterThan(86_400_000);
    expect((await asViewer('GET', `/api/tasks/${task.id}/`)).body).toEqual(task);

    expect((await asViewer('POST', `/api/tasks/${task.id}/complete/`)).status).toBe(403);
    const completed = await asEditor('POST', `/api/tasks/${task.id}/complete/`);
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ id: task.id, status: 'done' });
    expect(completed.body.completed_at).toEqual(expect.any(String));
    const again = await asEditor('POST', `/api/tasks/${task.id}/complete/`);
    expect(again.body.completed_at).toBe(completed.body.completed_at);
    expect((await asViewer('GET', `/api/tasks/?lead_id=${lead.id}&status=done`)).body.count).toBe(1);
    expect((await asViewer('GET', `/api/tasks/?lead_id=${lead.id}&status=open`)).body.count).toBe(0);
    const reopened = await asEditor('POST', `/api/tasks/${task.id}/reopen/`);
    expect(reopened.body).toMatchObject({ status: 'open', completed_at: null });

    // The lead has no owner, so the notification is a broadcast: every user sees it.
    const inbox = (await asViewer('GET', '/api/notifications/?unread=true&page_size=100')).body;
    const notification = inbox.results.find((item: { lead_id: number }) => item.lead_id === lead.id);
    expect(notification).toMatchObject({ user_id: null, message: 'Ada needs a call', read_at: null });
    const read = await asViewer('POST', `/api/notifications/${notification.id}/read/`);
    expect(read.status).toBe(200);
    expect(read.body.read_at).toEqual(expect.any(String));
    const unread = (await asViewer('GET', '/api/notifications/?unread=true&page_size=100')).body;
    expect(unread.results.map((item: { id: number }) => item.id)).not.toContain(notification.id);

    const all = (await asViewer('GET', '/api/campaigns/?page_size=500')).body;
    expect(all.results).toContainEqual({ campaign, members: 1 });
    const members = await asViewer('GET', `/api/campaigns/${encodeURIComponent(campaign)}/members/`);
    expect(members.body).toMatchObject({ count: 1, results: [{ lead_id: lead.id }] });
    expect(members.body.results[0].added_by_workflow_id).toBe(executionKey);
  });

  it('filters tasks by assignee and due date, and pages with absolute links', async () => {
    const leadId = 880_001;
    const make = (title: string, assigneeId: number | null, dueAt: string | null) =>
      tasks.createOnce({
        lead_id: leadId,
        title,
        description: null,
        due_at: dueAt === null ? null : new Date(dueAt),
        priority: 'medium',
        status: 'open',
        assignee_id: assigneeId,
        created_by_workflow_id: null,
        effect_key: effectKey(),
        created_at: new Date(),
      });
    await make('soon', 41, '2030-01-01T00:00:00Z');
    await make('later', 41, '2030-06-01T00:00:00Z');
    await make('undated', 42, null);

    const soon = await asViewer('GET', `/api/tasks/?lead_id=${leadId}&due_before=2030-03-01T00:00:00Z`);
    expect(soon.body.results.map((task: { title: string }) => task.title)).toEqual(['soon']);
    const mine = await asViewer('GET', `/api/tasks/?lead_id=${leadId}&assignee_id=41`);
    expect(mine.body.count).toBe(2);

    const first = (await asViewer('GET', `/api/tasks/?lead_id=${leadId}&page_size=2`)).body;
    expect(first).toMatchObject({ count: 3, previous: null });
    expect(first.results).toHaveLength(2);
    const next = new URL(first.next as string);
    expect(next.searchParams.get('page')).toBe('2');
    const second = (await asViewer('GET', `${next.pathname}${next.search}`)).body;
    expect(second.results).toHaveLength(1);
    expect(second.next).toBeNull();
  });

  it("keeps other users' notifications out of an inbox and streams new ones as server-sent events", async () => {
    const viewerId = userIdOf(viewer);
    const editorId = userIdOf(editor);
    const notify = async (userId: number | null, message: string) =>
      (
        await notifications.createOnce({
          user_id: userId,
          lead_id: 880_002,
          message,
          created_by_workflow_id: null,
          effect_key: effectKey(),
          created_at: new Date(),
        })
      ).notification;
    const resumeAfter = await notifications.latestId();
    const own = await notify(viewerId, 'for the viewer');
    const others = await notify(editorId, 'for the editor');
    const broadcast = await notify(null, 'for everyone');

    const inbox = (await asViewer('GET', '/api/notifications/?page_size=500')).body;
    const ids = inbox.results.map((item: { id: number }) => item.id);
    expect(ids).toEqual(expect.arrayContaining([own.id, broadcast.id]));
    expect(ids).not.toContain(others.id);
    expect((await asViewer('POST', `/api/notifications/${others.id}/read/`)).status).toBe(404);
    expect((await asEditor('POST', `/api/notifications/${others.id}/read/`)).status).toBe(200);

    // Resuming after `resumeAfter` replays the viewer's two, then a new one arrives on a later poll.
    const abort = new AbortController();
    try {
      const response = await fetch(`${base}/api/notifications/stream/`, {
        headers: { authorization: viewer.authorization!, 'last-event-id': String(resumeAfter) },
        signal: abort.signal,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const replayed = await readEvents(response, 2);
      expect(replayed.map((event) => event.id)).toEqual([String(own.id), String(broadcast.id)]);
      expect(replayed[0]!.data).toEqual({
        id: own.id,
        message: 'for the viewer',
        lead_id: 880_002,
        created_at: own.created_at.toISOString(),
      });

      const live = await notify(viewerId, 'live');
      const [event] = await readEvents(response, 1);
      expect(event).toMatchObject({ id: String(live.id), data: { id: live.id, message: 'live' } });
    } finally {
      abort.abort();
    }
  });

  it('takes the JWT from the leadflow_token cookie on the stream only, as a browser EventSource sends it', async () => {
    const token = viewer.authorization!.replace(/^Bearer /, '');
    const resumeAfter = await notifications.latestId();
    const own = await notifications.createOnce({
      user_id: userIdOf(viewer),
      lead_id: 880_003,
      message: 'over the cookie',
      created_by_workflow_id: null,
      effect_key: effectKey(),
      created_at: new Date(),
    });
    const abort = new AbortController();
    try {
      const response = await fetch(`${base}/api/notifications/stream/`, {
        headers: { cookie: `theme=dark; leadflow_token=${token}`, 'last-event-id': String(resumeAfter) },
        signal: abort.signal,
      });
      expect(response.status).toBe(200);
      const [event] = await readEvents(response, 1);
      expect(event).toMatchObject({ id: String(own.notification.id), data: { message: 'over the cookie' } });
    } finally {
      abort.abort();
    }

    const tampered = `${token.slice(0, -2)}xx`;
    for (const cookie of [undefined, 'theme=dark', 'leadflow_token=', `leadflow_token=${tampered}`]) {
      const reply = await callApi(base, 'GET', '/api/notifications/stream/', cookie ? { cookie } : {});
      expect({ cookie, status: reply.status }).toEqual({ cookie, status: 401 });
    }
    // Ordinary endpoints ignore the cookie, so a cross-site form cannot ride on it.
    for (const path of ['/api/notifications/', '/api/tasks/', '/api/lead-qualification/workflows/']) {
      const reply = await callApi(base, 'GET', path, { cookie: `leadflow_token=${token}` });
      expect({ path, status: reply.status }).toEqual({ path, status: 401 });
    }
    const write = await callApi(base, 'POST', `/api/notifications/${own.notification.id}/read/`, {
      cookie: `leadflow_token=${token}`,
    });
    expect(write.status).toBe(401);
  });

  it('answers 401 without credentials, 404 for unknown ids and 400 for malformed ids and queries', async () => {
    expect((await callApi(base, 'GET', '/api/tasks/', {})).status).toBe(401);
    expect((await callApi(base, 'GET', '/api/notifications/stream/', {})).status).toBe(401);
    expect((await callApi(base, 'GET', '/api/campaigns/', {})).status).toBe(401);

    const notFound = await asViewer('GET', '/api/tasks/999999/');
    expect(notFound).toMatchObject({ status: 404, body: { message: 'Task 999999 does not exist' } });
    expect((await asEditor('POST', '/api/tasks/999999/complete/')).status).toBe(404);
    expect((await asEditor('POST', '/api/tasks/999999/reopen/')).status).toBe(404);
    expect((await asViewer('POST', '/api/notifications/999999/read/')).status).toBe(404);
    expect((await asViewer('GET', '/api/campaigns/no-such-campaign/members/')).status).toBe(404);

    for (const path of [
      '/api/tasks/abc/',
      '/api/tasks/1e3/',
      '/api/tasks/?status=closed',
      '/api/tasks/?lead_id=abc',
      '/api/tasks/?due_before=tomorrow',
      '/api/tasks/?page=0',
      '/api/tasks/?owner=5',
      '/api/notifications/?unread=yes',
      '/api/campaigns/?page_size=0',
    ]) {
      const reply = await asViewer('GET', path);
      expect({ path, status: reply.status }).toEqual({ path, status: 400 });
    }
    expect((await asEditor('POST', '/api/tasks/0/complete/')).status).toBe(400);
    expect((await asViewer('POST', '/api/notifications/x/read/')).status).toBe(400);
  });

  it('documents every endpoint in the OpenAPI document, with examples', async () => {
    const spec = (await (await fetch(`${base}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, { summary?: string; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties: Record<string, { example?: unknown }> }> };
    };
    const operations = {
      '/api/tasks': ['get'],
      '/api/tasks/{id}': ['get'],
      '/api/tasks/{id}/complete': ['post'],
      '/api/tasks/{id}/reopen': ['post'],
      '/api/notifications': ['get'],
      '/api/notifications/stream': ['get'],
      '/api/notifications/{id}/read': ['post'],
      '/api/campaigns': ['get'],
      '/api/campaigns/{campaign}/members': ['get'],
    };
    for (const [path, methods] of Object.entries(operations))
      for (const method of methods) expect(spec.paths[path]?.[method]?.summary).toEqual(expect.any(String));
    for (const schema of ['TaskDto', 'NotificationDto', 'CampaignDto', 'CampaignMemberDto']) {
      const properties = Object.entries(spec.components.schemas[schema]?.properties ?? {});
      expect(properties.length).toBeGreaterThan(0);
      expect(properties.filter(([, property]) => !('example' in property)).map(([name]) => name)).toEqual([]);
    }
  });

  it('lists campaigns with their member counts in name order', async () => {
    for (const [campaign, leadId] of [
      ['a-webinar', 1],
      ['a-webinar', 2],
      ['b-newsletter', 1],
    ] as const) {
      await campaigns.add({ campaign, lead_id: leadId, added_by_workflow_id: null, added_at: new Date() });
    }
    const page = (await asViewer('GET', '/api/campaigns/?page_size=2')).body;
    expect(page.results).toEqual([
      { campaign: 'a-webinar', members: 2 },
      { campaign: 'b-newsletter', members: 1 },
    ]);
    expect(page.count).toBeGreaterThanOrEqual(2);
  });
});
