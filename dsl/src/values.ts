import {
  compileLinearRegex,
  describeValue,
  MAX_REGEX_LENGTH,
  OPERATOR_CATALOG,
  type OperatorName,
} from '@leadflow/domain';
import { LIMITS } from './limits';
import { ProblemCode } from './problems';

/** An operand after parsing: what the compiled json-rules-engine condition carries as `value`. */
export type ScalarValue = string | number | boolean;
export type OperandValue = ScalarValue | ScalarValue[] | null;

/** A problem found in a value; `at` is a pointer suffix inside a native array value ("" for the value itself). */
export interface ValueProblem {
  at: string;
  code: ProblemCode;
  message: string;
}

export type ParsedOperand = { ok: true; value: OperandValue } | { ok: false; problems: ValueProblem[] };

const fail = (code: ProblemCode, message: string, at = ''): ParsedOperand => ({
  ok: false,
  problems: [{ at, code, message }],
});

/**
 * Reads `value` as the guide sends it (a JSON-encoded string such as "[\"SaaS\"]" or "3") or as a native JSON
 * value, and checks it against the operand kind of `operator` (OPERATOR_CATALOG). Decisions:
 * - a string that starts with "[" or "{" is JSON and must parse: "[\"a\"" is an error, not the text `["a"`;
 * - numeric operators turn numeric strings into numbers ("3" -> 3) and keep ISO-8601 dates as strings;
 * - string and scalar operators keep strings as they are ("director", and "3" for equals, which the engine
 *   compares numerically anyway);
 * - matches_regex takes the string as the pattern source, never as JSON ("[a-z]+" is a regex);
 * - is_empty / is_not_empty ignore the value and compile to null.
 * `hasValue` distinguishes an absent value from an explicit null.
 */
export function parseOperand(operator: OperatorName, raw: unknown, hasValue: boolean): ParsedOperand {
  const kind = OPERATOR_CATALOG[operator].operand;
  if (kind === 'none') return { ok: true, value: null };
  if (!hasValue || raw === null) return fail(ProblemCode.VALUE_REQUIRED, `${operator} needs a value`);
  if (kind === 'regex') return parseRegex(raw);

  const decoded = decodeJsonString(raw);
  if (!decoded.ok) return decoded;
  const value = decoded.value;
  const encoded = typeof raw === 'string' && value !== raw;
  switch (kind) {
    case 'scalar':
      return parseScalar(operator, value, '');
    case 'string':
      return typeof value === 'number' ? { ok: true, value: String(value) } : parseText(operator, value, '');
    case 'number': {
      const parsed = parseOrdered(value);
      return parsed === undefined
        ? fail(
            ProblemCode.VALUE_TYPE_MISMATCH,
            `${operator} expects a number or an ISO-8601 date, got ${show(value)}`,
          )
        : { ok: true, value: parsed };
    }
    case 'list':
      return parseList(operator, value, encoded);
    case 'range':
      return parseRange(value);
  }
}

function show(value: unknown): string {
  // JSON.stringify gives undefined for undefined and functions, whatever its declared type says.
  const text = (JSON.stringify(value) as string | undefined) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** JSON-looking strings must parse; other strings are kept verbatim. */
function decodeJsonString(
  raw: unknown,
): { ok: true; value: unknown } | { ok: false; problems: ValueProblem[] } {
  if (typeof raw !== 'string') return { ok: true, value: raw };
  const trimmed = raw.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return { ok: true, value: raw };
  if (raw.length > LIMITS.encodedValueLength) {
    return {
      ok: false,
      problems: [
        {
          at: '',
          code: ProblemCode.TOO_LONG,
          message: `value is longer than ${LIMITS.encodedValueLength} characters`,
        },
      ],
    };
  }
  try {
    return { ok: true, value: JSON.parse(trimmed) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid JSON';
    return {
      ok: false,
      problems: [
        {
          at: '',
          code: ProblemCode.MALFORMED_JSON_VALUE,
          message: `value looks like JSON but does not parse: ${reason}`,
        },
      ],
    };
  }
}

function parseText(operator: string, value: unknown, at: string): ParsedOperand {
  if (typeof value !== 'string') {
    return fail(ProblemCode.VALUE_TYPE_MISMATCH, `${operator} expects a string, got ${show(value)}`, at);
  }
  if (value.length > LIMITS.stringValueLength) {
    return fail(
      ProblemCode.TOO_LONG,
      `string value is longer than ${LIMITS.stringValueLength} characters`,
      at,
    );
  }
  return { ok: true, value };
}

function parseScalar(operator: string, value: unknown, at: string): ParsedOperand {
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { ok: true, value }
      : fail(ProblemCode.VALUE_TYPE_MISMATCH, 'number must be finite', at);
  }
  if (typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'string') return parseText(operator, value, at);
  return fail(
    ProblemCode.VALUE_TYPE_MISMATCH,
    `${operator} expects a string, number or boolean, got ${show(value)}`,
    at,
  );
}

/** A number, or a numeric / ISO-8601 string (numbers become numbers, dates stay strings); undefined otherwise. */
function parseOrdered(value: unknown): number | string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.length > LIMITS.stringValueLength) return undefined;
  const described = describeValue(value);
  if (described.number !== undefined) return described.number;
  if (described.instant !== undefined) return value.trim();
  return undefined;
}

function parseList(operator: string, value: unknown, encoded: boolean): ParsedOperand {
  if (!Array.isArray(value)) {
    return fail(
      ProblemCode.VALUE_TYPE_MISMATCH,
      `${operator} expects a list such as ["a", "b"], got ${show(value)}`,
    );
  }
  if (value.length === 0) return fail(ProblemCode.EMPTY_LIST, `${operator} needs at least one item`);
  if (value.length > LIMITS.listItems) {
    return fail(ProblemCode.TOO_MANY_ITEMS, `${operator} list has more than ${LIMITS.listItems} items`);
  }
  const items: ScalarValue[] = [];
  const problems: ValueProblem[] = [];
  value.forEach((item: unknown, index) => {
    // Inside a JSON-encoded string there is no pointer to an item, so the message names its index instead.
    const parsed = parseScalar(operator, item, encoded ? '' : `/${index}`);
    if (parsed.ok) items.push(parsed.value as ScalarValue);
    else
      problems.push(
        ...parsed.problems.map((p) => (encoded ? { ...p, message: `item ${index}: ${p.message}` } : p)),
      );
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: items };
}

function parseRange(value: unknown): ParsedOperand {
  if (!Array.isArray(value) || value.length !== 2) {
    return fail(ProblemCode.VALUE_TYPE_MISMATCH, `between expects [low, high], got ${show(value)}`);
  }
  const low = parseOrdered(value[0]);
  const high = parseOrdered(value[1]);
  if (low === undefined || high === undefined) {
    return fail(
      ProblemCode.VALUE_TYPE_MISMATCH,
      `between expects two numbers or two ISO-8601 dates, got ${show(value)}`,
    );
  }
  if (typeof low !== typeof high) {
    return fail(ProblemCode.INVALID_RANGE, 'between needs two numbers or two dates, not one of each');
  }
  const order =
    typeof low === 'number' ? low - (high as number) : Date.parse(low) - Date.parse(high as string);
  if (order > 0)
    return fail(ProblemCode.INVALID_RANGE, `between needs low <= high, got [${show(low)}, ${show(high)}]`);
  return { ok: true, value: [low, high] };
}

function parseRegex(raw: unknown): ParsedOperand {
  if (typeof raw !== 'string')
    return fail(ProblemCode.VALUE_TYPE_MISMATCH, `matches_regex expects a pattern string, got ${show(raw)}`);
  if (raw.length > MAX_REGEX_LENGTH) {
    return fail(ProblemCode.REGEX_TOO_LONG, `pattern is longer than ${MAX_REGEX_LENGTH} characters`);
  }
  const compiled = compileLinearRegex(raw);
  if (!compiled.ok) {
    return compiled.unsupported
      ? fail(
          ProblemCode.UNSUPPORTED_REGEX,
          `pattern needs what the linear-time regex engine (RE2) leaves out, such as a backreference (\\1) or a lookahead/lookbehind ((?=, (?!, (?<=, (?<!): ${compiled.reason}`,
        )
      : fail(ProblemCode.INVALID_REGEX, `pattern does not compile: ${compiled.reason}`);
  }
  return { ok: true, value: raw };
}
