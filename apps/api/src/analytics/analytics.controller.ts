import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ANALYSE_BODY_SCHEMA,
  ANALYTICS_RESPONSE_SCHEMA,
  SUGGESTED_DRAFT_SCHEMA,
  SuggestedDraftQueryDto,
} from './dto/analytics.dto';
import {
  type AnalyticsView,
  ConversionAnalyticsService,
  type SuggestedDraft,
} from './conversion-analytics.service';

/** Conversion analytics: which rules the won and lost leads say to change, and how well the score separates them. */
@ApiTags('analytics')
@Controller('lead-qualification/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: ConversionAnalyticsService) {}

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

  @Get('draft')
  @ApiOperation({
    summary: 'The current rules with suggested points accepted, as a bundle to simulate and then apply',
  })
  @ApiOkResponse({ schema: SUGGESTED_DRAFT_SCHEMA })
  suggestedDraft(@Query() query: SuggestedDraftQueryDto): Promise<SuggestedDraft> {
    return this.analytics.suggestedDraft(query.accept ? query.accept.split(',') : []);
  }
}
