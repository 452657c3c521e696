import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SequentialIds } from '../sequential-ids';
import { type WinModelRecord, WIN_MODEL_MODEL } from './win-model.schema';

/** Fitted win models, newest last; a model's id is its version. */
@Injectable()
export class WinModelsRepository implements OnModuleInit {
  constructor(
    @InjectModel(WIN_MODEL_MODEL) private readonly models: Model<WinModelRecord>,
    private readonly ids: SequentialIds,
  ) {}

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
