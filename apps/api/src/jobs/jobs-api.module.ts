import { Module } from '@nestjs/common';
import { JobsModule } from '@leadflow/jobs';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

@Module({
  imports: [JobsModule],
  controllers: [JobsController],
  providers: [JobsService],
})
export class JobsApiModule {}
