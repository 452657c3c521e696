import type { Connection } from 'mongoose';
import { connectMongo } from '@leadflow/persistence';
import { createTestContext } from '@leadflow/test-harness';
import { type ActionRepositories, actionRepositories } from '../fixtures/action-repositories';

/**
 * The read side of the action effects as the API lists them (filters, pages, inboxes, campaign counts), on
 * whatever MongoDB-wire server the harness gives: `$in` with null and a one-accumulator `$group` must hold
 * on FerretDB too.
 */
describe('action effect queries', () => {
  const { config } = createTestContext();
  let connection: Connection;
  let repositories: ActionRepositories;
  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    connection = await connectMongo(config);
    repositories = await actionRepositories(connection);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('lists tasks by lead, status, assignee and due date, newest first, one page at a time', async () => {
    const { tasks } = repositories;
    const task = (
      key: string,
      fields: { lead_id: number; assignee_id: number | null; due_at: Date | null },
    ) =>
      tasks.createOnce({
        ...fields,
        title: key,
        description: null,
        priority: 'high',
        status: 'open',
        created_by_workflow_id: null,
        effect_key: key,
        created_at: at(`2025-01-0${key.slice(-1)}T00:00:00Z`),
      });
    const t1 = (await task('t1', { lead_id: 1, assignee_id: 7, due_at: at('2025-02-01T00:00:00Z') })).task;
    const t2 = (await task('t2', { lead_id: 1, assignee_id: null, due_at: null })).task;
    const t3 = (await task('t3', { lead_id: 2, assignee_id: 7, due_at: at('2025-03-01T00:00:00Z') })).task;
    await tasks.setStatus(t3.id, 'done', at('2025-01-10T00:00:00Z'));

    const ids = async (filter: Parameters<typeof tasks.list>[0]) => {
      const found = await tasks.list(filter);
      return { count: found.count, ids: found.results.map((item) => item.id) };
    };
    const all = { skip: 0, limit: 10 };
    expect(await ids(all)).toEqual({ count: 3, ids: [t3.id, t2.id, t1.id] });
    expect(await ids({ ...all, lead_id: 1 })).toEqual({ count: 2, ids: [t2.id, t1.id] });
    expect(await ids({ ...all, status: 'done' })).toEqual({ count: 1, ids: [t3.id] });
    expect(await ids({ ...all, assignee_id: 7, status: 'open' })).toEqual({ count: 1, ids: [t1.id] });
    expect(await ids({ ...all, due_before: at('2025-02-15T00:00:00Z') })).toEqual({ count: 1, ids: [t1.id] });
    expect(await ids({ skip: 1, limit: 1 })).toEqual({ count: 3, ids: [t2.id] });
  });

  it('gives a user their own and the broadcast notifications, and streams the ones after an id', async () => {
    const { notifications } = repositories;
    const note = async (key: string, userId: number | null, leadId = 1) =>
      (
        await notifications.createOnce({
          user_id: userId,
          lead_id: leadId,
          message: key,
          created_by_workflow_id: null,
          effect_key: key,
          created_at: at(`2025-01-0${key.slice(-1)}T00:00:00Z`),
        })
      ).notification;
    const before = await notifications.latestId();
    const mine = await note('n1', 5);
    const broadcast = await note('n2', null);
    const theirs = await note('n3', 6);
    expect(await notifications.latestId()).toBe(theirs.id);
    await notifications.markRead(mine.id, at('2025-01-05T00:00:00Z'));

    const inbox = await notifications.inboxOf(5, { unreadOnly: false, skip: 0, limit: 10 });
    expect(inbox.count).toBe(2);
    expect(inbox.results.map((item) => item.id)).toEqual([broadcast.id, mine.id]);
    const unread = await notifications.inboxOf(5, { unreadOnly: true, skip: 0, limit: 10 });
    expect(unread.results.map((item) => item.id)).toEqual([broadcast.id]);

    expect((await notifications.inboxAfter(5, before, 10)).map((item) => item.id)).toEqual([
      mine.id,
      broadcast.id,
    ]);
    expect((await notifications.inboxAfter(6, broadcast.id, 10)).map((item) => item.id)).toEqual([theirs.id]);

    // one lead's, for its page: still only what the user sees
    const aboutLead2 = await note('n4', null, 2);
    const forLead = (leadId: number) =>
      notifications.inboxOf(5, { unreadOnly: false, leadId, skip: 0, limit: 10 });
    expect((await forLead(2)).results.map((item) => item.id)).toEqual([aboutLead2.id]);
    expect((await forLead(1)).results.map((item) => item.id)).toEqual([broadcast.id, mine.id]);
  });

  it('counts the members of each campaign and pages through one campaign', async () => {
    const { campaigns } = repositories;
    const join = (campaign: string, leadId: number) =>
      campaigns.add({
        campaign,
        lead_id: leadId,
        added_by_workflow_id: null,
        added_at: at(`2025-01-0${leadId}T00:00:00Z`),
      });
    for (const leadId of [3, 1, 2]) await join('nurture-q4', leadId);
    await join('webinar', 1);
    await join('nurture-q4', 1);

    expect(await campaigns.campaigns({ skip: 0, limit: 10 })).toEqual({
      count: 2,
      results: [
        { campaign: 'nurture-q4', members: 3 },
        { campaign: 'webinar', members: 1 },
      ],
    });
    expect(await campaigns.campaigns({ skip: 1, limit: 1 })).toEqual({
      count: 2,
      results: [{ campaign: 'webinar', members: 1 }],
    });
    const page = await campaigns.memberPage('nurture-q4', { skip: 1, limit: 5 });
    expect(page.count).toBe(3);
    expect(page.results.map((member) => member.lead_id)).toEqual([2, 3]);
  });
});
