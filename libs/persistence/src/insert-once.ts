import type { Model } from 'mongoose';
import { isDuplicateKeyError, type SequentialIds } from './sequential-ids';

/** Records that a workflow step writes carry the step's effect key, unique in their collection. */
export interface KeyedRecord {
  id: number;
  effect_key: string;
}

/**
 * Inserts a record made by a workflow step unless one with the same `effect_key` exists, and returns the one
 * that is stored. The unique `effect_key` index decides under races (FerretDB's upserts are read-then-write),
 * so a redone step finds the record of the attempt before it instead of making a second one.
 */
export async function insertOnce<T extends KeyedRecord>(
  ids: SequentialIds,
  model: Model<T>,
  sequence: string,
  fields: Omit<T, 'id'>,
  options: { block?: number } = {},
): Promise<{ record: T; created: boolean }> {
  try {
    return { record: await ids.insert<T>(model, sequence, fields, options), created: true };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const existing = await model.findOne({ effect_key: fields.effect_key }, { _id: 0 }).lean<T>().exec();
    if (!existing) throw error;
    return { record: existing, created: false };
  }
}

/** Drops mongoose's `_id` from a record that SequentialIds.insert returned. */
export function withoutMongoId<T extends object>(record: T): T {
  const { _id: _ignored, ...rest } = record as T & { _id?: unknown };
  return rest as T;
}
