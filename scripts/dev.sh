#!/usr/bin/env bash
# Set up, build, and run a development chain (Alice validates alone; state in a temp folder).
# Extra arguments go to agora-node, e.g. scripts/dev.sh --rpc-port 9955
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh
cargo build --release --locked -p agora-node
exec "$AGORA_NODE" --dev --tmp "$@"
