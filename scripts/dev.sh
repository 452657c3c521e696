#!/usr/bin/env bash
# `npm run dev`: installs everything, starts the embedded services (for each URL not given in env), builds,
# runs the API and the worker, and prints where everything is. Ctrl-C stops all of it, services included.
set -euo pipefail
cd "$(dirname "$0")/.."

# Install and build write to log files (named as they run); the terminal gets one line each.
export LEADFLOW_STEP_LOGS="${LEADFLOW_DATA_DIR:-.data}/logs"
# The API and the worker write to the supervisor's pipe, not to this terminal: say pretty when it is one.
if [ -t 1 ] && [ -z "${LOG_FORMAT:-}" ]; then export LOG_FORMAT=pretty; fi

# shellcheck source=scripts/install.sh
. scripts/install.sh

# Set before anything starts, so that a failed build or a Ctrl-C at any point leaves no process behind.
pids=()
shutdown() {
  trap - INT TERM EXIT
  echo "== stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  node scripts/services.mjs down
}
trap shutdown INT TERM EXIT

echo "== services"
node scripts/services.mjs up
set -a
# shellcheck disable=SC1091
. "${LEADFLOW_DATA_DIR:-.data}/services.env"
set +a

run_step build npm run build

# The supervisor restarts the API or the worker when one dies (saying which, how and its last lines), with
# backoff and a bounded number of times, while the services stay up; it gives up only after that.
# Their output passes through dev-banner.mjs, which shows the banner again once the start-up logs settle.
banner="$LEADFLOW_STEP_LOGS/banner.txt"
rm -f "$banner"
node scripts/supervise.mjs api=dist/apps/api/src/main.js worker=dist/apps/worker/src/main.js \
  > >(node scripts/dev-banner.mjs "$banner") 2>&1 &
pids+=($!)

port="${PORT:-3000}"
host="${HOST:-127.0.0.1}"
healthy=0
for _ in $(seq 1 120); do
  kill -0 "${pids[0]}" 2>/dev/null || exit 1
  if curl -fsS "http://$host:$port/api/health" >/dev/null 2>&1; then
    healthy=1
    break
  fi
  sleep 0.5
done
if [ "$healthy" = 0 ]; then
  echo "Leadflow did not come up: http://$host:$port/api/health did not answer 200 within 60 s." >&2
  echo "The API and worker logs are above; the services' logs are in ${LEADFLOW_DATA_DIR:-.data}/run/*.log." >&2
  exit 1
fi

node scripts/load-demo-data.mjs "http://$host:$port" || echo "demo data: not loaded (see the message above)"

cat >"$banner.new" <<INFO

  Leadflow is up.
    API          http://$host:$port/api
    Health       http://$host:$port/api/health
    Console      http://$host:$port/admin/   (the visual editor; Lead Qualification -> Scoring Rules)
    Swagger UI   http://$host:$port/api/docs   (OpenAPI JSON: /api/docs-json)
    Temporal UI  ${TEMPORAL_UI_URL:-(external Temporal: see its own UI)}
    Log in       ${ADMIN_USERNAME:-admin} / ${ADMIN_PASSWORD:-admin}  (development default; set ADMIN_USERNAME and ADMIN_PASSWORD)
    MongoDB      $MONGO_URL
    Redis        $REDIS_URL
    Mail (SMTP)  ${SMTP_URL}  (the embedded sink keeps messages in ${LEADFLOW_DATA_DIR:-.data}/mail/)
  Ctrl-C stops the API, the worker and the embedded services.

INFO
cat "$banner.new"
# handed to dev-banner.mjs only now, so that it shows the banner again after the next quiet spell, not at once
mv "$banner.new" "$banner"

# Ends when the supervisor gives up (or on Ctrl-C); the trap then stops the services.
wait "${pids[0]}"
