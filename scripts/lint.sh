#!/usr/bin/env bash
# Lints: clippy over the whole workspace, every target, warnings as errors. Run it before every
# commit. The runtime crates and pallets also deny unwrap/expect, indexing and unchecked
# arithmetic outside their tests, mocks and benchmarks (see each crate's lib.rs).
#
# It uses --release like every other command here, so it shares build scripts and proc macros
# with the release build; the dependency graph itself is checked once more (metadata only).
# scripts/test.sh runs it too.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# Value that backs a promise lives in a pallet's pot and moves by transfers that respect locks and
# freezes (issue 12, finding 4): no pallet may move funds with `Fortitude::Force`.
if grep -rn --include='*.rs' 'Fortitude::Force' pallets/ | grep -v '^\S*:\s*//'; then
  echo "lint: Fortitude::Force under pallets/ (use a pot and a polite transfer)" >&2
  exit 1
fi

cargo clippy --release --locked --workspace --all-targets -- -D warnings
