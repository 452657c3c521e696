import { Module } from '@nestjs/common';
import { JobsModule } from '@leadflow/jobs';
import { ScoringModule } from '@leadflow/scoring';
import { LeadScoresController } from './lead-scores.controller';
import { LeadScoresService } from './lead-scores.service';

@Module({
  imports: [ScoringModule, JobsModule],
  controllers: [LeadScoresController],
  providers: [LeadScoresService],
})
export class LeadScoresModule {}
