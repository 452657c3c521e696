import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@leadflow/domain';
import type { WinModelRecord } from '@leadflow/persistence';
import {
  ANALYSE_BODY_SCHEMA,
  ANALYTICS_RESPONSE_SCHEMA,
  MODEL_CARD_SCHEMA,
  SUGGESTED_DRAFT_SCHEMA,
  SuggestedDraftQueryDto,
} from './dto/analytics.dto';
import {
  type AnalyticsView,
  ConversionAnalyticsService,
  PredictiveScoreService,
  type SuggestedDraft,
} from '@leadflow/scoring';

export type WinModelView = Omit<WinModelRecord, 'id'> & {
  version: number;
  predictive_score_enabled: boolean;
};

function modelView({ id, ...model }: WinModelRecord, enabled: boolean): WinModelView {
  return { version: id, ...model, predictive_score_enabled: enabled };
}

/** Conversion analytics: which rules the won and lost leads say to change, and how well the score separates them. */
@ApiTags('analytics')
@Controller('lead-qualification/analytics')
export class AnalyticsController {
  constructor(
    private readonly analytics: ConversionAnalyticsService,
    private readonly predictive: PredictiveScoreService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Conversion analytics of the published rules over the won and lost leads',
    description:
      'The same data gives the same figures: nothing is sampled or randomized. Computed on each request ' +
      'from the decided leads, their activities and score history.',
  })
  @ApiOkResponse({ schema: ANALYTICS_RESPONSE_SCHEMA })
  current(): Promise<AnalyticsView> {
    return this.analytics.current();
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'The same analytics for draft rules (a bundle), against the live decided leads; writes nothing',
  })
  @ApiBody({ schema: ANALYSE_BODY_SCHEMA })
  @ApiOkResponse({ schema: ANALYTICS_RESPONSE_SCHEMA })
  @ApiBadRequestResponse({ description: 'The bundle is invalid; `errors` lists every problem.' })
  draft(@Body() body: unknown): Promise<AnalyticsView> {
    return this.analytics.draft(body);
  }

  @Get('model')
  @ApiOperation({
    summary: "The win model's card: features with coefficients, sample size, held-out AUC, when fitted",
    description: 'The latest fit (POST analytics/model/ or the nightly refresh); 404 before the first.',
  })
  @ApiOkResponse({ schema: MODEL_CARD_SCHEMA })
  @ApiNotFoundResponse({ description: 'No model has been fitted yet.' })
  async model(): Promise<WinModelView> {
    const latest = await this.predictive.latest();
    if (!latest) throw new DomainError(ErrorCode.NOT_FOUND, 'no win model has been fitted yet');
    return modelView(latest, this.predictive.enabled);
  }

  @Post('model')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Fit the win model now and, with PREDICTIVE_SCORE=true, refresh every open lead's prediction",
  })
  @ApiOkResponse({ schema: MODEL_CARD_SCHEMA })
  @ApiConflictResponse({ description: 'No active rules, or not both won and lost leads to learn from.' })
  async fit(): Promise<WinModelView & { predicted: number }> {
    const { model, predicted } = await this.predictive.fit();
    return { ...modelView(model, this.predictive.enabled), predicted };
  }

  @Get('draft')
  @ApiOperation({
    summary: 'The current rules with suggested points accepted, as a bundle to simulate and then apply',
  })
  @ApiOkResponse({ schema: SUGGESTED_DRAFT_SCHEMA })
  suggestedDraft(@Query() query: SuggestedDraftQueryDto): Promise<SuggestedDraft> {
    return this.analytics.suggestedDraft(query.accept ? query.accept.split(',') : []);
  }
}
