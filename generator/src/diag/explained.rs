//! Each code's explanation (`explain/CODE.md`) holds the defect it describes: its example pages
//! give the code, and the same pages with their fix do not. rustdoc tests rustc's error-code
//! examples the same way.

use std::collections::BTreeMap;

use super::Code;
use crate::Source;

/// Codes of defects a page's text cannot show: bytes that are not UTF-8, characters XML
/// forbids (the explanation cannot hold them either), files that cannot be read.
const NOT_SHOWN: &[Code] = &[
    Code::PageEncoding,
    Code::PageCharacter,
    Code::DocsUnreadable,
];

/// One `~~~markdown PATH [fixed]` block.
struct Block<'a> {
    path: &'a str,
    fixed: bool,
    text: String,
}

fn blocks(explanation: &str) -> Vec<Block<'_>> {
    let mut found = Vec::new();
    let mut lines = explanation.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("~~~markdown ") else {
            continue;
        };
        let mut words = info.split_whitespace();
        let path = words.next().expect("a block names its page");
        let fixed = match words.next() {
            None => false,
            Some("fixed") => true,
            Some(other) => panic!("`{other}` after a block's path: only `fixed` is known"),
        };
        let mut text = String::new();
        for line in lines.by_ref().take_while(|l| *l != "~~~") {
            text.push_str(line);
            text.push('\n');
        }
        found.push(Block { path, fixed, text });
    }
    found
}

/// The whole page of a block: one without front matter and title gets the front matter, title
/// and `Namespace:` line its folder implies.
fn whole_page(path: &str, text: &str) -> String {
    if !super::leaves_out_its_header(text) {
        return text.to_owned();
    }
    let (folder, file) = path.split_once('/').expect("pages sit in a folder");
    let stem = file.trim_end_matches(".md");
    let (title, doc_type) = match folder {
        "resources" => (format!("{stem} resource type"), "resourcePageType"),
        "enums" => (format!("{stem} enum type"), "enumPageType"),
        "api" => (stem.to_owned(), "apiPageType"),
        other => panic!("no header for pages in `{other}/`"),
    };
    format!(
        "---\ntitle: \"{title}\"\ndescription: \"An example.\"\ndoc_type: {doc_type}\n---\n\n# {title}\n\nNamespace: microsoft.graph\n\n{text}"
    )
}

/// The diagnostics a set of pages gives, through the whole pipeline (some are found by outputs).
fn diagnostics_of(pages: &BTreeMap<&str, String>) -> Vec<crate::Diagnostic> {
    let sources: Vec<Source> = pages
        .iter()
        .map(|(path, text)| Source::new(*path, whole_page(path, text)))
        .collect();
    let generation = crate::generate_from_sources(&sources, "explain").expect("in memory");
    generation.diagnostics
}

#[test]
fn every_code_is_explained_by_an_example_that_gives_it_and_a_fix_that_does_not() {
    let mut failures = Vec::new();
    for &code in Code::ALL {
        let explanation = code.explanation();
        let found = blocks(explanation);
        if found.is_empty() {
            assert!(NOT_SHOWN.contains(&code), "explain/{code}.md shows no page");
            continue;
        }
        let defect: BTreeMap<&str, String> = (found.iter())
            .filter(|b| !b.fixed)
            .map(|b| (b.path, b.text.clone()))
            .collect();
        let mut fixed = defect.clone();
        fixed.extend(
            (found.iter())
                .filter(|b| b.fixed)
                .map(|b| (b.path, b.text.clone())),
        );
        assert!(fixed != defect, "explain/{code}.md shows no fixed page");
        let gives = |pages| diagnostics_of(pages).into_iter().filter(|d| d.code == code);
        if gives(&defect).next().is_none() {
            let found: Vec<String> = diagnostics_of(&defect)
                .iter()
                .map(|d| d.to_string())
                .collect();
            failures.push(format!(
                "{code}: the example does not give it, but:\n  {}",
                found.join("\n  ")
            ));
        }
        for d in gives(&fixed) {
            failures.push(format!("{code}: the fix still gives it: {d}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
