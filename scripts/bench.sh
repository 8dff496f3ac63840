#!/usr/bin/env bash
# Regenerate the pallets' weights.rs from real benchmark runs on this machine.
# Builds agora-node with the runtime-benchmarks feature (a separate build from the normal one).
#   scripts/bench.sh                 # every Agora pallet
#   scripts/bench.sh pallet_validators
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh
cargo build --release --locked -p agora-node --features runtime-benchmarks

declare -A dirs=(
  [pallet_storage_proofs]=pallets/storage-proofs
  [pallet_validators]=pallets/validators
  [pallet_providers]=pallets/providers
  [pallet_agreements]=pallets/agreements
  [pallet_reputation]=pallets/reputation
  [pallet_disputes]=pallets/disputes
  [pallet_committee_voters]=pallets/committee-voters
  [pallet_jobs]=pallets/jobs
)
pallets=("$@")
if [ ${#pallets[@]} -eq 0 ]; then pallets=("${!dirs[@]}"); fi

for pallet in "${pallets[@]}"; do
  crate="${pallet//_/-}"
  echo "==> benchmark tests of $crate on its mock runtime"
  cargo test --release --locked -p "$crate" --features runtime-benchmarks benchmarking
  out="${dirs[$pallet]}/src/weights.rs"
  echo "==> benchmarking $pallet -> $out"
  "$AGORA_NODE_BIN" benchmark pallet \
    --runtime "$CARGO_TARGET_DIR/release/wbuild/agora-runtime/agora_runtime.compact.compressed.wasm" \
    --genesis-builder-preset development \
    --pallet "$pallet" --extrinsic '*' \
    --steps 50 --repeat 20 \
    --wasm-execution compiled \
    --heap-pages 4096 \
    --template scripts/frame-weight-template.hbs \
    --output "$out"
done
