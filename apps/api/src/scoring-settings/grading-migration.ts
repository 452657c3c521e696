import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { fitFlagsToWrite } from '@leadflow/domain';
import { ScoringRulesRepository, ScoringSettingsRepository } from '@leadflow/persistence';
import { RuleSetPublisher } from '@leadflow/scoring';

/**
 * Start-up migration: settings stored before rules carried `counts_toward_grade` named the fit categories
 * (`grading.categories`). The rules whose category's default would now say otherwise get the flag written
 * out, then the categories leave the settings, then one version is published with the flags. Idempotent:
 * once the categories are gone there is nothing to do, and a start that stopped midway redoes the same
 * writes. Until it has run, versions that hold the categories keep grading by them (legacyCountsTowardGrade).
 */
@Injectable()
export class GradingCategoriesMigration implements OnApplicationBootstrap {
  private readonly logger = new Logger('GradingCategoriesMigration');

  constructor(
    private readonly settings: ScoringSettingsRepository,
    private readonly rules: ScoringRulesRepository,
    private readonly publisher: RuleSetPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
  }

  /** The number of rules given the flag, or null when the settings held no fit categories. */
  async run(): Promise<number | null> {
    const categories = await this.settings.legacyFitCategories();
    if (categories === null) return null;
    const flags = fitFlagsToWrite(await this.rules.all(), categories);
    for (const flag of flags) await this.rules.setCountsTowardGrade(flag.id, flag.counts_toward_grade);
    // Only the replica that removed the categories publishes, so concurrent starts add one version.
    const removed = await this.settings.dropLegacyFitCategories();
    if (removed && flags.length > 0) {
      await this.publisher.publish(
        `grading categories (${categories.join(', ')}) moved onto ${flags.length} rule(s) as counts_toward_grade`,
      );
    }
    this.logger.log(
      `Grading categories [${categories.join(', ')}] moved out of the scoring settings: ` +
        (flags.length === 0
          ? 'every rule keeps its category default'
          : `counts_toward_grade written on rule(s) ${flags.map((flag) => `${flag.id}=${flag.counts_toward_grade}`).join(', ')}`),
    );
    return flags.length;
  }
}
