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

    beforeAll(async () => {
      const persistence = await persistenceOn(db, [LeadsPersistenceModule], { profile });
      leads = persistence.get(LeadsRepository);
      await leads.onModuleInit();
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
