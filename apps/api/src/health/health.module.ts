import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '@leadflow/config';
import { MongoPingModule } from '@leadflow/persistence';
import { AuthModule } from '../auth/auth.module';
import { HealthController } from './health.controller';
import { probeConnection } from '@leadflow/temporal/client';
import { HealthService, REDIS_HEALTH_CLIENT, TEMPORAL_HEALTH_CONNECTION } from './health.service';
import { createRedisHealthClient } from './redis-health-client';

@Module({
  imports: [AuthModule, MongoPingModule],
  controllers: [HealthController],
  providers: [
    HealthService,
    {
      provide: REDIS_HEALTH_CLIENT,
      inject: [CONFIG],
      useFactory: (config: Config) => createRedisHealthClient(config),
    },
    {
      provide: TEMPORAL_HEALTH_CONNECTION,
      inject: [CONFIG],
      useFactory: (config: Config) => probeConnection(config),
    },
  ],
})
export class HealthModule {}
