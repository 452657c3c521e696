import { z } from 'zod';

/**
 * One environment variable: its type, default and meaning. Each program (the API and worker, the CLI) lists
 * its own variables; the loader and the README table are made from that one list, so they cannot drift apart.
 */
export interface VariableSpec<T extends z.ZodType> {
  schema: T;
  description: string;
  /** How the default reads in the README when it is not a literal. */
  shownDefault?: string;
}

export type VariableSpecs = Record<string, VariableSpec<z.ZodType>>;

/** The parsed value of every variable of `Specs`. */
export type VariablesOf<Specs extends VariableSpecs> = {
  readonly [K in keyof Specs]: z.output<Specs[K]['schema']>;
};

/** A URL with one of `protocols` (each as `new URL` spells it, e.g. `http:`). */
export const url = (protocols: string[]) =>
  z
    .string()
    .min(1)
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

/**
 * Parses every variable of `specs` from `env`: the values, and one sentence per variable that is missing or
 * malformed, naming it and what it must be.
 */
export function readVariables<Specs extends VariableSpecs>(
  specs: Specs,
  env: Readonly<Record<string, string | undefined>>,
): { values: VariablesOf<Specs>; problems: string[] } {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const raw = env[name];
    // An empty variable means "not set", as in most shells' `VAR= command`.
    const parsed = spec.schema.safeParse(raw === '' ? undefined : raw);
    if (parsed.success) {
      values[name] = parsed.data;
    } else {
      const reason = parsed.error.issues[0]?.message ?? 'is invalid';
      problems.push(
        raw === undefined || raw === ''
          ? `${name} is required: ${spec.description}`
          : `${name}=${JSON.stringify(raw)} ${reason.startsWith('must') ? reason : `is invalid: ${reason}`}`,
      );
    }
  }
  return { values: values as VariablesOf<Specs>, problems };
}

/** A default as the README shows it: objects and arrays as JSON, the rest (strings, numbers) as text. */
function shownValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** A README table of `specs`: variable, default, meaning. */
export function variablesTable(specs: VariableSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const fallback = spec.schema.safeParse(undefined);
    const shown = spec.shownDefault
      ? spec.shownDefault
      : fallback.success
        ? `\`${shownValue(fallback.data)}\``
        : '(required)';
    return `| \`${name}\` | ${shown} | ${spec.description} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
