#!/usr/bin/env bash
# Generates the Rust models of a whole docs corpus (default: the v1.0 corpus beside the checkout)
# and checks that they compile with warnings denied and pass clippy. Not part of CI: it compiles
# about 120,000 lines of generated Rust.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/graph-v1.0}
out=target/corpus-models
mkdir -p "$out"
start=$(date +%s.%N)
cargo run --quiet --release -p generator -- generate --docs "$corpus" --out "$out" 2> "$out/diagnostics.txt"
tail -n 1 "$out/diagnostics.txt"
echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s: $(wc -l < "$out/rust/src/models.rs") lines of Rust"
start=$(date +%s.%N)
CARGO_TARGET_DIR=target/corpus-models-target cargo clippy --quiet --manifest-path "$out/rust/Cargo.toml" -- -D warnings
echo "cargo clippy -D warnings passed in $(echo "$(date +%s.%N) - $start" | bc) s"
