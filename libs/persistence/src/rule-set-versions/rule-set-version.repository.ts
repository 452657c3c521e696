import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../sequential-ids';
import {
  RULE_SET_VERSION_CLAIM_MODEL,
  RULE_SET_VERSION_HEAD_MODEL,
  RULE_SET_VERSION_MODEL,
  type RuleSetVersionRecord,
  type VersionHead,
} from './rule-set-version.schema';

export type RuleSetVersionFields = Omit<RuleSetVersionRecord, 'version' | 'created_at'>;
export type RuleSetVersionSummary = Pick<
  RuleSetVersionRecord,
  'version' | 'reason' | 'created_by' | 'created_at'
>;

const MAX_ATTEMPTS = 50;

const SUMMARY = { _id: 0, version: 1, reason: 1, created_by: 1, created_at: 1 } as const;

/**
 * The greatest version number in a collection of heads or claims. Numbers only ever grow, so after the first
 * read only numbers from the newest one seen on need to come back: a range the version index serves. Sorting
 * all of them instead reads every document on FerretDB (it sorts in memory), and there is one per version.
 */
class NewestNumber {
  private seen = 0;

  constructor(private readonly model: Model<VersionHead>) {}

  async read(): Promise<number> {
    const newest = await this.model
      .findOne({ version: { $gte: this.seen } }, { _id: 0, version: 1 })
      .sort({ version: -1 })
      .lean<{ version: number }>()
      .exec();
    if (newest) {
      this.seen = newest.version;
      return newest.version;
    }
    if (this.seen === 0) return 0;
    // Nothing at or above what this process saw: the collection was emptied (a dropped database).
    this.seen = 0;
    return this.read();
  }
}

@Injectable()
export class RuleSetVersionsRepository {
  private readonly newestHead: NewestNumber;
  private readonly newestClaim: NewestNumber;

  constructor(
    @InjectModel(RULE_SET_VERSION_MODEL) private readonly versions: Model<RuleSetVersionRecord>,
    @InjectModel(RULE_SET_VERSION_HEAD_MODEL) private readonly heads: Model<VersionHead>,
    @InjectModel(RULE_SET_VERSION_CLAIM_MODEL) private readonly claims: Model<VersionHead>,
  ) {
    this.newestHead = new NewestNumber(this.heads);
    this.newestClaim = new NewestNumber(this.claims);
  }

  /**
   * Stores a snapshot as the next version. The number is claimed first (the unique index on claims settles
   * concurrent publishers, so numbers are distinct and gap-free), and only then is the snapshot read. So a
   * change written before its publisher claimed number k is in every version from k on, whatever order
   * concurrent publishers finish in: reading first and numbering after would let a later number carry an
   * older snapshot, and the newest version would lose an edit. A process that dies between its claim and
   * its snapshot leaves that one number without a version (scoring reads heads, so it never notices).
   */
  async publish(snapshot: () => Promise<RuleSetVersionFields>): Promise<RuleSetVersionRecord> {
    const version = await this.claimNextNumber();
    const created = await this.versions.create({ ...(await snapshot()), version });
    await this.recordHead(version);
    return created.toObject();
  }

  private async claimNextNumber(): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const next = Math.max(await this.newestClaim.read(), await this.latestNumber()) + 1;
      try {
        await this.claims.create({ version: next });
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= MAX_ATTEMPTS) throw error;
        continue; // another publisher claimed `next` first
      }
      // A database written before claims existed may hold this number already; make its head and move on.
      if ((await this.versions.exists({ version: next })) === null) return next;
      await this.recordHead(next);
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
  latestNumber(): Promise<number> {
    return this.newestHead.read();
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
