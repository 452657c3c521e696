import { Module } from '@nestjs/common';
import { ApiKeysRepository } from '../api-keys/api-key.repository';
import { UsersRepository } from './user.repository';

/** Users and API keys, for the auth guard and the admin endpoints. Needs PersistenceModule's connection. */
@Module({ providers: [UsersRepository, ApiKeysRepository], exports: [UsersRepository, ApiKeysRepository] })
export class AuthPersistenceModule {}
