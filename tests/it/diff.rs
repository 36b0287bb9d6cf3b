//! `generator diff` on real history: the v1.0 reference a month apart (June and July 2021).
//! The summary, a count per change kind, is a snapshot, so a change to what the diff finds
//! shows in review.

use crate::common;

#[test]
fn a_month_of_the_v1_reference() {
    let july = common::corpus();
    let june = july.with_file_name("graph-v1.0-2021-06");
    let (before, _) = graphdoc_codegen::build_model(&june).expect("the June corpus reads");
    let (after, _) = graphdoc_codegen::build_model(&july).expect("the July corpus reads");
    let changes = graphdoc_codegen::diff::diff(&before, &after);
    insta::assert_yaml_snapshot!(
        "corpus_month_diff",
        graphdoc_codegen::diff::summary(&changes)
    );
    // Every change is located on a page of the docs that state it.
    for c in &changes {
        let root = if c.kind.is_removal() { &june } else { &july };
        assert!(root.join(&c.page).is_file(), "{c:?}");
    }
    let markdown = graphdoc_codegen::diff::markdown(&changes);
    assert!(markdown.starts_with("## API changes\n\n"));
    // Nothing changes between a folder and itself.
    assert!(graphdoc_codegen::diff::diff(&after, &after).is_empty());
}
