import { Module } from '@nestjs/common';
import { AuthPersistenceModule } from '@leadflow/persistence';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({ imports: [AuthPersistenceModule], controllers: [UsersController], providers: [UsersService] })
export class UsersModule {}
