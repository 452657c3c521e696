import type { ActivityRecord, LeadRecord } from './lead';

export type FactType = 'string' | 'number' | 'date' | 'string[]' | 'object' | 'boolean';
export type FactSource = 'lead' | 'enrichment' | 'computed' | 'custom';

/** What a computed fact may look at. `now` is explicit so that scoring is a pure function. */
export interface FactContext {
  lead: LeadRecord;
  activities: readonly ActivityRecord[];
  now: Date;
}

export interface FactDefinition {
  name: string;
  type: FactType;
  source: FactSource;
  description: string;
  /** Present for computed and custom facts; stored and enrichment fields are read from the lead. */
  compute?: (ctx: FactContext) => unknown;
}

/** Activity types yield a count fact each: `form_submitted` -> `form_submitted_count`. */
export const ACTIVITY_COUNT_FACT = /^[a-z][a-z0-9_]{0,62}_count$/;

/**
 * The facts a rule may name. Built-in definitions come from `lead-facts.ts`; a deployment adds its own with
 * one `register` call, and both the DSL validator and the engine then know its name and type.
 */
export class FactRegistry {
  private readonly byName = new Map<string, FactDefinition>();

  constructor(definitions: readonly FactDefinition[] = []) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: FactDefinition): this {
    this.byName.set(definition.name, definition);
    return this;
  }

  /** A registered fact, or the implied number fact `<activity type>_count`. */
  get(name: string): FactDefinition | undefined {
    const known = this.byName.get(name);
    if (known) return known;
    if (ACTIVITY_COUNT_FACT.test(name)) {
      return {
        name,
        type: 'number',
        source: 'computed',
        description: `number of ${name.slice(0, -6)} activities`,
      };
    }
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  list(): FactDefinition[] {
    return [...this.byName.values()];
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
