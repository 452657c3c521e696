import type { ActivityRecord, LeadRecord } from './lead';
import { buildFacts, defaultFactRegistry } from './lead-facts';

const now = new Date('2025-11-12T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

const lead: LeadRecord = {
  email: 'ada@acme.io',
  phone: null,
  company: 'Acme',
  title: 'CTO',
  industry: 'SaaS',
  company_size: '51-200',
  created_at: '2025-11-01T12:00:00+00:00',
  technologies: ['React', 'Go'],
  social_profiles: { linkedin: 'https://l.in/ada' },
  custom_fields: { budget: 5000, title: 'shadowed', constructor: 'x', 'bad key': 1 },
};
const activities: ActivityRecord[] = [
  { type: 'email_opened', occurred_at: daysAgo(10) },
  { type: 'email_opened', occurred_at: daysAgo(2) },
  { type: 'email_clicked', occurred_at: daysAgo(2.5) },
  { type: 'form_submitted', occurred_at: new Date(now.getTime() - 86_400_000 * 4) },
];

describe('defaultFactRegistry', () => {
  it('knows every fact the guide lists, with types, and implies <type>_count facts', () => {
    const registry = defaultFactRegistry();
    for (const name of [
      'email',
      'phone',
      'company',
      'title',
      'industry',
      'company_size',
      'status',
      'source',
      'created_at',
      'owner_id',
      'first_name',
      'last_name',
      'company_revenue',
      'job_level',
      'technologies',
      'social_profiles',
      'days_since_creation',
      'last_activity_days_ago',
      'email_opens_count',
      'email_clicks_count',
      'activities_count',
    ]) {
      expect(registry.has(name)).toBe(true);
    }
    expect(registry.get('created_at')?.type).toBe('date');
    expect(registry.get('technologies')?.type).toBe('string[]');
    expect(registry.get('demo_requested_count')).toMatchObject({ type: 'number', source: 'computed' });
    expect(registry.has('custom_metric')).toBe(false);
  });

  it('returns a fresh registry each time, so one deployment cannot change another', () => {
    defaultFactRegistry().register({ name: 'x', type: 'number', source: 'custom', description: 'x' });
    expect(defaultFactRegistry().has('x')).toBe(false);
  });
});

describe('buildFacts', () => {
  const facts = buildFacts(defaultFactRegistry(), { lead, activities, now });

  it('exposes stored and enrichment fields, missing ones as null', () => {
    expect(facts).toMatchObject({
      email: 'ada@acme.io',
      phone: null,
      status: null,
      company_size: '51-200',
      technologies: ['React', 'Go'],
      social_profiles: { linkedin: 'https://l.in/ada' },
      created_at: '2025-11-01T12:00:00.000Z',
    });
  });

  it('computes day and activity facts from the explicit now', () => {
    expect(facts).toMatchObject({
      days_since_creation: 11,
      last_activity_days_ago: 2,
      email_opens_count: 2,
      email_clicks_count: 1,
      activities_count: 4,
      email_opened_count: 2,
      form_submitted_count: 1,
    });
  });

  it('gives last_activity_days_ago null and counts 0 without activities, and null day facts without created_at', () => {
    const bare = buildFacts(defaultFactRegistry(), { lead: {}, activities: [], now });
    expect(bare).toMatchObject({
      last_activity_days_ago: null,
      days_since_creation: null,
      activities_count: 0,
      email_opens_count: 0,
    });
  });

  it('exposes custom_fields under their own names unless a fact has the name or the name is unsafe', () => {
    expect(facts['budget']).toBe(5000);
    expect(facts['title']).toBe('CTO');
    expect(Object.prototype.hasOwnProperty.call(facts, 'constructor')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(facts, 'bad key')).toBe(false);
  });

  it("adds a deployment's custom computed fact in one line (the guide's custom_metric)", () => {
    const registry = defaultFactRegistry().register({
      name: 'custom_metric',
      type: 'number',
      source: 'custom',
      description: 'technologies known times recent opens',
      compute: ({ lead: l, activities: a }) =>
        (l.technologies?.length ?? 0) * a.filter((x) => x.type === 'email_opened').length,
    });
    expect(registry.get('custom_metric')?.type).toBe('number');
    expect(buildFacts(registry, { lead, activities, now })['custom_metric']).toBe(4);
  });
});
