#!/usr/bin/env bash
# Lints: clippy over the whole workspace, every target, warnings as errors. Run it before every
# commit. The runtime crates and pallets also deny unwrap/expect, indexing and unchecked
# arithmetic outside their tests, mocks and benchmarks (see each crate's lib.rs).
#
# It uses --release like every other command here, so it shares build scripts and proc macros
# with the release build; the dependency graph itself is checked once more (metadata only).
#
#   scripts/lint.sh              run clippy; on success leave a marker in $CARGO_TARGET_DIR
#   scripts/lint.sh --is-warm    exit 0 if clippy already ran in this target folder (so a new
#                                run only checks what changed), 1 otherwise
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

marker="$CARGO_TARGET_DIR/.agora-clippy-warm"

if [ "${1:-}" = "--is-warm" ]; then
  [ -f "$marker" ]
  exit
fi

cargo clippy --release --locked --workspace --all-targets -- -D warnings
mkdir -p "$CARGO_TARGET_DIR"
date -u +%FT%TZ >"$marker"
