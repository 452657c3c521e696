import {
  buildFacts,
  DEFAULT_SCORING_SETTINGS,
  defaultFactRegistry,
  type ActivityRecord,
  type DecayPolicy,
  type LeadRecord,
  type ScoringRuleForEngine,
} from '@leadflow/domain';
import { scoreLeadWithEngine } from './json-rules-engine-evaluator';
import { compileRuleSet } from './rule-set';
import { scoreLead } from './score-lead';

const registry = defaultFactRegistry();
const NOW = new Date('2026-03-01T12:00:00Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

const rules: ScoringRuleForEngine[] = [
  {
    rule_id: 'opens',
    name: 'Email Engaged',
    category: 'behavioral',
    points: 20,
    priority: 10,
    is_active: true,
    conditions: { all: [{ fact: 'email_opens_count', operator: 'greater_than', value: 0 }] },
  },
  {
    rule_id: 'form',
    name: 'Form submitted',
    category: 'engagement',
    points: 12,
    priority: 5,
    is_active: true,
    conditions: { all: [{ fact: 'form_submitted_count', operator: 'greater_than_or_equal', value: 1 }] },
  },
  {
    rule_id: 'title',
    name: 'Decision Maker',
    category: 'demographic',
    points: 15,
    priority: 5,
    is_active: true,
    conditions: { all: [{ fact: 'title', operator: 'contains', value: 'director' }] },
  },
];

const lead: LeadRecord = { id: 1, title: 'Director of Sales', created_at: daysBefore(400) };
const halfLife: DecayPolicy = { mode: 'half_life', half_life_days: 14, categories: ['behavioral'] };

function score(policy: DecayPolicy | null, activities: ActivityRecord[], now = NOW) {
  const ruleSet = compileRuleSet('decay', rules, registry, { ...DEFAULT_SCORING_SETTINGS, decay: policy });
  const input = { lead, activities, now };
  return scoreLead(ruleSet, buildFacts(registry, input), { explain: true, timeline: input });
}

describe('score decay in the engine', () => {
  it.each([
    [0, 20],
    [14, 10],
    [28, 5],
  ])("a lead's behavioral points after %i days with a 14-day half-life are %i", (age, points) => {
    const result = score(halfLife, [{ type: 'email_opened', occurred_at: daysBefore(age) }]);
    expect(result.breakdown.behavioral).toBe(points);
    expect(result.score).toBe(points + 15);
    expect(result.matched.find((rule) => rule.rule_id === 'opens')).toMatchObject({
      points,
      decay: {
        original_points: 20,
        decay_factor: [1, 0.5, 0.25][age / 14],
        decayed_points: points,
        age_days: age,
        aged_from: { occurred_at: daysBefore(age), activity_types: ['email_opened'] },
      },
    });
  });

  it('ages a rule by its own activity types, not by the lead latest activity', () => {
    const result = score(halfLife, [
      { type: 'email_opened', occurred_at: daysBefore(28) },
      { type: 'website_visit', occurred_at: daysBefore(1) },
    ]);
    expect(result.breakdown.behavioral).toBe(5);
  });

  it('leaves the categories outside the policy alone, and says nothing about decay on them', () => {
    const result = score(halfLife, [
      { type: 'email_opened', occurred_at: daysBefore(28) },
      { type: 'form_submitted', occurred_at: daysBefore(28) },
    ]);
    expect(result.breakdown).toEqual({ demographic: 15, behavioral: 5, firmographic: 0, engagement: 12 });
    const form = result.explanation?.find((rule) => rule.rule_id === 'form');
    expect(form?.points).toBe(12);
    expect(form && 'decay' in form).toBe(false);
  });

  it('applies step decay at its boundaries: the step is reached on its after_days', () => {
    const steps: DecayPolicy = {
      mode: 'step',
      steps: [
        { after_days: 30, keep_percent: 50 },
        { after_days: 90, keep_percent: 10 },
      ],
      categories: ['behavioral', 'engagement'],
    };
    const at = (age: number) =>
      score(steps, [
        { type: 'email_opened', occurred_at: daysBefore(age) },
        { type: 'form_submitted', occurred_at: daysBefore(age) },
      ]).breakdown;
    expect([29, 30, 89, 90].map((age) => [at(age).behavioral, at(age).engagement])).toEqual([
      [20, 12],
      [10, 6],
      [10, 6],
      [2, 1],
    ]);
  });

  it('is a function of the given now: the same inputs give the same result, a later now a lower score', () => {
    const activities = [{ type: 'email_opened', occurred_at: daysBefore(20) }];
    expect(score(halfLife, activities)).toEqual(score(halfLife, activities));
    const later = new Date(NOW.getTime() + 30 * 86_400_000);
    expect(score(halfLife, activities, later).score).toBeLessThan(score(halfLife, activities).score);
  });

  it("off by default: today's numbers exactly, with the rules' own shared match objects", async () => {
    const activities = [{ type: 'email_opened', occurred_at: daysBefore(300) }];
    const plain = compileRuleSet('plain', rules, registry);
    const facts = buildFacts(registry, { lead, activities, now: NOW });
    expect(plain.decay).toBeNull();
    const result = scoreLead(plain, facts);
    expect(result).toEqual({
      score: 35,
      breakdown: { demographic: 15, behavioral: 20, firmographic: 0, engagement: 0 },
      // the one demographic rule (15) matched: all the fit points there are
      grade: 'A',
      capped: [],
      matched: [
        { rule_id: 'opens', name: 'Email Engaged', category: 'behavioral', points: 20 },
        { rule_id: 'title', name: 'Decision Maker', category: 'demographic', points: 15 },
      ],
    });
    expect(result.matched[0]).toBe(plain.rules[0]?.awarded);
    expect(score(null, activities)).toEqual(scoreLead(plain, facts, { explain: true }));
    expect(await scoreLeadWithEngine(plain, facts)).toEqual(result);
  });

  it('gives both evaluators the same decayed result', async () => {
    const ruleSet = compileRuleSet('decay', rules, registry, {
      ...DEFAULT_SCORING_SETTINGS,
      decay: halfLife,
    });
    const input = { lead, activities: [{ type: 'email_opened', occurred_at: daysBefore(9) }], now: NOW };
    const facts = buildFacts(registry, input);
    const fast = scoreLead(ruleSet, facts, { explain: true, timeline: input });
    const reference = await scoreLeadWithEngine(ruleSet, facts, { explain: true, timeline: input });
    expect(reference.score).toBe(fast.score);
    expect(reference.matched).toEqual(fast.matched);
  });

  it('refuses to score a decaying rule set without the activity timeline', () => {
    const ruleSet = compileRuleSet('decay', rules, registry, {
      ...DEFAULT_SCORING_SETTINGS,
      decay: halfLife,
    });
    expect(() => scoreLead(ruleSet, {})).toThrow(/activity timeline/);
  });

  it('refuses an invalid policy when compiling, listing every problem', () => {
    expect(() =>
      compileRuleSet('bad', rules, registry, {
        ...DEFAULT_SCORING_SETTINGS,
        decay: { mode: 'half_life', half_life_days: -1, categories: ['behavioral', 'behavioral'] },
      }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          expect.objectContaining({ pointer: '/settings/decay/half_life_days' }),
          expect.objectContaining({ pointer: '/settings/decay/categories/1' }),
        ],
      }),
    );
  });
});
