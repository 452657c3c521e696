import { Module } from '@nestjs/common';
import { LeadsPersistenceModule } from '@leadflow/persistence';
import { ScoringModule } from '@leadflow/scoring';
import { AnalyticsController } from './analytics.controller';
import { ConversionAnalyticsService } from './conversion-analytics.service';

@Module({
  imports: [ScoringModule, LeadsPersistenceModule],
  controllers: [AnalyticsController],
  providers: [ConversionAnalyticsService],
})
export class AnalyticsModule {}
