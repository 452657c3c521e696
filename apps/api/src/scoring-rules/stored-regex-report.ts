import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { FieldProblem, FactRegistry } from '@leadflow/domain';
import { ProblemCode, validateScoringRule } from '@leadflow/dsl';
import { ScoringRulesRepository } from '@leadflow/persistence';
import { ActiveRuleSet } from '@leadflow/scoring';

const REGEX_CODES = new Set<string>([ProblemCode.INVALID_REGEX, ProblemCode.UNSUPPORTED_REGEX]);

/** One stored rule whose `matches_regex` pattern the linear-time engine cannot run. */
export interface StoredRegexProblem {
  rule_id: number;
  name: string;
  problems: FieldProblem[];
}

/**
 * The stored rules whose patterns the validator refuses today: they were saved before `matches_regex` ran
 * on RE2 (a backreference or a lookahead compiled with RegExp), and such a condition never holds now.
 */
export function storedRegexProblems(
  rules: readonly { id: number; name: string; source: unknown }[],
  registry: FactRegistry,
): StoredRegexProblem[] {
  return rules.flatMap((rule) => {
    const result = validateScoringRule(rule.source, registry);
    const problems = result.ok ? [] : result.problems.filter((problem) => REGEX_CODES.has(problem.code));
    return problems.length === 0 ? [] : [{ rule_id: rule.id, name: rule.name, problems }];
  });
}

/** Says at start, in the log, which stored rules hold a pattern that can no longer match. */
@Injectable()
export class StoredRegexReport implements OnApplicationBootstrap {
  private readonly logger = new Logger('StoredRegexReport');

  constructor(
    private readonly rules: ScoringRulesRepository,
    private readonly activeRuleSet: ActiveRuleSet,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      for (const found of storedRegexProblems(await this.rules.all(), this.activeRuleSet.registry)) {
        const why = found.problems.map((problem) => problem.message).join('; ');
        this.logger.warn(
          `Scoring rule ${found.rule_id} (${found.name}) never matches until its pattern is changed: ${why}`,
        );
      }
    } catch (error) {
      // A report, not a precondition: the API starts regardless.
      this.logger.warn(`Could not check the stored regex patterns: ${String(error)}`);
    }
  }
}
