import {
  activityRecency,
  ageOf,
  ageSourceOf,
  decayFactor,
  decayOf,
  decayPoints,
  decayPolicyProblems,
  type DecayPolicy,
} from './score-decay';

const DAY = 24 * 3600 * 1000;
const NOW = new Date('2026-03-01T12:00:00Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

const halfLife: DecayPolicy = { mode: 'half_life', half_life_days: 30, categories: ['behavioral'] };
const steps: DecayPolicy = {
  mode: 'step',
  steps: [
    { after_days: 30, keep_percent: 50 },
    { after_days: 90, keep_percent: 25 },
    { after_days: 180, keep_percent: 0 },
  ],
  categories: ['behavioral', 'engagement'],
};

describe('decayFactor', () => {
  it('halves per half-life: full at 0, half at 1, quarter at 2 half-lives', () => {
    expect(decayFactor(halfLife, 0)).toBe(1);
    expect(decayFactor(halfLife, 30)).toBe(0.5);
    expect(decayFactor(halfLife, 60)).toBe(0.25);
    expect(decayFactor(halfLife, 15)).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('applies the last step reached, inclusive at its after_days, and keeps everything before the first', () => {
    expect([0, 29, 30, 89, 90, 179, 180, 3650].map((age) => decayFactor(steps, age))).toEqual([
      1, 1, 0.5, 0.5, 0.25, 0.25, 0, 0,
    ]);
  });
});

describe('decayPoints', () => {
  it('rounds half away from zero, so penalties fade as rewards do', () => {
    expect(decayPoints(5, 0.5)).toBe(3);
    expect(decayPoints(-5, 0.5)).toBe(-3);
    expect(decayPoints(10, 0.25)).toBe(3);
    expect(decayPoints(-10, 0.24)).toBe(-2);
    expect(decayPoints(7, 1)).toBe(7);
  });

  it('never answers -0', () => {
    expect(Object.is(decayPoints(-3, 0), 0)).toBe(true);
  });
});

describe('ageSourceOf', () => {
  it('names the types of typed count facts, the guide email facts included', () => {
    expect(ageSourceOf(['email_opens_count', 'form_submitted_count', 'industry'])).toEqual([
      'email_opened',
      'form_submitted',
    ]);
  });

  it('is null (the lead latest activity) for facts over every activity and for non-activity rules', () => {
    expect(ageSourceOf(['email_opens_count', 'last_activity_days_ago'])).toBeNull();
    expect(ageSourceOf(['activities_count'])).toBeNull();
    expect(ageSourceOf(['days_since_creation', 'title'])).toBeNull();
  });
});

describe('ageOf', () => {
  const recency = activityRecency([
    { type: 'email_opened', occurred_at: daysBefore(40) },
    { type: 'email_opened', occurred_at: daysBefore(10.5) },
    { type: 'website_visit', occurred_at: new Date(daysBefore(2)) },
    { type: 'form_submitted', occurred_at: 'not a date' },
  ]);

  it('uses the most recent activity of the rule types, in whole days floored', () => {
    expect(ageOf(['email_opened'], recency, NOW)).toEqual({
      age_days: 10,
      occurred_at: daysBefore(10.5),
      activity_types: ['email_opened'],
    });
  });

  it("falls back to the lead's latest activity when the rule reads no type the lead did, or no type", () => {
    const latest = { age_days: 2, occurred_at: daysBefore(2), activity_types: null };
    expect(ageOf(['demo_requested'], recency, NOW)).toEqual(latest);
    expect(ageOf(['form_submitted'], recency, NOW)).toEqual(latest); // undated activities are ignored
    expect(ageOf(null, recency, NOW)).toEqual(latest);
  });

  it('is null without any dated activity, and 0 for an activity dated after now', () => {
    expect(ageOf(null, activityRecency([]), NOW)).toBeNull();
    const future = activityRecency([{ type: 'email_opened', occurred_at: daysBefore(-3) }]);
    expect(ageOf(['email_opened'], future, NOW)?.age_days).toBe(0);
  });
});

describe('decayOf', () => {
  it('reports original points, factor, decayed points and the age used', () => {
    const age = { age_days: 60, occurred_at: daysBefore(60), activity_types: ['email_opened'] };
    expect(decayOf(20, halfLife, age)).toEqual({
      original_points: 20,
      decay_factor: 0.25,
      decayed_points: 5,
      age_days: 60,
      aged_from: { occurred_at: daysBefore(60), activity_types: ['email_opened'] },
    });
  });

  it('keeps the points whole when there is no age', () => {
    expect(decayOf(20, halfLife, null)).toEqual({
      original_points: 20,
      decay_factor: 1,
      decayed_points: 20,
      age_days: null,
      aged_from: null,
    });
  });
});

describe('decayPolicyProblems', () => {
  it('accepts the documented policies', () => {
    expect(decayPolicyProblems(halfLife, '')).toEqual([]);
    expect(decayPolicyProblems(steps, '')).toEqual([]);
  });

  it('lists every problem with its pointer', () => {
    const bad = {
      mode: 'step',
      steps: [
        { after_days: 30, keep_percent: 50 },
        { after_days: 30, keep_percent: 60 },
        { after_days: 0.5, keep_percent: 101 },
      ],
      categories: ['behavioral', 'behavioral', 'social'],
    } as unknown as DecayPolicy;
    expect(decayPolicyProblems(bad, '/decay').map(({ pointer, code }) => `${pointer} ${code}`)).toEqual([
      '/decay/steps/1/after_days INVALID_ORDER',
      '/decay/steps/1/keep_percent INVALID_ORDER',
      '/decay/steps/2/after_days OUT_OF_RANGE',
      '/decay/steps/2/keep_percent OUT_OF_RANGE',
      '/decay/categories/1 DUPLICATE_ITEMS',
      '/decay/categories/2 INVALID_ENUM',
    ]);
    expect(
      decayPolicyProblems({ mode: 'half_life', half_life_days: 0, categories: [] }, '').map((p) => p.pointer),
    ).toEqual(['/half_life_days', '/categories']);
  });
});
