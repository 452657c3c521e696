import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SentEmailDto, SentEmailQueryDto } from './dto/sent-email.dto';
import { SentEmailsService } from './sent-emails.service';

/** The emails send_email steps sent, per lead: the effect of that action, readable like tasks are. */
@ApiTags('sent emails')
@Controller('sent-emails')
export class SentEmailsController {
  constructor(private readonly emails: SentEmailsService) {}

  @Get()
  @ApiOperation({ summary: "A lead's emails sent by workflows, newest first (an array)" })
  @ApiOkResponse({ type: [SentEmailDto] })
  @ApiBadRequestResponse({ description: 'lead_id is missing or not a positive integer.' })
  list(@Query() query: SentEmailQueryDto): Promise<SentEmailDto[]> {
    return this.emails.forLead(query.lead_id);
  }
}
