import { csvRecords } from './csv';

describe('csvRecords', () => {
  it('reads quoted fields, escaped quotes, CRLF and a BOM', () => {
    const text = '\uFEFFname,note\r\n"Acme, Inc","says ""hi"""\r\nPlain,\r\n"Multi\nline",x\n\n';
    expect(csvRecords(text)).toEqual([
      { name: 'Acme, Inc', note: 'says "hi"' },
      { name: 'Plain', note: '' },
      { name: 'Multi\nline', note: 'x' },
    ]);
  });

  it('gives missing trailing cells as empty strings and nothing for an empty file', () => {
    expect(csvRecords('a,b,c\n1')).toEqual([{ a: '1', b: '', c: '' }]);
    expect(csvRecords('')).toEqual([]);
  });
});
