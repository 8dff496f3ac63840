#!/usr/bin/env bash
# Run every check and test: format, release build, Rust tests, then the e2e suite against the
# real node. Same profile and features as scripts/dev.sh, so nothing compiles twice.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

step() { printf '\n==> %s (%s)\n' "$*" "$(date +%H:%M:%S)"; }
start=$(date +%s)

step "setup"
scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "release build of agora-node"
cargo build --release --locked -p agora-node

step "Rust tests (unit, pallet, runtime)"
cargo test --release --locked --workspace

step "end-to-end tests (real agora-node + @polkadot/api)"
(cd e2e && AGORA_NODE="$AGORA_NODE_BIN" npm test)

printf '\n==> all tests passed in %ss\n' "$(( $(date +%s) - start ))"
