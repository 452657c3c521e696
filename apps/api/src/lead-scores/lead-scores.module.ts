import { Module } from '@nestjs/common';
import { ScoringModule } from '@leadflow/scoring';
import { LeadScoresController } from './lead-scores.controller';
import { LeadScoresService } from './lead-scores.service';

@Module({
  imports: [ScoringModule],
  controllers: [LeadScoresController],
  providers: [LeadScoresService],
})
export class LeadScoresModule {}
