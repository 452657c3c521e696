import { CATEGORIES, defaultFactRegistry, type Facts, type ScoringRuleForEngine } from '@leadflow/domain';
import { createRuleSetEngine, scoreLeadWithEngine, scoreWithEngine } from './json-rules-engine-evaluator';
import { compileRuleSet } from './rule-set';
import { scoreLead, type ScoreResult } from './score-lead';

/**
 * DESIGN.md pitfall: one json-rules-engine Engine shared by overlapping run()s, with several priority levels
 * and an async fact, silently skips rules. A compiled rule set must give every concurrent evaluation the
 * same answer as a sequential one.
 */

const LEADS = 1_000;
const industries = ['SaaS', 'Finance', 'Retail', 'Healthcare'];
const titles = ['Director of Sales', 'VP Engineering', 'Intern', 'Head of Ops'];

// 20 rules over 5 priority levels; every level reads the async fact, so runs interleave at each level.
const rules: ScoringRuleForEngine[] = Array.from({ length: 20 }, (_, i) => ({
  rule_id: `r${i}`,
  name: `rule ${i}`,
  category: CATEGORIES[i % CATEGORIES.length] ?? 'engagement',
  points: 5 + (i % 4) * 3,
  priority: 1 + (i % 5),
  is_active: true,
  conditions: {
    all: [
      { fact: 'email_opens_count', operator: 'greater_than', value: i % 7 },
      i % 2 === 0
        ? { fact: 'industry', operator: 'in_list', value: industries.slice(0, 1 + (i % 3)) }
        : { fact: 'title', operator: 'contains', value: i % 3 === 0 ? 'director' : 'v' },
    ],
  },
}));

const leads: { facts: Facts; opens: number }[] = Array.from({ length: LEADS }, (_, i) => ({
  facts: { industry: industries[i % industries.length], title: titles[(i * 7) % titles.length] },
  opens: (i * 13) % 11,
}));

/** The async fact: resolved on a later turn of the event loop, as a database lookup would be. */
const asyncOpens = (opens: number) => ({
  email_opens_count: () =>
    new Promise<number>((resolve) =>
      setImmediate(() => {
        resolve(opens);
      }),
    ),
});

describe('concurrent evaluation of one compiled rule set', () => {
  const ruleSet = compileRuleSet('concurrency', rules, defaultFactRegistry());

  it('gives 1,000 concurrent json-rules-engine evaluations the results of sequential ones', async () => {
    const sequential: ScoreResult[] = [];
    for (const lead of leads)
      sequential.push(await scoreLeadWithEngine(ruleSet, lead.facts, { lazyFacts: asyncOpens(lead.opens) }));
    const concurrent = await Promise.all(
      leads.map((lead) => scoreLeadWithEngine(ruleSet, lead.facts, { lazyFacts: asyncOpens(lead.opens) })),
    );

    const differing = concurrent.filter(
      (result, i) => JSON.stringify(result) !== JSON.stringify(sequential[i]),
    );
    expect(differing).toHaveLength(0);
    // the data must exercise the rules, or equality would prove nothing
    expect(new Set(sequential.map((result) => result.score)).size).toBeGreaterThan(5);
    expect(sequential.filter((result) => result.matched.length > 0).length).toBeGreaterThan(LEADS / 3);
  }, 60_000);

  it('gives the fast path the same results as json-rules-engine for the same leads', async () => {
    const reference = await Promise.all(
      leads.map((lead) => scoreLeadWithEngine(ruleSet, lead.facts, { lazyFacts: asyncOpens(lead.opens) })),
    );
    const fast = leads.map((lead) => scoreLead(ruleSet, { ...lead.facts, email_opens_count: lead.opens }));
    expect(fast).toEqual(reference);
  }, 60_000);

  it('shows why: one shared Engine under the same load gets results wrong', async () => {
    const shared = createRuleSetEngine(ruleSet);
    const sequential = leads.map((lead) =>
      scoreLead(ruleSet, { ...lead.facts, email_opens_count: lead.opens }),
    );
    const concurrent = await Promise.all(
      leads.map((lead) =>
        scoreWithEngine(shared, ruleSet, lead.facts, { lazyFacts: asyncOpens(lead.opens) }),
      ),
    );
    const wrong = concurrent.filter((result, i) => result.score !== sequential[i]?.score).length;
    // If json-rules-engine ever stops keeping run state on the Engine, this fails and Engines may be reused.
    expect(wrong).toBeGreaterThan(0);
  }, 60_000);
});
