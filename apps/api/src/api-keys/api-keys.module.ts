import { Module } from '@nestjs/common';
import { AuthPersistenceModule } from '@leadflow/persistence';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';

@Module({ imports: [AuthPersistenceModule], controllers: [ApiKeysController], providers: [ApiKeysService] })
export class ApiKeysModule {}
