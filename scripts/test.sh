#!/usr/bin/env bash
# Run every check and test: format, lints (when warm, see below), release build, Rust tests,
# then the e2e suite against the real node. Same profile and features as scripts/dev.sh, so
# nothing compiles twice. Ends with a timing table of every step and e2e file.
#
# Lints: `scripts/lint.sh` (clippy) compiles the dependency graph a second time in check mode.
# This script runs it whenever that work is already done in $CARGO_TARGET_DIR (a marker left by
# an earlier clippy run), and skips it, saying so, on a cold target folder, where it would
# cost a cold CI run its time budget. AGORA_LINT=1 forces it, AGORA_LINT=0 skips it.
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

lint="${AGORA_LINT:-auto}"
if [ "$lint" = auto ]; then
  if scripts/lint.sh --is-warm; then lint=1; else lint=0; fi
fi
if [ "$lint" = 1 ]; then
  timed "clippy (scripts/lint.sh)" scripts/lint.sh
else
  step "clippy skipped: its check build is cold here (run scripts/lint.sh, or AGORA_LINT=1)"
fi

timed "release build of agora-node" cargo build --release --locked -p agora-node

timed "Rust tests (unit, pallet, runtime)" cargo test --release --locked --workspace

timed "end-to-end suite (whole)" bash -c 'cd e2e && AGORA_NODE="$0" npm test' "$AGORA_NODE_BIN"
