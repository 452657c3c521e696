import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { CONFIG, type Config } from '@leadflow/config';
import { connectTemporal, temporalClient } from './temporal-connection';

/** The process's Temporal connection and client, injected by their classes. */
@Global()
@Module({
  providers: [
    { provide: Connection, inject: [CONFIG], useFactory: (config: Config) => connectTemporal(config) },
    {
      provide: Client,
      inject: [Connection, CONFIG],
      useFactory: (connection: Connection, config: Config) => temporalClient(connection, config),
    },
  ],
  exports: [Connection, Client],
})
export class TemporalClientModule implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
