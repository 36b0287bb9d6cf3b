//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use graphdoc_codegen::{Generation, Source};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The v1.0 corpus beside the checkout (`../shared/corpus/graph-v1.0`), as CI lays it out.
pub fn corpus() -> PathBuf {
    let dir = root().join("../shared/corpus/graph-v1.0");
    assert!(
        dir.is_dir(),
        "the corpus is expected at {}; CI clones the repo beside `shared/`",
        dir.display()
    );
    dir
}

pub fn generate(dir: &Path) -> Generation {
    let sources = graphdoc_codegen::read_docs(dir).expect("the docs folder is readable");
    graphdoc_codegen::generate_from_sources(&sources, "docs").expect("generation succeeds")
}

pub fn sources(dir: &Path) -> Vec<Source> {
    graphdoc_codegen::read_docs(dir)
        .expect("the docs folder is readable")
        .pages
}

/// Copies every file of `from` into `to`, in reverse order of their paths, so that a file
/// system that lists by creation order lists them differently.
pub fn copy_reversed(from: &Path, to: &Path) {
    let mut files: Vec<PathBuf> = walk(from);
    files.sort();
    files.reverse();
    for file in files {
        let relative = file.strip_prefix(from).expect("below the source folder");
        let target = to.join(relative);
        std::fs::create_dir_all(target.parent().expect("has a parent"))
            .expect("can create folders");
        std::fs::copy(&file, &target).expect("can copy");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
