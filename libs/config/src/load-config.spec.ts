import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliConfigTable, loadCliConfig } from './cli-config';
import { configTable, ConfigError, loadConfig } from './load-config';

const required = {
  MONGO_URL: 'mongodb://127.0.0.1:27017',
  REDIS_URL: 'redis://127.0.0.1:6379',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
};

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const config = loadConfig({ ...required, PORT: '8080' });
    expect(config.PORT).toBe(8080);
    expect(config.TEMPORAL_NAMESPACE).toBe('default');
    expect(config.MONGO_DB).toBe('leadflow');
    expect(config.NODE_ENV).toBe('development');
  });

  it('names a missing required variable', () => {
    expect(() =>
      loadConfig({ REDIS_URL: required.REDIS_URL, TEMPORAL_ADDRESS: required.TEMPORAL_ADDRESS }),
    ).toThrow(/^Invalid configuration: MONGO_URL is required/);
  });

  it('names a malformed variable and what it must be', () => {
    let caught: unknown;
    try {
      loadConfig({ ...required, PORT: 'eighty', REDIS_URL: 'http://x' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toContain('PORT="eighty"');
    expect((caught as Error).message).toContain(
      'REDIS_URL="http://x" must be a URL starting with redis:// or rediss://',
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...required, PORT: '' }).PORT).toBe(3000);
  });

  it('renders a README table row for every variable', () => {
    const table = configTable();
    expect(table).toContain('| `MONGO_URL` | (required; set by the launcher) |');
    expect(table).toContain('| `PORT` | `3000` |');
  });
});

describe('README configuration table', () => {
  // Cells are compared trimmed, so Prettier's column alignment in the README does not matter.
  const normalize = (table: string): string[] =>
    table
      .trim()
      .split('\n')
      .map((line) =>
        line
          .split('|')
          .map((cell) => cell.trim().replace(/^-+$/, '---'))
          .join('|'),
      );

  const readme = () => readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const between = (marker: string): string =>
    new RegExp(`<!-- ${marker}:start -->([\\s\\S]*?)<!-- ${marker}:end -->`).exec(readme())?.[1] ?? '';

  it('lists exactly the variables the loader reads, with their defaults', () => {
    expect(normalize(between('config-table'))).toEqual(normalize(configTable()));
  });

  it("lists exactly the variables the CLI reads, in the CLI's own table", () => {
    expect(normalize(between('cli-config-table'))).toEqual(normalize(cliConfigTable()));
  });
});

describe('production refuses the demo defaults', () => {
  const production = { ...required, NODE_ENV: 'production' };

  it('refuses the default JWT secret and admin/admin, naming both', () => {
    expect(() => loadConfig(production)).toThrow(
      /JWT_SECRET must be set in production; ADMIN_PASSWORD must not be the admin\/admin default/,
    );
  });

  it('accepts a production configuration with its own secret and admin password', () => {
    const config = loadConfig({
      ...production,
      JWT_SECRET: 'a-long-production-secret-0123456789',
      WEBHOOK_SECRET: 'a-long-webhook-secret-0123456789',
      ADMIN_PASSWORD: 'correct horse battery staple',
    });
    expect(config.JWT_TTL_SECONDS).toBe(3600);
    expect(config.ADMIN_USERNAME).toBe('admin');
  });

  it('keeps admin/admin and the development secret outside production', () => {
    const config = loadConfig({ ...required, NODE_ENV: 'development' });
    expect(config.ADMIN_PASSWORD).toBe('admin');
  });
});

describe('loadCliConfig', () => {
  it('reads the API address and credentials, every one optional', () => {
    expect(loadCliConfig({})).toEqual({});
    expect(
      loadCliConfig({
        LEADFLOW_API_URL: 'https://leadflow.example/api',
        LEADFLOW_TOKEN: 't',
        PORT: 'eighty',
      }),
    ).toEqual({ LEADFLOW_API_URL: 'https://leadflow.example/api', LEADFLOW_TOKEN: 't' });
    expect(loadCliConfig({ LEADFLOW_API_URL: '' }).LEADFLOW_API_URL).toBeUndefined();
  });

  it('names a malformed LEADFLOW_API_URL and what it must be', () => {
    expect(() => loadCliConfig({ LEADFLOW_API_URL: 'localhost:3000' })).toThrow(
      new ConfigError(
        'Invalid configuration: LEADFLOW_API_URL="localhost:3000" must be a URL starting with http:// or https://',
      ),
    );
  });
});
