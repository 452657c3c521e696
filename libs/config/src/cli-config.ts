import { z } from 'zod';
import { ConfigError } from './load-config';
import { readVariables, url, variablesTable, type VariableSpec, type VariablesOf } from './variables';

/**
 * The variables the `leadflow` CLI reads (plan, apply and export talk to an API). Read and validated once by
 * the CLI's entry point, like the API's own; the README's CLI table is generated from this list.
 */
export const CLI_CONFIG_VARIABLES = {
  LEADFLOW_API_URL: {
    schema: url(['http:', 'https:']).optional(),
    description: 'The API that plan, apply and export talk to, when `--api` is not given.',
    shownDefault: '(none: pass `--api`)',
  },
  LEADFLOW_TOKEN: {
    schema: z.string().optional(),
    description:
      'Bearer token (from POST /api/auth/token) sent to the API; `--token` wins over it, it wins over `leadflow login`.',
    shownDefault: '(none)',
  },
  LEADFLOW_API_KEY: {
    schema: z.string().optional(),
    description:
      'API key sent as X-API-Key when neither `--token` nor LEADFLOW_TOKEN is given (an editor key suits CI).',
    shownDefault: '(none)',
  },
  XDG_CONFIG_HOME: {
    schema: z.string().optional(),
    description:
      'Where `leadflow login` keeps its token: `$XDG_CONFIG_HOME/leadflow/credentials.json` (mode 0600).',
    shownDefault: '`~/.config`',
  },
} satisfies Record<string, VariableSpec<z.ZodType>>;

export type CliConfig = VariablesOf<typeof CLI_CONFIG_VARIABLES>;

/** The CLI's configuration; a malformed variable is a ConfigError naming it and what it must be. */
export function loadCliConfig(env: Readonly<Record<string, string | undefined>>): CliConfig {
  const { values, problems } = readVariables(CLI_CONFIG_VARIABLES, env);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return values;
}

/** The README's CLI configuration table. */
export function cliConfigTable(): string {
  return variablesTable(CLI_CONFIG_VARIABLES);
}
