#!/usr/bin/env bash
# A local network of four validators (Alice, Bob, Charlie, Dave) on 127.0.0.1, each with its own
# base path and ports. Ctrl-C stops all of them.
#   Alice:   p2p 30333, RPC 9944     Bob:  p2p 30334, RPC 9945
#   Charlie: p2p 30335, RPC 9946     Dave: p2p 30336, RPC 9947
# Set AGORA_TESTNET_DIR to keep the chain data somewhere else (default: a fresh temp folder).
# Set SKIP_BUILD=1 to use the binary already built.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  scripts/setup.sh
  cargo build --release --locked -p agora-node
fi

dir="${AGORA_TESTNET_DIR:-$(mktemp -d -t agora-testnet-XXXXXX)}"
mkdir -p "$dir"
echo "chain data and logs in $dir"

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo "stopping validators..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
  echo "stopped"
  exit 0
}
trap cleanup INT TERM EXIT

# Fixed node keys (validators must have one): Alice's makes her peer id predictable, so the
# others can use her as bootnode. Never reuse these keys outside a local test network.
node_key() { printf '%064x' "$1"; }
alice_peer=$("$AGORA_NODE" key inspect-node-key --file <(node_key 1))

i=0
for name in alice bob charlie dave; do
  p2p=$((30333 + i)); rpc=$((9944 + i))
  extra=(--node-key "$(node_key $((i + 1)))")
  if [ "$name" != alice ]; then
    extra+=(--bootnodes "/ip4/127.0.0.1/tcp/30333/p2p/$alice_peer")
  fi
  "$AGORA_NODE" --chain local --"$name" \
    --base-path "$dir/$name" --rpc-port "$rpc" \
    --listen-addr "/ip4/127.0.0.1/tcp/$p2p" --no-mdns --no-prometheus --no-telemetry \
    --rpc-cors all "${extra[@]}" >"$dir/$name.log" 2>&1 &
  pids+=($!)
  echo "$name: p2p $p2p, RPC ws://127.0.0.1:$rpc, log $dir/$name.log"
  i=$((i + 1))
done

echo "four validators running; Ctrl-C to stop"
tail -n 0 -f "$dir/alice.log" &
pids+=($!)
wait
