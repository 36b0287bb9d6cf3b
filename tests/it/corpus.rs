//! The Microsoft Graph v1.0 reference (3,341 pages): nothing panics, nothing is lost silently,
//! and a summary of what was read is a snapshot, so a change that loses properties or routes
//! shows in review. The corpus is generated once for all the tests here (and once more from a
//! copy in another file order); CI runs the outputs' own tools on it.

use crate::common;

#[test]
fn corpus_summary() {
    let g = common::generated(&common::corpus());
    let s = &g.summary;
    assert_eq!(s.pages, 3341);
    // Every API page with an HTTP request section yields routes or a diagnostic saying why.
    assert_eq!(
        s.http_request_sections.without_routes_unexplained, 0,
        "{:?}",
        s.http_request_sections
    );
    // Every table row became a property, parameter, enum member or permission, or was
    // diagnosed, or belongs to a table of no API shape (methods, error codes).
    assert_eq!(
        s.table_rows.accounted(),
        s.table_rows.rows,
        "{:?}",
        s.table_rows
    );
    insta::assert_yaml_snapshot!("corpus_summary", s);
}

#[test]
fn corpus_output_is_byte_identical_across_runs_and_file_orders() {
    let corpus = common::corpus();
    let first = common::generated(&corpus);
    let copy = tempfile::tempdir().expect("a temporary folder");
    common::copy_reversed(&corpus, copy.path());
    let reordered = common::generate(copy.path());
    assert!(
        first.files == reordered.files,
        "copying the pages in another order changed the output"
    );
}

#[test]
fn front_matter_fast_path_agrees_with_serde_yaml_on_every_page() {
    use graphdoc_codegen::parse::front_matter::{Read, fast_path, with_serde_yaml};
    let mut fast = 0;
    for source in common::sources(&common::corpus()) {
        let Some(rest) = source
            .text
            .strip_prefix("---\n")
            .or_else(|| source.text.strip_prefix("---\r\n"))
        else {
            continue;
        };
        let Some(end) = rest.find("\n---") else {
            continue;
        };
        let yaml = &rest[..end];
        if let Some(quick) = fast_path(yaml) {
            fast += 1;
            match with_serde_yaml(yaml) {
                Read::Valid(full) => assert_eq!(quick, full, "{}", source.path),
                Read::Invalid { message, .. } => panic!(
                    "{}: the fast path accepted invalid YAML: {message}",
                    source.path
                ),
            }
        }
    }
    // The fast path is worth having only if it takes most pages.
    assert!(fast > 3000, "the fast path read only {fast} pages");
}

#[test]
fn corpus_openapi_document_is_well_formed() {
    let g = common::generated(&common::corpus());
    let doc: serde_json::Value =
        serde_yaml::from_slice(&g.files["openapi.yaml"]).expect("openapi.yaml is YAML");
    assert_eq!(doc["openapi"], "3.0.3");
    // Every reference resolves to a component schema.
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let text = std::str::from_utf8(&g.files["openapi.yaml"]).expect("UTF-8");
    for reference in text.split("$ref: '#/components/schemas/").skip(1) {
        let name = reference.split('\'').next().unwrap_or_default();
        assert!(schemas.contains_key(name), "dangling reference to {name}");
    }
    assert!(schemas.len() > 1300, "{} schemas", schemas.len());
    let operations: usize = doc["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|item| item.as_object().map_or(0, serde_json::Map::len))
        .sum();
    assert_eq!(operations, g.summary.routes, "one operation per route");
}

#[test]
fn corpus_csdl_has_a_container() {
    let g = common::generated(&common::corpus());
    let xml = std::str::from_utf8(&g.files["csdl.xml"]).expect("UTF-8");
    assert!(
        xml.matches("<EntitySet ").count() > 20,
        "too few entity sets"
    );
    assert!(xml.matches("<Singleton ").count() > 3, "too few singletons");
    assert!(
        xml.matches("<Action ").count() + xml.matches("<Function ").count() > 200,
        "too few bound operations"
    );
}
