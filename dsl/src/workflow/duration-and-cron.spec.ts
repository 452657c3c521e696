import { cronProblem } from './cron';
import { parseIsoDuration } from './duration';

describe('parseIsoDuration', () => {
  it.each([
    ['PT1H', 3_600_000],
    ['PT30M', 1_800_000],
    ['PT1.5S', 1500],
    ['P2D', 172_800_000],
    ['P1W', 604_800_000],
    ['P1DT12H', 129_600_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseIsoDuration(text)).toEqual({ ok: true, ms });
  });

  it.each(['P1M', 'P1Y', 'PT', 'P', '1h', 'PT0S', 'P400D', 'PT-1H'])('refuses %s', (text) => {
    expect(parseIsoDuration(text).ok).toBe(false);
  });

  it('says why months are refused', () => {
    expect(parseIsoDuration('P1M')).toMatchObject({ ok: false, message: expect.stringContaining('months') });
    expect(parseIsoDuration('PT1M')).toEqual({ ok: true, ms: 60_000 });
  });
});

describe('cronProblem', () => {
  it.each([
    '0 2 * * *',
    '*/15 * * * *',
    '0 9-17 * * mon-fri',
    '0 0 1,15 * *',
    '30 6 * jan,jul 0',
    '0 0 * * 7',
  ])('accepts %s', (cron) => {
    expect(cronProblem(cron)).toBeUndefined();
  });

  it.each([
    '0 2 * *',
    '0 2 * * * *',
    '60 * * * *',
    '* 24 * * *',
    '* * 0 * *',
    '* * * 13 *',
    '5-1 * * * *',
    '*/0 * * * *',
    'a b c d e',
  ])('refuses %s', (cron) => {
    expect(cronProblem(cron)).toEqual(expect.any(String));
  });
});
