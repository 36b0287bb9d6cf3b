#!/usr/bin/env bash
# Real clients of a corpus's OpenAPI document (default: the v1.0 corpus beside the checkout):
# progenitor generates a Rust client and `cargo check` compiles it; openapi-typescript writes the
# TypeScript types and `tsc --noEmit --strict` checks them. Prints each step's time. Not part of
# CI (a few minutes); CI runs the same on docs-input's generated/openapi.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/corpus.sh "${1:-}"
out=target/clients-corpus
tools=target/ci-tools/node
mkdir -p "$out"
if [ ! -x "$tools/node_modules/.bin/openapi-typescript" ]; then
  npm install --silent --no-audit --no-fund --prefix "$tools" openapi-typescript@7.13.0 typescript@5.9.3
fi
bin="$tools/node_modules/.bin"
timed() {
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  awk -v l="$label" -v s="$start" -v e="$end" 'BEGIN { printf "%-44s %8.1f s\n", l, e - s }'
}
cargo build --release -p graphdoc-codegen --features cli
timed "generate" ./target/release/graphdoc-codegen generate --docs "$corpus" --out "$out" 2> "$out.log"
document=$(realpath "$out/openapi.yaml")
echo "$(grep -c '^  /' "$document") paths in $document"
timed "progenitor: generate + cargo check" env OPENAPI="$document" CARGO_TARGET_DIR=target/clients \
  cargo check --quiet --manifest-path tests/clients/progenitor/Cargo.toml
client=$(ls -t target/clients/debug/build/progenitor-client-check-*/out/client.rs | head -n 1)
echo "progenitor's client: $(wc -l < "$client") lines"
timed "openapi-typescript" "$bin/openapi-typescript" "$document" -o "$out/openapi.d.ts"
timed "tsc --noEmit --strict" "$bin/tsc" --noEmit --strict "$out/openapi.d.ts"
echo "clean: progenitor's client compiles and the TypeScript types check"
