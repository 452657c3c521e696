import { fromStoredScore, type LeadScoreRecord, toStoredScore } from './lead-score.schema';

const entry: LeadScoreRecord = {
  id: 7,
  lead_id: 3,
  seq: 2,
  score: 45,
  previous_score: 30,
  score_change: 15,
  score_breakdown: { demographic: 20, behavioral: 15, firmographic: 0, engagement: 10 },
  qualification_stage: 'mql',
  previous_stage: 'unqualified',
  rule_set_version: 4,
  matched_rules: [
    { rule_id: '1', name: 'Director title', category: 'demographic', points: 20 },
    {
      rule_id: '9',
      name: 'Email Engaged',
      category: 'engagement',
      points: 5,
      decay: {
        original_points: 10,
        decay_factor: 0.5,
        decayed_points: 5,
        age_days: 30,
        aged_from: { occurred_at: '2026-10-27T00:00:00.000Z', activity_types: ['email_opened'] },
      },
    },
  ],
  stage_reasons: ['sql: score 45 is short of 65 by 20'],
  inputs_version: 2,
  calculated_at: new Date('2026-11-26T00:00:00Z'),
};

describe('stored lead scores', () => {
  it('keep the matched rules as one JSON text and read them back as they were', () => {
    const stored = toStoredScore(entry);
    expect(stored).not.toHaveProperty('matched_rules');
    expect(typeof stored.matched_rules_json).toBe('string');
    expect(fromStoredScore(stored)).toEqual(entry);
  });

  it('read an entry written before, with its matched rules as an array, as it is', () => {
    expect(fromStoredScore(entry)).toEqual(entry);
  });
});
