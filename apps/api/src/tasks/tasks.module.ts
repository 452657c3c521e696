import { Module } from '@nestjs/common';
import { ActionEffectsPersistenceModule } from '@leadflow/persistence';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [ActionEffectsPersistenceModule],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
