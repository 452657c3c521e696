import { Module } from '@nestjs/common';
import { ScoringModule } from '@leadflow/scoring';
import { QualificationCriteriaController } from './qualification-criteria.controller';
import { QualificationCriteriaService } from './qualification-criteria.service';

@Module({
  imports: [ScoringModule],
  controllers: [QualificationCriteriaController],
  providers: [QualificationCriteriaService],
  exports: [QualificationCriteriaService],
})
export class QualificationCriteriaModule {}
