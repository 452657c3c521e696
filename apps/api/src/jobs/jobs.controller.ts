import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { QUEUE_NAMES } from '@leadflow/jobs';
import { RequireRole } from '../auth/auth.decorators';
import { ApiRedisUnavailableResponse } from '../http/redis-unavailable.response';
import { JobDto, JobsOverviewQueryDto, QueuesOverviewDto } from './dto/jobs.dto';
import { JobsService } from './jobs.service';

const QUEUE_PARAM = { name: 'queue', enum: [...QUEUE_NAMES], example: 'enrichment' };
const JOB_ID_PARAM = { name: 'job_id', example: '42', description: 'A Bull job id (`42`, `lead:123`).' };

/** Operations on the Bull queues, for admins (the same view as the Bull Board at /admin/queues). */
@ApiTags('jobs')
@ApiForbiddenResponse({ description: 'Needs the admin role.' })
@ApiRedisUnavailableResponse()
@RequireRole('admin')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ApiOperation({ summary: 'Per queue: job counts by state and the failed jobs with their errors' })
  @ApiOkResponse({ type: QueuesOverviewDto })
  overview(@Query() query: JobsOverviewQueryDto): Promise<QueuesOverviewDto> {
    return this.jobs.overview(query.failed_limit ?? 20, query.failed_offset ?? 0);
  }

  @Get(':queue/:job_id')
  @ApiOperation({ summary: 'One job: its payload, state, attempts, error or result' })
  @ApiParam(QUEUE_PARAM)
  @ApiParam(JOB_ID_PARAM)
  @ApiOkResponse({ type: JobDto })
  @ApiNotFoundResponse({ description: 'No such queue or job.' })
  job(@Param('queue') queue: string, @Param('job_id') jobId: string): Promise<JobDto> {
    return this.jobs.job(queue, jobId);
  }

  @Post(':queue/:job_id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run a failed job again', description: 'The job goes back to waiting.' })
  @ApiParam(QUEUE_PARAM)
  @ApiParam(JOB_ID_PARAM)
  @ApiOkResponse({ type: JobDto })
  @ApiNotFoundResponse({ description: 'No such queue or job.' })
  @ApiConflictResponse({ description: 'The job has not failed (it waits, runs or completed).' })
  retry(@Param('queue') queue: string, @Param('job_id') jobId: string): Promise<JobDto> {
    return this.jobs.retry(queue, jobId);
  }
}
