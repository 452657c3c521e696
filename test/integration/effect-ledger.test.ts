import type { Connection } from 'mongoose';
import { connectMongo, EffectLedgerRepository } from '@leadflow/persistence';
import { createTestContext } from '@leadflow/test-harness';
import { persistenceOn } from '../harness/persistence';

/**
 * The effect ledger against the real MongoDB-wire server: an effect is recorded once whichever attempts
 * record it, and a claim left by an earlier version's attempt is completed by the next.
 */
describe('effect ledger', () => {
  let connection: Connection;
  let ledger: EffectLedgerRepository;
  const details = { action_type: 'create_task', lead_id: 7, started_at: new Date('2026-03-02T10:00:00Z') };
  const at = new Date('2026-03-02T10:00:01Z');

  beforeAll(async () => {
    connection = await connectMongo(createTestContext().config);
    ledger = (await persistenceOn(connection)).get(EffectLedgerRepository);
    await ledger.onModuleInit();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('records an effect once: a second attempt finds it taken and leaves the first summary', async () => {
    const key = { workflow_id: 'wf-once', step_id: 's1' };
    expect(await ledger.completedSummary(key)).toBeNull();
    await Promise.all([
      ledger.complete(key, details, 'task 1 created', at),
      ledger.complete(key, details, 'task 2 created', at),
    ]);
    const summary = await ledger.completedSummary(key);
    expect(['task 1 created', 'task 2 created']).toContain(summary);
    await ledger.complete(key, details, 'task 3 created', at);
    expect(await ledger.completedSummary(key)).toBe(summary);
    expect(await connection.collection('effect_ledger').countDocuments(key)).toBe(1);
  });

  it("completes a claim an earlier version's attempt left", async () => {
    const key = { workflow_id: 'wf-claimed', step_id: 's2' };
    await connection
      .collection('effect_ledger')
      .insertOne({ ...key, ...details, claimed_at: details.started_at, status: 'claimed', summary: null });
    expect(await ledger.completedSummary(key)).toBeNull();
    await ledger.complete(key, details, 'owner assigned', at);
    expect(await ledger.find(key)).toMatchObject({ status: 'completed', summary: 'owner assigned' });
  });
});
