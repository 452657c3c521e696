import { Module } from '@nestjs/common';
import { ActionEffectsPersistenceModule } from '@leadflow/persistence';
import { SentEmailsController } from './sent-emails.controller';
import { SentEmailsService } from './sent-emails.service';

@Module({
  imports: [ActionEffectsPersistenceModule],
  controllers: [SentEmailsController],
  providers: [SentEmailsService],
})
export class SentEmailsModule {}
