import {
  CATEGORIES,
  decayPolicyProblems,
  defaultFactRegistry,
  MAX_DECAY_DAYS,
  MAX_DECAY_STEPS,
} from '@leadflow/domain';
import fc from 'fast-check';
import { validateBundle } from './bundle';
import { DSL_SCHEMAS } from './schemas';
import { validateScoringSettings } from './scoring-settings';

describe('scoring settings (score decay)', () => {
  it('default the decaying categories to behavioral and engagement', () => {
    expect(validateScoringSettings({ decay: { mode: 'half_life', half_life_days: 14 } })).toEqual({
      ok: true,
      problems: [],
      value: { decay: { mode: 'half_life', half_life_days: 14, categories: ['behavioral', 'engagement'] } },
    });
  });

  it('read decay: null as no decay', () => {
    expect(validateScoringSettings({ decay: null }).value).toEqual({ decay: null });
  });

  it('keep only the step fields, in order', () => {
    const result = validateScoringSettings({
      kind: 'scoring_settings',
      decay: { mode: 'step', steps: [{ after_days: 7, keep_percent: 80 }], categories: ['engagement'] },
    });
    expect(result.value).toEqual({
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
    fc.assert(
      fc.property(fc.oneof(fc.record({ decay: fc.oneof(near, fc.jsonValue()) }), fc.jsonValue()), (doc) => {
        const result = validateScoringSettings(doc);
        expect(result.ok || result.problems.length > 0).toBe(true);
        // what validates, the rule-set compiler accepts
        if (result.value?.decay) expect(decayPolicyProblems(result.value.decay, '')).toEqual([]);
      }),
      { numRuns: 2_000 },
    );
  });
});
