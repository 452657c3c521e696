# Sourced by dev.sh and test.sh: the Node check and the dependency install both commands start with.
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node >= 20.19 is required, found "+process.version); process.exit(1) }'

# run_step NAME COMMAND...: the command with its whole output; or, when LEADFLOW_STEP_LOGS names a folder
# (npm run dev), one summary line and the file its output went to (with its last lines when it fails).
run_step() {
  local name=$1 started=$SECONDS status
  shift
  if [ -z "${LEADFLOW_STEP_LOGS:-}" ]; then
    echo "== $name"
    "$@"
    return
  fi
  mkdir -p "$LEADFLOW_STEP_LOGS"
  local log="$LEADFLOW_STEP_LOGS/$name.log"
  echo "== $name (output in $log)"
  if "$@" >"$log" 2>&1; then
    echo "   done in $((SECONDS - started)) s"
  else
    status=$?
    echo "   FAILED (exit $status) after $((SECONDS - started)) s; its last lines (all of it: $log):" >&2
    tail -n 30 "$log" >&2
    return "$status"
  fi
}

run_step install npm ci --no-audit --no-fund
