import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import { LeadScoresRepository, LeadsRepository } from '@leadflow/persistence';
import { ScoringService } from '@leadflow/scoring';
import { createTestContext } from '@leadflow/test-harness';
import { createApp } from '../../apps/api/src/create-app';
import { LeadsService } from '../../apps/api/src/leads/leads.service';
import { ScoringRulesService } from '../../apps/api/src/scoring-rules/scoring-rules.service';

/** One thing done to one of a few leads. */
type Operation =
  | { kind: 'calculate'; lead: number }
  | { kind: 'activity'; lead: number; type: 'email_opened' | 'form_submitted' }
  | { kind: 'edit'; lead: number; field: 'industry' | 'title' };

const LEADS = 3;

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('calculate' as const), lead: fc.nat(LEADS - 1) }),
  fc.record({
    kind: fc.constant('activity' as const),
    lead: fc.nat(LEADS - 1),
    type: fc.constantFrom('email_opened' as const, 'form_submitted' as const),
  }),
  fc.record({
    kind: fc.constant('edit' as const),
    lead: fc.nat(LEADS - 1),
    field: fc.constantFrom('industry' as const, 'title' as const),
  }),
);

/** Operations in rounds: one round's operations run at the same time, rounds one after another. */
const rounds = fc.array(fc.array(operation, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 });

/**
 * Over random interleavings of calculations, activity inserts and field edits on a few leads, with the real
 * storage server: in every lead's history, read in its own order, each entry was made from inputs at least as
 * new as the entry before it (inputs_version never goes down) and follows it (previous_score), and the
 * lead's current score is its newest entry's. Every input change here can only raise the score (activities
 * add points, an edit sets the industry to Finance or touches a title no rule reads), so a calculation made
 * from older inputs that landed after a newer one would show as a fall.
 */
describe('calculations are linearizable per lead', () => {
  const { config } = createTestContext();
  let app: INestApplication;

  beforeAll(async () => {
    app = await createApp(config);
    const rules = app.get(ScoringRulesService);
    for (const [name, field_name, operator, value, points] of [
      ['Opened', 'email_opens_count', 'greater_than', '0', 20],
      ['Opened a lot', 'email_opens_count', 'greater_than', '2', 20],
      ['Form', 'form_submitted_count', 'greater_than', '0', 25],
      ['Finance', 'industry', 'equals', 'Finance', 30],
    ] as const) {
      await rules.create({ name, rule_type: 'behavioral', field_name, operator, value, points }, null);
    }
  });

  afterAll(async () => {
    await app.close();
  });

  it('keeps every history in input order under concurrent writers', async () => {
    const leads = app.get(LeadsRepository);
    const leadsService = app.get(LeadsService);
    const scoring = app.get(ScoringService);
    const history = app.get(LeadScoresRepository);
    await fc.assert(
      fc.asyncProperty(rounds, async (plan) => {
        const ids: number[] = [];
        for (let i = 0; i < LEADS; i++) ids.push((await leads.create({ first_name: `P${i}` })).id);
        const run = (op: Operation): Promise<unknown> => {
          const id = ids[op.lead] ?? 0;
          if (op.kind === 'calculate') return scoring.calculate(id);
          if (op.kind === 'activity') return leadsService.addActivity(id, { type: op.type });
          return leadsService.patch(
            id,
            op.field === 'industry' ? { industry: 'Finance' } : { title: `T${id}` },
          );
        };
        for (const round of plan) await Promise.all(round.map(run));
        for (const id of ids) {
          const { results } = await history.history(id, 0, 1000);
          const chain = [...results].reverse();
          chain.forEach((entry, index) => {
            const before = chain[index - 1];
            expect(entry.seq).toBe(index + 1);
            expect(entry.previous_score).toBe(before?.score ?? 0);
            expect(entry.inputs_version).toBeGreaterThanOrEqual(before?.inputs_version ?? 0);
            expect(entry.score).toBeGreaterThanOrEqual(before?.score ?? 0);
          });
          const lead = await leads.findById(id);
          expect(lead?.score_seq).toBe(chain.length);
          if (chain.length > 0) expect(lead?.score).toBe(chain.at(-1)?.score);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
