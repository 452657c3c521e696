import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The URLs `npm run services -- up` wrote for the data directory the benches run against. */
export function servicesEnv(repoRoot: string): Record<string, string> {
  const file = join(repoRoot, process.env.LEADFLOW_DATA_DIR ?? '.data', 'services.env');
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}
