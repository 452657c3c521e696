import { Module } from '@nestjs/common';
import { ActionEffectsPersistenceModule } from '@leadflow/persistence';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [ActionEffectsPersistenceModule],
  controllers: [NotificationsController],
  providers: [NotificationsService],
})
export class NotificationsModule {}
