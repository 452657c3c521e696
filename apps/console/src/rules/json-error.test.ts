import { describe, expect, it } from 'vitest';
import { describeJsonError, parseJson } from './json-error';

describe('parseJson', () => {
  it('parses JSON', () => {
    expect(parseJson('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('places a syntax error at its line and column', () => {
    const parsed = parseJson('{\n  "name": "Hot",\n  "points": 5\n  "rule_type": "demographic"\n}');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatchObject({ line: 4, column: 3 });
    expect(describeJsonError(parsed.error)).toMatch(/^line 4, column 3: /);
  });

  it('places an early end at the end of the text', () => {
    const parsed = parseJson('{\n  "a": ');
    expect(!parsed.ok && parsed.error).toMatchObject({ line: 2, column: 8 });
  });
});
