//! The library as a build dependency, the way a user's crate meets it: README's build script in a
//! crate of its own, built by cargo.

use std::path::Path;
use std::process::Command;

/// README's build script in a new crate whose `docs` folder is missing: the build fails, and
/// what cargo prints of it is the error's sentence, not its variant (`main` returns
/// `Box<dyn Error>`, which prints with `Debug`).
#[test]
fn a_build_script_without_its_docs_says_why_in_a_sentence() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let generator = root.join("generator");
    let manifest = format!(
        "[package]\nname = \"no-docs\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [build-dependencies]\ngraphdoc-codegen = {{ path = {:?} }}\n\n[workspace]\n",
        generator.to_string_lossy()
    );
    std::fs::write(dir.path().join("Cargo.toml"), manifest).expect("writes");
    // The workspace's lock, so the build takes the versions the workspace builds with.
    std::fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock")).expect("copies");
    std::fs::create_dir(dir.path().join("src")).expect("writes");
    std::fs::write(dir.path().join("src/lib.rs"), "").expect("writes");
    let build_rs = "fn main() -> Result<(), Box<dyn std::error::Error>> {\n    \
                    graphdoc_codegen::Config::new().docs(\"docs\").compile_models()?;\n    Ok(())\n}\n";
    std::fs::write(dir.path().join("build.rs"), build_rs).expect("writes");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .arg("build")
        .arg("--quiet")
        .current_dir(dir.path())
        // A target folder of its own: the one running these tests is locked.
        .env("CARGO_TARGET_DIR", root.join("target/build-script-test"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("Error: the docs folder `docs` does not exist or is not a folder"),
        "{stderr}"
    );
    assert!(!stderr.contains("DocsMissing"), "{stderr}");
}
