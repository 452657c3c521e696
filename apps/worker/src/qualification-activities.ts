import { type FactoryProvider, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '@leadflow/config';
import { outboundPolicyFromConfig } from '@leadflow/outbound';
import {
  CampaignMembershipsRepository,
  EffectLedgerRepository,
  LeadFacts,
  LeadsRepository,
  NotificationsRepository,
  RoundRobinTurnsRepository,
  SentEmailsRepository,
  StageMovesRepository,
  TasksRepository,
  UsersRepository,
  WorkflowDefinitionsRepository,
  WorkflowExecutionsRepository,
} from '@leadflow/persistence';
import {
  createActionActivities,
  createProgramActivities,
  createSmtpMailer,
} from '@leadflow/temporal/activities';

export const QUALIFICATION_ACTIVITIES = Symbol('QUALIFICATION_ACTIVITIES');

/** Activities that hold a resource to release when the worker stops (the SMTP transport). */
export interface QualificationActivitiesHandle extends OnApplicationShutdown {
  /** the activity functions, by name, as the Temporal worker registers them */
  functions: object;
}

/** Builds every activity the qualification workflows call, from the worker's repositories and config. */
export const qualificationActivitiesProvider: FactoryProvider<QualificationActivitiesHandle> = {
  provide: QUALIFICATION_ACTIVITIES,
  inject: [
    CONFIG,
    WorkflowDefinitionsRepository,
    WorkflowExecutionsRepository,
    LeadFacts,
    LeadsRepository,
    UsersRepository,
    EffectLedgerRepository,
    TasksRepository,
    NotificationsRepository,
    SentEmailsRepository,
    CampaignMembershipsRepository,
    RoundRobinTurnsRepository,
    StageMovesRepository,
  ],
  useFactory: (
    config: Config,
    definitions: WorkflowDefinitionsRepository,
    executions: WorkflowExecutionsRepository,
    facts: LeadFacts,
    leads: LeadsRepository,
    users: UsersRepository,
    ledger: EffectLedgerRepository,
    tasks: TasksRepository,
    notifications: NotificationsRepository,
    emails: SentEmailsRepository,
    campaigns: CampaignMembershipsRepository,
    roundRobin: RoundRobinTurnsRepository,
    stageMoves: StageMovesRepository,
  ): QualificationActivitiesHandle => {
    const mailer = createSmtpMailer(config);
    const functions = {
      ...createProgramActivities({
        definitions,
        executions,
        facts,
        leadIdsAfter: (afterId, limit) => leads.idsAfter(afterId, limit),
      }),
      ...createActionActivities({
        leads,
        users,
        ledger,
        tasks,
        notifications,
        emails,
        campaigns,
        roundRobin,
        stageMoves,
        executions,
        mailer,
        outbound: {
          policy: outboundPolicyFromConfig(config),
          secret: config.WEBHOOK_SECRET,
        },
      }),
    };
    return {
      functions,
      onApplicationShutdown: () => {
        mailer.close();
      },
    };
  },
};
