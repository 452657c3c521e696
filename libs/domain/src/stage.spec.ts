import type { ActivityRecord, LeadRecord } from './lead';
import { resolveStage, type QualificationCriterion } from './stage';

const now = new Date('2025-11-12T10:30:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

// The guide's MQL and SQL criteria verbatim, plus the demo data's `hot` at 80 (DESIGN.md).
const mql: QualificationCriterion = {
  name: 'Marketing Qualified Lead',
  stage: 'mql',
  minimum_score: 40,
  required_fields: ['email', 'company', 'phone'],
  required_actions: ['email_opened', 'form_submitted'],
  time_constraint_days: 90,
  is_active: true,
};
const sql: QualificationCriterion = {
  name: 'Sales Qualified Lead',
  stage: 'sql',
  minimum_score: 65,
  required_fields: ['email', 'company', 'phone', 'title', 'company_size'],
  required_actions: ['email_opened', 'email_clicked', 'demo_requested'],
  time_constraint_days: 60,
  is_active: true,
};
const hot: QualificationCriterion = {
  name: 'Hot Lead',
  stage: 'hot',
  minimum_score: 80,
  required_fields: ['email'],
  required_actions: [],
  time_constraint_days: null,
  is_active: true,
};
// given out of order: resolution orders by minimum_score
const criteria = [hot, sql, mql];

const lead: LeadRecord = {
  email: 'ada@acme.io',
  company: 'Acme',
  phone: '+1 555 0100',
  title: 'CTO',
  company_size: '51-200',
};
const recent = (types: string[], days = 5): ActivityRecord[] =>
  types.map((type) => ({ type, occurred_at: daysAgo(days) }));
const everything = recent(['email_opened', 'form_submitted', 'email_clicked', 'demo_requested']);

describe('resolveStage', () => {
  it('is unqualified below every minimum score, saying by how much', () => {
    const result = resolveStage(criteria, lead, everything, 30, now);
    expect(result.stage).toBe('unqualified');
    expect(result.criteria.map((c) => c.stage)).toEqual(['mql', 'sql', 'hot']);
    expect(result.criteria[0]).toMatchObject({
      met: false,
      score_short_by: 10,
      reasons: ['score 30 is short of 40 by 10'],
    });
  });

  it('is mql at 40 with the fields and both actions within 90 days', () => {
    const result = resolveStage(criteria, lead, everything, 40, now);
    expect(result.stage).toBe('mql');
    expect(result.criteria[0]).toMatchObject({ met: true, reasons: [] });
  });

  it('is sql at 65 with every SQL requirement, and hot at 80', () => {
    expect(resolveStage(criteria, lead, everything, 65, now).stage).toBe('sql');
    expect(resolveStage(criteria, lead, everything, 80, now).stage).toBe('hot');
  });

  it('falls back to the highest stage still met, listing missing fields and actions', () => {
    const noTitle = { ...lead, title: '  ' };
    const result = resolveStage(criteria, noTitle, recent(['email_opened', 'form_submitted']), 70, now);
    expect(result.stage).toBe('mql');
    expect(result.criteria[1]).toMatchObject({
      stage: 'sql',
      met: false,
      missing_fields: ['title'],
      missing_actions: ['email_clicked', 'demo_requested'],
      reasons: ['missing fields: title', 'missing actions within 60 days: email_clicked, demo_requested'],
    });
  });

  it('counts an action only inside the time window', () => {
    const stale = [
      ...recent(['email_opened', 'form_submitted']),
      ...recent(['email_clicked', 'demo_requested'], 61),
    ];
    const result = resolveStage(criteria, lead, stale, 70, now);
    expect(result.stage).toBe('mql');
    expect(result.criteria[1]?.missing_actions).toEqual(['email_clicked', 'demo_requested']);
    expect(resolveStage(criteria, lead, recent(['email_opened', 'form_submitted'], 91), 50, now).stage).toBe(
      'unqualified',
    );
  });

  it('judges each criterion on its own: hot without mql requirements is still hot', () => {
    const result = resolveStage(criteria, { email: 'a@b.c' }, [], 85, now);
    expect(result.stage).toBe('hot');
    expect(result.criteria[0]).toMatchObject({ met: false, missing_fields: ['company', 'phone'] });
  });

  it('reads required fields from custom_fields too, and ignores inactive criteria', () => {
    const custom = { ...lead, phone: null, custom_fields: { phone: '+1 555' } };
    expect(resolveStage(criteria, custom, everything, 45, now).stage).toBe('mql');
    const result = resolveStage([{ ...mql, is_active: false }], lead, everything, 45, now);
    expect(result).toEqual({ stage: 'unqualified', criteria: [] });
  });
});

describe('resolveStage with a minimum grade', () => {
  const fitHot: QualificationCriterion = { ...hot, minimum_grade: 'B' };

  it('meets the stage at the grade or better, and says why not below it', () => {
    expect(resolveStage([fitHot], lead, [], 90, now, 'A').stage).toBe('hot');
    expect(resolveStage([fitHot], lead, [], 90, now, 'B').stage).toBe('hot');
    const below = resolveStage([fitHot], lead, [], 90, now, 'C');
    expect(below.stage).toBe('unqualified');
    expect(below.criteria[0]?.reasons).toEqual(['grade C is below B']);
  });

  it('is not met by a lead without a grade', () => {
    const ungraded = resolveStage([fitHot], lead, [], 90, now, null);
    expect(ungraded.criteria[0]?.reasons).toEqual(['no grade, and the stage needs at least B']);
  });

  it('leaves criteria without a minimum grade as they were', () => {
    expect(resolveStage([hot], lead, [], 90, now, 'F').stage).toBe('hot');
    expect(resolveStage([hot], lead, [], 90, now).stage).toBe('hot');
  });
});
