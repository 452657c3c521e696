import { Inject, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { text } from 'express';
import { CONFIG, type Config } from '@leadflow/config';
import { JobsModule } from '@leadflow/jobs';
import { AuthPersistenceModule, LeadsPersistenceModule } from '@leadflow/persistence';
import { WorkflowsModule } from '@leadflow/qualification-runs';
import { UserExistsConstraint } from './dto/user-exists.validator';
import { LeadImportService } from './lead-import.service';
import { LeadOutcomeService } from './lead-outcome.service';
import { LeadRescoringService } from './lead-rescoring.service';
import { LeadsController } from './leads.controller';
import { LeadsService } from './leads.service';

/**
 * The leads API. Exports the lead and activity repositories (through LeadsPersistenceModule) and the
 * rescoring producer for the scoring feature.
 */
@Module({
  imports: [LeadsPersistenceModule, AuthPersistenceModule, JobsModule, WorkflowsModule],
  controllers: [LeadsController],
  providers: [
    LeadsService,
    LeadImportService,
    LeadOutcomeService,
    LeadRescoringService,
    UserExistsConstraint,
  ],
  exports: [LeadsPersistenceModule, LeadRescoringService],
})
export class LeadsModule implements NestModule {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  /** CSV imports arrive as text; only this route reads a text body. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(text({ type: ['text/csv', 'text/plain'], limit: this.config.BODY_LIMIT }))
      .forRoutes({ path: 'leads/import', method: RequestMethod.POST });
  }
}
