import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where `npm run build:console` writes the console, relative to the repository root. */
export const CONSOLE_DIST = join('apps', 'console', 'dist');

/**
 * The built console's directory, found by walking up from `start`: the API runs both from its sources
 * (apps/api/src, under Jest) and from its build (dist/apps/api/src), and both sit below the repository root.
 * Undefined when the console has not been built.
 */
export function findConsoleDist(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, CONSOLE_DIST);
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
