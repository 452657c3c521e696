import { Module } from '@nestjs/common';
import { EnrichmentModule } from './enrichment.module';
import { EnrichmentProcessor } from './processors/enrichment.processor';

/** The Bull processor of the `enrichment` queue; imported by the worker only. */
@Module({
  imports: [EnrichmentModule],
  providers: [EnrichmentProcessor],
})
export class EnrichmentWorkerModule {}
