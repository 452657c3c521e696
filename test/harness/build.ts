import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './services';

/** Newest modification time of any file under `dir`. */
function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs;
    return Math.max(newest, time);
  }, 0);
}

/**
 * Tests of binaries (the CLI, the worker process) run the build, as users do. When `entry` (relative to
 * the repo) is missing or older than any source under `sourceDirs`, the build is made here, so such a test
 * never silently skips and never runs stale code. `npm run verify` builds first, so this is a no-op there.
 */
export function ensureBuilt(entry: string, sourceDirs: readonly string[]): string {
  const built = join(repoRoot, entry);
  const newest = Math.max(...sourceDirs.map((dir) => newestSource(join(repoRoot, dir))));
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return built;
  // tsc emits JavaScript even when it reports type errors; typecheck is its own step of the test command.
  spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'ignore' });
  execFileSync('npx', ['tsc-alias', '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'ignore' });
  if (!existsSync(built)) throw new Error(`building did not produce ${built}`);
  return built;
}
