//! One page through the parser: any text is facts and diagnostics, never a panic or a hang.
//!
//!     cargo +nightly fuzz run page -- -max_total_time=1800
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let pages = graphdoc_codegen::parse::parse_file("api/fuzzed.md", text);
    assert!(!pages.is_empty());
    for d in pages.iter().flat_map(|page| &page.diagnostics) {
        assert!(d.location.line >= 1 && d.location.col >= 1, "{d}");
    }
});
