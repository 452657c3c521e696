import { CONFIG_VARIABLES, type Config, productionProblems } from './config.schema';
import { readVariables, variablesTable } from './variables';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates every variable once. The entry points pass `process.env`; nothing else in the code
 * base reads it. An invalid configuration stops start-up with one line that names every invalid variable.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const { values: config, problems } = readVariables(CONFIG_VARIABLES, env);
  if (problems.length === 0) problems.push(...productionProblems(config));
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}

/** The README's configuration table, from the same specification the loader uses. */
export function configTable(): string {
  return variablesTable(CONFIG_VARIABLES);
}
