import { decodePageCursor, encodePageCursor, InvalidPageTokenError } from './history';

describe('history page tokens', () => {
  it('round-trips a cursor: Temporal token, page size and offset', () => {
    for (const cursor of [
      { temporal: null, size: 100, skip: 7 },
      { temporal: 'CAEQBRgCIhQ', size: 7, skip: 0 },
    ]) {
      const token = encodePageCursor(cursor);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodePageCursor(token)).toEqual(cursor);
    }
  });

  it.each([
    ['garbage', 'AAAA'],
    ['an object', Buffer.from('{"t":null}').toString('base64url')],
    ['a zero page size', Buffer.from('[null,0,0]').toString('base64url')],
    ['a negative offset', Buffer.from('[null,5,-1]').toString('base64url')],
    ['a Temporal token that is not base64url', Buffer.from('["a b",5,0]').toString('base64url')],
    ['an empty Temporal token', Buffer.from('["x",5,0]').toString('base64url')],
  ])('refuses %s', (_name, token) => {
    expect(() => decodePageCursor(token)).toThrow(InvalidPageTokenError);
  });
});
