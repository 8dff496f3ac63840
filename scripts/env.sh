# Shared settings for the scripts (sourced, not run).
# One cargo profile (--release) and one feature set everywhere, and one target folder shared with
# CI, so dependencies compile once per machine.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/agora/target}"
AGORA_NODE_BIN="$CARGO_TARGET_DIR/release/agora-node"
export AGORA_NODE="${AGORA_NODE:-$AGORA_NODE_BIN}"
# Build the second runtime blob (spec_version + 1) the runtime-upgrade e2e test applies
# (runtime/build.rs). Every script sets the same value, so switching scripts rebuilds nothing.
export AGORA_UPGRADE_WASM="${AGORA_UPGRADE_WASM:-1}"
