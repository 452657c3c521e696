import { type DynamicModule, Module } from '@nestjs/common';
import { type Config, ConfigModule } from '@leadflow/config';
import { JobsModule } from '@leadflow/jobs';
import { PersistenceModule } from '@leadflow/persistence';
import { TemporalClientModule } from '@leadflow/temporal/client';
import { AnalyticsModule } from './analytics/analytics.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { EnrichmentApiModule } from './enrichment/enrichment-api.module';
import { FactsModule } from './facts/facts.module';
import { HealthModule } from './health/health.module';
import { JobsApiModule } from './jobs/jobs-api.module';
import { LeadsModule } from './leads/leads.module';
import { LeadScoresModule } from './lead-scores/lead-scores.module';
import { NotificationsModule } from './notifications/notifications.module';
import { QualificationCriteriaModule } from './qualification-criteria/qualification-criteria.module';
import { RuleSetsModule } from './rule-sets/rule-sets.module';
import { ScoringRulesModule } from './scoring-rules/scoring-rules.module';
import { ScoringSettingsModule } from './scoring-settings/scoring-settings.module';
import { SentEmailsModule } from './sent-emails/sent-emails.module';
import { TasksModule } from './tasks/tasks.module';
import { UsersModule } from './users/users.module';
import { WorkflowsApiModule } from './workflows/workflows-api.module';

@Module({})
export class AppModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        PersistenceModule,
        JobsModule,
        TemporalClientModule,
        AuthModule,
        HealthModule,
        UsersModule,
        ApiKeysModule,
        LeadsModule,
        EnrichmentApiModule,
        JobsApiModule,
        ScoringRulesModule,
        FactsModule,
        ScoringSettingsModule,
        QualificationCriteriaModule,
        RuleSetsModule,
        LeadScoresModule,
        AnalyticsModule,
        WorkflowsApiModule,
        TasksModule,
        NotificationsModule,
        CampaignsModule,
        SentEmailsModule,
      ],
    };
  }
}
