import { RE2JS } from 're2js';

/**
 * `matches_regex` patterns run on RE2JS, a port of RE2: matching takes time linear in the text whatever the
 * pattern, so no rule can stall scoring. A backtracking engine cannot promise that: checkers such as
 * safe-regex2 catch exponential patterns but not polynomial ones like `(a+)(a+)(a+)(a+)(a+)(a+)(a+)b`
 * (48 s on a 60-character title with RegExp). The price is RE2's syntax: no backreferences and no
 * lookaround, which the validator refuses with a clear message.
 */
export type LinearRegex =
  | { ok: true; test: (text: string) => boolean }
  /** `unsupported`: valid JavaScript, but it needs what RE2 leaves out (backreferences, lookaround). */
  | { ok: false; unsupported: boolean; reason: string };

function compilesInJavaScript(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles `source` case-insensitively, as JavaScript spells regexes (`(?<name>...)`, `\u00e9`), or says
 * why RE2 cannot take it.
 */
export function compileLinearRegex(source: string): LinearRegex {
  try {
    const pattern = RE2JS.compile(RE2JS.translateRegExp(source), RE2JS.CASE_INSENSITIVE);
    return { ok: true, test: (text) => pattern.test(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      unsupported: compilesInJavaScript(source),
      reason: message.replace(/^error parsing regexp: /, ''),
    };
  }
}
