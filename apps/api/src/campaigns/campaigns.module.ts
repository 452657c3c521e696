import { Module } from '@nestjs/common';
import { ActionEffectsPersistenceModule } from '@leadflow/persistence';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({
  imports: [ActionEffectsPersistenceModule],
  controllers: [CampaignsController],
  providers: [CampaignsService],
})
export class CampaignsModule {}
