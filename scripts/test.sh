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
node scripts/services.mjs up
stop_services() { if [ "$started_here" = 1 ]; then node scripts/services.mjs down; fi; }
trap stop_services EXIT
set -a
# shellcheck disable=SC1091
. .data/test/services.env
set +a

echo "== build"
npm run build

echo "== lint"
npm run lint
npm run format:check

echo "== typecheck"
npm run typecheck

echo "== tests (unit, integration, e2e)"
results=.data/test/jest-results.json
status=0
npx jest --ci --maxWorkers=2 --json --outputFile="$results" || status=$?
# The plain closing line CI reads, from Jest's own counts.
node -e 'const r=require(process.argv[1]); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`)' "$PWD/$results"
exit "$status"
