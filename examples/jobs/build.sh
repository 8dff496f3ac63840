#!/usr/bin/env bash
# Rebuilds the example jobs and copies the modules next to this script:
# examples/jobs/wordcount.wasm and examples/jobs/sha256.wasm.
# Each job is its own tiny workspace (no dependencies); the target is wasm32v1-none
# (see .cargo/config.toml). Set CARGO_TARGET_DIR to share a target folder; the lock keeps
# concurrent cargo runs on a small machine from competing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/agora-examples-target}"
lock="${AGORA_CARGO_LOCK:-/tmp/agora-cargo.lock}"
for job in wordcount sha256; do
	(cd "$here/$job" && flock "$lock" cargo build --release --target wasm32v1-none)
	install -m 644 "$CARGO_TARGET_DIR/wasm32v1-none/release/agora_job_$job.wasm" "$here/$job.wasm"
	echo "$job.wasm: $(wc -c <"$here/$job.wasm") bytes, sha256 $(sha256sum "$here/$job.wasm" | cut -d' ' -f1)"
done
