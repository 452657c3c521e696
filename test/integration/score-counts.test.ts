import type { INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import fc from 'fast-check';
import type { Collection, Connection } from 'mongoose';
import { LeadsRepository, revisionOf } from '@leadflow/persistence';
import { createTestContext } from '@leadflow/test-harness';
import { createApp } from '../../apps/api/src/create-app';

/** One step of a workload: a calculation's conditional write, a deletion, or a fold. */
type Step =
  { kind: 'score'; lead: number; score: number } | { kind: 'delete'; lead: number } | { kind: 'fold' };

const SCORES = [0, 35, 60, 80, 100];
const step: fc.Arbitrary<Step> = fc.oneof(
  // Few distinct scores, so most writes land on the score the lead already has and mark nothing.
  fc.record({ kind: fc.constant('score' as const), lead: fc.nat(19), score: fc.constantFrom(...SCORES) }),
  fc.record({ kind: fc.constant('delete' as const), lead: fc.nat(19) }),
  fc.constant({ kind: 'fold' as const }),
);
/** Rounds of steps; the steps of a round run at the same time. */
const workload = fc.array(fc.array(step, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 8 });
const EVERY_SCORE = Array.from({ length: 101 }, (_unused, score) => ({ from: score, to: score + 1 }));

/**
 * The score distribution's counts (FoldedCounts over leads): a conditional write marks a lead only when it
 * moves it to another score, so a write that lands on the same score must leave the counts right without a
 * mark. After concurrent writes (some losing their revision race), deletions and folds, the counts equal a
 * full count of the leads, read at once and after folding everything.
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

  async function fullCount(): Promise<number[]> {
    const counts = EVERY_SCORE.map(() => 0);
    const scored = await collection.find({ score_seq: { $gt: 0 } }, { projection: { score: 1 } }).toArray();
    for (const lead of scored) counts[Number(lead.score)] = (counts[Number(lead.score)] ?? 0) + 1;
    return counts;
  }

  const kept = async () => (await leads.scoreCounts(EVERY_SCORE)).counts;

  it('equal a full count after concurrent writes on the same and other scores', async () => {
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
                set: { score: action.score, score_seq: seq, score_id: seq },
                inputsChanged: false,
              });
              return;
            }
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
});
