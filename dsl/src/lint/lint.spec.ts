import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultFactRegistry } from '@leadflow/domain';
import { validateBundle, type Bundle } from '../bundle';
import { lintBundle } from './lint';

const registry = defaultFactRegistry();

function bundleOf(doc: unknown): Bundle {
  const result = validateBundle(doc, registry);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

const rule = (
  name: string,
  rule_type: string,
  field_name: string,
  operator: string,
  value: unknown,
  points: number,
  extra = {},
) => ({
  name,
  rule_type,
  field_name,
  operator,
  value,
  points,
  ...extra,
});
const nested = (name: string, conditions: unknown, points = 10) => ({
  name,
  rule_type: 'behavioral',
  conditions,
  points,
});
const leaf = (field: string, operator: string, value?: unknown) => ({
  field,
  operator,
  ...(value === undefined ? {} : { value }),
});

/** A balanced set that draws no warning: four categories, max 100, every rule within 25 points. */
const balanced = [
  rule('Industry', 'firmographic', 'industry', 'in_list', '["SaaS"]', 25),
  rule('Size', 'firmographic', 'company_size', 'in_list', '["201-500"]', 15),
  rule('Title', 'demographic', 'title', 'contains', 'director', 20),
  rule('Opens', 'behavioral', 'email_opens_count', 'greater_than', '3', 20),
  rule('Recent', 'engagement', 'days_since_creation', 'less_than', '30', 20),
];
const codesOf = (doc: unknown) =>
  lintBundle(bundleOf(doc), registry).map(({ pointer, code }) => `${code} ${pointer}`);

describe('lintBundle', () => {
  it('is quiet on a balanced rule set', () => {
    expect(codesOf({ rules: balanced })).toEqual([]);
  });

  it("flags the guide's example set: 70 points at most, and workflows waiting for 75 and 80", () => {
    const guide = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'fixtures', 'valid', 'bundle-guide.json'), 'utf8'),
    );
    const codes = codesOf(guide);
    expect(codes).toContain('MAX_SCORE_UNDER_100 /rules');
    expect(codes).toContain('WORKFLOW_THRESHOLD_UNREACHABLE /workflows/0/trigger_config/score');
    expect(codes).toContain('WORKFLOW_THRESHOLD_UNREACHABLE /workflows/2/trigger_config/score');
    expect(codes).toContain('CRITERION_UNREACHABLE /criteria/2/minimum_score');
    expect(codes).not.toContain('CRITERION_UNREACHABLE /criteria/0/minimum_score');
  });

  it('flags a rule worth more than 25 points, either way', () => {
    const codes = codesOf({
      rules: [
        ...balanced,
        rule('Big', 'engagement', 'activities_count', 'greater_than', 50, 30),
        rule('Penalty', 'demographic', 'email', 'ends_with', '@gmail.com', -40),
      ],
    });
    expect(codes).toEqual(['RULE_POINTS_OVER_25 /rules/5/points', 'RULE_POINTS_OVER_25 /rules/6/points']);
  });

  it('flags the categories no active rule scores', () => {
    const codes = codesOf({
      rules: [
        rule('Title', 'demographic', 'title', 'contains', 'vp', 20, { is_active: true }),
        rule('Off', 'engagement', 'activities_count', 'greater_than', 1, 10, { is_active: false }),
      ],
    });
    expect(codes.filter((code) => code.startsWith('CATEGORY_WITHOUT_RULES'))).toHaveLength(3);
  });

  it.each([
    [
      '> 50 and < 10',
      {
        all: [leaf('days_since_creation', 'greater_than', 50), leaf('days_since_creation', 'less_than', 10)],
      },
    ],
    [
      '>= 10 and < 10',
      {
        all: [
          leaf('activities_count', 'greater_than_or_equal', 10),
          leaf('activities_count', 'less_than', 10),
        ],
      },
    ],
    [
      'between and a bound outside',
      { all: [leaf('activities_count', 'between', [1, 5]), leaf('activities_count', 'greater_than', 5)] },
    ],
    [
      'two different equals',
      { all: [leaf('industry', 'equals', 'SaaS'), leaf('industry', 'equals', 'Retail')] },
    ],
    [
      'equals and not_equals the same',
      { all: [leaf('industry', 'equals', 'SaaS'), leaf('industry', 'not_equals', ' saas ')] },
    ],
    [
      'equals outside the in_list',
      { all: [leaf('industry', 'equals', 'SaaS'), leaf('industry', 'in_list', ['Retail', 'Finance'])] },
    ],
    [
      'disjoint in_lists',
      { all: [leaf('industry', 'in_list', ['SaaS']), leaf('industry', 'in_list', ['Retail'])] },
    ],
    ['is_empty with contains', { all: [leaf('title', 'is_empty'), leaf('title', 'contains', 'vp')] }],
    [
      'every branch of any impossible',
      {
        any: [
          { all: [leaf('activities_count', 'greater_than', 5), leaf('activities_count', 'less_than', 2)] },
          { all: [leaf('industry', 'equals', 'a'), leaf('industry', 'equals', 'b')] },
        ],
      },
    ],
    [
      'a contradiction nested in all',
      {
        all: [
          leaf('title', 'contains', 'vp'),
          { all: [leaf('industry', 'equals', 'a'), leaf('industry', 'equals', 'b')] },
        ],
      },
    ],
  ])('flags a rule that can never match: %s', (_label, conditions) => {
    expect(codesOf({ rules: [...balanced, nested('Never', conditions)] })).toEqual([
      'RULE_NEVER_MATCHES /rules/5',
    ]);
  });

  it.each([
    [
      'a range with room',
      { all: [leaf('activities_count', 'greater_than', 5), leaf('activities_count', 'less_than', 10)] },
    ],
    [
      'different facts',
      { all: [leaf('activities_count', 'greater_than', 50), leaf('days_since_creation', 'less_than', 10)] },
    ],
    [
      'alternatives under any',
      { any: [leaf('industry', 'equals', 'SaaS'), leaf('industry', 'equals', 'Retail')] },
    ],
    [
      'overlapping in_lists',
      { all: [leaf('industry', 'in_list', ['SaaS', 'Retail']), leaf('industry', 'in_list', ['retail'])] },
    ],
    [
      'two contains on a list fact',
      { all: [leaf('technologies', 'contains', 'react'), leaf('technologies', 'contains', 'node')] },
    ],
    [
      'a negated contradiction',
      { not: { all: [leaf('industry', 'equals', 'a'), leaf('industry', 'equals', 'b')] } },
    ],
  ])('does not flag a rule that can match: %s', (_label, conditions) => {
    expect(codesOf({ rules: [...balanced, nested('Maybe', conditions)] })).toEqual([]);
  });

  it('flags duplicates (same conditions, points and category) and shadowed rules (same conditions otherwise)', () => {
    const codes = codesOf({
      rules: [
        ...balanced,
        rule('Industry again', 'firmographic', 'industry', 'in_list', ['saas'], 25),
        nested('Opens, reordered', {
          all: [leaf('email_opens_count', 'greater_than', 3), leaf('title', 'contains', 'vp')],
        }),
        nested(
          'Opens, variant',
          { all: [leaf('title', 'contains', 'VP'), leaf('email_opens_count', 'greater_than', 3)] },
          5,
        ),
      ],
    });
    expect(codes).toEqual(['DUPLICATE_RULE /rules/5', 'SHADOWED_RULE /rules/7']);
  });

  describe('SUBSUMED_RULE: a single-leaf rule whose leads another rule on the same fact already has', () => {
    const opens = (name: string, operator: string, value: unknown) =>
      rule(name, 'behavioral', 'email_opens_count', operator, value, 5);
    it.each([
      ['> 10 within > 3', opens('Very engaged', 'greater_than', 10), '/rules/5'],
      ['>= 4 within > 3', opens('Four opens', 'greater_than_or_equal', 4), '/rules/5'],
      ['between within > 3', opens('Some opens', 'between', [5, 9]), '/rules/5'],
      [
        '> 3 within >= 3 (the balanced rule is the narrower)',
        opens('Three', 'greater_than_or_equal', 3),
        '/rules/3',
      ],
      [
        '<= 6 within < 30',
        rule('Brand new', 'engagement', 'days_since_creation', 'less_than_or_equal', 6, 5),
        '/rules/5',
      ],
      ['equals inside in_list', rule('SaaS', 'firmographic', 'industry', 'equals', ' saas ', 5), '/rules/5'],
      [
        'an in_list subset (the balanced rule is the narrower)',
        rule('Wide sizes', 'firmographic', 'company_size', 'in_list', ['201-500', '500+'], 5),
        '/rules/1',
      ],
    ])('%s', (_label, extra, pointer) => {
      const warnings = lintBundle(bundleOf({ rules: [...balanced, extra] }), registry).filter(
        (w) => w.code === 'SUBSUMED_RULE',
      );
      expect(warnings.map((w) => w.pointer)).toEqual([pointer]);
      expect(warnings[0]?.message).toMatch(
        /^every lead ".+" matches \(.+\) also matches ".+" \(.+\), so those leads get both rules' points/,
      );
    });

    it('names both rules, their conditions and points', () => {
      const rules = [
        ...balanced,
        rule('Very engaged', 'behavioral', 'email_opens_count', 'greater_than', 10, 5),
      ];
      expect(lintBundle(bundleOf({ rules }), registry)).toEqual([
        {
          pointer: '/rules/5',
          code: 'SUBSUMED_RULE',
          message:
            'every lead "Very engaged" matches (email_opens_count greater_than 10) also matches "Opens" (email_opens_count greater_than 3), so those leads get both rules\' points (+5 and +20); if the rules are not meant as tiers that add up, narrow "Opens"',
        },
      ]);
    });

    it.each([
      ['overlapping intervals', rule('Mid', 'behavioral', 'email_opens_count', 'between', [1, 5], 5)],
      [
        'a disjoint interval that touches',
        rule('Few', 'behavioral', 'email_opens_count', 'less_than_or_equal', 3, 5),
      ],
      [
        'a list that only overlaps',
        rule('Go or Rust', 'firmographic', 'technologies', 'in_list', ['go', 'Rust'], 5),
      ],
      ['another fact', rule('Clicks', 'behavioral', 'email_clicks_count', 'greater_than', 10, 5)],
      [
        'a nested rule',
        nested(
          'Both',
          { all: [leaf('email_opens_count', 'greater_than', 10), leaf('title', 'contains', 'vp')] },
          5,
        ),
      ],
      [
        'an inactive rule',
        rule('Off', 'behavioral', 'email_opens_count', 'greater_than', 10, 5, { is_active: false }),
      ],
      [
        'equals on a list fact, which never holds',
        rule('React', 'firmographic', 'technologies', 'equals', 'react', 5),
      ],
    ])('is quiet on %s', (_label, other) => {
      const rules = [
        ...balanced,
        rule('Stack', 'firmographic', 'technologies', 'in_list', ['React', 'Go'], 5),
        other,
      ];
      expect(codesOf({ rules }).filter((code) => code.startsWith('SUBSUMED_RULE'))).toEqual([]);
    });

    it('warns once when two spellings match the same leads', () => {
      const rules = [
        ...balanced,
        rule('Exactly five', 'behavioral', 'activities_count', 'equals', 5, 5),
        rule('Five to five', 'behavioral', 'activities_count', 'between', [5, 5], 5),
      ];
      expect(codesOf({ rules }).filter((code) => code.startsWith('SUBSUMED_RULE'))).toEqual([
        'SUBSUMED_RULE /rules/6',
      ]);
    });
  });

  it('flags an activity count fact one typo away from a registered fact', () => {
    const codes = codesOf({
      rules: [
        ...balanced,
        rule('Typo', 'behavioral', 'email_opns_count', 'greater_than', 1, 5),
        rule('Legitimate type', 'behavioral', 'email_sent_count', 'greater_than', 1, 5),
        nested(
          'Nested typo',
          {
            any: [
              leaf('form_submitted_count', 'greater_than', 0),
              leaf('email_click_count', 'greater_than', 0),
            ],
          },
          5,
        ),
      ],
    });
    expect(codes).toEqual([
      'SUSPICIOUS_FACT_NAME /rules/5/field_name',
      'SUSPICIOUS_FACT_NAME /rules/7/conditions/any/1/field',
    ]);
  });

  it('flags a threshold of 0, which no upward crossing reaches, and leaves workflow-only bundles alone', () => {
    const workflow = {
      name: 'zero',
      trigger_type: 'score_threshold',
      trigger_config: { score: 0 },
      action_type: 'change_status',
      action_config: { status: 'new' },
    };
    expect(codesOf({ rules: balanced, workflows: [workflow] })).toEqual([
      'WORKFLOW_THRESHOLD_UNREACHABLE /workflows/0/trigger_config/score',
    ]);
    expect(codesOf({ workflows: [{ ...workflow, trigger_config: { score: 90 } }] })).toEqual([]);
  });
});

describe('lintBundle with caps and grading in the settings', () => {
  const withCaps = (caps: unknown, extra: Record<string, unknown> = {}) => ({
    rules: balanced,
    settings: { decay: null, caps },
    ...extra,
  });

  it('is quiet when no cap cuts a rule or a threshold', () => {
    expect(codesOf(withCaps({ categories: { firmographic: 40 }, total: 100 }))).toEqual([]);
  });

  it('names the rule a category cap cuts, and the one it silences', () => {
    const warnings = lintBundle(
      bundleOf(withCaps({ categories: { firmographic: 20, behavioral: 0 } })),
      registry,
    ).filter((warning) => warning.code === 'RULE_CAPPED');
    expect(warnings).toEqual([
      {
        pointer: '/rules/0/points',
        code: 'RULE_CAPPED',
        message: '"Industry" is worth 25 but firmographic is capped at 20: 5 of its points can never count',
      },
      {
        pointer: '/rules/3/points',
        code: 'RULE_CAPPED',
        message: '"Opens" can never add points: behavioral is capped at 0',
      },
    ]);
  });

  it('counts caps in the reachable score: a stage above the total cap is unreachable', () => {
    const codes = codesOf(
      withCaps(
        { categories: {}, total: 60 },
        { criteria: [{ name: 'Hot', stage: 'hot', minimum_score: 80 }] },
      ),
    );
    expect(codes).toEqual(['MAX_SCORE_UNDER_100 /rules', 'CRITERION_UNREACHABLE /criteria/0/minimum_score']);
  });

  it('counts category caps too: 40 firmographic points capped at 10 leave 70', () => {
    const warnings = lintBundle(
      bundleOf(
        withCaps(
          { categories: { firmographic: 10 } },
          { criteria: [{ name: 'Hot', stage: 'hot', minimum_score: 80 }] },
        ),
      ),
      registry,
    );
    expect(warnings.find((warning) => warning.code === 'CRITERION_UNREACHABLE')?.message).toBe(
      'stage "hot" needs 80 but the rules can award at most 70 under the caps',
    );
  });

  it('warns when a criterion asks for a grade and the settings give none', () => {
    expect(
      codesOf({
        rules: balanced,
        settings: { decay: null, grading: null },
        criteria: [{ name: 'Fit', stage: 'mql', minimum_score: 40, minimum_grade: 'B' }],
      }),
    ).toEqual(['CRITERION_GRADE_WITHOUT_GRADING /criteria/0/minimum_grade']);
  });

  it('warns when grades are on but no active rule counts toward them, and not when grades are off', () => {
    const unfit = balanced.map((entry) => ({ ...entry, counts_toward_grade: false }));
    expect(codesOf({ rules: unfit })).toEqual(['NO_FIT_RULES /rules']);
    expect(codesOf({ rules: unfit, settings: { decay: null, grading: null } })).toEqual([]);
    const oneFit = unfit.map((entry, index) =>
      index === 3 ? { ...entry, counts_toward_grade: true } : entry,
    );
    expect(codesOf({ rules: oneFit })).toEqual([]);
  });
});
