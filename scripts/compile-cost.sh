#!/usr/bin/env bash
# What the generated models cost to compile: a fresh `cargo check` of the models crate of a docs
# corpus (default: the v1.0 corpus beside the checkout), whole and for `/me/**` alone, each the
# median of three runs with its rustc peak memory (GNU time's maximum resident set). The
# dependencies are checked once before, so only the models crate is timed.
# Not part of CI: it generates and checks about 200,000 lines of Rust (a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/corpus.sh "${1:-}"
runs=${RUNS:-3}
target=$PWD/target/compile-cost-target
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)" >&2; exit 1; }
cargo build --quiet --release -p graphdoc-codegen --features cli
measure() {
  local name=$1; shift
  local out=target/compile-cost/$name
  ./target/release/graphdoc-codegen generate --docs "$corpus" --out "$out" --quiet "$@" 2> /dev/null
  CARGO_TARGET_DIR=$target cargo check --quiet --lib --manifest-path "$out/rust/Cargo.toml"
  local results=()
  for _ in $(seq "$runs"); do
    CARGO_TARGET_DIR=$target cargo clean --quiet -p graph-models --manifest-path "$out/rust/Cargo.toml"
    results+=("$(/usr/bin/time -f '%e %M' env CARGO_TARGET_DIR="$target" cargo check --quiet --lib --manifest-path "$out/rust/Cargo.toml" 2>&1 | tail -n 1)")
  done
  local median
  median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  printf '%-8s %7s lines of models: cargo check %6.2f s (median of %s), rustc peak %5.0f MB\n' \
    "$name" "$(wc -l < "$out/rust/src/models.rs")" "${median% *}" "$runs" "$(echo "${median#* } / 1024" | bc -l)"
}
measure whole
measure me --include-path '/me/**'
