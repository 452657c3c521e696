import { Module } from '@nestjs/common';
import { ScoringModule } from '@leadflow/scoring';
import { WorkflowsModule } from '@leadflow/qualification-runs';
import { QualificationCriteriaModule } from '../qualification-criteria/qualification-criteria.module';
import { ScoringRulesModule } from '../scoring-rules/scoring-rules.module';
import { ScoringSettingsModule } from '../scoring-settings/scoring-settings.module';
import { RuleSetsController } from './rule-sets.controller';
import { RuleSetsService } from './rule-sets.service';

@Module({
  imports: [
    ScoringModule,
    WorkflowsModule,
    ScoringRulesModule,
    QualificationCriteriaModule,
    ScoringSettingsModule,
  ],
  controllers: [RuleSetsController],
  providers: [RuleSetsService],
})
export class RuleSetsModule {}
