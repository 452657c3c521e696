import { readCookie } from './token-cookie';

describe('readCookie', () => {
  it('finds one cookie among others, decoding its value', () => {
    expect(readCookie('theme=dark; leadflow_token=a.b.c; lang=en', 'leadflow_token')).toBe('a.b.c');
    expect(readCookie('leadflow_token=a%2Eb', 'leadflow_token')).toBe('a.b');
    expect(readCookie('x=1;leadflow_token=t=with=equals', 'leadflow_token')).toBe('t=with=equals');
  });

  it('gives undefined for a missing header, a missing cookie, an empty value or a lookalike name', () => {
    expect(readCookie(undefined, 'leadflow_token')).toBeUndefined();
    expect(readCookie('', 'leadflow_token')).toBeUndefined();
    expect(readCookie('theme=dark', 'leadflow_token')).toBeUndefined();
    expect(readCookie('leadflow_token=', 'leadflow_token')).toBeUndefined();
    expect(readCookie('old_leadflow_token=x; leadflow_tokens=y', 'leadflow_token')).toBeUndefined();
  });

  it('keeps a value that is not valid percent-encoding as it is', () => {
    expect(readCookie('leadflow_token=%E0%A4%A', 'leadflow_token')).toBe('%E0%A4%A');
  });
});
