/** Where a stretch of time sits on an axis from `start` to `end`, in percent of its width (for CSS). */
export interface AxisSpan {
  left: number;
  width: number;
}

/**
 * Places `from`..`to` (ISO instants; `to` null = still going, drawn up to `end`) on the axis. A span too
 * short to see gets a sliver of 0.5 % so that every step that ran shows; out-of-range parts are clipped.
 */
export function axisSpan(from: string, to: string | null, start: string, end: string): AxisSpan {
  const origin = Date.parse(start);
  const total = Math.max(1, Date.parse(end) - origin);
  const clip = (value: number) => Math.min(100, Math.max(0, value));
  const left = clip(((Date.parse(from) - origin) / total) * 100);
  const right = clip(((Date.parse(to ?? end) - origin) / total) * 100);
  return { left, width: Math.max(0.5, right - left) };
}

/** A duration for people: "120 ms", "4.2 s", "3 min 5 s", "1 h 0 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
