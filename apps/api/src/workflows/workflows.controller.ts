import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Patch,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CONFIG, type Config } from '@leadflow/config';
import {
  WorkflowDefinitionsService,
  WorkflowRuns,
  type WorkflowValidation,
} from '@leadflow/qualification-runs';
import { IdParam } from '../http/id-param';
import { ApiPaginatedResponse, pageWindow, toPage } from '../http/pagination';
import {
  ExecutionDto,
  WORKFLOW_BODY_SCHEMA,
  WORKFLOW_EXAMPLES,
  WorkflowDto,
  WorkflowLeadDto,
  WorkflowQueryDto,
  WorkflowStatisticsDto,
} from './dto/workflow.dto';
import { WorkflowListing } from './workflow-listing.service';
import { executionView, workflowView } from './workflow-views';
import { ApiNameConflictResponse } from '../http/name-conflict.response';

const WORKFLOW_BODY = { schema: WORKFLOW_BODY_SCHEMA, examples: WORKFLOW_EXAMPLES };
const INVALID = 'The document is invalid; `errors` lists every problem (field + message + code).';

/**
 * Qualification workflows in the guide's single-action form or the multi-step form. Bodies are raw JSON
 * validated by the DSL, so a bad document gets every problem listed with the DSL's pointers and codes.
 */
@ApiTags('workflows')
@Controller('lead-qualification/workflows')
export class WorkflowsController {
  constructor(
    private readonly definitions: WorkflowDefinitionsService,
    private readonly listing: WorkflowListing,
    private readonly runs: WorkflowRuns,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('statistics')
  @ApiOperation({ summary: "Workflow and execution counts (the guide's shape), plus the same per workflow" })
  @ApiOkResponse({ type: WorkflowStatisticsDto })
  statistics() {
    return this.runs.statistics();
  }

  @Post('validate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Validate a workflow without saving it: errors, linter warnings and the compiled program',
  })
  @ApiBody(WORKFLOW_BODY)
  validate(@Body() document: unknown): WorkflowValidation {
    return this.definitions.validate(document);
  }

  @Post()
  @ApiOperation({ summary: 'Create a workflow; time-based ones get a Temporal Schedule' })
  @ApiBody(WORKFLOW_BODY)
  @ApiCreatedResponse({ type: WorkflowDto })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiNameConflictResponse('workflows')
  async create(@Body() document: unknown) {
    return workflowView(await this.definitions.create(document));
  }

  @Get()
  @ApiOperation({
    summary: 'List workflows (filters is_active, trigger_type; pages), highest priority first',
  })
  @ApiPaginatedResponse(WorkflowDto)
  async list(@Query() query: WorkflowQueryDto, @Req() request: Request) {
    const window = pageWindow(query);
    const found = await this.listing.list({
      ...(query.is_active !== undefined ? { is_active: query.is_active === 'true' } : {}),
      ...(query.trigger_type !== undefined ? { trigger_type: query.trigger_type } : {}),
      skip: window.skip,
      limit: window.limit,
    });
    return toPage(request, window, { count: found.count, results: found.results.map(workflowView) });
  }

  @Get(':id')
  @ApiOkResponse({ type: WorkflowDto })
  @ApiNotFoundResponse()
  async get(@IdParam() id: number) {
    return workflowView(await this.definitions.get(id));
  }

  @Get(':id/versions')
  @ApiOperation({
    summary: 'Every saved version of the workflow, newest first (running executions keep theirs)',
  })
  versions(@IdParam() id: number) {
    return this.listing.versions(id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace the workflow; saves a new version' })
  @ApiBody(WORKFLOW_BODY)
  @ApiOkResponse({ type: WorkflowDto })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiNameConflictResponse('workflows')
  async replace(@IdParam() id: number, @Body() document: unknown) {
    return workflowView(await this.definitions.replace(id, document));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some top-level fields (e.g. is_active); the result is validated whole' })
  @ApiBody({ schema: { type: 'object', example: { is_active: false } } })
  @ApiOkResponse({ type: WorkflowDto })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiNameConflictResponse('workflows')
  async patch(@IdParam() id: number, @Body() changes: Record<string, unknown>) {
    return workflowView(await this.definitions.patch(id, changes));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async remove(@IdParam() id: number): Promise<void> {
    await this.definitions.delete(id);
  }

  @Post(':id/execute')
  @ApiOperation({ summary: 'Run the workflow now for a lead (the manual trigger)' })
  @ApiCreatedResponse({ type: ExecutionDto })
  @ApiNotFoundResponse({ description: 'No such workflow or lead.' })
  async execute(@IdParam() id: number, @Body() body: WorkflowLeadDto) {
    return executionView(await this.runs.execute(id, body.lead_id), this.config);
  }

  @Post(':id/dry_run')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Which steps would run for a lead now (branches decided on current facts); no effects',
  })
  async dryRun(@IdParam() id: number, @Body() body: WorkflowLeadDto) {
    return this.runs.dryRun(id, body.lead_id);
  }
}
