import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('splits rows and cells, with CRLF or LF and a BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n1,2\n3,\n')).toEqual({
      rows: [
        ['a', 'b'],
        ['1', '2'],
        ['3', ''],
      ],
    });
  });

  it('keeps commas, quotes and line breaks inside quoted fields', () => {
    expect(parseCsv('name,note\n"Doe, John","said ""hi""\nthen left"')).toEqual({
      rows: [
        ['name', 'note'],
        ['Doe, John', 'said "hi"\nthen left'],
      ],
    });
  });

  it('skips blank lines', () => {
    expect(parseCsv('a\n\n1\n')).toEqual({ rows: [['a'], ['1']] });
  });

  it('names the line of an unclosed or misplaced quote', () => {
    expect(parseCsv('a\n"open')).toEqual({ error: 'line 2: a quoted field is not closed' });
    expect(parseCsv('a\nx"y"')).toEqual({ error: 'line 2: a quote may only open a field' });
    expect(parseCsv('"a"b')).toEqual({ error: 'line 1: a closing quote must end its field' });
  });
});
