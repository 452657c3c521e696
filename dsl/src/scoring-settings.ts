import {
  capsProblems,
  type Category,
  DEFAULT_DECAY_CATEGORIES,
  DEFAULT_GRADING,
  type DecayPolicy,
  decayPolicyProblems,
  type FieldProblem,
  type GradeBands,
  type GradingPolicy,
  gradingProblems,
  type ScoreCaps,
  type ScoringSettings,
} from '@leadflow/domain';
import { isRecord, problem, ProblemCode, type ValidationResult } from './problems';
import { validateDocument } from './validate-document';

/** A rule set's settings (decay, caps, grading) on their own, as the API's scoring-settings resource takes them. */
export function validateScoringSettings(doc: unknown): ValidationResult<ScoringSettings> {
  return validateDocument('scoring_settings', doc, (d, root, problems) =>
    checkScoringSettings(d, root, problems),
  );
}

/**
 * Beyond the schema: each part's own rules (decay step order, grade bands falling from A to D) by the checks
 * the compiler also applies. Absent decay and caps are none; absent grading is the default grading.
 */
export function checkScoringSettings(
  doc: unknown,
  root: string,
  problems: FieldProblem[],
): ScoringSettings | undefined {
  if (!isRecord(doc)) return undefined;
  // The schema has reported shape and ranges; the shared checks add what they alone see, and nothing at or
  // under a field the schema already named, so each problem is listed once.
  const reported = problems.map((found) => found.pointer);
  const isNew = (found: FieldProblem) =>
    !reported.some((known) => found.pointer === known || found.pointer.startsWith(`${known}/`));
  const decay = checkDecay(doc.decay, `${root}/decay`, problems, isNew);
  const caps = isRecord(doc.caps) ? capsOf(doc.caps) : null;
  if (caps) problems.push(...capsProblems(caps, `${root}/caps`).filter(isNew));
  movedToRules(problems, `${root}/grading/categories`);
  const grading = doc.grading === null ? null : gradingOf(doc.grading);
  if (grading) problems.push(...gradingProblems(grading, `${root}/grading`).filter(isNew));
  if (decay === undefined) return undefined;
  return { decay, caps, grading };
}

/**
 * Settings written before rules carried `counts_toward_grade` named the fit categories here; the schema
 * calls that an unknown field, and this says where it went.
 */
function movedToRules(problems: FieldProblem[], pointer: string): void {
  const index = problems.findIndex(
    (found) => found.pointer === pointer && found.code === ProblemCode.UNKNOWN_FIELD,
  );
  if (index < 0) return;
  problems[index] = problem(
    pointer,
    ProblemCode.UNKNOWN_FIELD,
    'grading.categories is no longer a setting: mark each rule that measures fit with "counts_toward_grade": true (demographic and firmographic rules do by default)',
  );
}

function capsOf(caps: Record<string, unknown>): ScoreCaps {
  return {
    categories: isRecord(caps.categories) ? { ...(caps.categories as ScoreCaps['categories']) } : {},
    total: typeof caps.total === 'number' ? caps.total : null,
  };
}

function gradingOf(grading: unknown): GradingPolicy {
  if (!isRecord(grading)) return DEFAULT_GRADING;
  return {
    bands: isRecord(grading.bands) ? ({ ...grading.bands } as GradeBands) : { ...DEFAULT_GRADING.bands },
  };
}

/** The field that belongs to the other mode, which the schema alone cannot name. */
const FIELD_OF_OTHER_MODE = { half_life: 'steps', step: 'half_life_days' } as const;

/**
 * A field of the other mode is named as such, and the order of steps (ascending days, non-increasing
 * percentages) is checked by the rule the compiler also applies. Categories default to behavioral and
 * engagement, the points that come from activities. undefined: the decay is not readable.
 */
function checkDecay(
  decay: unknown,
  pointer: string,
  problems: FieldProblem[],
  isNew: (found: FieldProblem) => boolean,
): DecayPolicy | null | undefined {
  if (!isRecord(decay)) return null;
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
  problems.push(...decayPolicyProblems(policy, pointer).filter(isNew));
  return policy;
}

/**
 * Settings as a document for a file kept in git: decay always, caps and grading only when they are not the
 * defaults, so a rule set that uses neither exports as it did before they existed (and reads back the same).
 */
export function settingsDocument(settings: ScoringSettings): Partial<ScoringSettings> {
  const { grading } = settings;
  const isDefaultGrading =
    grading !== null &&
    (['A', 'B', 'C', 'D'] as const).every((grade) => grading.bands[grade] === DEFAULT_GRADING.bands[grade]);
  return {
    decay: settings.decay,
    ...(settings.caps !== null ? { caps: settings.caps } : {}),
    ...(isDefaultGrading ? {} : { grading }),
  };
}
