import { Body, Controller, Get, Inject, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CONFIG, type Config } from '@leadflow/config';
import { WorkflowRuns } from '@leadflow/qualification-runs';
import { IdParam } from '../http/id-param';
import { resolveAliases } from '../http/query-aliases';
import { ApiPaginatedResponse, pageWindow, toPage } from '../http/pagination';
import {
  CancelExecutionDto,
  ExecutionDto,
  ExecutionQueryDto,
  HistoryPageDto,
  HistoryQueryDto,
  RecentQueryDto,
  StartBacklogDto,
} from './dto/workflow.dto';
import { executionView } from './workflow-views';

@ApiTags('workflow executions')
@Controller('lead-qualification/workflow-executions')
export class WorkflowExecutionsController {
  constructor(
    private readonly runs: WorkflowRuns,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('backlog')
  @ApiOperation({
    summary: 'Decided runs not handed to Temporal yet, and workflow schedules not in line yet',
    description:
      "Every trigger decision is stored first and started by the worker's relay. A backlog that grows, or " +
      'an old `oldest_pending_age_seconds` with a `last_start_error`, means Temporal is unreachable or no ' +
      'worker runs: nothing is lost, the runs start once both are back (README, Operations).',
  })
  @ApiOkResponse({ type: StartBacklogDto })
  backlog(): Promise<StartBacklogDto> {
    return this.runs.backlog();
  }

  @Get('recent')
  @ApiOperation({ summary: 'The latest executions, newest first' })
  @ApiOkResponse({ type: [ExecutionDto] })
  async recent(@Query() query: RecentQueryDto) {
    const { results } = await this.runs.listExecutions({ skip: 0, limit: query.limit ?? 10 });
    return results.map((execution) => executionView(execution, this.config));
  }

  @Get()
  @ApiOperation({ summary: 'Executions with filters (workflow, lead, status, time window), newest first' })
  @ApiPaginatedResponse(ExecutionDto)
  async list(@Query() query: ExecutionQueryDto, @Req() request: Request) {
    const window = pageWindow(query);
    const { workflow_id: workflowId, lead_id: leadId } = resolveAliases(query, [
      ['workflow_id', 'workflow'],
      ['lead_id', 'lead'],
    ]);
    const found = await this.runs.listExecutions({
      ...(workflowId !== undefined ? { workflow_definition_id: workflowId } : {}),
      ...(leadId !== undefined ? { lead_id: leadId } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.started_after !== undefined ? { started_after: query.started_after } : {}),
      ...(query.started_before !== undefined ? { started_before: query.started_before } : {}),
      skip: window.skip,
      limit: window.limit,
    });
    return toPage(request, window, {
      count: found.count,
      results: found.results.map((execution) => executionView(execution, this.config)),
    });
  }

  @Get(':id')
  @ApiOkResponse({ type: ExecutionDto })
  @ApiNotFoundResponse()
  async get(@IdParam() id: number) {
    return executionView(await this.runs.getExecution(id), this.config);
  }

  @Get(':id/history')
  @ApiOperation({
    summary: "The run's full Temporal event history (activities, attempts, failures, timers, signals), paged",
    description:
      "Pages are read through Temporal's history pagination: `?page_size=` (1-1000, default 100) events " +
      'per page, fewer only on the last, and `next_page_token` names the next page (null on the last). ' +
      'Each event has its type, time, a few details and its full `attributes`. `GET {id}/timeline/` gives ' +
      'the same run folded into one entry per step.',
  })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiBadRequestResponse({ description: 'A malformed page size or page token.' })
  @ApiNotFoundResponse()
  history(@IdParam() id: number, @Query() query: HistoryQueryDto) {
    return this.runs.history(id, {
      pageSize: query.page_size ?? 100,
      ...(query.next_page_token ? { pageToken: query.next_page_token } : {}),
    });
  }

  @Get(':id/timeline')
  @ApiOperation({
    summary:
      'The run step by step: each activity with its attempts and last failure, each timer, each signal',
  })
  @ApiNotFoundResponse()
  timeline(@IdParam() id: number) {
    return this.runs.timeline(id);
  }

  @Post(':id/cancel')
  @ApiOperation({ summary: 'Ask a running execution to stop before its next step' })
  @ApiOkResponse({ type: ExecutionDto })
  @ApiConflictResponse({ description: 'The execution is not running.' })
  async cancel(@IdParam() id: number, @Body() body: CancelExecutionDto) {
    return executionView(await this.runs.cancel(id, body.reason ?? 'cancelled through the API'), this.config);
  }

  @Post(':id/retry')
  @ApiOperation({ summary: 'Run the same workflow version again for the same lead' })
  @ApiOkResponse({ type: ExecutionDto })
  @ApiConflictResponse({ description: 'The execution is still running.' })
  async retry(@IdParam() id: number) {
    return executionView(await this.runs.retry(id), this.config);
  }
}
