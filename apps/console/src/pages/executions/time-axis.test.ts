import { describe, expect, it } from 'vitest';
import { axisSpan, formatDuration } from './time-axis';

describe('axisSpan', () => {
  const start = '2026-12-05T10:00:00.000Z';
  const end = '2026-12-05T10:00:10.000Z';

  it('places a span in percent of the axis', () => {
    expect(axisSpan('2026-12-05T10:00:02.000Z', '2026-12-05T10:00:07.000Z', start, end)).toEqual({
      left: 20,
      width: 50,
    });
  });

  it('draws a span still going up to the end, clips what lies outside and keeps a sliver visible', () => {
    expect(axisSpan('2026-12-05T10:00:05.000Z', null, start, end)).toEqual({ left: 50, width: 50 });
    expect(axisSpan('2026-12-05T09:59:00.000Z', '2026-12-05T10:00:01.000Z', start, end)).toEqual({
      left: 0,
      width: 10,
    });
    expect(axisSpan(start, start, start, end)).toEqual({ left: 0, width: 0.5 });
  });
});

describe('formatDuration', () => {
  it('picks the unit a person reads', () => {
    expect(formatDuration(120)).toBe('120 ms');
    expect(formatDuration(4_200)).toBe('4.2 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(3_600_000)).toBe('1 h 0 min');
  });
});
