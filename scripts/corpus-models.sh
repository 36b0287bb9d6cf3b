#!/usr/bin/env bash
# Generates the Rust models and case tests of a whole docs corpus (default: the v1.0 corpus beside
# the checkout), checks that the models pass clippy with warnings denied, and runs every case
# test: each documented example through the models, known docs defects asserted to still fail.
# Not part of CI: it compiles about 270,000 lines of generated Rust (a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/corpus.sh "${1:-}"
out=target/corpus-models
mkdir -p "$out"
target=target/corpus-models-target
start=$(date +%s.%N)
cargo run --quiet --release -p graphdoc-codegen --features cli -- generate --docs "$corpus" --out "$out" 2> "$out/diagnostics.txt"
tail -n 1 "$out/diagnostics.txt"
echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s: $(wc -l < "$out/rust/src/models.rs") lines of models, $(wc -l < "$out/rust/src/cases.rs") lines of case tests"
start=$(date +%s.%N)
CARGO_TARGET_DIR=$target cargo clippy --quiet --manifest-path "$out/rust/Cargo.toml" -- -D warnings
echo "cargo clippy -D warnings passed in $(echo "$(date +%s.%N) - $start" | bc) s"
start=$(date +%s.%N)
CARGO_TARGET_DIR=$target cargo test --quiet --manifest-path "$out/rust/Cargo.toml" --no-run
echo "case tests compiled in $(echo "$(date +%s.%N) - $start" | bc) s"
start=$(date +%s.%N)
CARGO_TARGET_DIR=$target cargo test --quiet --manifest-path "$out/rust/Cargo.toml" 2>&1 | grep -E "^test result|panicked|FAILED" | head -n 20
echo "case tests ran in $(echo "$(date +%s.%N) - $start" | bc) s"
