import { Module } from '@nestjs/common';
import {
  ActionEffectsPersistenceModule,
  LeadsPersistenceModule,
  ScoringPersistenceModule,
} from '@leadflow/persistence';
import { ScoringModule } from '@leadflow/scoring';
import { LeadScoresController } from './lead-scores.controller';
import { LeadScoresService } from './lead-scores.service';
import { StageTrendService } from './stage-trend.service';

@Module({
  imports: [ScoringModule, ScoringPersistenceModule, ActionEffectsPersistenceModule, LeadsPersistenceModule],
  controllers: [LeadScoresController],
  providers: [LeadScoresService, StageTrendService],
})
export class LeadScoresModule {}
