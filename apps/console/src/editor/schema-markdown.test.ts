import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './schema-markdown';

describe('renderMarkdown (schema descriptions in hovers)', () => {
  it('escapes markup before it formats code and bold', () => {
    expect(renderMarkdown('use `<b>` or **"x"** & y')).toBe(
      'use <code>&lt;b&gt;</code> or <strong>&quot;x&quot;</strong> &amp; y',
    );
  });

  it('makes paragraphs and line breaks of block text', () => {
    expect(renderMarkdown('one\ntwo\n\nthree', false)).toBe('<p>one<br>two</p><p>three</p>');
  });
});
