import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { SequentialIds } from '../sequential-ids';
import {
  QUALIFICATION_CRITERION_MODEL,
  type QualificationCriterionRecord,
} from './qualification-criterion.schema';

const OPTIONAL_FIELDS = ['description', 'minimum_grade'] as const;

export type QualificationCriterionFields = Omit<
  QualificationCriterionRecord,
  'id' | 'created_at' | 'updated_at'
>;

const PUBLIC = { _id: 0 } as const;

@Injectable()
export class QualificationCriteriaRepository {
  private readonly ids: SequentialIds;

  constructor(
    @InjectModel(QUALIFICATION_CRITERION_MODEL)
    private readonly criteria: Model<QualificationCriterionRecord>,
    @InjectConnection() connection: Connection,
  ) {
    this.ids = new SequentialIds(connection);
  }

  create(fields: QualificationCriterionFields): Promise<QualificationCriterionRecord> {
    return this.ids.insert<QualificationCriterionRecord>(
      this.criteria,
      'qualification_criteria',
      fields as QualificationCriterionRecord,
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

  /** Replaces every field; the optional ones (`description`, `minimum_grade`) are unset when absent. */
  replace(id: number, fields: QualificationCriterionFields): Promise<QualificationCriterionRecord | null> {
    const absent = OPTIONAL_FIELDS.filter((field) => fields[field] === undefined);
    const update =
      absent.length === 0
        ? { $set: fields }
        : { $set: fields, $unset: Object.fromEntries(absent.map((field) => [field, 1])) };
    return this.criteria
      .findOneAndUpdate({ id }, update, { returnDocument: 'after' })
      .lean<QualificationCriterionRecord>()
      .exec();
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.criteria.deleteOne({ id }).exec();
    return result.deletedCount === 1;
  }
}
