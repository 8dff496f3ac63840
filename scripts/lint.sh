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

cargo clippy --release --locked --workspace --all-targets -- -D warnings
