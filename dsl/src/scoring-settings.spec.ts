import {
  CATEGORIES,
  decayPolicyProblems,
  defaultFactRegistry,
  MAX_DECAY_DAYS,
  MAX_DECAY_STEPS,
  DEFAULT_GRADING,
  capsProblems,
  gradingProblems,
} from '@leadflow/domain';
import fc from 'fast-check';
import { validateBundle } from './bundle';
import { DSL_SCHEMAS } from './schemas';
import { validateScoringSettings } from './scoring-settings';

/** What a document that sets only decay also holds: no caps, the default grading. */
const UNSET = { caps: null, grading: DEFAULT_GRADING };

describe('scoring settings (score decay)', () => {
  it('default the decaying categories to behavioral and engagement', () => {
    expect(validateScoringSettings({ decay: { mode: 'half_life', half_life_days: 14 } })).toEqual({
      ok: true,
      problems: [],
      value: {
        ...UNSET,
        decay: { mode: 'half_life', half_life_days: 14, categories: ['behavioral', 'engagement'] },
      },
    });
  });

  it('read decay: null as no decay', () => {
    expect(validateScoringSettings({ decay: null }).value).toEqual({ ...UNSET, decay: null });
  });

  it('keep only the step fields, in order', () => {
    const result = validateScoringSettings({
      kind: 'scoring_settings',
      decay: { mode: 'step', steps: [{ after_days: 7, keep_percent: 80 }], categories: ['engagement'] },
    });
    expect(result.value).toEqual({
      ...UNSET,
      decay: { mode: 'step', steps: [{ after_days: 7, keep_percent: 80 }], categories: ['engagement'] },
    });
  });

  it('list every problem of a bad document at once', () => {
    const result = validateScoringSettings({
      decay: { mode: 'step', steps: [{ after_days: 10, keep_percent: 50 }, { after_days: 5 }] },
      extra: true,
    });
    expect(result.problems.map(({ pointer, code }) => `${pointer} ${code}`).sort()).toEqual([
      '/decay/steps/1/after_days INVALID_ORDER',
      '/decay/steps/1/keep_percent REQUIRED',
      '/extra UNKNOWN_FIELD',
    ]);
  });

  it('ride in a bundle under "settings", and are absent when the bundle sets none', () => {
    const registry = defaultFactRegistry();
    const withSettings = validateBundle(
      { settings: { decay: { mode: 'half_life', half_life_days: 30 } } },
      registry,
    );
    expect(withSettings.value?.settings?.decay).toMatchObject({ mode: 'half_life', half_life_days: 30 });
    expect(validateBundle({ rules: [] }, registry).value).not.toHaveProperty('settings');
  });

  it('publish a schema whose limits and categories are the code constants', () => {
    const decay = DSL_SCHEMAS.scoring_settings.properties.decay.properties;
    expect(decay.half_life_days.maximum).toBe(MAX_DECAY_DAYS);
    expect(decay.steps.maxItems).toBe(MAX_DECAY_STEPS);
    expect(decay.categories.items.enum).toEqual([...CATEGORIES]);
    expect(DSL_SCHEMAS.scoring_settings.$defs.step.properties.after_days.maximum).toBe(MAX_DECAY_DAYS);
  });

  it('answer every JSON value with a result, never an exception', () => {
    const near = fc.record(
      {
        mode: fc.oneof(fc.constantFrom('half_life', 'step'), fc.jsonValue()),
        half_life_days: fc.jsonValue(),
        steps: fc.oneof(
          fc.array(
            fc.oneof(fc.record({ after_days: fc.jsonValue(), keep_percent: fc.jsonValue() }), fc.jsonValue()),
          ),
          fc.jsonValue(),
        ),
        categories: fc.oneof(fc.array(fc.constantFrom('behavioral', 'social', 3)), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    const capValue = fc.oneof(fc.integer({ min: -5, max: 105 }), fc.jsonValue());
    const nearCaps = fc.record(
      {
        categories: fc.oneof(
          fc.dictionary(fc.constantFrom('behavioral', 'engagement', 'social'), capValue),
          fc.jsonValue(),
        ),
        total: fc.oneof(capValue, fc.constant(null)),
      },
      { requiredKeys: [] },
    );
    const nearGrading = fc.record(
      {
        categories: fc.oneof(fc.array(fc.constantFrom('demographic', 'social', 3)), fc.jsonValue()),
        bands: fc.oneof(
          fc.record({ A: capValue, B: capValue, C: capValue, D: capValue }, { requiredKeys: [] }),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    );
    const document = fc.record(
      {
        decay: fc.oneof(near, fc.jsonValue()),
        caps: fc.oneof(nearCaps, fc.jsonValue()),
        grading: fc.oneof(nearGrading, fc.jsonValue()),
      },
      { requiredKeys: ['decay'] },
    );
    fc.assert(
      fc.property(fc.oneof(document, fc.jsonValue()), (doc) => {
        const result = validateScoringSettings(doc);
        expect(result.ok || result.problems.length > 0).toBe(true);
        // what validates, the rule-set compiler accepts
        if (result.value?.decay) expect(decayPolicyProblems(result.value.decay, '')).toEqual([]);
        if (result.value?.caps) expect(capsProblems(result.value.caps, '')).toEqual([]);
        if (result.value?.grading) expect(gradingProblems(result.value.grading, '')).toEqual([]);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('scoring settings (caps and grading)', () => {
  it('take caps per category and a total, and grading with its own bands', () => {
    const result = validateScoringSettings({
      decay: null,
      caps: { categories: { behavioral: 30 }, total: 90 },
      grading: { bands: { A: 90, B: 70, C: 50, D: 10 } },
    });
    expect(result.problems).toEqual([]);
    expect(result.value).toEqual({
      decay: null,
      caps: { categories: { behavioral: 30 }, total: 90 },
      grading: { bands: { A: 90, B: 70, C: 50, D: 10 } },
    });
  });

  it('say where the fit categories went when a settings file still names them', () => {
    const result = validateScoringSettings({ decay: null, grading: { categories: ['firmographic'] } });
    expect(result.problems).toEqual([
      expect.objectContaining({
        pointer: '/grading/categories',
        code: 'UNKNOWN_FIELD',
        message: expect.stringContaining('counts_toward_grade') as string,
      }),
    ]);
  });

  it('read grading: null as no grades, and an absent total as no total cap', () => {
    const result = validateScoringSettings({ decay: null, caps: { categories: {} }, grading: null });
    expect(result.value).toEqual({ decay: null, caps: { categories: {}, total: null }, grading: null });
  });

  it('list every problem of bad caps and grading at once', () => {
    const result = validateScoringSettings({
      decay: null,
      caps: { categories: { behavioral: 101, social: 5 }, total: 2.5 },
      grading: { bands: { A: 50, B: 60, C: 40, D: 20 } },
    });
    expect(result.problems.map(({ pointer, code }) => `${pointer} ${code}`).sort()).toEqual([
      '/caps/categories/behavioral OUT_OF_RANGE',
      '/caps/categories/social UNKNOWN_FIELD',
      '/caps/total INVALID_TYPE',
      '/grading/bands/B BANDS_NOT_DESCENDING',
    ]);
  });
});
