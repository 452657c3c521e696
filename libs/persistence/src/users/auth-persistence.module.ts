import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ApiKeysRepository } from '../api-keys/api-key.repository';
import { API_KEY_MODEL, apiKeySchema } from '../api-keys/api-key.schema';
import { SequentialIdsModule } from '../sequential-ids';
import { UsersRepository } from './user.repository';
import { USER_MODEL, userSchema } from './user.schema';

/** Users and API keys, for the auth guard and the admin endpoints. Needs PersistenceModule's connection. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: USER_MODEL, schema: userSchema, collection: 'users' },
      { name: API_KEY_MODEL, schema: apiKeySchema, collection: 'api_keys' },
    ]),
    SequentialIdsModule,
  ],
  providers: [UsersRepository, ApiKeysRepository],
  exports: [UsersRepository, ApiKeysRepository],
})
export class AuthPersistenceModule {}
