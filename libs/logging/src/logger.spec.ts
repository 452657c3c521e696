import { Writable } from 'node:stream';
import { createLogger, NestPinoLogger, prettyLogs } from './logger';

describe('log format', () => {
  it('is pretty when asked, or on a terminal when left to auto; JSON otherwise', () => {
    expect(prettyLogs('pretty', false)).toBe(true);
    expect(prettyLogs('auto', true)).toBe(true);
    expect(prettyLogs('auto', false)).toBe(false);
    expect(prettyLogs('json', true)).toBe(false);
  });

  /** What a Nest start message and an error with its stack print as, with LOG_FORMAT as given. */
  function printed(format: 'json' | 'pretty'): string {
    let text = '';
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    });
    const nest = new NestPinoLogger(createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: format }, 'api', out));
    nest.log('started', 'NestApplication');
    nest.error('boom', 'Error: boom\n    at first (a.ts:1:1)\n    at second (b.ts:2:2)', 'ExceptionsHandler');
    return text;
  }

  it('prints pretty lines with the context, and a stack trace one frame per line', () => {
    const lines = printed('pretty').split('\n');
    expect(lines.some((line) => /INFO \(api\): \[NestApplication\] started$/.test(line))).toBe(true);
    expect(lines.some((line) => /ERROR \(api\): \[ExceptionsHandler\] boom$/.test(line))).toBe(true);
    expect(lines.filter((line) => /^\s+at (first|second) /.test(line))).toHaveLength(2);
  });

  it('prints one JSON object per line, the stack kept whole, for machines', () => {
    const entries = printed('json')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toEqual([
      expect.objectContaining({ level: 30, service: 'api', context: 'NestApplication', msg: 'started' }),
      expect.objectContaining({
        level: 50,
        msg: 'boom',
        err: expect.objectContaining({ stack: expect.stringContaining('at second (b.ts:2:2)') }),
      }),
    ]);
  });
});
