#!/usr/bin/env bash
# The suite under load: runs the vscode and e2e layers RUNS times in a row (default 3) while `stress-ng --cpu 2`
# keeps both cores busy, as other work on a shared machine does, and stops the load at the end whatever happens.
# Ends with one line per run and exits non-zero unless every run was green.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-${RUNS:-3}}"
log() { printf '[stress] %s\n' "$*" >&2; }

if ! command -v stress-ng >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing Debian's stress-ng"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends stress-ng >/dev/null
  else
    log 'stress-ng is missing and cannot be installed here (needs root and apt)'
    exit 2
  fi
fi

stress-ng --cpu 2 --quiet &
load=$!
trap 'kill "$load" 2>/dev/null || true; wait "$load" 2>/dev/null || true' EXIT
log "stress-ng --cpu 2 (pid $load) runs until the last run ends"

results=()
status=0
for run in $(seq 1 "$runs"); do
  log "run $run of $runs: DC_LAYERS=vscode,e2e under load"
  out="$(mktemp)"
  if DC_REQUIRE_HOSTS=1 DC_LAYERS=vscode,e2e node test/run.mjs 2>&1 | tee "$out"; then :; fi
  summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1 || true)"
  rm -f "$out"
  results+=("run $run: ${summary:-no summary line}")
  [[ "$summary" =~ ^[0-9]+\ passed,\ 0\ failed ]] || status=1
done
printf '%s\n' "${results[@]}"
exit "$status"
