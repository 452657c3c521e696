import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthPersistenceModule } from '@leadflow/persistence';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';

/** Tokens, API keys and the global guard that every other module's routes sit behind. */
@Module({
  imports: [AuthPersistenceModule],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, AuthPersistenceModule],
})
export class AuthModule {}
