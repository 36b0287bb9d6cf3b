//! The docs folder a benchmark measures: the one named on its command line, else the v1.0
//! corpus (`$GRAPHDOC_CORPUS`, by default `../shared/corpus/graph-v1.0` beside the checkout).

use std::path::PathBuf;

/// `named`, or the v1.0 corpus; exits with a message saying where to get it when it is absent.
pub fn docs(named: Option<PathBuf>) -> PathBuf {
    let (dir, from) = match named {
        Some(dir) => (dir, "the command line"),
        None => match std::env::var_os("GRAPHDOC_CORPUS") {
            Some(dir) => (PathBuf::from(dir), "GRAPHDOC_CORPUS"),
            None => (
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/graph-v1.0"),
                "the default",
            ),
        },
    };
    if !dir.is_dir() {
        eprintln!(
            "error: no docs folder at {} ({from}): this benchmark measures the v1.0 corpus, \
             ../shared/corpus/graph-v1.0 beside the checkout; set GRAPHDOC_CORPUS to its folder \
             or name a docs folder (tests/corpus-sample/graph-v1.0 is a sample of it)",
            dir.display()
        );
        std::process::exit(2);
    }
    dir
}
