#!/usr/bin/env node
// Runs long-lived programs (`npm run dev`: the API and the worker) and restarts one that exits unexpectedly,
// without touching the others or the embedded services:
//
//   node scripts/supervise.mjs api=dist/apps/api/src/main.js worker=dist/apps/worker/src/main.js
//
// When a program exits on its own it prints which one, its exit code or signal and its last output lines,
// then starts it again after a backoff that doubles (LEADFLOW_SUPERVISE_BACKOFF_MS, default 1000, at most
// 30 s), at most LEADFLOW_SUPERVISE_MAX_RESTARTS times in a row (default 5; a run of a minute resets the
// count). Past that it stops everything and exits 1. SIGINT or SIGTERM stops every program (SIGTERM, then
// SIGKILL after LEADFLOW_SUPERVISE_STOP_MS, default 35 s) and exits 0, leaving no process behind.
import { spawn } from 'node:child_process';

const LAST_LINES = 20;
const STABLE_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

const positiveInt = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`[supervise] ${name} must be a non-negative integer\n`);
    process.exit(2);
  }
  return value;
};
const backoffMs = positiveInt('LEADFLOW_SUPERVISE_BACKOFF_MS', 1000);
const maxRestarts = positiveInt('LEADFLOW_SUPERVISE_MAX_RESTARTS', 5);
const stopMs = positiveInt('LEADFLOW_SUPERVISE_STOP_MS', 35_000);

const say = (message) => process.stderr.write(`[supervise] ${message}\n`);

const programs = process.argv.slice(2).map((argument) => {
  const separator = argument.indexOf('=');
  if (separator < 1) {
    say(`expected name=path arguments, got ${JSON.stringify(argument)}`);
    process.exit(2);
  }
  return {
    name: argument.slice(0, separator),
    script: argument.slice(separator + 1),
    child: null,
    lastLines: [],
    restarts: 0,
    startedAt: 0,
    timer: null,
  };
});
if (programs.length === 0) {
  say('nothing to supervise: pass name=path arguments');
  process.exit(2);
}

let stopping = false;

/** Passes a stream through line by line, keeping the last lines for the report of an unexpected exit. */
function relay(program, stream, target) {
  let pending = '';
  stream.on('data', (chunk) => {
    target.write(chunk);
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    program.lastLines.push(...lines);
    program.lastLines.splice(0, Math.max(0, program.lastLines.length - LAST_LINES));
  });
}

function start(program) {
  program.timer = null;
  if (stopping) return;
  program.startedAt = Date.now();
  const child = spawn(process.execPath, [program.script], { stdio: ['ignore', 'pipe', 'pipe'] });
  program.child = child;
  relay(program, child.stdout, process.stdout);
  relay(program, child.stderr, process.stderr);
  say(`started ${program.name} (pid ${child.pid})`);
  child.on('exit', (code, signal) => {
    program.child = null;
    if (stopping) return;
    onUnexpectedExit(program, code, signal);
  });
}

function onUnexpectedExit(program, code, signal) {
  const how = signal ? `signal ${signal}` : `exit code ${code}`;
  say(`${program.name} exited unexpectedly (${how}); its last lines:`);
  for (const line of program.lastLines) process.stderr.write(`  | ${line}\n`);
  if (Date.now() - program.startedAt >= STABLE_MS) program.restarts = 0;
  if (program.restarts >= maxRestarts) {
    say(`${program.name} exited ${program.restarts + 1} times in a row: giving up, stopping everything`);
    void stopAll(1);
    return;
  }
  const wait = Math.min(backoffMs * 2 ** program.restarts, MAX_BACKOFF_MS);
  program.restarts += 1;
  say(`restarting ${program.name} in ${wait} ms (restart ${program.restarts} of at most ${maxRestarts})`);
  program.timer = setTimeout(() => start(program), wait);
}

async function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  const running = programs.filter((program) => {
    if (program.timer) clearTimeout(program.timer);
    return program.child !== null;
  });
  await Promise.all(
    running.map(
      (program) =>
        new Promise((resolve) => {
          const child = program.child;
          if (child.exitCode !== null || child.signalCode !== null) {
            resolve();
            return;
          }
          const killer = setTimeout(() => child.kill('SIGKILL'), stopMs);
          child.once('exit', () => {
            clearTimeout(killer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  say('stopped');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
for (const program of programs) start(program);
