import { Body, Controller, Get, Put, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ActingUsername } from '../http/acting-username';
import {
  SCORING_SETTINGS_PUT_SCHEMA,
  SCORING_SETTINGS_EXAMPLES,
  ScoringSettingsDto,
} from './dto/scoring-settings.dto';
import { ScoringSettingsService, type ScoringSettingsView } from './scoring-settings.service';
import { Published, RESCORING_HEADERS, RescoringHeaderInterceptor } from '../http/rescoring-header';

const RESPONSE_EXAMPLE = {
  decay: SCORING_SETTINGS_EXAMPLES.half_life.value.decay,
  rescore_on_publish: true,
  caps: SCORING_SETTINGS_EXAMPLES.caps.value.caps,
  grading: { bands: { A: 80, B: 60, C: 40, D: 20 } },
  rule_set_version: 12,
  updated_at: '2026-03-01T12:00:00.000Z',
  updated_by: 'admin',
};

/** The rule set's settings: score decay, caps and grading. Viewers read them, editors change them (the guard's defaults). */
@ApiTags('scoring settings')
@UseInterceptors(RescoringHeaderInterceptor)
@Controller('lead-qualification/scoring-settings')
export class ScoringSettingsController {
  constructor(private readonly settings: ScoringSettingsService) {}

  @Get()
  @ApiOperation({
    summary:
      'The scoring settings (decay, caps, grading) and the latest rule-set version, which carries them',
  })
  @ApiOkResponse({ type: ScoringSettingsDto, example: RESPONSE_EXAMPLE })
  get(): Promise<ScoringSettingsView> {
    return this.settings.get();
  }

  @Put()
  @ApiOperation({
    summary: 'Replace the scoring settings; a change publishes a new rule-set version',
    description:
      'Decay applies to matched rules in the listed categories (default behavioral and engagement). A rule ' +
      'is aged by the most recent activity of the types its conditions count (email_opens_count counts ' +
      "email_opened), else by the lead's most recent activity, in whole days at the scoring instant. " +
      'Decayed points are rounded half away from zero; the explanation of a calculation shows original ' +
      'points, factor, decayed points and age. Sending the settings the latest version already holds ' +
      'publishes nothing. Caps cut a category (and the total) to their maximum before the 0..100 clamp. ' +
      "Grading gives the bands of grades A-D (F below); which rules measure fit is each rule's " +
      'counts_toward_grade. Absent grading is the default, null turns grades off.',
  })
  @ApiBody({ schema: SCORING_SETTINGS_PUT_SCHEMA, examples: SCORING_SETTINGS_EXAMPLES })
  @ApiOkResponse({ type: ScoringSettingsDto, example: RESPONSE_EXAMPLE, headers: RESCORING_HEADERS })
  @ApiBadRequestResponse({ description: 'The settings are invalid; `errors` lists every problem.' })
  @ApiForbiddenResponse({ description: 'Editors and admins only.' })
  replace(
    @Body() document: unknown,
    @ActingUsername() user: string | null,
  ): Promise<Published<ScoringSettingsView>> {
    return this.settings.replace(document, user);
  }
}
