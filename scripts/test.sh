#!/usr/bin/env bash
# `npm run verify`: the one command that installs everything and runs lint, format check, typecheck and
# all three test tiers against real MongoDB-wire, Redis and Temporal servers. `.ci/run` calls exactly this.
# Services whose URLs are given in env (MONGO_URL, REDIS_URL, TEMPORAL_ADDRESS) are used as they are.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/install.sh
. scripts/install.sh

echo "== services"
export LEADFLOW_DATA_DIR=.data/test LEADFLOW_TEMPORAL_UI=off
started_here=0
if ! node scripts/services.mjs status >/dev/null; then
  started_here=1
fi
# Set before anything starts, so that a failure or a Ctrl-C at any later point stops what this run started.
stop_services() { if [ "$started_here" = 1 ]; then node scripts/services.mjs down; fi; }
trap stop_services EXIT
node scripts/services.mjs up
# Debian's Chromium for the console's browser tests (test/e2e/console), installed with apt when missing.
node scripts/ensure-chromium.mjs
set -a
# shellcheck disable=SC1091
. .data/test/services.env
set +a

# tsc and ESLint are each single-threaded, so on two cores lint runs beside build + typecheck.
echo "== build, typecheck | lint, format check"
lint_log=.data/test/lint.log
# In its own process group (setsid), so that a failed build can stop ESLint itself, not only its shell.
setsid -w bash -c 'npm run lint && npm run format:check' >"$lint_log" 2>&1 &
lint_pid=$!
lint_done() {
  local lint_status=0
  wait "$lint_pid" || lint_status=$?
  echo "== lint"
  cat "$lint_log"
  return "$lint_status"
}
if ! { npm run build && npm run typecheck; }; then
  kill -- -"$lint_pid" 2>/dev/null || true
  wait "$lint_pid" 2>/dev/null || true
  exit 1
fi
lint_done

echo "== tests (unit, integration, e2e)"
results=.data/test/jest-results.json
status=0
npx jest --ci --maxWorkers=2 --json --outputFile="$results" || status=$?

echo "== console tests (vitest)"
console_results=.data/test/vitest-results.json
rm -f "$console_results"
npx vitest run --config apps/console/vite.config.ts --reporter=default --reporter=json \
  --outputFile="$PWD/$console_results" || status=$?
# The plain closing line CI reads, from Jest's and Vitest's own counts (both write Jest's JSON shape).
node -e '
const fs = require("fs");
const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {});
const runs = process.argv.slice(1).map(read);
const sum = (key) => runs.reduce((total, run) => total + (run[key] ?? 0), 0);
console.log(`tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests")} skipped`);
' "$PWD/$results" "$PWD/$console_results"
exit "$status"
