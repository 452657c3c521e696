import { Injectable, type OnModuleInit } from '@nestjs/common';
import { KNOWN_STAGES, nameKey } from '@leadflow/domain';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { SequentialIds } from '../sequential-ids';
import { enforceUniqueNames, writeNamed } from '../unique-names';
import {
  QUALIFICATION_CRITERION_MODEL,
  type QualificationCriterionRecord,
} from './qualification-criterion.schema';

/** The optional fields of a criterion, unset by a replace that leaves them out. */
const OPTIONAL_FIELDS = ['description', 'custom_stage', 'minimum_grade'] as const;

export type QualificationCriterionFields = Omit<
  QualificationCriterionRecord,
  'id' | 'name_key' | 'created_at' | 'updated_at'
>;

const PUBLIC = { _id: 0 } as const;

@Injectable()
export class QualificationCriteriaRepository implements OnModuleInit {
  constructor(
    @InjectModel(QUALIFICATION_CRITERION_MODEL)
    private readonly criteria: Model<QualificationCriterionRecord>,
    private readonly ids: SequentialIds,
  ) {}

  async onModuleInit(): Promise<void> {
    await enforceUniqueNames(this.criteria.collection, 'criteria', () => ({}));
    // Stages were free text before the known set: a stored stage outside it is declared custom, so the
    // criterion still validates (and exports) as it scores today.
    await this.criteria.collection.updateMany(
      { stage: { $nin: [...KNOWN_STAGES] }, custom_stage: { $ne: true } },
      { $set: { custom_stage: true } },
    );
  }

  /** A name another criterion has (by nameKey) is a 409 naming that criterion. */
  create(fields: QualificationCriterionFields): Promise<QualificationCriterionRecord> {
    return writeNamed(this.criteria, 'criteria', fields.name, undefined, () =>
      this.ids.insert<QualificationCriterionRecord>(this.criteria, 'qualification_criteria', {
        ...fields,
        name_key: nameKey(fields.name),
      } as QualificationCriterionRecord),
    );
  }

  findById(id: number): Promise<QualificationCriterionRecord | null> {
    return this.criteria.findOne({ id }, PUBLIC).lean<QualificationCriterionRecord>().exec();
  }

  async list(
    skip: number,
    limit: number,
  ): Promise<{ count: number; results: QualificationCriterionRecord[] }> {
    const [count, results] = await Promise.all([
      this.criteria.countDocuments({}).exec(),
      this.criteria
        .find({}, PUBLIC)
        .sort({ minimum_score: 1, id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<QualificationCriterionRecord[]>()
        .exec(),
    ]);
    return { count, results };
  }

  all(): Promise<QualificationCriterionRecord[]> {
    return this.criteria.find({}, PUBLIC).sort({ id: 1 }).lean<QualificationCriterionRecord[]>().exec();
  }

  /** Replaces every field; the optional ones (`description`, `custom_stage`, `minimum_grade`) are unset when absent. */
  replace(id: number, fields: QualificationCriterionFields): Promise<QualificationCriterionRecord | null> {
    const set = { ...fields, name_key: nameKey(fields.name) };
    const absent = OPTIONAL_FIELDS.filter((field) => fields[field] === undefined);
    const update =
      absent.length === 0
        ? { $set: set }
        : { $set: set, $unset: Object.fromEntries(absent.map((field) => [field, 1])) };
    return writeNamed(this.criteria, 'criteria', fields.name, id, () =>
      this.criteria
        .findOneAndUpdate({ id }, update, { returnDocument: 'after' })
        .lean<QualificationCriterionRecord>()
        .exec(),
    );
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.criteria.deleteOne({ id }).exec();
    return result.deletedCount === 1;
  }
}
