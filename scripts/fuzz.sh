#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ (README, "Fuzzing"). Not part of CI.
#
#   scripts/fuzz.sh                      # every target, 600 s each
#   scripts/fuzz.sh merkle_verify 60     # one target, 60 s
#   scripts/fuzz.sh all 60               # every target, 60 s each
#
# Targets: merkle_verify, call_decode, data_rpc_parse. Installs cargo-fuzz if it is missing;
# uses the nightly toolchain when installed, else stable with RUSTC_BOOTSTRAP=1. Builds and runs
# at the lowest CPU priority (nice 19) into fuzz/target, never into $CARGO_TARGET_DIR. The
# corpus grows in fuzz/corpus/<target> (seeded from fuzz/seeds/<target>), crashes land in
# fuzz/artifacts/<target>, each run's log in fuzz/logs/<target>.log; the summary lines at the
# end are what README's results table quotes. Exits non-zero if a target found a crash.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

ALL=(merkle_verify call_decode data_rpc_parse)
target="${1:-all}"
seconds="${2:-600}"
if [[ "$target" == all ]]; then
  targets=("${ALL[@]}")
else
  [[ " ${ALL[*]} " == *" $target "* ]] || { echo "unknown target $target (one of: ${ALL[*]}, all)" >&2; exit 2; }
  targets=("$target")
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  nice -n 19 cargo install cargo-fuzz --locked
fi
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi

# fuzz/target, not the main build's folder; the runtime's wasm blob is not needed to decode.
unset CARGO_TARGET_DIR
export SKIP_WASM_BUILD=1
# Release with debug assertions and overflow checks, AddressSanitizer (cargo-fuzz's default).
build_flags=(-O --debug-assertions)

mkdir -p logs
nice -n 19 "${fuzz[@]}" build "${build_flags[@]}"

failed=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t" "seeds/$t"
  dict=()
  [[ -f "dicts/$t.dict" ]] && dict=("-dict=dicts/$t.dict")
  echo "== $t: ${seconds} s"
  start=$(date +%s)
  set +e
  nice -n 19 "${fuzz[@]}" run "${build_flags[@]}" "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="artifacts/$t/" "${dict[@]}" >"logs/$t.log" 2>&1
  rc=$?
  set -e
  end=$(date +%s)
  summary=$(grep -E '^#[0-9]+\s+(DONE|pulse|NEW|REDUCE|INITED)' "logs/$t.log" | tail -1 || true)
  runs=$(grep -E '^Done [0-9]+ runs' "logs/$t.log" | tail -1 || true)
  echo "   $summary"
  echo "   ${runs:-no 'Done' line} (wall $((end - start)) s), corpus: $(ls "corpus/$t" | wc -l) files"
  if [[ $rc -ne 0 ]]; then
    failed=1
    echo "   FAILED (exit $rc): see fuzz/logs/$t.log and fuzz/artifacts/$t/" >&2
    grep -E 'panicked at|ERROR: libFuzzer|SUMMARY' "logs/$t.log" | head -5 >&2 || true
  fi
done
exit "$failed"
