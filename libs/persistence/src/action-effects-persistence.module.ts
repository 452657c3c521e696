import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CampaignMembershipsRepository } from './campaign-memberships/campaign-membership.repository';
import {
  CAMPAIGN_MEMBERSHIP_MODEL,
  campaignMembershipSchema,
} from './campaign-memberships/campaign-membership.schema';
import { EffectLedgerRepository } from './effect-ledger/effect-ledger.repository';
import { EFFECT_MODEL, effectSchema } from './effect-ledger/effect.schema';
import { NotificationsRepository } from './notifications/notification.repository';
import { NOTIFICATION_MODEL, notificationSchema } from './notifications/notification.schema';
import { RoundRobinTurnsRepository } from './round-robin-turns/round-robin-turn.repository';
import { ROUND_ROBIN_TURN_MODEL, roundRobinTurnSchema } from './round-robin-turns/round-robin-turn.schema';
import { SentEmailsRepository } from './sent-emails/sent-email.repository';
import { SENT_EMAIL_MODEL, sentEmailSchema } from './sent-emails/sent-email.schema';
import { SequentialIdsModule } from './sequential-ids';
import { StageMovesRepository } from './stage-moves/stage-move.repository';
import { STAGE_MOVE_MODEL, stageMoveSchema } from './stage-moves/stage-move.schema';
import { TasksRepository } from './tasks/task.repository';
import { TASK_MODEL, taskSchema } from './tasks/task.schema';

const REPOSITORIES = [
  EffectLedgerRepository,
  TasksRepository,
  NotificationsRepository,
  SentEmailsRepository,
  CampaignMembershipsRepository,
  RoundRobinTurnsRepository,
  StageMovesRepository,
];

/** What workflow actions write (their effects and the ledger of them). Needs PersistenceModule's connection. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: EFFECT_MODEL, schema: effectSchema, collection: 'effect_ledger' },
      { name: TASK_MODEL, schema: taskSchema, collection: 'tasks' },
      { name: NOTIFICATION_MODEL, schema: notificationSchema, collection: 'notifications' },
      { name: SENT_EMAIL_MODEL, schema: sentEmailSchema, collection: 'sent_emails' },
      {
        name: CAMPAIGN_MEMBERSHIP_MODEL,
        schema: campaignMembershipSchema,
        collection: 'campaign_memberships',
      },
      { name: ROUND_ROBIN_TURN_MODEL, schema: roundRobinTurnSchema, collection: 'round_robin_turns' },
      { name: STAGE_MOVE_MODEL, schema: stageMoveSchema, collection: 'stage_moves' },
    ]),
    SequentialIdsModule,
  ],
  providers: REPOSITORIES,
  exports: REPOSITORIES,
})
export class ActionEffectsPersistenceModule {}
