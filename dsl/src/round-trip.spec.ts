import fc from 'fast-check';
import {
  CATEGORIES,
  defaultFactRegistry,
  OPERATOR_CATALOG,
  OPERATOR_NAMES,
  type OperatorName,
} from '@leadflow/domain';
import { compileScoringRule } from './compile';
import { operatorFitsFactType } from './conditions';
import { decompileScoringRule } from './decompile';
import { validateScoringRule } from './scoring-rule';
import type { ScoringRule } from './types';

const registry = defaultFactRegistry();
const FACTS = [...registry.names(), 'form_submitted_count', 'demo_requested_count'];

// Text that stays text: no leading "[" / "{" (those are JSON by contract) and not only whitespace.
const text = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _.@+-]{0,20}$/);
const isoDate = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2035, 0, 1) })
  .map((ms) => new Date(ms).toISOString());
const number = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);
const scalar = fc.oneof(text, fc.integer({ min: -1000, max: 1000 }), fc.boolean());
const safeRegexes = fc.constantFrom(
  '^dir',
  'director$',
  '@(gmail|yahoo)\\.com$',
  '[0-9]{3}-[0-9]{4}',
  'vp|chief',
);

/** Maybe JSON-encode, as the guide does ("[\"SaaS\"]", "3"). */
const maybeEncoded = <T>(value: fc.Arbitrary<T>) =>
  value.chain((v) => fc.constantFrom<unknown>(v, JSON.stringify(v)));

/** A value the operator accepts, sometimes in the guide's JSON-string spelling. */
function rawValueFor(operator: OperatorName): fc.Arbitrary<unknown> {
  switch (OPERATOR_CATALOG[operator].operand) {
    case 'none':
      return fc.constant(undefined);
    case 'scalar':
      return scalar;
    case 'string':
      return text;
    case 'number':
      return fc.oneof(
        number.chain((n) => fc.constantFrom<unknown>(n, String(n))),
        isoDate,
      );
    case 'list':
      return maybeEncoded(fc.array(scalar, { minLength: 1, maxLength: 5 }));
    case 'range':
      return maybeEncoded(
        fc.oneof(
          fc.tuple(number, number).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]),
          fc.tuple(isoDate, isoDate).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
        ),
      );
    case 'regex':
      return safeRegexes;
  }
}

// Only operators that can hold on the fact's type: the validator refuses the others.
const leafParts = fc
  .constantFrom(...FACTS)
  .chain((field) => {
    const type = registry.get(field)?.type ?? 'string';
    const fitting = OPERATOR_NAMES.filter((operator) => operatorFitsFactType(operator, type));
    return fc.record({ field: fc.constant(field), operator: fc.constantFrom(...fitting) });
  })
  .chain(({ field, operator }) =>
    rawValueFor(operator).map((value) =>
      value === undefined ? { field, operator } : { field, operator, value },
    ),
  );

const { condition } = fc.letrec<{ condition: unknown; node: unknown }>((tie) => ({
  condition: fc.oneof(
    fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 4 }) }),
    fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 4 }) }),
    fc.record({ not: tie('node') }),
  ),
  node: fc.oneof({ depthSize: 'small', maxDepth: 4 }, leafParts, tie('condition')),
}));

const common = fc.record(
  {
    name: text,
    rule_type: fc.constantFrom(...CATEGORIES),
    points: fc.integer({ min: -100, max: 100 }),
    priority: fc.integer({ min: 1, max: 1000 }),
    is_active: fc.boolean(),
    counts_toward_grade: fc.boolean(),
    description: text,
  },
  { requiredKeys: ['name', 'rule_type', 'points'] },
);

const flatDocument = fc
  .tuple(common, leafParts)
  .map(([base, { field, ...rest }]) => ({ ...base, field_name: field, ...rest }));
const nestedDocument = fc.tuple(common, condition).map(([base, conditions]) => ({ ...base, conditions }));
const ruleDocument = fc.oneof(flatDocument, nestedDocument);

function normalize(doc: unknown): ScoringRule {
  const result = validateScoringRule(doc, registry);
  if (!result.ok) throw new Error(`generated document is invalid: ${JSON.stringify(result.problems)}`);
  return result.value;
}

const metadataOf = (rule: ScoringRule) => ({
  is_active: rule.is_active,
  counts_toward_grade: rule.counts_toward_grade,
  ...(rule.description !== undefined ? { description: rule.description } : {}),
});

function keysIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => keysIn(item, into));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      into.add(key);
      keysIn(inner, into);
    }
  }
  return into;
}

describe('rule compiler and decompiler', () => {
  const runs = { numRuns: 1000 };

  it('decompile(compile(x)) == normalize(x) for generated documents in both forms', () => {
    fc.assert(
      fc.property(ruleDocument, (doc) => {
        const normalized = normalize(doc);
        expect(decompileScoringRule(compileScoringRule(normalized), metadataOf(normalized))).toEqual(
          normalized,
        );
      }),
      runs,
    );
  });

  it('compile(decompile(c)) == c for every compiled rule', () => {
    fc.assert(
      fc.property(ruleDocument, fc.stringMatching(/^[a-z0-9-]{1,12}$/), (doc, ruleId) => {
        const compiled = compileScoringRule(normalize(doc), { ruleId });
        expect(compileScoringRule(decompileScoringRule(compiled), { ruleId })).toEqual(compiled);
      }),
      runs,
    );
  });

  it('normalization is idempotent: a decompiled rule validates to itself', () => {
    fc.assert(
      fc.property(ruleDocument, (doc) => {
        const normalized = normalize(doc);
        expect(normalize(normalized)).toEqual(normalized);
      }),
      runs,
    );
  });

  it('emits only Leadflow keys: no path, no fact references, no user params', () => {
    const allowed = new Set([
      'name',
      'priority',
      'conditions',
      'event',
      'type',
      'params',
      'rule_id',
      'category',
      'points',
      'all',
      'any',
      'not',
      'fact',
      'operator',
      'value',
    ]);
    fc.assert(
      fc.property(ruleDocument, (doc) => {
        const compiled = compileScoringRule(normalize(doc));
        expect([...keysIn(compiled)].filter((key) => !allowed.has(key))).toEqual([]);
        expect([...keysIn(compiled.conditions)]).not.toContain('params');
        expect(Object.keys(compiled.event.params).sort()).toEqual(['category', 'points', 'rule_id']);
      }),
      runs,
    );
  });

  it('compiles the guide flat form to one leaf under all, with the JSON-string value parsed', () => {
    const rule = normalize({
      name: 'Target Industry',
      rule_type: 'firmographic',
      field_name: 'industry',
      operator: 'in_list',
      value: '["SaaS", "Enterprise Software"]',
      points: 20,
    });
    expect(compileScoringRule(rule, { ruleId: '7' })).toEqual({
      name: 'Target Industry',
      priority: 1,
      conditions: {
        all: [{ fact: 'industry', operator: 'in_list', value: ['SaaS', 'Enterprise Software'] }],
      },
      event: { type: 'score', params: { rule_id: '7', category: 'firmographic', points: 20 } },
    });
    expect(compileScoringRule(rule).event.params.rule_id).toBe('target-industry');
  });

  it('reads "3" as 3 for numeric operators and keeps "director" a string', () => {
    const numeric = normalize({
      name: 'n',
      rule_type: 'behavioral',
      field_name: 'email_opens_count',
      operator: 'greater_than',
      value: '3',
      points: 1,
    });
    const textual = normalize({
      name: 't',
      rule_type: 'demographic',
      field_name: 'title',
      operator: 'contains',
      value: 'director',
      points: 1,
    });
    expect(numeric).toMatchObject({ value: 3 });
    expect(textual).toMatchObject({ value: 'director' });
  });

  it('turns a nested rule with a single leaf under all into the flat form', () => {
    const rule = normalize({
      name: 'x',
      rule_type: 'demographic',
      conditions: { all: [{ field: 'title', operator: 'contains', value: 'vp' }] },
      points: 5,
    });
    expect(rule).toEqual({
      name: 'x',
      rule_type: 'demographic',
      field_name: 'title',
      operator: 'contains',
      value: 'vp',
      points: 5,
      priority: 1,
      is_active: true,
      counts_toward_grade: true,
    });
  });
});
