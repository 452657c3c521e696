import type { Connection } from 'mongoose';
import {
  ActivitiesRepository,
  ApiKeysRepository,
  connectMongo,
  LeadsRepository,
  UsernameTakenError,
  UsersRepository,
} from '@leadflow/persistence';
import { createTestContext } from '@leadflow/test-harness';
import { persistenceOn } from '../harness/persistence';
import { AuthService } from '../../apps/api/src/auth/auth.service';

describe('users, leads and activities repositories on the real MongoDB-wire server', () => {
  const { config } = createTestContext();
  let db: Connection;
  let users: UsersRepository;
  let leads: LeadsRepository;
  let activities: ActivitiesRepository;
  let apiKeys: ApiKeysRepository;

  beforeAll(async () => {
    db = await connectMongo(config);
    const persistence = await persistenceOn(db);
    users = persistence.get(UsersRepository);
    leads = persistence.get(LeadsRepository);
    activities = persistence.get(ActivitiesRepository);
    apiKeys = persistence.get(ApiKeysRepository);
    await Promise.all([users.onModuleInit(), leads.onModuleInit(), activities.onModuleInit()]);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('lets exactly one of many concurrent creations of a username win', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        users.create({ username: 'racer', role: 'viewer', password_hash: 'x' }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const losers = outcomes.filter(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
    );
    expect(losers.every((outcome) => outcome.reason instanceof UsernameTakenError)).toBe(true);
  });

  it('seeds the first admin once when several API replicas start together', async () => {
    const replicas = Array.from(
      { length: 4 },
      () => new AuthService({ ...config, ADMIN_USERNAME: 'root' }, users, apiKeys),
    );
    await Promise.all(replicas.map((replica) => replica.onApplicationBootstrap()));
    await replicas[0]!.onApplicationBootstrap();
    expect(await db.collection('users').countDocuments({ username: 'root', role: 'admin' })).toBe(1);
    await expect(replicas[1]!.issueToken('root', 'admin')).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('gives concurrent leads distinct increasing ids and keeps score fields out of client updates', async () => {
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) => leads.create({ email: `l${i}@x.io` })),
    );
    expect(new Set(created.map((lead) => lead.id)).size).toBe(20);
    const lead = created[0]!;
    expect(lead).toMatchObject({ score: 0, score_seq: 0, qualification_stage: 'unqualified', status: 'new' });
    expect(lead).not.toHaveProperty('_id');

    const state = (score: number, seq: number) => ({
      set: {
        score,
        score_breakdown: { firmographic: score },
        qualification_stage: score >= 60 ? 'sql' : 'unqualified',
        score_seq: seq,
        score_id: 10 + seq,
        score_rule_set_version: 1,
      },
      inputsChanged: false,
    });
    expect(
      await leads.commitScore(
        lead.id,
        { score_seq: 0, inputs_version: 0, score: 0, qualification_stage: 'unqualified' },
        state(70, 1),
      ),
    ).toBe(true);
    // A calculation that read the lead before that write is refused: it must read and calculate again.
    expect(
      await leads.commitScore(
        lead.id,
        { score_seq: 0, inputs_version: 0, score: 0, qualification_stage: 'unqualified' },
        state(10, 1),
      ),
    ).toBe(false);
    // So is one that read it before its inputs changed.
    await leads.touchInputs([lead.id]);
    expect(
      await leads.commitScore(
        lead.id,
        { score_seq: 1, inputs_version: 0, score: 70, qualification_stage: 'sql' },
        state(20, 2),
      ),
    ).toBe(false);
    expect(await leads.findById(lead.id)).toMatchObject({ score: 70, score_seq: 1, inputs_version: 1 });
    await leads.update(lead.id, { status: 'contacted' });
    expect(await leads.findById(lead.id)).toMatchObject({
      status: 'contacted',
      score: 70,
      qualification_stage: 'sql',
      score_id: 11,
      // a client edit is an input of scoring
      inputs_version: 2,
    });

    const walked: number[] = [];
    for (let after = 0; ;) {
      const page = await leads.idsAfter(after, 7);
      if (page.length === 0) break;
      walked.push(...page);
      after = page[page.length - 1]!;
    }
    expect(walked).toEqual(created.map((row) => row.id).sort((a, b) => a - b));
  });

  it('groups activities by lead, newest first, for the scoring facts', async () => {
    const [a, b] = await Promise.all([leads.create({ email: 'a@x.io' }), leads.create({ email: 'b@x.io' })]);
    await activities.create({
      lead_id: a.id,
      type: 'email_opened',
      occurred_at: new Date('2026-01-01'),
      metadata: {},
    });
    await activities.create({
      lead_id: a.id,
      type: 'form_submitted',
      occurred_at: new Date('2026-01-05'),
      metadata: {},
    });
    const c = await leads.create({ email: 'c@x.io' });
    await activities.create({ lead_id: c.id, type: 'website_visit', occurred_at: new Date(), metadata: {} });
    const byLead = await activities.allForLeads([a.id, b.id]);
    expect(byLead.get(a.id)?.map((activity) => activity.type)).toEqual(['form_submitted', 'email_opened']);
    expect(byLead.get(b.id)).toEqual([]);
    expect(byLead.has(c.id)).toBe(false);
    // a bulk chunk's read by id range groups the same way, and leaves out leads beyond the range
    const inRange = await activities.allForLeadRange(
      [a.id, b.id],
      Math.min(a.id, b.id),
      Math.max(a.id, b.id),
    );
    expect(inRange).toEqual(byLead);
    expect((await activities.allForLead(a.id))[0]).not.toHaveProperty('_id');
    expect(await activities.deleteForLead(a.id)).toBe(2);
  });
});
