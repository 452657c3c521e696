/** A benchmark flag's value as a positive integer; `what` names the flag in the error. */
export function positiveInteger(text: string, what: string): number {
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${what} must be a positive integer, got ${text}`);
  return value;
}

/** `--name=N` from the command line as a positive integer, or `fallback` when it is not given. */
export function numberFlag(name: string, fallback: number): number {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return given === undefined ? fallback : positiveInteger(given.slice(name.length + 3), `--${name}`);
}
