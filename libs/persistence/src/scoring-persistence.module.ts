import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LeadScoresRepository } from './lead-scores/lead-score.repository';
import { LEAD_SCORE_MODEL, leadScoreSchema } from './lead-scores/lead-score.schema';
import { QualificationCriteriaRepository } from './qualification-criteria/qualification-criterion.repository';
import {
  QUALIFICATION_CRITERION_MODEL,
  qualificationCriterionSchema,
} from './qualification-criteria/qualification-criterion.schema';
import { RuleSetVersionsRepository } from './rule-set-versions/rule-set-version.repository';
import {
  RULE_SET_VERSION_CLAIM_MODEL,
  RULE_SET_VERSION_HEAD_MODEL,
  RULE_SET_VERSION_MODEL,
  ruleSetVersionSchema,
  versionClaimSchema,
  versionHeadSchema,
} from './rule-set-versions/rule-set-version.schema';
import { ScoringRulesRepository } from './scoring-rules/scoring-rule.repository';
import { SequentialIdsModule } from './sequential-ids';
import { ScoringSettingsRepository } from './scoring-settings/scoring-settings.repository';
import { SCORING_SETTINGS_MODEL, scoringSettingsSchema } from './scoring-settings/scoring-settings.schema';
import { SCORING_RULE_MODEL, scoringRuleSchema } from './scoring-rules/scoring-rule.schema';
import { StageHistoryRepository } from './stage-history/stage-change.repository';
import { STAGE_CHANGE_MODEL, stageChangeSchema } from './stage-history/stage-change.schema';

const REPOSITORIES = [
  ScoringRulesRepository,
  RuleSetVersionsRepository,
  QualificationCriteriaRepository,
  LeadScoresRepository,
  StageHistoryRepository,
  ScoringSettingsRepository,
];

/** Scoring's collections: rules, rule-set versions, criteria, scores, stage history and the settings. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: SCORING_RULE_MODEL, schema: scoringRuleSchema, collection: 'scoring_rules' },
      { name: RULE_SET_VERSION_MODEL, schema: ruleSetVersionSchema, collection: 'rule_set_versions' },
      { name: RULE_SET_VERSION_HEAD_MODEL, schema: versionHeadSchema, collection: 'rule_set_version_heads' },
      {
        name: RULE_SET_VERSION_CLAIM_MODEL,
        schema: versionClaimSchema,
        collection: 'rule_set_version_claims',
      },
      {
        name: QUALIFICATION_CRITERION_MODEL,
        schema: qualificationCriterionSchema,
        collection: 'qualification_criteria',
      },
      { name: LEAD_SCORE_MODEL, schema: leadScoreSchema, collection: 'lead_scores' },
      { name: STAGE_CHANGE_MODEL, schema: stageChangeSchema, collection: 'stage_changes' },
      { name: SCORING_SETTINGS_MODEL, schema: scoringSettingsSchema, collection: 'scoring_settings' },
    ]),
    SequentialIdsModule,
  ],
  providers: REPOSITORIES,
  exports: REPOSITORIES,
})
export class ScoringPersistenceModule {}
