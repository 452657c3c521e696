import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { StageChangeRecord } from '@leadflow/persistence';
import type { BulkJobStatus, ScoreDistribution, SimulationResult } from '@leadflow/scoring';
import { BulkJobIdParam } from './bulk-job-id-param';
import { ApiPaginatedResponse, type Page, pageWindow, toPage } from '../http/pagination';
import { ApiRedisUnavailableResponse } from '../http/redis-unavailable.response';
import {
  BulkCalculateDto,
  BulkJobStatusDto,
  CalculateScoreDto,
  CurrentScoresQueryDto,
  LeadScoreDto,
  ScoreCalculationDto,
  ScoreDistributionDto,
  ScoreHistoryQueryDto,
  SimulateDto,
  SimulationDto,
  StageChangeDto,
  StageHistoryQueryDto,
} from './dto/lead-score.dto';
import { StageTrendDto, StageTrendQueryDto } from './dto/stage-trend.dto';
import { LeadScoresService, type LeadScoreView } from './lead-scores.service';
import { type StageTrend, StageTrendService } from './stage-trend.service';

@ApiTags('lead scores')
@Controller('lead-qualification/lead-scores')
export class LeadScoresController {
  constructor(
    private readonly scores: LeadScoresService,
    private readonly stageTrends: StageTrendService,
  ) {}

  @Get()
  @ApiOperation({ summary: "Each lead's current score, highest first (filters lead_id, stage, score range)" })
  @ApiPaginatedResponse(LeadScoreDto)
  async current(
    @Query() query: CurrentScoresQueryDto,
    @Req() request: Request,
  ): Promise<Page<LeadScoreView>> {
    const window = pageWindow(query);
    const { lead_id, qualification_stage, grade, minimum_grade, min_score, max_score } = query;
    const filter = { lead_id, qualification_stage, grade, minimum_grade, min_score, max_score };
    return toPage(request, window, await this.scores.current(filter, window.skip, window.limit));
  }

  @Post('simulate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Score a sample of leads with draft rules and criteria, beside their current scores',
    description: 'Writes nothing. Draft documents are validated like a bundle: every problem listed.',
  })
  @ApiOkResponse({ type: SimulationDto })
  @ApiBadRequestResponse({ description: 'A draft is invalid; `errors` lists every problem.' })
  simulate(@Body() body: SimulateDto): Promise<SimulationResult> {
    return this.scores.simulate(body);
  }

  @Post('calculate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Calculate a lead's score now",
    description:
      "Stores the score in the history, updates the lead's score and stage, and explains the result.",
  })
  @ApiBody({ type: CalculateScoreDto, examples: { guide: { value: { lead_id: 123 } } } })
  @ApiOkResponse({ type: ScoreCalculationDto })
  @ApiNotFoundResponse({ description: 'No lead with this id.' })
  calculate(@Body() body: CalculateScoreDto): Promise<LeadScoreView> {
    return this.scores.calculate(body.lead_id);
  }

  @Get('history')
  @ApiOperation({ summary: "Every calculation of one lead's score, newest first (an array)" })
  @ApiOkResponse({ type: [LeadScoreDto] })
  @ApiNotFoundResponse({ description: 'No lead with this id.' })
  history(@Query() query: ScoreHistoryQueryDto): Promise<LeadScoreView[]> {
    const paged = query.page !== undefined || query.page_size !== undefined;
    return this.scores.history(query.lead_id, paged ? pageWindow(query) : undefined);
  }

  @Get('stage_history')
  @ApiOperation({ summary: "Every change of one lead's qualification stage, newest first (an array)" })
  @ApiOkResponse({ type: [StageChangeDto] })
  @ApiNotFoundResponse({ description: 'No lead with this id.' })
  stageHistory(@Query() query: StageHistoryQueryDto): Promise<StageChangeRecord[]> {
    return this.scores.stageChanges(query.lead_id);
  }

  @Get('distribution')
  @ApiOperation({ summary: "How many leads' latest scores fall in each band of 20 points, and their mean" })
  @ApiOkResponse({ type: ScoreDistributionDto })
  distribution(): Promise<ScoreDistribution> {
    return this.scores.distribution();
  }

  @Get('stage_trend')
  @ApiOperation({
    summary:
      'Leads entering and leaving each qualification stage per day, and the leads in it at each day end',
    description:
      "From the scoring's stage changes and workflows' move_to_stage steps, by the UTC day they were recorded; " +
      'a day is counted once when it is over, so the read costs the same at any number of leads.',
  })
  @ApiOkResponse({ type: StageTrendDto })
  @ApiBadRequestResponse({ description: '`days` is not a whole number from 1 to 90.' })
  stageTrend(@Query() query: StageTrendQueryDto): Promise<StageTrend> {
    return this.stageTrends.trend(query.days ?? 30);
  }

  @Post('bulk_calculate')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Recalculate many leads in the background',
    description: 'Answers at once with a job id; GET bulk_calculate/{job_id}/ reports its progress.',
  })
  @ApiBody({
    type: BulkCalculateDto,
    examples: { ids: { value: { lead_ids: [123, 124, 125] } }, all: { value: { recalculate_all: true } } },
  })
  @ApiAcceptedResponse({ type: BulkJobStatusDto })
  @ApiBadRequestResponse({ description: 'Neither or both of lead_ids and recalculate_all.' })
  @ApiRedisUnavailableResponse()
  bulkCalculate(@Body() body: BulkCalculateDto): Promise<BulkJobStatus> {
    return this.scores.startBulk(body);
  }

  @Get('bulk_calculate/:job_id')
  @ApiOperation({ summary: 'Progress of a bulk calculation' })
  @ApiOkResponse({ type: BulkJobStatusDto })
  @ApiNotFoundResponse({ description: 'No such job (finished jobs are kept for a day).' })
  @ApiRedisUnavailableResponse()
  bulkStatus(@BulkJobIdParam() jobId: string): Promise<BulkJobStatus> {
    return this.scores.bulkStatus(jobId);
  }
}
