import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CONFIG, type Config } from '@leadflow/config';
import { mongoConnectionOptions } from './mongo-connection';
import { ServerProfileModule } from './server-profile';

/**
 * The one MongoDB connection of a process, and the profile of the server it reaches (SERVER_PROFILE, global);
 * entity modules add their schemas with MongooseModule.forFeature.
 */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: Config) => ({ uri: config.MONGO_URL, ...mongoConnectionOptions(config) }),
    }),
    ServerProfileModule,
  ],
  exports: [MongooseModule, ServerProfileModule],
})
export class PersistenceModule {}
