import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActingUsername } from '../http/acting-username';
import {
  BUNDLE_BODY_SCHEMA,
  BUNDLE_EXAMPLE,
  RuleSetApplyQueryDto,
  RuleSetApplyResultDto,
} from './dto/rule-set.dto';
import type { RuleSetApplyResult } from '@leadflow/dsl';
import { type RuleSetExport, RuleSetsService } from './rule-sets.service';

/** The whole rule set at once, for the `leadflow` CLI's export, plan and apply (GitOps). */
@ApiTags('rule sets')
@Controller('lead-qualification/rule-sets')
export class RuleSetsController {
  constructor(private readonly ruleSets: RuleSetsService) {}

  @Get('current')
  @ApiOperation({
    summary: 'Every stored rule, criterion and workflow as one bundle (what `leadflow export` writes)',
  })
  @ApiOkResponse({ schema: { ...BUNDLE_BODY_SCHEMA, example: BUNDLE_EXAMPLE } })
  current(): Promise<RuleSetExport> {
    return this.ruleSets.export();
  }

  @Post('apply')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Make the stored rule set equal to a bundle, as one new rule-set version',
    description:
      'Items are matched by name per section. Stored items the bundle leaves out are deleted. The bundle is ' +
      'validated whole first: any problem is a 400 listing every one, and nothing is written. With ' +
      '`dry_run=true` only the plan is returned (`leadflow plan`).',
  })
  @ApiBody({ schema: BUNDLE_BODY_SCHEMA, examples: { guide: { value: BUNDLE_EXAMPLE } } })
  @ApiOkResponse({ type: RuleSetApplyResultDto })
  @ApiBadRequestResponse({ description: 'The bundle is invalid; `errors` lists every problem.' })
  apply(
    @Body() bundle: unknown,
    @Query() query: RuleSetApplyQueryDto,
    @ActingUsername() user: string | null,
  ): Promise<RuleSetApplyResult> {
    return this.ruleSets.apply(bundle, query.dry_run ?? false, user);
  }
}
