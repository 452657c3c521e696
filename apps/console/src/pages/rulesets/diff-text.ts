/** One changed field of an item, as GET scoring-rules/versions/diff/ lists it. */
export interface FieldChange {
  field: string;
  from?: unknown;
  to?: unknown;
}

export interface ItemChange {
  id: number;
  name: string;
  fields: FieldChange[];
}

export interface SectionChanges {
  added: { name: string }[];
  removed: { name: string }[];
  changed: ItemChange[];
}

export type VersionDiff = SectionChanges & { from: number; to: number; criteria: SectionChanges };

const shown = (value: unknown): string => (value === undefined ? '(none)' : JSON.stringify(value));

/** `points: 20 → 25`; a field added or removed shows `(none)` on its missing side. */
export function changeText(change: FieldChange): string {
  return `${change.field}: ${shown(change.from)} → ${shown(change.to)}`;
}

/** The lines a person reads for one section of a diff: added, removed, then each changed field per item. */
export function sectionLines(section: SectionChanges): string[] {
  return [
    ...section.added.map((item) => `added: ${item.name}`),
    ...section.removed.map((item) => `removed: ${item.name}`),
    ...section.changed.flatMap((item) => item.fields.map((field) => `${item.name}: ${changeText(field)}`)),
  ];
}

/** True when the two versions hold the same rules and criteria. */
export function isEmptyDiff(diff: VersionDiff): boolean {
  return sectionLines(diff).length === 0 && sectionLines(diff.criteria).length === 0;
}
