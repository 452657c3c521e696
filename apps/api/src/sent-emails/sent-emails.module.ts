import { Module } from '@nestjs/common';
import { ActionEffectsPersistenceModule } from '@leadflow/persistence';
import { SentEmailsController } from './sent-emails.controller';

@Module({ imports: [ActionEffectsPersistenceModule], controllers: [SentEmailsController] })
export class SentEmailsModule {}
