/** A benchmark flag's value as a positive integer; `what` names the flag in the error. */
export function positiveInteger(text: string, what: string): number {
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${what} must be a positive integer, got ${text}`);
  return value;
}
