import { Injectable, Module } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { pingMongo } from './mongo-connection';

/** A round trip on the process's one connection, for health checks outside persistence (they hold no mongoose). */
@Injectable()
export class MongoPing {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  ping(): Promise<void> {
    return pingMongo(this.connection);
  }
}

/** MongoPing on the connection PersistenceModule opened (the app imports PersistenceModule once). */
@Module({ providers: [MongoPing], exports: [MongoPing] })
export class MongoPingModule {}
