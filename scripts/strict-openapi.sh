#!/usr/bin/env bash
# The strictest readers of a corpus's OpenAPI document (default: the v1.0 corpus beside the
# checkout): Spectral's `spectral:oas` ruleset (errors fail the script; its counts by rule are
# printed), then Prism's mock, timed from its start until it answers a documented request, for
# the whole document and for the document of `--include-path` patterns alone (`/me/**` by
# default; PRISM_PATHS to change it), each given PRISM_SECONDS (default 120) to start.
# Not part of CI (a few minutes); CI runs Spectral on docs-input's and the corpus's documents.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/corpus.sh "${1:-}"
seconds=${PRISM_SECONDS:-120}
paths=${PRISM_PATHS:-/me/**}
out=target/strict-openapi
tools=target/ci-tools/node
mkdir -p "$out"
if [ ! -x "$tools/node_modules/.bin/spectral" ] || [ ! -x "$tools/node_modules/.bin/prism" ]; then
  npm install --silent --no-audit --no-fund --prefix "$tools" @stoplight/spectral-cli@6.16.3 @stoplight/prism-cli@5.14.2
fi
bin="$tools/node_modules/.bin"
cargo build --quiet --release -p graphdoc-codegen --features cli
./target/release/graphdoc-codegen generate --docs "$corpus" --out "$out/whole" --quiet 2> /dev/null
./target/release/graphdoc-codegen generate --docs "$corpus" --out "$out/part" --quiet --include-path "$paths" 2> /dev/null

echo "== spectral lint (spectral:oas) $out/whole/openapi.yaml"
status=0
"$bin/spectral" lint --ruleset .spectral.yaml --format text --fail-severity error "$out/whole/openapi.yaml" > "$out/spectral.txt" || status=$?
awk 'NF >= 3 { print $2, $3 }' "$out/spectral.txt" | sort | uniq -c | sort -rn
errors=$(awk '$2 == "error"' "$out/spectral.txt" | wc -l)
echo "$errors errors"

# Prism's mock on a document: seconds from its start to a documented request's answer.
prism() {
  local document=$1 route=$2 port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local start now code=000
  start=$(date +%s)
  "$bin/prism" mock --host 127.0.0.1 --port "$port" "$document" > "$out/prism.log" 2>&1 &
  local pid=$!
  while now=$(date +%s); [ $((now - start)) -lt "$seconds" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer x' "http://127.0.0.1:$port$route" || true)
    [ "$code" != 000 ] && break
    kill -0 "$pid" 2> /dev/null || break
    sleep 1
  done
  kill "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  if [ "$code" = 000 ]; then
    echo "prism mock $document: no answer after $((now - start)) s ($(tail -n 1 "$out/prism.log"))"
  else
    echo "prism mock $document: GET $route answered $code after $((now - start)) s"
  fi
}
# A documented GET without parameters: the first such path of each document.
first_get() {
  python3 - "$1" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
print(next(p for p, item in doc["paths"].items() if "get" in item and "{" not in p))
PY
}
if python3 -c 'import yaml' 2> /dev/null; then
  for part in part whole; do
    prism "$out/$part/openapi.yaml" "$(first_get "$out/$part/openapi.yaml")"
  done
else
  prism "$out/part/openapi.yaml" /me
  prism "$out/whole/openapi.yaml" /me
fi
[ "$status" = 0 ] && [ "$errors" = 0 ]
