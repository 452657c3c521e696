import { Module } from '@nestjs/common';
import { CampaignMembershipsRepository } from './campaign-memberships/campaign-membership.repository';
import { EffectLedgerRepository } from './effect-ledger/effect-ledger.repository';
import { NotificationsRepository } from './notifications/notification.repository';
import { RoundRobinTurnsRepository } from './round-robin-turns/round-robin-turn.repository';
import { SentEmailsRepository } from './sent-emails/sent-email.repository';
import { StageMovesRepository } from './stage-moves/stage-move.repository';
import { TasksRepository } from './tasks/task.repository';

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
@Module({ providers: REPOSITORIES, exports: REPOSITORIES })
export class ActionEffectsPersistenceModule {}
