import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
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
      'Items are matched by name per section (ignoring case and surrounding spaces). Stored items the bundle ' +
      'leaves out are deleted only with `prune=true`, and only in the sections the bundle holds (a key ' +
      'present); otherwise they are listed in `kept`. The bundle is validated whole first: any problem is a ' +
      '400 listing every one (items named: `criteria["Marketing Qualified Lead"].minimum_score`), and ' +
      'nothing is written. With `dry_run=true` only the plan is returned (`leadflow plan`). With ' +
      '`max_deletions=N`, an apply that would delete more than N items is refused with a 409. When it ' +
      'publishes a version and the setting `rescore_on_publish` is on, `rescoring.job_id` is the bulk ' +
      'rescoring it started (GET /lead-qualification/lead-scores/bulk_calculate/{job_id}/ for progress).',
  })
  @ApiBody({ schema: BUNDLE_BODY_SCHEMA, examples: { guide: { value: BUNDLE_EXAMPLE } } })
  @ApiOkResponse({ type: RuleSetApplyResultDto })
  @ApiBadRequestResponse({ description: 'The bundle is invalid; `errors` lists every problem.' })
  @ApiConflictResponse({
    description:
      'More deletions planned than `max_deletions` allows (`TOO_MANY_DELETIONS`); nothing written.',
  })
  apply(
    @Body() bundle: unknown,
    @Query() query: RuleSetApplyQueryDto,
    @ActingUsername() user: string | null,
  ): Promise<RuleSetApplyResult> {
    return this.ruleSets.apply(
      bundle,
      {
        dryRun: query.dry_run ?? false,
        prune: query.prune ?? false,
        ...(query.max_deletions === undefined ? {} : { maxDeletions: query.max_deletions }),
      },
      user,
    );
  }
}
