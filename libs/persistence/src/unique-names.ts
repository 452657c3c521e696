import { Logger } from '@nestjs/common';
import type { Collection, Model } from 'mongoose';
import { describeItem, DomainError, ErrorCode, freeName, type ItemSection, nameKey } from '@leadflow/domain';
import { isDuplicateKeyError } from './sequential-ids';

/** The index every named collection (rules, criteria, workflows) gets once its old duplicates are renamed. */
export const NAME_KEY_INDEX = 'name_key_unique';

/** Where a named item keeps copies of its name besides `name` (its DSL source, its compiled form). */
export type NameCopies = (name: string) => Record<string, string>;

interface NamedRow {
  id: number;
  name: string;
  name_key?: string;
}

export interface Rename {
  id: number;
  from: string;
  to: string;
}

/**
 * Which stored items must be renamed so that names are unique: in id order, the first item keeps a name
 * and each later one becomes "Name (2)", "Name (3)"..., skipping names any item already has. Pure, so every
 * process running the start-up step computes the same renames.
 */
export function renamesFor(rows: readonly NamedRow[]): Rename[] {
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  const taken = new Set(sorted.map((row) => nameKey(row.name)));
  const kept = new Set<string>();
  const renames: Rename[] = [];
  for (const row of sorted) {
    const key = nameKey(row.name);
    if (!kept.has(key)) {
      kept.add(key);
      continue;
    }
    const to = freeName(row.name, taken);
    taken.add(nameKey(to));
    renames.push({ id: row.id, from: row.name, to });
  }
  return renames;
}

/**
 * The start-up step that makes names unique where they are written: fills in `name_key` on items stored
 * before it existed, renames later duplicates (logged, one line each), then creates the unique index.
 * Idempotent, and safe when several processes start at once: they compute the same renames.
 */
export async function enforceUniqueNames(
  collection: Collection,
  section: ItemSection,
  copies: NameCopies,
  logger = new Logger('unique-names'),
): Promise<Rename[]> {
  const rows = await collection.find({}, { projection: { _id: 0, id: 1, name: 1, name_key: 1 } }).toArray();
  const named = rows as unknown as NamedRow[];
  const renames = renamesFor(named);
  const renamed = new Map(renames.map((rename) => [rename.id, rename.to]));
  for (const row of named) {
    const name = renamed.get(row.id) ?? row.name;
    const key = nameKey(name);
    if (!renamed.has(row.id) && row.name_key === key) continue;
    const set = renamed.has(row.id) ? { name, name_key: key, ...copies(name) } : { name_key: key };
    await collection.updateOne({ id: row.id }, { $set: set });
  }
  for (const rename of renames) {
    logger.warn(
      `renamed duplicate ${describeItem(section, rename.id, rename.from)} to ${JSON.stringify(rename.to)}`,
    );
  }
  await collection.createIndexes([{ key: { name_key: 1 }, unique: true, name: NAME_KEY_INDEX }]);
  return renames;
}

/** The stored item other than `exceptId` whose name is `name` by the unique-name rule, if any. */
export async function itemNamed<T extends { id: number; name: string }>(
  model: Model<T>,
  name: string,
  exceptId?: number,
): Promise<{ id: number; name: string } | null> {
  const filter = { name_key: nameKey(name), ...(exceptId === undefined ? {} : { id: { $ne: exceptId } }) };
  return model
    .findOne(filter as never, { _id: 0, id: 1, name: 1 })
    .lean<{ id: number; name: string }>()
    .exec();
}

/** The 409 a create or update answers when another item has the name. */
export function nameTaken(section: ItemSection, name: string, holder: { id: number; name: string }) {
  return new DomainError(ErrorCode.CONFLICT, `name ${JSON.stringify(name)} is already in use`, [
    {
      pointer: '/name',
      code: 'DUPLICATE_NAME',
      message: `${JSON.stringify(name)} is already used by ${describeItem(section, holder.id, holder.name)}`,
    },
  ]);
}

/**
 * A refusal by the name index. MongoDB answers 11000 (without always saying which index); the embedded
 * FerretDB answers a findAndModify that breaks a unique index with an InternalError that quotes
 * PostgreSQL's constraint, whose name holds the index's.
 */
function refusedByNameIndex(error: unknown): boolean {
  if (isDuplicateKeyError(error)) return true;
  const message = error instanceof Error ? error.message : '';
  return message.includes('duplicate key') && message.includes(NAME_KEY_INDEX);
}

/**
 * Runs a write under the unique name index. The name is asked for first (the common case, answered the
 * same on every server); a write that still breaks the index (a concurrent write of the same name) becomes
 * the same 409 naming the item that has it.
 */
export async function writeNamed<T, M extends { id: number; name: string }>(
  model: Model<M>,
  section: ItemSection,
  name: string,
  exceptId: number | undefined,
  write: () => Promise<T>,
): Promise<T> {
  const taken = await itemNamed(model, name, exceptId);
  if (taken) throw nameTaken(section, name, taken);
  try {
    return await write();
  } catch (error) {
    if (!refusedByNameIndex(error)) throw error;
    const holder = await itemNamed(model, name, exceptId);
    if (holder) throw nameTaken(section, name, holder);
    throw error;
  }
}
