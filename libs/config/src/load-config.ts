import { CONFIG_VARIABLES, type Config, type ConfigVariableName, productionProblems } from './config.schema';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates every variable once. The entry points pass `process.env`; nothing else in the code
 * base reads it. The first invalid variable stops start-up with one line that names it.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(CONFIG_VARIABLES)) {
    const raw = env[name];
    // An empty variable means "not set", as in most shells' `VAR= command`.
    const parsed = spec.schema.safeParse(raw === '' ? undefined : raw);
    if (parsed.success) {
      config[name] = parsed.data;
    } else {
      const reason = parsed.error.issues[0]?.message ?? 'is invalid';
      problems.push(
        raw === undefined || raw === ''
          ? `${name} is required: ${spec.description}`
          : `${name}=${JSON.stringify(raw)} ${reason.startsWith('must') ? reason : `is invalid: ${reason}`}`,
      );
    }
  }
  if (problems.length === 0) problems.push(...productionProblems(config as Config));
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config as Config;
}

/** The README's configuration table, from the same specification the loader uses. */
export function configTable(): string {
  const rows = Object.entries(CONFIG_VARIABLES).map(([name, spec]) => {
    const fallback = spec.schema.safeParse(undefined);
    const shown =
      'shownDefault' in spec && spec.shownDefault
        ? spec.shownDefault
        : fallback.success
          ? `\`${typeof fallback.data === 'object' ? JSON.stringify(fallback.data) : String(fallback.data)}\``
          : '(required)';
    return `| \`${name as ConfigVariableName}\` | ${shown} | ${spec.description} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
