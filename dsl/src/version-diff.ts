import { nameKey } from '@leadflow/domain';
import { canonicalJson } from './rule-set-plan';

/** One changed field of an item, by its dotted path in the item's DSL document: `conditions.all.2.value`. */
export interface FieldChange {
  field: string;
  /** absent when the field was added */
  from?: unknown;
  /** absent when the field was removed */
  to?: unknown;
}

export interface ItemChange<T> {
  id: number;
  name: string;
  from: T;
  to: T;
  /** each field that differs, old -> new: what a person reads instead of two whole documents */
  fields: FieldChange[];
}

export interface SectionDiff<T> {
  added: T[];
  removed: T[];
  changed: ItemChange<T>[];
}

interface Identified {
  id: number;
  name: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The leaves that differ between two JSON values, by dotted path: objects are compared key by key, arrays
 * of equal length item by item (a list of another length is one change, as a person reads a list).
 */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (canonicalJson(before) === canonicalJson(after)) return [];
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      if (!(key in after)) return [{ field: at(key), from: before[key] }];
      if (!(key in before)) return [{ field: at(key), to: after[key] }];
      return fieldChanges(before[key], after[key], at(key));
    });
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item: unknown, index) => fieldChanges(item, after[index], at(index)));
  }
  return [{ field: path, from: before, to: after }];
}

/**
 * Items of two rule-set versions paired up, first by id, then (for an item deleted and created again, as a
 * rollback or an apply does) by name, which is unique per section. `document` gives what a person edits
 * (the DSL document), whose fields are compared.
 */
export function diffItems<T extends Identified>(
  before: readonly T[],
  after: readonly T[],
  document: (item: T) => unknown,
): SectionDiff<T> {
  const pairs: [T, T][] = [];
  const unmatchedBefore = new Map(before.map((item) => [item.id, item]));
  const added: T[] = [];
  const laterByName: T[] = [];
  for (const item of after) {
    const old = unmatchedBefore.get(item.id);
    if (old) {
      unmatchedBefore.delete(item.id);
      pairs.push([old, item]);
    } else laterByName.push(item);
  }
  const byName = new Map([...unmatchedBefore.values()].map((item) => [nameKey(item.name), item]));
  for (const item of laterByName) {
    const old = byName.get(nameKey(item.name));
    if (old) {
      byName.delete(nameKey(item.name));
      unmatchedBefore.delete(old.id);
      pairs.push([old, item]);
    } else added.push(item);
  }
  const changed = pairs.flatMap(([old, item]) => {
    const fields = fieldChanges(document(old), document(item));
    return fields.length === 0 ? [] : [{ id: item.id, name: item.name, from: old, to: item, fields }];
  });
  return { added, removed: [...unmatchedBefore.values()], changed };
}
