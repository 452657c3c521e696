import { Injectable } from '@nestjs/common';
import { SentEmailsRepository } from '@leadflow/persistence';
import type { SentEmailDto } from './dto/sent-email.dto';

/** The emails send_email steps sent, as the API shows them: without the ledger key they were sent under. */
@Injectable()
export class SentEmailsService {
  constructor(private readonly emails: SentEmailsRepository) {}

  async forLead(leadId: number): Promise<SentEmailDto[]> {
    const emails = await this.emails.forLead(leadId);
    return emails.map(({ effect_key: _effectKey, ...email }) => email);
  }
}
