import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, SortOrder } from 'mongoose';
import { type Category, nameKey } from '@leadflow/domain';
import { SequentialIds } from '../sequential-ids';
import { enforceUniqueNames, writeNamed } from '../unique-names';
import { SCORING_RULE_MODEL, type ScoringRuleRecord } from './scoring-rule.schema';

export type ScoringRuleFields = Omit<ScoringRuleRecord, 'id' | 'name_key' | 'created_at' | 'updated_at'>;

export interface ScoringRuleFilter {
  rule_type?: Category;
  is_active?: boolean;
  /** case-insensitive substring of the name */
  search?: string;
}

export const SCORING_RULE_ORDER_FIELDS = [
  'id',
  'name',
  'rule_type',
  'priority',
  'points',
  'is_active',
  'created_at',
  'updated_at',
] as const;
export type ScoringRuleOrderField = (typeof SCORING_RULE_ORDER_FIELDS)[number];

export interface ScoringRuleListQuery extends ScoringRuleFilter {
  order_by: ScoringRuleOrderField;
  descending: boolean;
  skip: number;
  limit: number;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

@Injectable()
export class ScoringRulesRepository implements OnModuleInit {
  constructor(
    @InjectModel(SCORING_RULE_MODEL) private readonly rules: Model<ScoringRuleRecord>,
    private readonly ids: SequentialIds,
  ) {}

  async onModuleInit(): Promise<void> {
    await enforceUniqueNames(this.rules.collection, 'rules', (name) => ({
      'source.name': name,
      'definition.name': name,
      'compiled.name': name,
    }));
  }

  /** A name another rule has (by nameKey) is a 409 naming that rule. */
  create(fields: ScoringRuleFields): Promise<ScoringRuleRecord> {
    return writeNamed(this.rules, 'rules', fields.name, undefined, () =>
      this.ids.insert<ScoringRuleRecord>(this.rules, 'scoring_rules', {
        ...fields,
        name_key: nameKey(fields.name),
      } as ScoringRuleRecord),
    );
  }

  findById(id: number): Promise<ScoringRuleRecord | null> {
    return this.rules.findOne({ id }).lean<ScoringRuleRecord>().exec();
  }

  async list(query: ScoringRuleListQuery): Promise<{ count: number; results: ScoringRuleRecord[] }> {
    const filter: Record<string, unknown> = {};
    if (query.rule_type !== undefined) filter.rule_type = query.rule_type;
    if (query.is_active !== undefined) filter.is_active = query.is_active;
    if (query.search !== undefined && query.search !== '') {
      filter.name = { $regex: escapeRegex(query.search), $options: 'i' };
    }
    const direction: SortOrder = query.descending ? -1 : 1;
    // id breaks ties so that pages never overlap
    const sort: Record<string, SortOrder> = {
      [query.order_by]: direction,
      ...(query.order_by === 'id' ? {} : { id: 1 }),
    };
    const [count, results] = await Promise.all([
      this.rules.countDocuments(filter).exec(),
      this.rules
        .find(filter)
        .sort(sort)
        .skip(query.skip)
        .limit(query.limit)
        .lean<ScoringRuleRecord[]>()
        .exec(),
    ]);
    return { count, results };
  }

  /** Every rule, in id order: what a rule-set version snapshots. */
  all(): Promise<ScoringRuleRecord[]> {
    return this.rules.find({}).sort({ id: 1 }).lean<ScoringRuleRecord[]>().exec();
  }

  replace(id: number, fields: ScoringRuleFields): Promise<ScoringRuleRecord | null> {
    return writeNamed(this.rules, 'rules', fields.name, id, () =>
      this.rules
        .findOneAndUpdate(
          { id },
          { $set: { ...fields, name_key: nameKey(fields.name) } },
          { returnDocument: 'after' },
        )
        .lean<ScoringRuleRecord>()
        .exec(),
    );
  }

  /** Writes `counts_toward_grade` into the rule's document as sent and its normalized form. */
  async setCountsTowardGrade(id: number, value: boolean): Promise<void> {
    await this.rules
      .updateOne(
        { id },
        { $set: { 'source.counts_toward_grade': value, 'definition.counts_toward_grade': value } },
      )
      .exec();
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.rules.deleteOne({ id }).exec();
    return result.deletedCount === 1;
  }
}
