import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SentEmailsRepository } from '@leadflow/persistence';
import { SentEmailDto, SentEmailQueryDto } from './dto/sent-email.dto';

/** The emails send_email steps sent, per lead: the effect of that action, readable like tasks are. */
@ApiTags('sent emails')
@Controller('sent-emails')
export class SentEmailsController {
  constructor(private readonly emails: SentEmailsRepository) {}

  @Get()
  @ApiOperation({ summary: "A lead's emails sent by workflows, newest first (an array)" })
  @ApiOkResponse({ type: [SentEmailDto] })
  @ApiBadRequestResponse({ description: 'lead_id is missing or not a positive integer.' })
  async list(@Query() query: SentEmailQueryDto): Promise<SentEmailDto[]> {
    const emails = await this.emails.forLead(query.lead_id);
    return emails.map(({ effect_key: _effectKey, ...email }) => email);
  }
}
