import type { Connection } from 'mongoose';
import {
  connectMongo,
  EMBEDDED_SERVER,
  LeadsPersistenceModule,
  LeadsRepository,
  MONGODB_SERVER,
  readServerProfile,
  revisionOf,
  SERVER_LIMITS,
  SERVER_PROFILE,
  serverProfileOf,
  type ServerProfile,
  WorkflowExecutionsRepository,
  WorkflowsPersistenceModule,
} from '@leadflow/persistence';
import { createTestContext } from '@leadflow/test-harness';
import { persistenceOn } from '../harness/persistence';

/**
 * The server profile (libs/persistence/src/server-profile.ts): chosen from the server's buildInfo, and the
 * leads repository's batched writes keep their contract with either profile's numbers on the server the
 * tests run on, so choosing MongoDB's numbers changes speed, never results.
 */
describe('server profiles', () => {
  const { config } = createTestContext();
  let db: Connection;

  beforeAll(async () => {
    db = await connectMongo(config);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('is chosen from buildInfo: the embedded server says it is FerretDB, MongoDB does not', async () => {
    const buildInfo = await db.db!.admin().command({ buildInfo: 1 });
    const expected = typeof buildInfo.ferretdbVersion === 'string' ? EMBEDDED_SERVER : MONGODB_SERVER;
    expect(await readServerProfile(db)).toBe(expected);
    expect((await persistenceOn(db, [])).get<ServerProfile>(SERVER_PROFILE)).toBe(expected);
    expect(serverProfileOf({ version: '7.0.42', ferretdbVersion: 'v1.24.2' })).toBe(EMBEDDED_SERVER);
    expect(serverProfileOf({ version: '8.0.4' })).toBe(MONGODB_SERVER);
  });

  it('names every limit with the MongoDB behaviour beside it', () => {
    for (const limit of Object.values(SERVER_LIMITS)) {
      expect(limit.where.length).toBeGreaterThan(0);
      expect(limit.embedded).not.toBe('');
      expect(limit.mongodb).not.toBe('');
    }
  });

  describe.each([EMBEDDED_SERVER, MONGODB_SERVER])('with the $server profile', (profile) => {
    // more leads than one update command of the embedded profile takes, so it sends several
    const LEADS = EMBEDDED_SERVER.updateStatementsPerCommand * 2 + 3;
    let leads: LeadsRepository;
    let executions: WorkflowExecutionsRepository;

    beforeAll(async () => {
      const persistence = await persistenceOn(db, [LeadsPersistenceModule, WorkflowsPersistenceModule], {
        profile,
      });
      leads = persistence.get(LeadsRepository);
      executions = persistence.get(WorkflowExecutionsRepository);
      await leads.onModuleInit();
      await executions.onModuleInit();
    });

    it('marks started, defers and counts runs in batched writes, each run as its state says', async () => {
      // one workflow definition per profile, so each profile's counts are its own
      const definition = profile === EMBEDDED_SERVER ? 901 : 902;
      const ids = Array.from({ length: LEADS }, (_, i) => `profile-${profile.server}-${i}`);
      await executions.recordPending(
        ids.map((id, i) => ({
          workflow_definition_id: definition,
          workflow_name: 'Profiled',
          version: 1,
          lead_id: i + 1,
          trigger_type: 'manual',
          event_id: id,
          temporal_workflow_id: id,
          started_at: new Date(),
          lane: 'bulk',
        })),
      );
      const cancelled = ids.filter((_, i) => i % 5 === 0);
      for (const id of cancelled) expect(await executions.cancelPending(id)).toBe(true);
      const deferred = ids.filter((_, i) => i % 5 === 1);
      const started = ids.filter((id) => !deferred.includes(id));
      await executions.deferStart(
        deferred.map((id) => ({ temporal_workflow_id: id, retry_at: new Date(0), error: 'refused' })),
      );
      // each its own Temporal run, so one statement each: several commands of the embedded profile
      await executions.markStarted(started.map((id) => ({ temporal_workflow_id: id, run_id: `run-${id}` })));

      for (const id of ids) {
        const execution = await executions.findByTemporalId(id);
        if (deferred.includes(id)) {
          expect(execution).toMatchObject({ status: 'pending', start_attempts: 1, start_error: 'refused' });
          expect(execution?.temporal_run_id).toBeNull();
        } else {
          // a cancelled run keeps its status and gets its run id all the same
          const status = cancelled.includes(id) ? 'cancelled' : 'running';
          expect(execution).toMatchObject({ status, temporal_run_id: `run-${id}`, start_error: null });
        }
      }
      while ((await executions.foldCounts()) > 0);
      const { byDefinition } = await executions.countByStatus();
      expect(byDefinition.get(definition)).toMatchObject({
        pending: deferred.length,
        running: started.length - cancelled.length,
        cancelled: cancelled.length,
      });
    });

    it('commits the scores of leads still at the read revision, and only those', async () => {
      const created = await Promise.all(
        Array.from({ length: LEADS }, (_, i) =>
          leads.create({ first_name: `${profile.server}${i}`, status: 'new' }),
        ),
      );
      const stale = new Set(created.filter((_, i) => i % 7 === 0).map((lead) => lead.id));
      // another writer moves the stale ones on after they were read
      await Promise.all([...stale].map((id) => leads.touchInputs([id])));
      const commits = created.map((lead, i) => ({
        id: lead.id,
        expected: revisionOf(lead),
        commit: {
          set: {
            score: i % 100,
            score_seq: 1,
            score_id: 1_000_000 + lead.id,
            qualification_stage: 'unqualified',
          },
          inputsChanged: false,
        },
      }));
      const won = await leads.commitScores(commits);
      expect([...won].sort((a, b) => a - b)).toEqual(
        created
          .map((lead) => lead.id)
          .filter((id) => !stale.has(id))
          .sort((a, b) => a - b),
      );
      const stored = await leads.findByIds(created.map((lead) => lead.id));
      for (const lead of stored) {
        const index = created.findIndex((made) => made.id === lead.id);
        expect(lead.score_seq).toBe(stale.has(lead.id) ? 0 : 1);
        if (!stale.has(lead.id)) expect(lead.score).toBe(index % 100);
      }
    });
  });
});
