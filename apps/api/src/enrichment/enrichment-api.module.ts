import { Module } from '@nestjs/common';
import { EnrichmentModule } from '@leadflow/enrichment';
import { EnrichmentController } from './enrichment.controller';
import { EnrichmentService } from './enrichment.service';

@Module({
  imports: [EnrichmentModule],
  controllers: [EnrichmentController],
  providers: [EnrichmentService],
})
export class EnrichmentApiModule {}
