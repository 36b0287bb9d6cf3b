//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use graphdoc_codegen::{Generation, Source};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The environment variable naming the whole v1.0 corpus.
pub const CORPUS_VAR: &str = "GRAPHDOC_CORPUS";

/// The whole v1.0 reference: `$GRAPHDOC_CORPUS`, by default `../shared/corpus/graph-v1.0`
/// beside the checkout (as CI lays it out). `None` when the default is not there: the tests
/// over the whole corpus are skipped, and the first to ask says so in one line. A folder the
/// variable names must be there.
pub fn corpus() -> Option<PathBuf> {
    static FOUND: OnceLock<Option<PathBuf>> = OnceLock::new();
    FOUND
        .get_or_init(|| match std::env::var_os(CORPUS_VAR) {
            Some(dir) => {
                let dir = PathBuf::from(dir);
                assert!(
                    dir.is_dir(),
                    "{CORPUS_VAR}={} is not a folder",
                    dir.display()
                );
                Some(dir)
            }
            None => {
                let dir = root().join("../shared/corpus/graph-v1.0");
                if dir.is_dir() {
                    return Some(dir);
                }
                // Straight to the process's stderr: the test harness captures `eprintln!`.
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "note: no v1.0 corpus at {}: the tests over the whole corpus are skipped \
                     (set {CORPUS_VAR} to its folder); the committed sample is tested",
                    dir.display()
                );
                None
            }
        })
        .clone()
}

/// The same reference a month earlier, beside the corpus (`graph-v1.0-2021-06`).
pub fn corpus_june() -> Option<PathBuf> {
    let june = corpus()?.with_file_name("graph-v1.0-2021-06");
    june.is_dir().then_some(june)
}

/// The sample of the v1.0 reference committed under `tests/corpus-sample/`.
pub fn sample() -> PathBuf {
    root().join("tests/corpus-sample/graph-v1.0")
}

/// The sample's pages a month earlier.
pub fn sample_june() -> PathBuf {
    root().join("tests/corpus-sample/graph-v1.0-2021-06")
}

/// The generation of a docs folder, made once per test binary and shared by its tests (they
/// run on threads of one process): a folder is generated once however many tests read it.
pub fn generated(dir: &Path) -> &'static Generation {
    type Cells = Mutex<HashMap<PathBuf, &'static OnceLock<Generation>>>;
    static CELLS: OnceLock<Cells> = OnceLock::new();
    let cell = *CELLS
        .get_or_init(Cells::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .entry(dir.to_path_buf())
        .or_insert_with(|| Box::leak(Box::new(OnceLock::new())));
    cell.get_or_init(|| generate(dir))
}

/// A fresh generation of a docs folder.
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

/// Every output parses with its own format's reader.
pub fn assert_well_formed(files: &std::collections::BTreeMap<String, Vec<u8>>) {
    for (path, bytes) in files {
        let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        match std::path::Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
        {
            Some("yaml") => {
                serde_yaml::from_str::<serde_yaml::Value>(text)
                    .unwrap_or_else(|e| panic!("{path} is not YAML: {e}"));
            }
            Some("xml") => {
                let mut reader = quick_xml::Reader::from_str(text);
                reader.config_mut().check_end_names = true;
                loop {
                    match reader.read_event() {
                        Ok(quick_xml::events::Event::Eof) => break,
                        Ok(
                            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e),
                        ) => {
                            for attribute in e.attributes() {
                                let attribute = attribute.unwrap_or_else(|e| panic!("{path}: {e}"));
                                attribute
                                    .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                                    .unwrap_or_else(|e| panic!("{path}: {e}"));
                            }
                        }
                        Ok(_) => {}
                        Err(e) => panic!("{path} is not XML at {}: {e}", reader.error_position()),
                    }
                }
                // XML 1.0 forbids these characters even escaped.
                assert!(
                    !text.chars().any(|c| (c < ' ' && !"\t\n\r".contains(c))
                        || c == '\u{FFFE}'
                        || c == '\u{FFFF}'),
                    "{path} holds characters XML 1.0 forbids"
                );
            }
            Some("rs") => {
                syn::parse_file(text).unwrap_or_else(|e| panic!("{path} is not Rust: {e}"));
            }
            Some("toml") => {
                text.parse::<toml::Table>()
                    .unwrap_or_else(|e| panic!("{path} is not TOML: {e}"));
            }
            _ => panic!("{path}: an output of no known format"),
        }
    }
}
