import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SequentialIds } from '../sequential-ids';
import { type ApiKeyDocument, API_KEY_MODEL } from './api-key.schema';

export type NewApiKey = Pick<ApiKeyDocument, 'name' | 'prefix' | 'key_hash' | 'role' | 'created_by'>;

@Injectable()
export class ApiKeysRepository implements OnModuleInit {
  constructor(
    @InjectModel(API_KEY_MODEL) private readonly apiKeys: Model<ApiKeyDocument>,
    private readonly ids: SequentialIds,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.apiKeys.init();
  }

  async create(apiKey: NewApiKey): Promise<ApiKeyDocument> {
    return this.ids.insert<ApiKeyDocument>(this.apiKeys, 'api_keys', {
      ...apiKey,
      last_used_at: null,
    } as Omit<ApiKeyDocument, 'id'>);
  }

  async findByHash(keyHash: string): Promise<ApiKeyDocument | null> {
    return this.apiKeys.findOne({ key_hash: keyHash }, { _id: 0 }).lean<ApiKeyDocument>();
  }

  async findById(id: number): Promise<ApiKeyDocument | null> {
    return this.apiKeys.findOne({ id }, { _id: 0 }).lean<ApiKeyDocument>();
  }

  async list(skip: number, limit: number): Promise<{ count: number; results: ApiKeyDocument[] }> {
    const [count, results] = await Promise.all([
      this.apiKeys.countDocuments({}),
      this.apiKeys.find({}, { _id: 0 }).sort({ id: 1 }).skip(skip).limit(limit).lean<ApiKeyDocument[]>(),
    ]);
    return { count, results };
  }

  async touch(id: number, at: Date): Promise<void> {
    await this.apiKeys.updateOne({ id }, { $set: { last_used_at: at } });
  }

  async delete(id: number): Promise<boolean> {
    return (await this.apiKeys.deleteOne({ id })).deletedCount === 1;
  }
}
