import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { RuleSetVersionRecord, RuleSetVersionSummary } from '@leadflow/persistence';
import { IdParam } from '../http/id-param';
import { ApiPaginatedResponse, type Page, PaginationQueryDto, pageWindow, toPage } from '../http/pagination';
import {
  RuleSetDiffDto,
  RuleSetDiffQueryDto,
  RuleSetVersionDto,
  RuleSetVersionSummaryDto,
} from './dto/rule-set-version.dto';
import { RuleSetVersionsService } from './rule-set-versions.service';

/**
 * Every change to scoring rules or criteria publishes an immutable version; scores name the one they used.
 * Registered before ScoringRulesController so that `versions` is never read as a rule id.
 */
@ApiTags('scoring rules')
@Controller('lead-qualification/scoring-rules/versions')
export class RuleSetVersionsController {
  constructor(private readonly versions: RuleSetVersionsService) {}

  @Get()
  @ApiOperation({ summary: 'Published rule-set versions, newest first' })
  @ApiPaginatedResponse(RuleSetVersionSummaryDto)
  async list(
    @Query() query: PaginationQueryDto,
    @Req() request: Request,
  ): Promise<Page<RuleSetVersionSummary>> {
    const window = pageWindow(query);
    return toPage(request, window, await this.versions.list(window.skip, window.limit));
  }

  @Get('diff')
  @ApiOperation({
    summary: 'Rules and criteria added, removed and changed between two versions, field by field',
    description:
      'Each changed item lists its changed fields as `{field, from, to}` (`points: 20 → 25`). The console ' +
      'shows it before a rollback, with from = the current version and to = the version rolled back to.',
  })
  @ApiOkResponse({ type: RuleSetDiffDto })
  @ApiNotFoundResponse({ description: 'One of the versions does not exist.' })
  diff(@Query() query: RuleSetDiffQueryDto): Promise<RuleSetDiffDto> {
    return this.versions.diff(query.from, query.to);
  }

  @Get(':version')
  @ApiOperation({ summary: 'One version: every rule (source and compiled) and criterion it holds' })
  @ApiOkResponse({ type: RuleSetVersionDto })
  @ApiNotFoundResponse({ description: 'No such version.' })
  get(@IdParam('version') version: number): Promise<RuleSetVersionRecord> {
    return this.versions.get(version);
  }
}
