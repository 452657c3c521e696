import type { LeadScoreRecord } from '@leadflow/persistence';
import { leadUpdatedEvent, scoreCalculatedEvent } from './lead-events';

const at = new Date('2026-01-01T00:00:00Z');

function scoreRecord(fields: Partial<LeadScoreRecord>): LeadScoreRecord {
  return {
    id: 7,
    lead_id: 3,
    seq: 2,
    score: 70,
    previous_score: 45,
    score_change: 25,
    score_breakdown: { demographic: 15, behavioral: 20, firmographic: 20, engagement: 15 },
    qualification_stage: 'sql',
    previous_stage: 'mql',
    rule_set_version: 4,
    matched_rules: [],
    stage_reasons: [],
    calculated_at: at,
    inputs_version: 1,
    ...fields,
  };
}

describe('lead events', () => {
  it('lists a grade move as "grade", with both grades as event facts', () => {
    const moved = scoreCalculatedEvent(scoreRecord({ grade: 'B', previous_grade: 'C' }));
    expect(moved).toMatchObject({ grade: 'B', previous_grade: 'C' });
    expect(moved.changed_fields).toContain('grade');
    expect(
      scoreCalculatedEvent(scoreRecord({ grade: 'B', previous_grade: 'B' })).changed_fields,
    ).not.toContain('grade');
  });

  it('names a calculation after its score id and lists the score and stage moves', () => {
    expect(scoreCalculatedEvent(scoreRecord({}))).toEqual({
      event_id: 'score-7',
      event_type: 'score_calculated',
      lead_id: 3,
      score: 70,
      previous_score: 45,
      stage: 'sql',
      previous_stage: 'mql',
      grade: null,
      previous_grade: null,
      changed_fields: ['score', 'stage', 'qualification_stage'],
      occurred_at: at,
    });
    const unchanged = scoreCalculatedEvent(scoreRecord({ previous_score: 70, previous_stage: 'sql' }));
    expect(unchanged.changed_fields).toEqual([]);
  });

  it('lists the fields an edit changed, ignoring bookkeeping and score fields', () => {
    const event = leadUpdatedEvent(
      {
        id: 3,
        industry: 'Retail',
        title: 'CTO',
        score: 50,
        updated_at: 1,
        technologies: ['a'],
        inputs_version: 4,
      },
      {
        id: 3,
        industry: 'Finance',
        title: 'CTO',
        score: 55,
        updated_at: 2,
        technologies: ['a', 'b'],
        inputs_version: 5,
        outbox: { a1: {} },
      },
      at,
    );
    expect(event).toMatchObject({
      event_type: 'lead_updated',
      changed_fields: ['industry', 'technologies'],
      score: 55,
      previous_score: 55,
    });
    expect(event?.event_id).toBe(`update-${at.getTime()}-industry.technologies`);
  });

  it('has no event for an edit that changed nothing a trigger watches', () => {
    expect(
      leadUpdatedEvent(
        { id: 3, industry: 'SaaS', updated_at: 1 },
        { id: 3, industry: 'SaaS', updated_at: 2 },
        at,
      ),
    ).toBeNull();
  });
});
