#!/usr/bin/env bash
# What the generator costs a crate that uses it as a build dependency (the README's
# `compile_models` build script), in the user's default dev profile, with no profile override:
#   1. cold: the crate built in a fresh target folder; the crates cargo compiles and the time;
#   2. warm: the build script's `compile_models` alone on a docs folder (default: the v1.0 corpus
#      beside the checkout), unoptimized as cargo builds build dependencies by default, the
#      median of three runs (the build script times itself).
# `FEATURES=outputs scripts/build-dep-cost.sh` measures with the generator's features on;
# `OPT=2` with `[profile.dev.build-override] opt-level = 2` in the crate, the override README
# weighs.
# Not part of CI: a cold build compiles every dependency (a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. scripts/corpus.sh "${1:-}"
features=${FEATURES:-}
opt=${OPT:-}
work=$root/target/build-dep-cost
rm -rf "$work"
mkdir -p "$work/crate/src"
cp -r docs-input "$work/crate/docs"
cat > "$work/crate/Cargo.toml" <<TOML
[package]
name = "build-dep-cost"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
serde = "1"
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
uuid = { version = "1", features = ["serde"] }
base64 = "0.22"

[build-dependencies]
graphdoc-codegen = { path = "$root/generator", features = [$(printf '"%s"' "$features" | sed 's/,/", "/g; s/^""$//')] }

[workspace]
TOML
if [ -n "$opt" ]; then
  printf '\n[profile.dev.build-override]\nopt-level = %s\n' "$opt" >> "$work/crate/Cargo.toml"
fi
cat > "$work/crate/build.rs" <<'RS'
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let docs = std::env::var("BUILD_DEP_COST_DOCS").unwrap_or_else(|_| "docs".to_owned());
    println!("cargo:rerun-if-env-changed=BUILD_DEP_COST_DOCS");
    let started = std::time::Instant::now();
    graphdoc_codegen::Config::new().docs(&docs).compile_models()?;
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out.join("generation-ms"), started.elapsed().as_millis().to_string())?;
    Ok(())
}
RS
echo 'include!(concat!(env!("OUT_DIR"), "/models.rs"));' > "$work/crate/src/lib.rs"
cp Cargo.lock "$work/crate/Cargo.lock"
export CARGO_TARGET_DIR=$work/target
# Fetch first, so the cold build times compiling alone.
cargo fetch --quiet --manifest-path "$work/crate/Cargo.toml"
start=$(date +%s.%N)
cargo build --manifest-path "$work/crate/Cargo.toml" 2> "$work/cold.log"
end=$(date +%s.%N)
compiled=$(grep -c '^ *Compiling ' "$work/cold.log")
generator=$(cargo tree --quiet --manifest-path "$work/crate/Cargo.toml" -e normal,build --prefix none \
  -p graphdoc-codegen 2> /dev/null | sed 's/ (\*)$//; s/ (proc-macro)//; s/ (\/.*)$//' | sort -u | wc -l)
printf 'cold build (features: %s, build-override opt-level: %s): %s crates compiled in %.1f s; the generator and its dependencies: %s crates\n' \
  "${features:-none}" "${opt:-none}" "$compiled" "$(echo "$end - $start" | bc)" "$generator"
# The build script's generation on the larger docs, in the dev profile cargo gives build scripts.
results=()
for n in 1 2 3; do
  touch "$work/crate/build.rs"
  BUILD_DEP_COST_DOCS=$(realpath "$corpus") cargo build --quiet --manifest-path "$work/crate/Cargo.toml" 2> /dev/null
  results+=("$(cat "$(ls -td "$work"/target/debug/build/build-dep-cost-*/out | sed -n 1p)/generation-ms")")
done
printf 'compile_models on %s (%s pages), dev profile: %s ms (median of 3: %s)\n' \
  "$corpus" "$(find "$corpus" -name '*.md' | wc -l)" \
  "$(printf '%s\n' "${results[@]}" | sort -n | sed -n 2p)" "${results[*]}"
