import { describe, expect, it } from 'vitest';
import type { LeadScore } from '../../api/types';
import { describeChange, scoreChanges } from './score-changes';

const rule = (rule_id: string, name: string, points: number) => ({
  rule_id,
  name,
  category: 'behavioral',
  points,
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
    inputs_version: 0,
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
      inputs_version: 6,
      matched_rules: [rule('r-title', 'Decision maker', 10), rule('r-opens', 'Email opens', 5)],
    }),
    score({
      score: 0,
      calculated_at: '2026-12-02T10:00:00.000Z',
      inputs_version: 2,
      matched_rules: [rule('r-title', 'Decision maker', 20), rule('r-free', 'Free mailbox', -10)],
    }),
  ];

  it('says what each calculation gained and lost since the one before, and what inputs changed', () => {
    // two email opens recorded between the two calculations; one before the first (it had it already)
    const records = {
      activities: [
        { type: 'email_opened', created_at: '2026-12-02T12:00:00.000Z' },
        { type: 'email_opened', created_at: '2026-12-03T09:00:00.000Z' },
        { type: 'email_opened', created_at: '2026-12-01T09:00:00.000Z' },
      ],
      enriched: {},
    };
    const [latest, first] = scoreChanges(history, records);
    expect(latest).toMatchObject({
      score: 15,
      previousScore: 0,
      version: { from: 7, to: 8 },
      stage: { from: 'unqualified', to: 'mql' },
      gained: [{ ruleId: 'r-opens', name: 'Email opens', points: 5 }],
      lost: [{ ruleId: 'r-free', name: 'Free mailbox', points: -10 }],
      repointed: [{ ruleId: 'r-title', name: 'Decision maker', from: 20, to: 10 }],
      // inputs version 2 -> 6: four writes, two of them the activities
      inputs: [
        { kind: 'activities', type: 'email_opened', count: 2 },
        { kind: 'other', writes: 2, from: 2, to: 6 },
      ],
    });
    expect(describeChange(latest!)).toEqual([
      '+5 Email opens',
      '+10 Free mailbox (no longer matches)',
      'Decision maker: +20 → +10',
      '2 × email_opened recorded',
      '2 other input writes: field edits or predictions (inputs version 2 → 6)',
      'rule-set version 7 → 8',
      'stage unqualified → mql',
    ]);
    // the first calculation has nothing before it: every rule it matched is gained
    expect(describeChange(first!)).toEqual(['+20 Decision maker', '−10 Free mailbox']);
  });
});
