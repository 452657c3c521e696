#!/usr/bin/env node
// `npm run services -- up|down|status`: starts the embedded default of every service whose URL is not given
// in env (MONGO_URL, REDIS_URL, TEMPORAL_ADDRESS), waits until each answers, and writes the URLs to
// <data dir>/services.env. `down` stops exactly what `up` started: each service runs in its own process
// group, recorded in a pid file, and the whole group is signalled. `temporal <args>` runs the pinned Temporal
// CLI against the running server.
//
// LEADFLOW_DATA_DIR picks the data directory (default .data); the test harness uses .data/test so that tests
// and a running demo never share a database.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMongo, ensurePostgres, ensureRedis, ensureTemporal } from './provision.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const temporalDevServer = JSON.parse(
  readFileSync(join(repoRoot, 'scripts', 'temporal-dev-server.json'), 'utf8'),
);
const dataDir = resolve(repoRoot, process.env.LEADFLOW_DATA_DIR || '.data');
const runDir = join(dataDir, 'run');
const envFile = join(dataDir, 'services.env');
const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
const headless = process.env.LEADFLOW_TEMPORAL_UI === 'off';
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
// Every process `up` may start, in the order `down` stops them.
const SERVICES = ['temporal', 'mongo', 'postgres', 'redis', 'mail'];

function say(message) {
  process.stderr.write(`[services] ${message}\n`);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readState(name) {
  const file = join(runDir, `${name}.json`);
  if (!existsSync(file)) return null;
  const state = JSON.parse(readFileSync(file, 'utf8'));
  return alive(state.pid) ? state : null;
}

/**
 * Starts `command` detached in its own process group, logging to <run>/<name>.log; as `user` ({uid, gid})
 * when given.
 */
function startProcess(name, command, args, extra, user) {
  mkdirSync(runDir, { recursive: true });
  const logFile = join(runDir, `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd: dataDir,
    detached: true,
    stdio: ['ignore', out, out],
    ...user,
  });
  child.unref();
  const state = { name, pid: child.pid, command, args, log: logFile, ...extra };
  writeFileSync(join(runDir, `${name}.json`), JSON.stringify(state, null, 2));
  return state;
}

async function waitFor(name, state, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(state.pid)) throw new Error(`${name} exited during start; see ${state.log}`);
    if (await probe()) return;
    await sleep(250);
  }
  throw new Error(`${name} did not answer within ${timeoutMs / 1000}s; see ${state.log}`);
}

/** Sends one command over a raw socket and resolves with whether the reply starts with `expected`. */
function tcpExchange(port, payload, expected) {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('connect', () => (payload ? socket.write(payload) : undefined));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.startsWith(expected)) {
        socket.destroy();
        done(true);
      }
    });
    socket.on('connect', () => {
      if (!payload) {
        socket.destroy();
        done(true);
      }
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}

async function upRedis() {
  const running = readState('redis');
  if (running) return running.url;
  const binary = ensureRedis();
  const port = await freePort();
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const state = startProcess(
    'redis',
    binary,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
      '--save',
      '',
      '--protected-mode',
      'yes',
      '--daemonize',
      'no',
    ],
    { url: `redis://127.0.0.1:${port}`, port },
  );
  await waitFor('redis', state, () => tcpExchange(port, 'PING\r\n', '+PONG'));
  return state.url;
}

/**
 * FerretDB's connection pool to PostgreSQL (its default is 50). FerretDB v1 holds a pooled connection while
 * it waits for its catalog lock, and the holder of that lock (creating a collection or an index) needs a
 * connection too: with more requests in flight than connections, it deadlocks (seen here with a few test
 * files running at once). Connections are opened only when needed, so a high cap costs nothing idle.
 */
const FERRETDB_POSTGRES_CONNECTIONS = 500;

/**
 * Where the PostgreSQL cluster lives and as whom it runs. PostgreSQL refuses to run as root, so on machines
 * where we are root (CI, containers) the cluster belongs to the `postgres` user that Debian's package
 * creates. That user may be unable to reach <data>/postgres (a clone under a private home directory); the
 * cluster then lives in the system's temporary directory, keyed by the data directory, and <data>/postgres
 * links to it. Returns null when there is no `postgres` user to run it as.
 */
function postgresPlace(dir) {
  if (process.getuid?.() !== 0) return { dir, user: undefined };
  const id = (flag) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const [uid, gid] = [id('-u'), id('-g')];
  if (uid.status !== 0 || gid.status !== 0) return null;
  const user = { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  const usable = (candidate) => {
    mkdirSync(candidate, { recursive: true });
    chownSync(candidate, user.uid, user.gid);
    return spawnSync('test', ['-w', candidate], user).status === 0;
  };
  if (existsSync(dir) && lstatSync(dir).isSymbolicLink()) return { dir: realpathSync(dir), user };
  if (usable(dir)) return { dir, user };
  const key = createHash('sha256').update(dir).digest('hex').slice(0, 12);
  const elsewhere = join(tmpdir(), `leadflow-postgres-${key}`);
  // <data>/postgres did not link there, so whatever is there belongs to a data directory deleted since.
  rmSync(elsewhere, { recursive: true, force: true });
  if (!usable(elsewhere)) return null;
  rmSync(dir, { recursive: true, force: true });
  symlinkSync(elsewhere, dir);
  return { dir: elsewhere, user };
}

async function upPostgres() {
  const running = readState('postgres');
  if (running) return running.url;
  const bin = ensurePostgres();
  if (!bin) return null;
  const place = postgresPlace(join(dataDir, 'postgres'));
  if (!place) {
    say('there is no postgres user to run PostgreSQL as; FerretDB uses its SQLite backend instead');
    return null;
  }
  const { dir, user } = place;
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    const init = spawnSync(
      join(bin, 'initdb'),
      ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions'],
      { encoding: 'utf8', ...user },
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  }
  const port = await freePort();
  const state = startProcess(
    'postgres',
    join(bin, 'postgres'),
    [
      '-D',
      dir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'synchronous_commit=off',
      '-c',
      `max_connections=${FERRETDB_POSTGRES_CONNECTIONS + 50}`,
    ],
    // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to disconnect.
    { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stopSignal: 'SIGINT' },
    user,
  );
  const ready = () =>
    spawnSync(join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]).status === 0;
  await waitFor('postgres', state, async () => ready());
  return state.url;
}

async function upMongo() {
  const running = readState('mongo');
  if (running) return running.url;
  const server = ensureMongo();
  const port = await freePort();
  const postgres = server.kind === 'ferretdb' ? await upPostgres() : null;
  const dir = join(dataDir, server.kind);
  mkdirSync(dir, { recursive: true });
  const storage = postgres
    ? ['--handler=postgresql', `--postgresql-url=${postgres}?pool_max_conns=${FERRETDB_POSTGRES_CONNECTIONS}`]
    : ['--handler=sqlite', `--sqlite-url=file:${dir}/`];
  const args =
    server.kind === 'mongod'
      ? ['--dbpath', dir, '--bind_ip', '127.0.0.1', '--port', String(port)]
      : [
          ...storage,
          `--listen-addr=127.0.0.1:${port}`,
          '--debug-addr=-',
          '--telemetry=disable',
          '--log-level=warn',
          `--state-dir=${dir}`,
        ];
  const state = startProcess('mongo', server.binary, args, {
    url: `mongodb://127.0.0.1:${port}`,
    port,
    kind: server.kind,
  });
  await waitFor('mongo', state, () => tcpExchange(port, null, ''));
  return state.url;
}

async function upTemporal() {
  const running = readState('temporal');
  if (running) return running;
  const { temporal } = ensureTemporal();
  const [port, uiPort, httpPort, metricsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const dir = join(dataDir, 'temporal');
  mkdirSync(dir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--http-port',
    String(httpPort),
    '--metrics-port',
    String(metricsPort),
    '--db-filename',
    join(dir, 'temporal.sqlite'),
    '--namespace',
    namespace,
    ...temporalDevServer.args,
    '--log-level',
    'error',
  ];
  if (headless) args.push('--headless');
  else args.push('--ui-port', String(uiPort), '--ui-disable-news-fetch');
  const address = `127.0.0.1:${port}`;
  const state = startProcess('temporal', temporal, args, {
    url: address,
    port,
    uiUrl: headless ? '' : `http://127.0.0.1:${uiPort}`,
  });
  const listed = () =>
    spawnSync(
      temporal,
      ['operator', 'search-attribute', 'list', '--address', address, '--namespace', namespace],
      {
        encoding: 'utf8',
      },
    ).stdout ?? '';
  const namespaceReady = () => listed().includes('WorkflowDefinitionId');
  await waitFor('temporal', state, async () => namespaceReady(), 120_000);
  registerNewSearchAttributes(temporal, address, listed());
  return state;
}

/**
 * start-dev registers `--search-attribute`s only in a new database: one kept from before an attribute was
 * added (an upgrade) gets it here, or starts that set it would be refused.
 */
function registerNewSearchAttributes(temporal, address, listed) {
  const args = temporalDevServer.args;
  for (const [index, arg] of args.entries()) {
    if (arg !== '--search-attribute') continue;
    const [name, type] = String(args[index + 1]).split('=');
    if (new RegExp(`^\\s*${name}\\s`, 'm').test(listed)) continue;
    say(`registering search attribute ${name} (${type})`);
    spawnSync(
      temporal,
      [
        'operator',
        'search-attribute',
        'create',
        '--name',
        name,
        '--type',
        type,
        '--address',
        address,
        '--namespace',
        namespace,
      ],
      { encoding: 'utf8' },
    );
  }
}

async function upMail() {
  const running = readState('mail');
  if (running) return running.url;
  const port = await freePort();
  const dir = join(dataDir, 'mail');
  const state = startProcess(
    'mail',
    process.execPath,
    [join(repoRoot, 'scripts', 'smtp-sink.mjs'), '--port', String(port), '--dir', dir],
    {
      url: `smtp://127.0.0.1:${port}`,
      port,
      dir,
    },
  );
  await waitFor('mail', state, () => tcpExchange(port, null, ''));
  return state.url;
}

async function up() {
  mkdirSync(dataDir, { recursive: true });
  const runningBefore = new Set(SERVICES.filter((name) => readState(name)));
  try {
    await upEach();
  } catch (error) {
    // Stop what this call started, so that a service that failed to start leaves no others running.
    for (const name of SERVICES) if (!runningBefore.has(name)) await stop(name);
    throw error;
  }
}

async function upEach() {
  const given = (name) => process.env[name] && process.env[name].length > 0;
  const env = {};
  // Started one after another: on two cores, parallel starts only make each one slower to answer.
  env.REDIS_URL = given('REDIS_URL') ? process.env.REDIS_URL : await upRedis();
  env.MONGO_URL = given('MONGO_URL') ? process.env.MONGO_URL : await upMongo();
  if (given('TEMPORAL_ADDRESS')) {
    env.TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS;
  } else {
    const temporal = await upTemporal();
    env.TEMPORAL_ADDRESS = temporal.url;
    if (temporal.uiUrl) env.TEMPORAL_UI_URL = temporal.uiUrl;
  }
  // The send_email action's embedded default: a local sink that keeps every message under <data>/mail.
  env.SMTP_URL = given('SMTP_URL') ? process.env.SMTP_URL : await upMail();
  env.TEMPORAL_NAMESPACE = namespace;
  env.TEMPORAL_TEST_SERVER_PATH = ensureTemporal().testServer;
  writeFileSync(
    envFile,
    Object.entries(env)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n') + '\n',
  );
  for (const [key, value] of Object.entries(env)) say(`${key}=${value}`);
  say(`written to ${envFile}`);
}

async function stop(name) {
  const file = join(runDir, `${name}.json`);
  if (!existsSync(file)) return;
  const state = JSON.parse(readFileSync(file, 'utf8'));
  const signalGroup = (signal) => {
    try {
      process.kill(-state.pid, signal);
    } catch {
      /* the group is already gone */
    }
  };
  signalGroup(state.stopSignal ?? 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (alive(state.pid) && Date.now() < deadline) await sleep(100);
  signalGroup('SIGKILL');
  rmSync(file, { force: true });
  say(`${name} stopped`);
}

async function down() {
  for (const name of SERVICES) await stop(name);
  rmSync(envFile, { force: true });
}

function status() {
  let allUp = true;
  for (const name of ['redis', 'mongo', 'temporal', 'mail']) {
    const state = readState(name);
    if (!state) allUp = false;
    process.stdout.write(
      `${name.padEnd(9)} ${state ? `up    pid ${state.pid}  ${state.url}${state.uiUrl ? `  ui ${state.uiUrl}` : ''}` : 'down'}\n`,
    );
  }
  // FerretDB's storage: shown when it runs, never required (MONGO_URL, mongod or the SQLite fallback).
  const postgres = readState('postgres');
  if (postgres) process.stdout.write(`postgres  up    pid ${postgres.pid}  ${postgres.url}\n`);
  process.exitCode = allUp ? 0 : 3;
}

/**
 * `npm run services -- temporal <args>`: the pinned Temporal CLI, pointed at the running server (the CLI
 * reads TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE), e.g. `temporal task-queue describe --task-queue leadflow`
 * to see whether any worker polls.
 */
function temporalCli() {
  const running = readState('temporal');
  const env = { ...process.env, TEMPORAL_NAMESPACE: namespace };
  if (!env.TEMPORAL_ADDRESS && running) env.TEMPORAL_ADDRESS = running.url;
  const result = spawnSync(ensureTemporal().temporal, process.argv.slice(3), { stdio: 'inherit', env });
  process.exitCode = result.status ?? 1;
}

const command = process.argv[2];
const commands = { up, down, status, temporal: temporalCli };
if (!commands[command]) {
  process.stderr.write('usage: npm run services -- up|down|status|temporal <temporal CLI arguments>\n');
  process.exit(2);
}
Promise.resolve()
  .then(commands[command])
  .catch((error) => {
    process.stderr.write(`[services] ${error.message}\n`);
    process.exit(1);
  });
