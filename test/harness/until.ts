export interface UntilOptions {
  /** What the caller waits for, named in the error when the deadline passes (default: `done`'s source). */
  what?: string;
  /** How long to keep reading before giving up (default 30 s). */
  timeoutMs?: number;
  /** The pause between two reads (default 100 ms). */
  intervalMs?: number;
}

/** The most of the last value read that a timeout error quotes: enough to see why, not a whole log. */
const QUOTE_CHARS = 2_000;

function quote(value: unknown): string {
  let text: string;
  try {
    // JSON.stringify gives undefined for undefined and functions, though its type does not say so.
    const json = JSON.stringify(value) as unknown;
    text = typeof value === 'string' || typeof json !== 'string' ? String(value) : json;
  } catch {
    text = String(value);
  }
  // The end of a long read (a process's output, a growing list) is where its latest state is.
  return text.length > QUOTE_CHARS ? `…${text.slice(-QUOTE_CHARS)}` : text;
}

/**
 * Reads `read` until `done` holds for what it returned, and returns that value. Background work (a queue, a
 * worker, a restarted server) finishes on its own schedule, so a test polls for the state it expects; when
 * `timeoutMs` passes first it throws, naming what it waited for and quoting the last value read, instead of
 * handing a stale value to an assertion that would fail without saying it was still waiting. A `read` that
 * throws (e.g. because the process it watches exited) ends the wait with its error.
 */
export async function until<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  { what, timeoutMs = 30_000, intervalMs = 100 }: UntilOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what ?? String(done)}; last read: ${quote(value)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
