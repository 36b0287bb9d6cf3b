#!/usr/bin/env bash
# What a one-page change costs a crate whose build.rs generates its models (the README's
# `compile_models`): a crate like tests/consumer is made in target/, built once, then one page of
# its docs is edited (a sentence added to a description) and the crate rebuilt, three times. It
# prints the median rebuild time, and how much of it the build script's generation took (the
# build script times `compile_models` itself); the rest is rustc compiling the models.
# Default docs: a copy of docs-input/; pass a folder (the v1.0 corpus) to measure a large tree.
# Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
docs=${1:-docs-input}
work=$root/target/build-rs-change
rm -rf "$work/crate"
mkdir -p "$work/crate/src"
cp -r "$docs" "$work/crate/docs"
cat > "$work/crate/Cargo.toml" <<TOML
[package]
name = "build-rs-change"
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
graphdoc-codegen = { path = "$root/generator" }

[profile.dev.build-override]
opt-level = 2

[workspace]
TOML
cat > "$work/crate/build.rs" <<'RS'
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = std::time::Instant::now();
    graphdoc_codegen::Config::new().docs("docs").cargo_messages(true).compile_models()?;
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out.join("generation-ms"), started.elapsed().as_millis().to_string())?;
    Ok(())
}
RS
echo 'include!(concat!(env!("OUT_DIR"), "/models.rs"));' > "$work/crate/src/lib.rs"
export CARGO_TARGET_DIR=$work/target
cargo build --quiet --manifest-path "$work/crate/Cargo.toml" 2> /dev/null
page=$(grep -rl "^## Properties" "$work/crate/docs" | sort | sed -n 1p)
results=()
for n in 1 2 3; do
  # One more sentence in the page's first paragraph after its title.
  sed -i "0,/^# /{/^# /a\\
\\
Edited $n.
}" "$page"
  start=$(date +%s.%N)
  cargo build --quiet --manifest-path "$work/crate/Cargo.toml" 2> /dev/null
  end=$(date +%s.%N)
  generation=$(cat "$(ls -td "$work"/target/debug/build/build-rs-change-*/out | sed -n 1p)/generation-ms")
  results+=("$(echo "$end - $start" | bc) $generation")
done
median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n 2p)
printf 'one-page change in %s (%s pages): rebuild %.2f s (median of 3), of which compile_models %s ms\n' \
  "$docs" "$(find "$work/crate/docs" -name '*.md' | wc -l)" "${median% *}" "${median#* }"
