import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '@leadflow/config';
import { AuthModule } from '../auth/auth.module';
import { HealthController } from './health.controller';
import { HealthService, REDIS_HEALTH_CLIENT } from './health.service';
import { createRedisHealthClient } from './redis-health-client';

@Module({
  imports: [AuthModule],
  controllers: [HealthController],
  providers: [
    HealthService,
    {
      provide: REDIS_HEALTH_CLIENT,
      inject: [CONFIG],
      useFactory: (config: Config) => createRedisHealthClient(config),
    },
  ],
})
export class HealthModule {}
