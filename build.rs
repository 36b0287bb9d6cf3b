//! Runs the generator on `docs-input/` so the crate always reflects the docs, and on the test
//! fixtures so their generated Rust is compiled too. Doc defects are summarized as warnings;
//! only what stops generation (no docs folder, an unwritable output) fails the build.

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // Any rerun-if-changed line turns off cargo's scan of the whole package: only these
    // folders (cargo watches their contents recursively) and this script trigger a rerun.
    println!("cargo:rerun-if-changed=build.rs");
    generate(
        &root.join("docs-input"),
        &out.join("docs-input"),
        "docs-input",
    );
    generate(
        &root.join("tests/fixtures"),
        &out.join("fixtures"),
        "tests/fixtures",
    );
}

fn generate(docs: &Path, out: &Path, label: &str) {
    println!("cargo:rerun-if-changed={label}");
    match graphdoc_codegen::Config::new()
        .docs(docs)
        .out_dir(out)
        .generate()
    {
        Ok(generation) => {
            if label == "docs-input" && !generation.diagnostics.is_empty() {
                println!(
                    "cargo:warning={} doc diagnostics in {label}/ (run `{}` to list them)",
                    generation.diagnostics.len(),
                    graphdoc_codegen::label::REGENERATE
                );
            }
        }
        Err(e) => {
            eprintln!("error: generating from {}: {e}", docs.display());
            std::process::exit(1);
        }
    }
}
