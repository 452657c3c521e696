import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../sequential-ids';
import { RULE_SET_VERSION_MODEL, type RuleSetVersionRecord } from './rule-set-version.schema';

export type RuleSetVersionFields = Omit<RuleSetVersionRecord, 'version' | 'created_at'>;
export type RuleSetVersionSummary = Pick<
  RuleSetVersionRecord,
  'version' | 'reason' | 'created_by' | 'created_at'
>;

const MAX_ATTEMPTS = 50;
const SUMMARY = { _id: 0, version: 1, reason: 1, created_by: 1, created_at: 1 } as const;

@Injectable()
export class RuleSetVersionsRepository {
  constructor(@InjectModel(RULE_SET_VERSION_MODEL) private readonly versions: Model<RuleSetVersionRecord>) {}

  /** Stores the snapshot as the next version; the unique index on `version` settles concurrent publishers. */
  async publish(fields: RuleSetVersionFields): Promise<RuleSetVersionRecord> {
    for (let attempt = 1; ; attempt++) {
      const latest = await this.latestNumber();
      try {
        const created = await this.versions.create({ ...fields, version: latest + 1 });
        return created.toObject();
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** The newest version number, 0 before anything was published. */
  async latestNumber(): Promise<number> {
    const latest = await this.versions
      .findOne({}, { _id: 0, version: 1 })
      .sort({ version: -1 })
      .lean<{ version: number }>()
      .exec();
    return latest?.version ?? 0;
  }

  find(version: number): Promise<RuleSetVersionRecord | null> {
    return this.versions.findOne({ version }, { _id: 0 }).lean<RuleSetVersionRecord>().exec();
  }

  async list(skip: number, limit: number): Promise<{ count: number; results: RuleSetVersionSummary[] }> {
    const [count, results] = await Promise.all([
      this.versions.countDocuments({}).exec(),
      this.versions
        .find({}, SUMMARY)
        .sort({ version: -1 })
        .skip(skip)
        .limit(limit)
        .lean<RuleSetVersionSummary[]>()
        .exec(),
    ]);
    return { count, results };
  }
}
