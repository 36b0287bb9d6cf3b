//! Pages through the whole pipeline, every output included: the input is split into up to four
//! pages at NUL bytes, two under `api/` and two under `resources/`, so routes, examples and the
//! types they name meet. Every output must be UTF-8 and the Rust must parse.
//!
//!     cargo +nightly fuzz run pipeline -- -max_total_time=1800
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let folders = ["api/a.md", "resources/a.md", "api/b.md", "resources/b.md"];
    let sources: Vec<graphdoc_codegen::Source> = text
        .split('\0')
        .zip(folders)
        .map(|(page, path)| graphdoc_codegen::Source::new(path, page))
        .collect();
    let Ok(generation) = graphdoc_codegen::generate_from_sources(&sources, "docs") else {
        return;
    };
    for (path, bytes) in &generation.files {
        let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        if path.ends_with(".rs") {
            assert!(!text.contains("compile_error!"), "{path} holds an item that did not parse");
        }
    }
});
