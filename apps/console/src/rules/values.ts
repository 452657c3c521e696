/**
 * A condition's value as the person types it and as the DSL holds it. The API does the real parsing and
 * checking (dsl/src/values.ts); these only keep the JSON readable and a round trip exact.
 */
export type OperandKind = 'none' | 'scalar' | 'string' | 'number' | 'list' | 'range' | 'regex';

/** How a DSL value is shown in a text box: strings as they are, everything else as JSON. */
export function valueToText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Left as typed: the API reports a malformed JSON value at this field.
    return text;
  }
}

/**
 * Text typed into a builder leaf -> the DSL value. Lists and ranges take JSON (`["a", "b"]`, `[1, 5]`) or
 * comma-separated items; numeric operators take numbers (dates stay strings); a scalar stays a string unless
 * the value it replaces was a number. `none` operators take no value.
 */
export function textToValue(kind: OperandKind, text: string, previous?: unknown): unknown {
  const trimmed = text.trim();
  switch (kind) {
    case 'none':
      return undefined;
    case 'list':
    case 'range': {
      if (trimmed.startsWith('[')) return parseJson(trimmed);
      if (trimmed === '') return [];
      const items = trimmed.split(',').map((item) => item.trim());
      return items.map((item) => (kind === 'range' || NUMERIC.test(item) ? toNumberIfNumeric(item) : item));
    }
    case 'number':
      return toNumberIfNumeric(trimmed);
    case 'scalar':
      return typeof previous === 'number' || typeof previous === 'boolean' ? parseScalar(trimmed) : text;
    case 'string':
    case 'regex':
      return text;
  }
}

function toNumberIfNumeric(text: string): unknown {
  return NUMERIC.test(text) ? Number(text) : text;
}

function parseScalar(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  return toNumberIfNumeric(text);
}
