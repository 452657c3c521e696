import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '@leadflow/config';
import { HealthController } from './health.controller';
import { HealthService, REDIS_HEALTH_CLIENT } from './health.service';
import { createRedisHealthClient } from './redis-health-client';

@Module({
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
