import type { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import fc from 'fast-check';
import type { Collection, Connection } from 'mongoose';
import { LeadsRepository, revisionOf } from '@leadflow/persistence';
import { createTestContext } from '@leadflow/test-harness';
import { createApp } from '../../apps/api/src/create-app';

/** One step of a workload: a calculation's conditional write, a stage moved by hand, a deletion, or a fold. */
type Step =
  | { kind: 'score'; lead: number; score: number }
  | { kind: 'move'; lead: number }
  | { kind: 'delete'; lead: number }
  | { kind: 'fold' };

const SCORES = [0, 35, 60, 80, 100];
const STAGE_AT: Record<number, string> = { 35: 'mql', 60: 'sql', 80: 'sql', 100: 'hot' };
const STAGES = ['unqualified', 'mql', 'sql', 'hot', 'moved by hand'];
const step: fc.Arbitrary<Step> = fc.oneof(
  // Few distinct scores, so most writes land on the score the lead already has and mark nothing.
  fc.record({ kind: fc.constant('score' as const), lead: fc.nat(19), score: fc.constantFrom(...SCORES) }),
  fc.record({ kind: fc.constant('move' as const), lead: fc.nat(19) }),
  fc.record({ kind: fc.constant('delete' as const), lead: fc.nat(19) }),
  fc.constant({ kind: 'fold' as const }),
);
/** Rounds of steps; the steps of a round run at the same time. */
const workload = fc.array(fc.array(step, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 8 });
const EVERY_SCORE = Array.from({ length: 101 }, (_unused, score) => ({ from: score, to: score + 1 }));

/**
 * The leads' counts per score and stage (FoldedCounts over leads): a conditional write marks a lead only when
 * it moves it to another score or stage, so a write that lands where the lead was must leave the counts right
 * without a mark. After concurrent writes (some losing their revision race), stages moved by hand, deletions
 * and folds, the counts equal a full count of the leads, read at once and after folding everything.
 */
describe('score counts kept by the writes', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let leads: LeadsRepository;
  let collection: Collection;
  let round = 0;

  beforeAll(async () => {
    app = await createApp(config);
    await app.init();
    leads = app.get(LeadsRepository);
    collection = app.get<Connection>(getConnectionToken()).collection('leads');
  });

  afterAll(async () => {
    await app.close();
  });

  async function fullCount(): Promise<{ scores: number[]; stages: number[] }> {
    const scores = EVERY_SCORE.map(() => 0);
    const scored = await collection.find({ score_seq: { $gt: 0 } }, { projection: { score: 1 } }).toArray();
    for (const lead of scored) scores[Number(lead.score)] = (scores[Number(lead.score)] ?? 0) + 1;
    const stages = await Promise.all(
      STAGES.map((stage) => collection.countDocuments({ qualification_stage: stage })),
    );
    return { scores, stages };
  }

  const kept = async () => ({
    scores: (await leads.scoreCounts(EVERY_SCORE)).counts,
    stages: await Promise.all(STAGES.map((stage) => leads.countInStage(stage))),
  });

  it('equal a full count after concurrent writes on the same and other scores and stages', async () => {
    await fc.assert(
      fc.asyncProperty(workload, async (rounds) => {
        round += 1;
        const created = await Promise.all(
          Array.from({ length: 20 }, (_unused, index) =>
            leads.create({ first_name: `Counted ${round}.${index}`, status: 'new' }),
          ),
        );
        const ids = created.map((lead) => lead.id);
        const act = async (action: Step): Promise<void> => {
          const id = ids[action.kind === 'fold' ? 0 : action.lead] ?? 0;
          switch (action.kind) {
            case 'score': {
              const lead = await leads.findById(id);
              if (!lead) return;
              const seq = lead.score_seq + 1;
              // Loses (false) when another write of this round got there first, as a calculation would.
              await leads.commitScore(id, revisionOf(lead), {
                set: {
                  score: action.score,
                  score_seq: seq,
                  score_id: seq,
                  qualification_stage: STAGE_AT[action.score] ?? 'unqualified',
                },
                inputsChanged: false,
              });
              return;
            }
            case 'move':
              // As a workflow's move_to_stage writes it.
              await leads.update(id, { qualification_stage: 'moved by hand' } as never);
              return;
            case 'delete':
              await leads.delete(id);
              return;
            case 'fold':
              await leads.foldCounts();
              return;
          }
        };
        for (const steps of rounds) await Promise.all(steps.map(act));

        expect(await kept()).toEqual(await fullCount());
        while ((await leads.foldCounts()) > 0);
        expect(await kept()).toEqual(await fullCount());
      }),
      { numRuns: 10 },
    );
  }, 300_000);

  it('recount leads counted under the score-only keys of format 1 once the platform restarts', async () => {
    while ((await leads.foldCounts()) > 0);
    const lead = await leads.create({ first_name: 'Counted before stages', status: 'new' });
    await leads.commitScore(lead.id, revisionOf(lead), {
      set: { score: 42, score_seq: 1, score_id: 1, qualification_stage: 'mql' },
      inputsChanged: false,
    });
    while ((await leads.foldCounts()) > 0);
    // As the previous version left it: the lead counted under `score_42`, a snapshot of format 1.
    const snapshots = app.get<Connection>(getConnectionToken()).collection('count_snapshots');
    await collection.updateOne({ id: lead.id }, { $set: { count_key: 'score_42' } });
    await snapshots.updateOne(
      { _id: 'leads' as never },
      { $inc: { 'counts.score_42|mql': -1, 'counts.score_42': 1 }, $unset: { key_format: '' } },
    );
    const restarted = await createApp(config);
    await restarted.init();
    await restarted.close();
    expect(await kept()).toEqual(await fullCount());
    while ((await leads.foldCounts()) > 0);
    expect(await kept()).toEqual(await fullCount());
    const snapshot = await snapshots.findOne({ _id: 'leads' as never });
    expect(snapshot?.counts).toMatchObject({ score_42: 0 });
    expect(snapshot?.key_format).toBe(2);
  });

  it('page leads newest first by ranges, equal to a full sort whatever their creation times', async () => {
    const stage = 'paged';
    const created = fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 120 });
    // Ids far past the first: the page comes from the id windows, not from the full sort they fall back to.
    await app
      .get<Connection>(getConnectionToken())
      .collection('counters')
      .updateOne({ _id: 'leads' as never }, { $max: { seq: 100_000 } }, { upsert: true });
    await fc.assert(
      fc.asyncProperty(created, fc.nat(30), fc.integer({ min: 1, max: 25 }), async (ages, skip, limit) => {
        await collection.deleteMany({ qualification_stage: stage });
        // Creation times set by the client (an import of old leads), in no relation to the ids.
        const base = Date.UTC(2026, 0, 1);
        for (const age of ages) {
          const lead = await leads.create({
            first_name: 'Paged',
            status: 'new',
            created_at: new Date(base - age * 60_000),
          });
          await leads.update(lead.id, { qualification_stage: stage } as never);
        }
        const page = await leads.list({ qualification_stage: stage, skip, limit });
        const expected = await collection
          .find({ qualification_stage: stage }, { projection: { _id: 0, id: 1 } })
          .sort({ created_at: -1, id: -1 })
          .skip(skip)
          .limit(limit)
          .toArray();
        expect(page.results.map((lead) => lead.id)).toEqual(expected.map((lead) => lead.id));
        expect(page.count).toBe(ages.length);
      }),
      { numRuns: 15 },
    );
  }, 300_000);
});
