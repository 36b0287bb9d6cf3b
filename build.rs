//! Runs the generator on `docs-input/` so the crate always reflects the docs. Doc defects are
//! summarized as warnings; only what stops generation (no docs folder, an unwritable output)
//! fails the build.

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let docs = root.join("docs-input");
    // Any rerun-if-changed line turns off cargo's scan of the whole package: only the docs
    // folder (cargo watches its contents recursively) and this script trigger a rerun.
    println!("cargo:rerun-if-changed=docs-input");
    println!("cargo:rerun-if-changed=build.rs");
    match generator::generate(&docs, &out) {
        Ok(generation) => {
            if !generation.diagnostics.is_empty() {
                println!(
                    "cargo:warning={} doc diagnostics in docs-input/ (run `cargo run -p generator -- generate` to list them)",
                    generation.diagnostics.len()
                );
            }
        }
        Err(e) => {
            eprintln!("error: generating from {}: {e}", docs.display());
            std::process::exit(1);
        }
    }
}
