#!/usr/bin/env bash
# Run every check and test: format, lints, release build, Rust tests,
# then the e2e suite against the real node. Same profile and features as scripts/dev.sh, so
# nothing compiles twice. Ends with a timing table of every step and e2e file.
#
# Lints run every time: clippy's extra check build of the dependency graph costs about 3 minutes
# cold and seconds warm here (README, "Build and test times"), well within a cold CI run's budget.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

timings="$(mktemp)"
export AGORA_TIMINGS="$timings"
start=$(date +%s)

step() { printf '\n==> %s (%s)\n' "$*" "$(date +%H:%M:%S)"; }

# timed NAME CMD...: run CMD, record its wall time under NAME.
timed() {
  local name="$1" t0 rc=0
  shift
  step "$name"
  t0=$(date +%s)
  "$@" || rc=$?
  printf '%s\t%s\n' "$name" "$(( $(date +%s) - t0 ))" >>"$timings"
  return "$rc"
}

report() {
  local rc=$?
  printf '\n==> timings (s)\n'
  while IFS=$'\t' read -r name secs; do
    printf '  %-40s %8s\n' "$name" "$secs"
  done <"$timings"
  printf '  %-40s %8s\n' "total" "$(( $(date +%s) - start ))"
  rm -f "$timings"
  if [ "$rc" -eq 0 ]; then
    printf '\n==> all tests passed in %ss\n' "$(( $(date +%s) - start ))"
  else
    printf '\n==> FAILED (exit %s) after %ss\n' "$rc" "$(( $(date +%s) - start ))"
  fi
}
trap report EXIT

timed "setup" scripts/setup.sh

timed "cargo fmt --check" cargo fmt --all -- --check

timed "clippy (scripts/lint.sh)" scripts/lint.sh

timed "release build of agora-node" cargo build --release --locked -p agora-node

timed "Rust tests (unit, pallet, runtime)" cargo test --release --locked --workspace

timed "JS client package unit tests" bash -c 'cd clients/js && npm test'

timed "dashboard unit tests" bash -c 'cd dashboard && npm test'

timed "end-to-end suite (whole)" bash -c 'cd e2e && AGORA_NODE="$0" npm test' "$AGORA_NODE_BIN"
