/**
 * Names of rules, criteria and workflows are unique per section "case-insensitively after trimming": the
 * key two names share when a person would read them as the same name. Stored beside the name (`name_key`)
 * under a unique index, and used by the bundle check and the plan, so every door agrees on what a duplicate is.
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

/** "Name (2)", "Name (3)", ...: what a later duplicate is renamed to; n = 1 is the name itself. */
export function numberedName(name: string, n: number): string {
  return n <= 1 ? name : `${name.trim()} (${n})`;
}

/**
 * The first numbered form of `name` whose key is not in `taken` (the name itself when free). Pure, so the
 * start-up rename of old duplicates gives the same answer in every process that runs it.
 */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const candidate = numberedName(name, n);
    if (!taken.has(nameKey(candidate))) return candidate;
  }
}

/** The three sections of a rule set, in the words a person reads in an error message. */
export const ITEM_NOUN = {
  rules: 'scoring rule',
  criteria: 'criterion',
  workflows: 'workflow',
} as const;
export type ItemSection = keyof typeof ITEM_NOUN;

/** `criterion 4 "Marketing Qualified Lead"`: an existing item as a conflict message names it. */
export function describeItem(section: ItemSection, id: number, name: string): string {
  return `${ITEM_NOUN[section]} ${id} ${JSON.stringify(name)}`;
}
