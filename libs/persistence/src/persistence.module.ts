import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CONFIG, type Config } from '@leadflow/config';
import { mongoConnectionOptions } from './mongo-connection';

/** The one MongoDB connection of a process; entity modules add their schemas with MongooseModule.forFeature. */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: Config) => ({ uri: config.MONGO_URL, ...mongoConnectionOptions(config) }),
    }),
  ],
  exports: [MongooseModule],
})
export class PersistenceModule {}
