import {
  type Category,
  DEFAULT_DECAY_CATEGORIES,
  type DecayPolicy,
  decayPolicyProblems,
  type FieldProblem,
  type ScoringSettings,
} from '@leadflow/domain';
import { isRecord, problem, ProblemCode, type ValidationResult } from './problems';
import { validateDocument } from './validate-document';

/** A rule set's settings (score decay) on their own, as the API's scoring-settings resource takes them. */
export function validateScoringSettings(doc: unknown): ValidationResult<ScoringSettings> {
  return validateDocument('scoring_settings', doc, (d, root, problems) =>
    checkScoringSettings(d, root, problems),
  );
}

/** The field that belongs to the other mode, which the schema alone cannot name. */
const FIELD_OF_OTHER_MODE = { half_life: 'steps', step: 'half_life_days' } as const;

/**
 * Beyond the schema: a field of the other mode is named as such, and the order of steps (ascending days,
 * non-increasing percentages) is checked by the rule the compiler also applies. Categories default to
 * behavioral and engagement, the points that come from activities.
 */
export function checkScoringSettings(
  doc: unknown,
  root: string,
  problems: FieldProblem[],
): ScoringSettings | undefined {
  if (!isRecord(doc)) return undefined;
  const decay = doc.decay;
  if (!isRecord(decay)) return { decay: null };
  const pointer = `${root}/decay`;
  const mode = decay.mode;
  if (mode !== 'half_life' && mode !== 'step') return undefined;
  const stray = FIELD_OF_OTHER_MODE[mode];
  if (stray in decay) {
    problems.push(
      problem(
        `${pointer}/${stray}`,
        ProblemCode.UNKNOWN_FIELD,
        `"${stray}" does not apply to mode "${mode}"`,
      ),
    );
  }
  // not a list: the schema has said so; the defaults keep the remaining checks going
  const categories = Array.isArray(decay.categories)
    ? (decay.categories as Category[])
    : DEFAULT_DECAY_CATEGORIES;
  const policy: DecayPolicy =
    mode === 'half_life'
      ? { mode, half_life_days: decay.half_life_days as number, categories: [...categories] }
      : {
          mode,
          steps: Array.isArray(decay.steps)
            ? decay.steps.map((step: unknown) => {
                const { after_days, keep_percent } = isRecord(step) ? step : {};
                return { after_days: after_days as number, keep_percent: keep_percent as number };
              })
            : [],
          categories: [...categories],
        };
  // The schema has reported shape and ranges; the shared check adds what it alone sees (step order), and
  // nothing at or under a field the schema already named, so each problem is listed once.
  const reported = problems.map((found) => found.pointer);
  const isNew = (at: string) => !reported.some((known) => at === known || at.startsWith(`${known}/`));
  problems.push(...decayPolicyProblems(policy, pointer).filter((found) => isNew(found.pointer)));
  return { decay: policy };
}
