import tokenize, { types, type Token, type Tokens } from 'ret';
import safeRegex from 'safe-regex2';

/**
 * Whether a stored pattern can backtrack catastrophically. Scoring is synchronous, so one such pattern in a
 * rule would stall every calculation in the process.
 *
 * Two shapes are refused:
 * - nested repetition (`(a+)+`), and more than 25 repetitions in all: safe-regex2's star-height check;
 * - a repeated group with alternatives (`(a|aa)+`, `(\w|\d)*`): when two branches can match the same text, a
 *   failing match tries every way of splitting the input between them, 2^n for n characters. safe-regex2
 *   does not see this. Telling overlapping branches from disjoint ones (`(foo|bar)+` is harmless) would need
 *   a regex-language intersection, so every repeated alternation is refused; a character class (`[ab]+`) or
 *   an `in_list` condition says the same thing safely.
 */
export function canBacktrackCatastrophically(source: string): boolean {
  if (!safeRegex(source)) return true;
  try {
    return containsRepeatedAlternation(tokenize(source), false);
  } catch {
    return true;
  }
}

function containsRepeatedAlternation(token: Tokens, repeated: boolean): boolean {
  switch (token.type) {
    case types.REPETITION:
      return containsRepeatedAlternation(token.value, repeated || token.max > 1);
    case types.ROOT:
    case types.GROUP: {
      if (token.options) {
        if (repeated) return true;
        return token.options.some((branch) => anyRepeatedAlternation(branch, repeated));
      }
      return anyRepeatedAlternation(token.stack ?? [], repeated);
    }
    default:
      return false;
  }
}

function anyRepeatedAlternation(tokens: readonly Token[], repeated: boolean): boolean {
  return tokens.some((token) => containsRepeatedAlternation(token, repeated));
}
