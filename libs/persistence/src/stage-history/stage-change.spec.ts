import { stageChangeOf, type StageChangeSource } from './stage-change';

const entry: StageChangeSource = {
  id: 7,
  lead_id: 123,
  score: 70,
  previous_stage: 'mql',
  qualification_stage: 'sql',
  rule_set_version: 3,
  calculated_at: new Date('2026-01-02T03:04:05Z'),
};

describe('stageChangeOf', () => {
  it('records a calculation that moved the lead to another stage, naming the entry and its version', () => {
    expect(stageChangeOf(entry)).toEqual({
      lead_id: 123,
      from_stage: 'mql',
      to_stage: 'sql',
      score: 70,
      lead_score_id: 7,
      rule_set_version: 3,
      changed_at: new Date('2026-01-02T03:04:05Z'),
    });
  });

  it('records nothing when the stage stayed the same', () => {
    expect(stageChangeOf({ ...entry, previous_stage: 'sql' })).toBeUndefined();
  });
});
