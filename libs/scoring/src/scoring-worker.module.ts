import { Module } from '@nestjs/common';
import { BulkScoringProcessor } from './processors/bulk-scoring.processor';
import { ScoringProcessor } from './processors/scoring.processor';
import { ScoringModule } from './scoring.module';

/** The Bull processors of the `scoring` and `bulk-scoring` queues; imported by the worker only. */
@Module({
  imports: [ScoringModule],
  providers: [ScoringProcessor, BulkScoringProcessor],
})
export class ScoringWorkerModule {}
