//! The same docs give the same bytes: across runs, file orders and thread counts.

use crate::common;

#[test]
fn same_bytes_across_runs_orders_and_threads() {
    for dir in ["docs-input", "tests/fixtures"] {
        let dir = common::root().join(dir);
        let sources = common::sources(&dir);
        let first = graphdoc_codegen::generate_from_sources(&sources, "docs")
            .expect("generates")
            .files;
        let mut reversed = sources.clone();
        reversed.reverse();
        let from_reversed = graphdoc_codegen::generate_from_sources(&reversed, "docs")
            .expect("generates")
            .files;
        assert!(
            first == from_reversed,
            "{}: the order of the pages changed the output",
            dir.display()
        );
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a pool");
        let single = pool.install(|| {
            graphdoc_codegen::generate_from_sources(&sources, "docs")
                .expect("generates")
                .files
        });
        assert!(
            first == single,
            "{}: the thread count changed the output",
            dir.display()
        );
        let copy = tempfile::tempdir().expect("a temporary folder");
        common::copy_reversed(&dir, copy.path());
        let copied = common::generate(copy.path()).files;
        assert!(
            common::generate(&dir).files == copied,
            "{}: copying changed the output",
            dir.display()
        );
    }
}
