import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type ScoringSettings, withSettingsDefaults } from '@leadflow/domain';
import {
  type RuleSetVersionRecord,
  RuleSetVersionsRepository,
  type RuleSetVersionSummary,
} from '@leadflow/persistence';

interface Identified {
  id: number;
  name: string;
}

export interface ItemChange<T> {
  id: number;
  name: string;
  from: T;
  to: T;
}

export interface SectionDiff<T> {
  added: T[];
  removed: T[];
  changed: ItemChange<T>[];
}

export interface RuleSetDiff<Rule, Criterion> extends SectionDiff<Rule> {
  from: number;
  to: number;
  criteria: SectionDiff<Criterion>;
  /** both versions' settings when they differ, else null */
  settings: { from: ScoringSettings; to: ScoringSettings } | null;
}

/** A version's settings; versions published before settings (or caps and grades) existed lack them. */
function settingsOf(record: RuleSetVersionRecord): ScoringSettings {
  return withSettingsDefaults(record.settings);
}

/** Items of two snapshots matched by id; an item is changed when its stored JSON differs. */
export function diffById<T extends Identified>(before: readonly T[], after: readonly T[]): SectionDiff<T> {
  const beforeById = new Map(before.map((item) => [item.id, item]));
  const afterIds = new Set(after.map((item) => item.id));
  const changed: ItemChange<T>[] = [];
  const added: T[] = [];
  for (const item of after) {
    const old = beforeById.get(item.id);
    if (!old) added.push(item);
    else if (JSON.stringify(old) !== JSON.stringify(item))
      changed.push({ id: item.id, name: item.name, from: old, to: item });
  }
  return { added, removed: before.filter((item) => !afterIds.has(item.id)), changed };
}

/** Published rule-set versions: list, read one, compare two. Versions are immutable. */
@Injectable()
export class RuleSetVersionsService {
  constructor(private readonly versions: RuleSetVersionsRepository) {}

  list(skip: number, limit: number): Promise<{ count: number; results: RuleSetVersionSummary[] }> {
    return this.versions.list(skip, limit);
  }

  async get(version: number): Promise<RuleSetVersionRecord> {
    const found = await this.versions.find(version);
    if (!found) throw new DomainError(ErrorCode.NOT_FOUND, `rule-set version ${version} does not exist`);
    return { ...found, settings: settingsOf(found) };
  }

  async diff(
    from: number,
    to: number,
  ): Promise<RuleSetDiff<RuleSetVersionRecord['rules'][number], RuleSetVersionRecord['criteria'][number]>> {
    const [before, after] = await Promise.all([this.get(from), this.get(to)]);
    return {
      from,
      to,
      ...diffById(before.rules, after.rules),
      criteria: diffById(before.criteria, after.criteria),
      settings:
        JSON.stringify(settingsOf(before)) === JSON.stringify(settingsOf(after))
          ? null
          : { from: settingsOf(before), to: settingsOf(after) },
    };
  }
}
