import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { EnrichmentJobStatus } from '@leadflow/enrichment';
import { IdParam } from '../http/id-param';
import { ApiRedisUnavailableResponse } from '../http/redis-unavailable.response';
import {
  EnrichLeadDto,
  EnrichLeadsDto,
  EnrichmentBatchDto,
  EnrichmentJobDto,
  EnrichmentSourcesDto,
  FieldProvenanceDto,
  LeadEnrichmentDto,
} from './dto/enrichment.dto';
import { EnrichmentService } from './enrichment.service';

const UNKNOWN_SOURCE = 'Invalid body, or an unknown source (the message lists the known ones).';

@ApiTags('enrichment')
@ApiForbiddenResponse({ description: 'Reading needs viewer, queuing needs editor.' })
@ApiExtraModels(FieldProvenanceDto)
@Controller('leads')
export class EnrichmentController {
  constructor(private readonly enrichment: EnrichmentService) {}

  @Get('enrich/sources')
  @ApiOperation({ summary: 'The enrichment sources this deployment offers' })
  @ApiOkResponse({ type: EnrichmentSourcesDto })
  sources(): EnrichmentSourcesDto {
    return this.enrichment.sources();
  }

  @Post('enrich')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Enrich many leads in the background',
    description:
      'Queues one job per distinct lead. Every lead must exist and the source must be known, else nothing ' +
      'is queued. Values a user typed are kept unless `overwrite` is true; each enriched lead is rescored.',
  })
  @ApiBody({
    type: EnrichLeadsDto,
    examples: { dataset: { value: { lead_ids: [123, 124, 125], source: 'dataset' } } },
  })
  @ApiAcceptedResponse({ type: EnrichmentBatchDto })
  @ApiBadRequestResponse({ description: UNKNOWN_SOURCE })
  @ApiNotFoundResponse({ description: 'Some leads do not exist; `errors` lists each.' })
  @ApiRedisUnavailableResponse()
  enrichMany(@Body() body: EnrichLeadsDto): Promise<EnrichmentBatchDto> {
    return this.enrichment.enrichMany(body.lead_ids, body.source, body.overwrite === true);
  }

  @Get('enrich/jobs/:job_id')
  @ApiOperation({
    summary: 'State, result or error of an enrichment job',
    description: 'Finished jobs are kept for 7 days, failed ones for 30.',
  })
  @ApiOkResponse({ type: EnrichmentJobDto })
  @ApiNotFoundResponse({ description: 'No such job.' })
  @ApiRedisUnavailableResponse()
  job(@IdParam('job_id') jobId: number): Promise<EnrichmentJobStatus> {
    return this.enrichment.job(jobId);
  }

  @Post(':id/enrich')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Enrich a lead from a source in the background',
    description:
      "The guide's `enrich_lead_data_task.delay(lead_id=123, source='clearbit')`. Answers at once with the " +
      'job; each enriched field keeps its source and fetch time (GET /api/leads/{id}/enrichment/).',
  })
  @ApiBody({
    type: EnrichLeadDto,
    examples: {
      clearbit: { value: { source: 'clearbit' } },
      overwrite: { value: { source: 'dataset', overwrite: true } },
    },
  })
  @ApiAcceptedResponse({ type: EnrichmentJobDto })
  @ApiBadRequestResponse({ description: UNKNOWN_SOURCE })
  @ApiNotFoundResponse({ description: 'No such lead.' })
  @ApiRedisUnavailableResponse()
  enrichOne(@IdParam() id: number, @Body() body: EnrichLeadDto): Promise<EnrichmentJobStatus> {
    return this.enrichment.enrichOne(id, body.source, body.overwrite === true);
  }

  @Get(':id/enrichment')
  @ApiOperation({ summary: "Provenance of a lead's enriched fields" })
  @ApiOkResponse({ type: LeadEnrichmentDto })
  @ApiNotFoundResponse({ description: 'No such lead.' })
  provenance(@IdParam() id: number): Promise<LeadEnrichmentDto> {
    return this.enrichment.provenance(id);
  }
}
