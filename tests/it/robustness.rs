//! Nothing panics on input: every page of docs-input and the fixtures, cut at many points and
//! with its lines shuffled, still parses and models, and every output is well-formed.

use crate::common;

use graphdoc_codegen::Source;

fn mutations(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    for cut in boundaries.iter().step_by(37) {
        out.push(text[..*cut].to_owned());
        out.push(text[*cut..].to_owned());
    }
    let lines: Vec<&str> = text.lines().collect();
    out.push(lines.iter().rev().copied().collect::<Vec<_>>().join("\n"));
    out.push(
        lines
            .iter()
            .step_by(2)
            .copied()
            .collect::<Vec<_>>()
            .join("\n"),
    );
    out.push(text.replace('}', "").replace('|', "||"));
    out.push(text.replace('\n', "\r\n"));
    out
}

#[test]
fn mutated_pages_never_panic() {
    let mut pages = common::sources(&common::root().join("docs-input"));
    pages.extend(common::sources(&common::root().join("tests/fixtures")));
    let mut checked = 0;
    for page in &pages {
        let mutated: Vec<Source> = mutations(&page.text)
            .into_iter()
            .enumerate()
            .map(|(i, t)| Source::new(format!("{i}/{}", page.path), t))
            .collect();
        checked += mutated.len();
        let g = graphdoc_codegen::generate_from_sources(&mutated, "docs")
            .expect("generation never fails on content");
        // Every output is still a well-formed file of its format, and the pages still said
        // something: a mutated page is read, not dropped (a shuffle that brings a second
        // title makes two pages of one file).
        common::assert_well_formed(&g.files);
        assert!(g.summary.pages >= mutated.len(), "pages were dropped");
    }
    assert!(checked > 1000, "only {checked} mutations were checked");
}
