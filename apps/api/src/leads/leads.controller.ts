import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { IdParam } from '../http/id-param';
import { ApiPaginatedResponse, type Page, pageWindow, PaginationQueryDto, toPage } from '../http/pagination';
import { ActivityDto, CreateActivityDto } from './dto/activity.dto';
import { ImportLeadDto, ImportResultDto } from './dto/import.dto';
import { CreateLeadDto, LeadDto, ReplaceLeadDto, UpdateLeadDto } from './dto/lead.dto';
import { LeadListQueryDto, withScoreAliases } from './dto/lead-list-query.dto';
import { ActingUsername } from '../http/acting-username';
import { LeadOutcomeDto, OUTCOME_BODY_SCHEMA, OUTCOME_EXAMPLES } from './dto/outcome.dto';
import { LeadImportService } from './lead-import.service';
import { LeadOutcomeService } from './lead-outcome.service';
import { LeadsService } from './leads.service';

const CSV_EXAMPLE =
  'first_name,last_name,email,company,industry,company_size,technologies,custom_fields.region\n' +
  'John,Doe,john.doe@acme.com,Acme Corp,SaaS,51-200,salesforce;aws,EMEA\n';

@ApiTags('leads')
@ApiForbiddenResponse({ description: 'Reading needs viewer, writing needs editor.' })
@ApiBadRequestResponse({ description: 'Every invalid field is listed in `errors`.' })
@Controller('leads')
export class LeadsController {
  constructor(
    private readonly leads: LeadsService,
    private readonly leadImport: LeadImportService,
    private readonly outcomes: LeadOutcomeService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List leads with filters, ordering and pagination' })
  @ApiPaginatedResponse(LeadDto)
  async list(@Query() query: LeadListQueryDto, @Req() request: Request): Promise<Page<LeadDto>> {
    const window = pageWindow(query);
    return toPage(request, window, await this.leads.list(withScoreAliases(query), window));
  }

  @Post()
  @ApiOperation({ summary: 'Create a lead (queues its scoring)' })
  @ApiCreatedResponse({ type: LeadDto })
  create(@Body() body: CreateLeadDto): Promise<LeadDto> {
    return this.leads.create(body);
  }

  @Post('import')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Import leads from a JSON array or CSV',
    description:
      'Every row is validated first. Valid rows are created (and queued for scoring); each refused row is ' +
      'listed with its errors and nothing of it is stored. A valid row whose write fails is listed too (with ' +
      '`id` when its lead was stored without all its activities); once the storage server is lost the rows ' +
      'after it are listed as NOT_ATTEMPTED, and if it is lost before any row was stored the answer is a 503. ' +
      'NUL characters, lone surrogates and the other refusals of the body gate in any CSV cell refuse the ' +
      'whole request with a 400. CSV: a header line of field names, ' +
      '`technologies` separated by `;`, `custom_fields.<name>` columns or a JSON `custom_fields` column. ' +
      "A JSON row may carry the lead's `activities`, stored with it. Columns `outcome` (won/lost), " +
      '`outcome_date`, `outcome_amount` and `outcome_reason` record its outcome, kept in its outcome history.',
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiExtraModels(ImportLeadDto)
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'array', items: { $ref: getSchemaPath(ImportLeadDto) } },
        { type: 'string', example: CSV_EXAMPLE },
      ],
    },
    examples: {
      json: {
        value: [{ first_name: 'John', last_name: 'Doe', email: 'john.doe@acme.com', company: 'Acme Corp' }],
      },
      csv: { value: CSV_EXAMPLE },
    },
  })
  @ApiOkResponse({ type: ImportResultDto })
  import(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
  ): Promise<ImportResultDto> {
    return this.leadImport.import(body, contentType);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Retrieve a lead' })
  @ApiOkResponse({ type: LeadDto })
  @ApiNotFoundResponse({ description: 'LEAD_NOT_FOUND' })
  get(@IdParam() id: number): Promise<LeadDto> {
    return this.leads.get(id);
  }

  @Put(':id')
  @ApiOperation({
    summary: "Replace a lead's writable fields (omitted ones are cleared; queues its scoring)",
  })
  @ApiOkResponse({ type: LeadDto })
  @ApiNotFoundResponse({ description: 'LEAD_NOT_FOUND' })
  replace(@IdParam() id: number, @Body() body: ReplaceLeadDto): Promise<LeadDto> {
    return this.leads.replace(id, body);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields of a lead (null clears one; queues its scoring)' })
  @ApiOkResponse({ type: LeadDto })
  @ApiNotFoundResponse({ description: 'LEAD_NOT_FOUND' })
  patch(@IdParam() id: number, @Body() body: UpdateLeadDto): Promise<LeadDto> {
    return this.leads.patch(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a lead and its activities' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'LEAD_NOT_FOUND' })
  delete(@IdParam() id: number): Promise<void> {
    return this.leads.delete(id);
  }

  @Post(':id/activities')
  @ApiOperation({ summary: 'Record an activity of a lead (queues its scoring)' })
  @ApiCreatedResponse({ type: ActivityDto })
  @ApiNotFoundResponse({ description: 'LEAD_NOT_FOUND' })
  addActivity(@IdParam() id: number, @Body() body: CreateActivityDto): Promise<ActivityDto> {
    return this.leads.addActivity(id, body);
  }

  @Get(':id/activities')
  @ApiOperation({ summary: "List a lead's activities, newest first" })
  @ApiPaginatedResponse(ActivityDto)
  @ApiNotFoundResponse({ description: 'LEAD_NOT_FOUND' })
  async listActivities(
    @IdParam() id: number,
    @Query() query: PaginationQueryDto,
    @Req() request: Request,
  ): Promise<Page<ActivityDto>> {
    const window = pageWindow(query);
    return toPage(request, window, await this.leads.listActivities(id, window));
  }

  @Post(':id/outcome')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Mark a lead won or lost (or open again); the change is kept in its outcome history',
    description:
      'The outcome is a fact about the lead, not a scoring input: it starts no recalculation. Analytics ' +
      "read the score the lead had at the outcome's date from its score history. Sending the outcome the " +
      'lead already has records nothing.',
  })
  @ApiBody({ schema: OUTCOME_BODY_SCHEMA, examples: OUTCOME_EXAMPLES })
  @ApiOkResponse({ type: LeadOutcomeDto })
  @ApiNotFoundResponse({ description: 'LEAD_NOT_FOUND' })
  @ApiHeader({
    name: 'X-Leadflow-Client',
    required: false,
    description: '`cli` when the Leadflow CLI sends it: the history then says the change came from the CLI.',
  })
  recordOutcome(
    @IdParam() id: number,
    @Body() body: unknown,
    @ActingUsername() user: string | null,
    @Headers('x-leadflow-client') client: string | undefined,
  ): Promise<LeadOutcomeDto> {
    return this.outcomes.record(id, body, user, client === 'cli' ? 'cli' : 'api');
  }

  @Get(':id/outcome')
  @ApiOperation({ summary: "A lead's outcome and every change of it, newest first" })
  @ApiOkResponse({ type: LeadOutcomeDto })
  @ApiNotFoundResponse({ description: 'LEAD_NOT_FOUND' })
  outcome(@IdParam() id: number): Promise<LeadOutcomeDto> {
    return this.outcomes.get(id);
  }
}
