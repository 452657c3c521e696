import { describe, expect, it } from 'vitest';
import type { LeadScore } from '../../api/types';
import { describeChange, scoreChanges } from './score-changes';

const rule = (rule_id: string, name: string, points: number) => ({
  rule_id,
  name,
  category: 'behavioral',
  points,
});
const opens = (count: number) => ({
  rule_id: 'r-opens',
  name: 'Email opens',
  category: 'engagement',
  points: 5,
  matched: count > 3,
  condition: {
    fact: 'email_opens_count',
    operator: 'greater_than',
    expected: 3,
    fact_value: count,
    result: count > 3,
  },
});

function score(fields: Partial<LeadScore>): LeadScore {
  return {
    id: 1,
    lead: 7,
    lead_name: 'Ada',
    score: 0,
    previous_score: 0,
    score_change: 0,
    score_breakdown: { demographic: 0, behavioral: 0, firmographic: 0, engagement: 0 },
    qualification_stage: 'unqualified',
    calculated_at: '2026-12-01T10:00:00.000Z',
    rule_set_version: 7,
    matched_rules: [],
    ...fields,
  };
}

describe('scoreChanges', () => {
  // newest first, as GET lead-scores/history/ lists them
  const history = [
    score({
      score: 15,
      calculated_at: '2026-12-03T10:00:00.000Z',
      rule_set_version: 8,
      qualification_stage: 'mql',
      matched_rules: [rule('r-title', 'Decision maker', 10), rule('r-opens', 'Email opens', 5)],
      explanation: { rules: [opens(4)] },
    }),
    score({
      score: 0,
      calculated_at: '2026-12-02T10:00:00.000Z',
      matched_rules: [rule('r-title', 'Decision maker', 20), rule('r-free', 'Free mailbox', -10)],
      explanation: { rules: [opens(2)] },
    }),
  ];

  it('says what each calculation gained and lost since the one before, and what inputs changed', () => {
    const [latest, first] = scoreChanges(history);
    expect(latest).toMatchObject({
      score: 15,
      previousScore: 0,
      version: { from: 7, to: 8 },
      stage: { from: 'unqualified', to: 'mql' },
      gained: [{ ruleId: 'r-opens', name: 'Email opens', points: 5 }],
      lost: [{ ruleId: 'r-free', name: 'Free mailbox', points: -10 }],
      repointed: [{ ruleId: 'r-title', name: 'Decision maker', from: 20, to: 10 }],
      inputs: [{ fact: 'email_opens_count', from: 2, to: 4 }],
    });
    expect(describeChange(latest!)).toEqual([
      '+5 Email opens',
      '+10 Free mailbox (no longer matches)',
      'Decision maker: +20 → +10',
      'email_opens_count: 2 → 4',
      'rule-set version 7 → 8',
      'stage unqualified → mql',
    ]);
    // the first calculation has nothing before it: every rule it matched is gained
    expect(describeChange(first!)).toEqual(['+20 Decision maker', '−10 Free mailbox']);
  });
});
