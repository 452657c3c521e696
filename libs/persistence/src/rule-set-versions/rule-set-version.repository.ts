import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, Schema } from 'mongoose';
import { isDuplicateKeyError } from '../sequential-ids';
import { RULE_SET_VERSION_MODEL, type RuleSetVersionRecord } from './rule-set-version.schema';

export type RuleSetVersionFields = Omit<RuleSetVersionRecord, 'version' | 'created_at'>;
export type RuleSetVersionSummary = Pick<
  RuleSetVersionRecord,
  'version' | 'reason' | 'created_by' | 'created_at'
>;

const MAX_ATTEMPTS = 50;

/**
 * One tiny document per published version number. The latest number is read on every score calculation;
 * FerretDB sorts by loading whole documents, and version snapshots carry every rule, so sorting the
 * snapshots themselves took seconds once there were a few hundred versions.
 */
interface VersionHead {
  version: number;
}
const versionHeadSchema = new Schema<VersionHead>(
  { version: { type: Number, required: true } },
  { versionKey: false },
);
versionHeadSchema.index({ version: 1 }, { unique: true });
const SUMMARY = { _id: 0, version: 1, reason: 1, created_by: 1, created_at: 1 } as const;

@Injectable()
export class RuleSetVersionsRepository {
  private readonly heads: Model<VersionHead>;

  constructor(@InjectModel(RULE_SET_VERSION_MODEL) private readonly versions: Model<RuleSetVersionRecord>) {
    this.heads = versions.db.model<VersionHead>(
      'RuleSetVersionHead',
      versionHeadSchema,
      'rule_set_version_heads',
      {
        overwriteModels: true,
      },
    );
  }

  /** Stores the snapshot as the next version; the unique index on `version` settles concurrent publishers. */
  async publish(fields: RuleSetVersionFields): Promise<RuleSetVersionRecord> {
    for (let attempt = 1; ; attempt++) {
      const next = (await this.latestNumber()) + 1;
      try {
        const created = await this.versions.create({ ...fields, version: next });
        await this.recordHead(next);
        return created.toObject();
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= MAX_ATTEMPTS) throw error;
        // Another publisher took `next`; make sure its head exists (it may not have written it yet, or died
        // before it did), so the next attempt looks past it.
        await this.recordHead(next);
      }
    }
  }

  private async recordHead(version: number): Promise<void> {
    try {
      await this.heads.create({ version });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** The newest version number, 0 before anything was published. */
  async latestNumber(): Promise<number> {
    const latest = await this.heads
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
