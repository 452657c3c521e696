import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Each npm workspace's package.json names exactly the Leadflow packages its code imports, so that
 * `npm ls --workspaces` shows the real dependency graph and cannot drift from it.
 */
const repoRoot = join(__dirname, '..');
const rootPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  workspaces: string[];
};

function workspaceDirs(): string[] {
  // A folder that is itself the parent of another pattern (libs/services for libs/services/*) groups
  // workspaces and is not one.
  const parents = rootPackage.workspaces.map((pattern) => pattern.replace(/\/\*$/, ''));
  return rootPackage.workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(repoRoot, parent))
      .map((name) => `${parent}/${name}`)
      .filter((dir) => statSync(join(repoRoot, dir)).isDirectory() && !parents.includes(dir));
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'dist', 'fixtures'].includes(entry.name) ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.(spec|test)\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function importedLeadflowPackages(dir: string, self: string): string[] {
  const imported = new Set<string>();
  for (const file of sourceFiles(join(repoRoot, dir))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/from '(@leadflow\/[a-z-]+)/g)) {
      const name = match[1]!;
      if (name !== self && name !== '@leadflow/test-harness') imported.add(name);
    }
  }
  return [...imported].sort();
}

describe('npm workspaces', () => {
  const dirs = workspaceDirs();

  it('covers every app and lib', () => {
    expect(dirs).toEqual(
      expect.arrayContaining([
        'apps/api',
        'apps/worker',
        'libs/domain',
        'libs/services/scoring',
        'dsl',
        'temporal',
      ]),
    );
  });

  it.each(dirs)('%s lists the Leadflow packages it imports', (dir) => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
    };
    const declared = Object.keys(pkg.dependencies ?? {})
      .filter((name) => name.startsWith('@leadflow/'))
      .sort();
    expect({ dir: relative(repoRoot, join(repoRoot, dir)), declared }).toEqual({
      dir,
      declared: importedLeadflowPackages(dir, pkg.name),
    });
  });
});
