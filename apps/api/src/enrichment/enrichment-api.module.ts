import { Module } from '@nestjs/common';
import { EnrichmentModule } from '@leadflow/enrichment';
import { JobsModule } from '@leadflow/jobs';
import { EnrichmentController } from './enrichment.controller';
import { EnrichmentService } from './enrichment.service';

@Module({
  imports: [EnrichmentModule, JobsModule],
  controllers: [EnrichmentController],
  providers: [EnrichmentService],
})
export class EnrichmentApiModule {}
