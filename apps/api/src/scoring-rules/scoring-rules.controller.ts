import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Put,
  Query,
  Req,
  UseInterceptors,
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
import { ActingUsername } from '../http/acting-username';
import { IdParam } from '../http/id-param';
import { ApiPaginatedResponse, type Page, pageWindow, toPage } from '../http/pagination';
import { ScoringRuleQueryDto, orderingOf } from './dto/scoring-rule-query.dto';
import {
  RuleTestResultDto,
  RuleValidationReportDto,
  SCORING_RULE_BODY_SCHEMA,
  SCORING_RULE_EXAMPLES,
  ScoringRuleDto,
} from './dto/scoring-rule.dto';
import { DraftTestDto, LeadIdDto } from './dto/test-rule.dto';
import {
  type RuleTestResult,
  type RuleValidationReport,
  type ScoringRuleView,
  ScoringRulesService,
} from './scoring-rules.service';
import { ApiNameConflictResponse } from '../http/name-conflict.response';
import { Published, RESCORING_HEADERS, RescoringHeaderInterceptor } from '../http/rescoring-header';

const RULE_BODY = { schema: SCORING_RULE_BODY_SCHEMA, examples: SCORING_RULE_EXAMPLES };
const INVALID = 'The document is invalid; `errors` lists every problem (field + message + code).';

/**
 * Scoring rules in either DSL form. Bodies are taken as raw JSON and validated by the DSL rather than a
 * class DTO, so that a bad document gets every problem listed with the DSL's pointers and codes.
 */
@ApiTags('scoring rules')
@UseInterceptors(RescoringHeaderInterceptor)
@Controller('lead-qualification/scoring-rules')
export class ScoringRulesController {
  constructor(private readonly rules: ScoringRulesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a scoring rule (flat or nested form); publishes a new rule-set version' })
  @ApiBody(RULE_BODY)
  @ApiCreatedResponse({ type: ScoringRuleDto, headers: RESCORING_HEADERS })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiNameConflictResponse('rules')
  create(
    @Body() document: unknown,
    @ActingUsername() user: string | null,
  ): Promise<Published<ScoringRuleView>> {
    return this.rules.create(document, user);
  }

  @Get()
  @ApiOperation({ summary: 'List scoring rules (filters rule_type, is_active, search; ordering; pages)' })
  @ApiPaginatedResponse(ScoringRuleDto)
  async list(@Query() query: ScoringRuleQueryDto, @Req() request: Request): Promise<Page<ScoringRuleView>> {
    const window = pageWindow(query);
    const found = await this.rules.list({
      ...(query.rule_type !== undefined ? { rule_type: query.rule_type } : {}),
      ...(query.is_active !== undefined ? { is_active: query.is_active } : {}),
      ...(query.search !== undefined ? { search: query.search } : {}),
      ...orderingOf(query.ordering),
      skip: window.skip,
      limit: window.limit,
    });
    return toPage(request, window, found);
  }

  @Post('validate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Validate a rule without saving it',
    description:
      "Always 200: `valid`, every error, and the linter's warnings over the stored rules plus this one.",
  })
  @ApiBody(RULE_BODY)
  @ApiOkResponse({ type: RuleValidationReportDto })
  validate(@Body() document: unknown): Promise<RuleValidationReport> {
    return this.rules.check(document);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One scoring rule' })
  @ApiOkResponse({ type: ScoringRuleDto })
  @ApiNotFoundResponse({ description: 'No rule with this id.' })
  get(@IdParam() id: number): Promise<ScoringRuleView> {
    return this.rules.get(id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a scoring rule; publishes a new rule-set version' })
  @ApiBody(RULE_BODY)
  @ApiOkResponse({ type: ScoringRuleDto, headers: RESCORING_HEADERS })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiNameConflictResponse('rules')
  @ApiNotFoundResponse({ description: 'No rule with this id.' })
  replace(
    @IdParam() id: number,
    @Body() document: unknown,
    @ActingUsername() user: string | null,
  ): Promise<Published<ScoringRuleView>> {
    return this.rules.replace(id, document, user);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change some fields of a scoring rule; publishes a new rule-set version',
    description: 'The result must be a valid rule. Sending `conditions` switches to the nested form.',
  })
  @ApiBody({
    schema: { ...SCORING_RULE_BODY_SCHEMA, required: [] },
    examples: { points: { value: { points: 20 } } },
  })
  @ApiOkResponse({ type: ScoringRuleDto, headers: RESCORING_HEADERS })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiNameConflictResponse('rules')
  @ApiNotFoundResponse({ description: 'No rule with this id.' })
  patch(
    @IdParam() id: number,
    @Body() changes: unknown,
    @ActingUsername() user: string | null,
  ): Promise<Published<ScoringRuleView>> {
    return this.rules.patch(id, changes, user);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a scoring rule; publishes a new rule-set version' })
  @ApiNoContentResponse({ headers: RESCORING_HEADERS })
  @ApiNotFoundResponse({ description: 'No rule with this id.' })
  delete(@IdParam() id: number, @ActingUsername() user: string | null): Promise<Published<void>> {
    return this.rules.delete(id, user);
  }

  @Post('test_rule')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Evaluate a draft rule (unsaved) against one lead, leaf by leaf; nothing is stored',
    description:
      'The console\'s "Test on lead" sends the rule as edited: it is validated and compiled as a save ' +
      'would be (400 listing every problem), then evaluated as `{id}/test_rule/` evaluates a stored rule.',
  })
  @ApiBody({ type: DraftTestDto })
  @ApiOkResponse({ type: RuleTestResultDto })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiNotFoundResponse({ description: 'No lead with this id.' })
  testDraft(@Body() body: DraftTestDto): Promise<RuleTestResult> {
    return this.rules.testDraft(body.rule, body.lead_id);
  }

  @Post(':id/test_rule')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Evaluate one rule against one lead, leaf by leaf; nothing is stored' })
  @ApiBody({ type: LeadIdDto, examples: { guide: { value: { lead_id: 123 } } } })
  @ApiOkResponse({ type: RuleTestResultDto })
  @ApiNotFoundResponse({ description: 'No rule or no lead with this id.' })
  test(@IdParam() id: number, @Body() body: LeadIdDto): Promise<RuleTestResult> {
    return this.rules.test(id, body.lead_id);
  }
}
