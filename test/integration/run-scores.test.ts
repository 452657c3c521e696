import type { Connection, Model } from 'mongoose';
import {
  connectMongo,
  LEAD_SCORE_MODEL,
  type LeadScoreFields,
  LeadScoresRepository,
  leadScoreSchema,
  RunScoresRepository,
  type StoredLeadScore,
} from '@leadflow/persistence';
import { createTestContext } from '@leadflow/test-harness';

/**
 * Bulk runs append to each lead's history on a guess of its newest entry (the lead's own copy). A guess
 * gone stale because a single calculation got in first must still give the next seq and the right
 * previous_score; a chunk run again must store nothing twice.
 */
describe('RunScoresRepository.appendForRun', () => {
  const { config } = createTestContext();
  let db: Connection;
  let model: Model<StoredLeadScore>;
  let single: LeadScoresRepository;
  let runs: RunScoresRepository;

  beforeAll(async () => {
    db = await connectMongo(config);
    model = db.model<StoredLeadScore>(LEAD_SCORE_MODEL, leadScoreSchema, 'lead_scores');
    await model.init();
    single = new LeadScoresRepository(model, db);
    runs = new RunScoresRepository(model, db);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  function fields(leadId: number, score: number): LeadScoreFields {
    return {
      lead_id: leadId,
      score,
      score_breakdown: { demographic: score, behavioral: 0, firmographic: 0, engagement: 0 },
      qualification_stage: score >= 40 ? 'mql' : 'unqualified',
      rule_set_version: 1,
      matched_rules: [{ rule_id: '1', name: 'Director title', category: 'demographic', points: score }],
      stage_reasons: [],
      calculated_at: new Date(),
    };
  }

  it('puts a calculation after the newest entry when its guess is stale, and a run again stores nothing', async () => {
    await single.append(fields(1, 10));
    const guessed = await single.append(fields(1, 20)); // what the lead's copy says
    await single.append(fields(1, 45)); // a single calculation the guess has not seen
    await single.append(fields(2, 5));
    const lead3First = await single.append(fields(3, 8));
    await single.append(fields(3, 12)); // lead 3's guess is stale too, by another seq
    const chunk = [
      {
        fields: fields(1, 60),
        previous: { seq: guessed.seq, score: 20, qualification_stage: 'unqualified' },
      },
      { fields: fields(2, 30), previous: { seq: 1, score: 5, qualification_stage: 'unqualified' } },
      {
        fields: fields(3, 50),
        previous: { seq: lead3First.seq, score: 8, qualification_stage: 'unqualified' },
      },
    ];

    const first = await runs.appendForRun('run-a', chunk);
    expect(first.earlier).toEqual([]);
    const byLead = new Map(first.created.map((entry) => [entry.lead_id, entry]));
    expect(byLead.get(1)).toMatchObject({
      seq: 4,
      score: 60,
      previous_score: 45,
      score_change: 15,
      previous_stage: 'mql',
      matched_rules: [{ rule_id: '1', name: 'Director title', category: 'demographic', points: 60 }],
    });
    expect(byLead.get(2)).toMatchObject({ seq: 2, score: 30, previous_score: 5 });
    expect(byLead.get(3)).toMatchObject({ seq: 3, score: 50, previous_score: 12 });

    const again = await runs.appendForRun('run-a', chunk);
    expect(again.created).toEqual([]);
    expect(again.earlier.map((entry) => [entry.lead_id, entry.seq]).sort()).toEqual([
      [1, 4],
      [2, 2],
      [3, 3],
    ]);
    expect(await model.countDocuments({ lead_id: 1 })).toBe(4);
    expect((await single.history(1, 0, 10)).results.map((entry) => entry.score)).toEqual([60, 45, 20, 10]);
  });

  it('drops the index of the retired latest flag on start, and starts again without it', async () => {
    await db
      .getClient()
      .db(db.name)
      .collection('lead_scores')
      .createIndex({ latest: 1, score: 1 }, undefined, undefined);
    const names = async () => (await model.collection.indexes()).map((index) => index.name);
    expect(await names()).toContain('latest_1_score_1');
    await single.onModuleInit();
    expect(await names()).not.toContain('latest_1_score_1');
    await expect(single.onModuleInit()).resolves.toBeUndefined();
  });
});
