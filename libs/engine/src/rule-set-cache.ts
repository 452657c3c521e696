import type { CompiledRuleSet } from './compiled-rule-set';

/**
 * Compiled rule sets by version, least recently used evicted first. A version is immutable, so an entry never
 * goes stale: publishing rules makes a new version and old ones simply age out. No I/O: the caller supplies
 * the compile step.
 */
export class RuleSetCache {
  // A Map iterates in insertion order; re-inserting on every hit keeps the least recently used first.
  private readonly byVersion = new Map<string, CompiledRuleSet>();

  constructor(readonly capacity = 8) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  get(version: string): CompiledRuleSet | undefined {
    const ruleSet = this.byVersion.get(version);
    if (ruleSet) {
      this.byVersion.delete(version);
      this.byVersion.set(version, ruleSet);
    }
    return ruleSet;
  }

  set(ruleSet: CompiledRuleSet): void {
    this.byVersion.delete(ruleSet.version);
    this.byVersion.set(ruleSet.version, ruleSet);
    while (this.byVersion.size > this.capacity) {
      const oldest = this.byVersion.keys().next();
      if (oldest.done) break;
      this.byVersion.delete(oldest.value);
    }
  }

  /** The cached set for `version`, or the result of `compile()` cached under it. */
  getOrCompile(version: string, compile: () => CompiledRuleSet): CompiledRuleSet {
    const cached = this.get(version);
    if (cached) return cached;
    const compiled = compile();
    if (compiled.version !== version) {
      throw new Error(`compiled rule set has version ${compiled.version}, expected ${version}`);
    }
    this.set(compiled);
    return compiled;
  }

  versions(): string[] {
    return [...this.byVersion.keys()];
  }

  get size(): number {
    return this.byVersion.size;
  }
}
