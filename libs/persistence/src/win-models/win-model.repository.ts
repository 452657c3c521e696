import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { SequentialIds } from '../sequential-ids';
import { type WinModelRecord, winModelSchema } from './win-model.schema';

/** Fitted win models, newest last; a model's id is its version. */
@Injectable()
export class WinModelsRepository implements OnModuleInit {
  private readonly models: Model<WinModelRecord>;
  private readonly ids: SequentialIds;

  constructor(@InjectConnection() connection: Connection) {
    this.models = connection.model<WinModelRecord>('WinModel', winModelSchema, 'win_models', {
      overwriteModels: true,
    });
    this.ids = new SequentialIds(connection);
  }

  async onModuleInit(): Promise<void> {
    await this.models.init();
  }

  async add(model: Omit<WinModelRecord, 'id'>): Promise<WinModelRecord> {
    const created = await this.ids.insert<WinModelRecord & { _id?: unknown }>(
      this.models,
      'win_models',
      model,
    );
    const { _id: _stored, ...record } = created;
    return record;
  }

  latest(): Promise<WinModelRecord | null> {
    return this.models.findOne({}, { _id: 0 }).sort({ id: -1 }).lean<WinModelRecord>().exec();
  }
}
