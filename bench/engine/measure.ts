/** Wall-clock throughput of one timed loop. */
export interface Measurement {
  leads: number;
  seconds: number;
  leads_per_second: number;
}

export function measured(leads: number, startedAt: bigint): Measurement {
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  return { leads, seconds: round(seconds, 3), leads_per_second: Math.round(leads / seconds) };
}

/** How many times faster `fast` ran than `slow`, to one decimal. */
export function ratio(fast: Measurement, slow: Measurement): number {
  return round(fast.leads_per_second / slow.leads_per_second, 1);
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
