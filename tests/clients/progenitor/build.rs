//! Generates the client from the OpenAPI document (`OPENAPI`, default `generated/openapi.yaml`).

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let document = std::env::var_os("OPENAPI")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("generated/openapi.yaml"));
    println!("cargo:rerun-if-changed={}", document.display());
    println!("cargo:rerun-if-env-changed=OPENAPI");
    let text = std::fs::read_to_string(&document)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", document.display()));
    let spec: openapiv3::OpenAPI = serde_yaml::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not an OpenAPI document: {e}", document.display()));
    let mut generator = progenitor::Generator::default();
    let tokens = generator
        .generate_tokens(&spec)
        .unwrap_or_else(|e| panic!("progenitor rejects {}: {e}", document.display()));
    let file: syn::File = syn::parse2(tokens).expect("progenitor's output parses");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("client.rs"), prettyplease::unparse(&file)).expect("OUT_DIR is writable");
}
