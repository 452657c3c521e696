import { Module } from '@nestjs/common';
import { ScoringModule } from '@leadflow/scoring';
import { AnalyticsController } from './analytics.controller';

@Module({
  imports: [ScoringModule],
  controllers: [AnalyticsController],
})
export class AnalyticsModule {}
