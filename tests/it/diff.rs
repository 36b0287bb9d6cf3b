//! `generator diff` on real history: the v1.0 reference a month apart (June and July 2021), the
//! committed sample's pages and, when it is there, the whole reference. The summary, a count per
//! change kind, is a snapshot, so a change to what the diff finds shows in review.

use std::path::Path;

use crate::common;

#[test]
fn a_month_of_the_sample() {
    a_month(
        &common::sample_june(),
        &common::sample(),
        "sample_month_diff",
    );
}

#[test]
fn a_month_of_the_v1_reference() {
    if let (Some(june), Some(july)) = (common::corpus_june(), common::corpus()) {
        a_month(&june, &july, "corpus_month_diff");
    }
}

fn a_month(june: &Path, july: &Path, snapshot: &str) {
    let (before, _) = graphdoc_codegen::build_model(june).expect("the June corpus reads");
    let (after, _) = graphdoc_codegen::build_model(july).expect("the July corpus reads");
    let changes = graphdoc_codegen::diff::diff(&before, &after);
    insta::assert_yaml_snapshot!(snapshot, graphdoc_codegen::diff::summary(&changes));
    // Every change is located on a page of the docs that state it.
    for c in &changes {
        let root = if c.kind.is_removal() { june } else { july };
        assert!(root.join(&c.page).is_file(), "{c:?}");
    }
    // Each at the line of what changed (a row, a request line, a declaration), not the top.
    let at_top = changes.iter().filter(|c| c.line <= 1).count();
    assert!(
        at_top * 20 <= changes.len(),
        "{at_top} of {} at line 1",
        changes.len()
    );
    let markdown = graphdoc_codegen::diff::markdown(&changes);
    assert!(markdown.starts_with("## API changes\n\n"));
    assert!(markdown.len() <= graphdoc_codegen::diff::COMMENT_LIMIT);
    // Nothing changes between a folder and itself.
    assert!(graphdoc_codegen::diff::diff(&after, &after).is_empty());
}
