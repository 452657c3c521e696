import { compileLinearRegex } from './linear-regex';

/**
 * RE2 and JavaScript's RegExp agree on the patterns rules use: the same answer for every pattern and text
 * below, with RegExp run case-insensitively as the operator ran it before. Patterns RE2 refuses are not
 * here (the validator refuses them); a pattern whose meaning differs between the two would show as a
 * difference, so a new kind of pattern in rules belongs in this list.
 */
const PATTERNS = [
  '^vp\\b',
  '\\bdirector\\b',
  '@(gmail|yahoo|hotmail)\\.com$',
  '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$',
  '^(chief|head|vp|vice president)',
  'saas|software|cloud',
  '^\\d{3}-\\d{4}$',
  '^\\+?[0-9 ()-]{7,}$',
  '(?<title>cto|cio)',
  '^$',
  '.*',
  'a.c',
  '[^aeiou]{3}',
  '\\s{2,}',
  '\\w+\\.io$',
  '^(a+)+$',
  '(a|aa)+$',
  'x{2,5}',
  '\\u00e9cole',
  '[\\u0400-\\u04FF]+',
  '\\x41',
  'colou?r',
  'end$',
  '^(?:enterprise|mid-market)$',
];

const TEXTS = [
  'vp of sales',
  'VP Sales',
  'Senior Director',
  'directorate',
  'ada@gmail.com',
  'ada@corp.io',
  'Chief Revenue Officer',
  'SaaS',
  '555-1234',
  '+1 (555) 123-4567',
  'CTO',
  '',
  'abc',
  'a\nc',
  'xyz  spaced',
  'aaaaaaaaaaaaaaaaaaaaaaaa!',
  'xxxx',
  'École',
  'Москва',
  'Color',
  'the end',
  'Enterprise',
  'Mid-Market',
];

describe('compileLinearRegex', () => {
  it('answers as RegExp(pattern, "i") does on every pattern and text of the corpus', () => {
    const differences: string[] = [];
    for (const pattern of PATTERNS) {
      const linear = compileLinearRegex(pattern);
      if (!linear.ok) {
        differences.push(`${pattern}: refused (${linear.reason})`);
        continue;
      }
      const backtracking = new RegExp(pattern, 'i');
      for (const text of TEXTS) {
        if (linear.test(text) !== backtracking.test(text))
          differences.push(`${pattern} on ${JSON.stringify(text)}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('tells a pattern RE2 leaves out from one that does not compile at all', () => {
    expect(compileLinearRegex('(a)\\1')).toMatchObject({ ok: false, unsupported: true });
    expect(compileLinearRegex('^(?=.*vp)')).toMatchObject({ ok: false, unsupported: true });
    expect(compileLinearRegex('[')).toMatchObject({
      ok: false,
      unsupported: false,
      reason: expect.stringContaining('missing closing ]') as unknown,
    });
  });
});
