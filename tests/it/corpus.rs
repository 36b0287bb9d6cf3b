//! The Microsoft Graph v1.0 reference: nothing panics, nothing is lost silently, and a summary
//! of what was read is a snapshot, so a change that loses properties or routes shows in review.
//! Every test runs on the sample committed under `tests/corpus-sample/` (419 real pages that hold
//! every construct the whole reference counts) and, when it is there, on the whole reference
//! (3,341 pages; `common::corpus`). Each is generated once for all the tests here (and once more
//! from a copy in another file order); CI runs the outputs' own tools on it.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common;

/// The checks every summary passes; the summary itself.
fn summary(dir: &Path) -> &'static graphdoc_codegen::Summary {
    let s = &common::generated(dir).summary;
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
    s
}

#[test]
fn sample_summary() {
    insta::assert_yaml_snapshot!("sample_summary", summary(&common::sample()));
}

#[test]
fn corpus_summary() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let s = summary(&corpus);
    assert_eq!(s.pages, 3341);
    insta::assert_yaml_snapshot!("corpus_summary", s);
}

/// Every count of a summary by its path (`diagnostics.route-duplicate`), shares left out.
fn counts(summary: &serde_json::Value) -> BTreeMap<String, u64> {
    fn flatten(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, u64>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    flatten(&format!("{prefix}.{k}"), v, out);
                }
            }
            serde_json::Value::Number(n) => {
                out.insert(prefix.to_owned(), n.as_u64().unwrap_or_default());
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    flatten("", summary, &mut out);
    out
}

/// The sample holds what the whole reference holds: every count the committed summary of the
/// whole corpus has nonzero is nonzero on the sample (read from the snapshot, so this holds on a
/// clone without the corpus). A construct that appears in the corpus and not in the sample is
/// a reason to choose the sample again (`tests/corpus-sample/README.md`).
#[test]
fn sample_holds_every_construct_the_corpus_counts() {
    let snapshot = std::fs::read_to_string(
        common::root().join("tests/it/snapshots/it__corpus__corpus_summary.snap"),
    )
    .expect("the corpus summary is committed");
    let yaml = snapshot
        .splitn(3, "---\n")
        .nth(2)
        .expect("a snapshot has a header");
    let corpus: serde_json::Value = serde_yaml::from_str(yaml).expect("the snapshot is YAML");
    let sample = serde_json::to_value(summary(&common::sample())).expect("a summary serializes");
    let sample = counts(&sample);
    let missing: Vec<String> = counts(&corpus)
        .into_iter()
        .filter(|(path, n)| *n > 0 && !path.contains("Unexplained"))
        .filter(|(path, _)| sample.get(path).is_none_or(|&n| n == 0))
        .map(|(path, _)| path)
        .collect();
    assert!(
        missing.is_empty(),
        "counts the corpus has and the sample lacks: {missing:?}"
    );
}

fn byte_identical_across_runs_and_file_orders(dir: &Path) {
    let first = common::generated(dir);
    let copy = tempfile::tempdir().expect("a temporary folder");
    common::copy_reversed(dir, copy.path());
    let reordered = common::generate(copy.path());
    assert!(
        first.files == reordered.files,
        "copying the pages in another order changed the output"
    );
}

#[test]
fn sample_output_is_byte_identical_across_runs_and_file_orders() {
    byte_identical_across_runs_and_file_orders(&common::sample());
}

#[test]
fn corpus_output_is_byte_identical_across_runs_and_file_orders() {
    if let Some(corpus) = common::corpus() {
        byte_identical_across_runs_and_file_orders(&corpus);
    }
}

fn front_matter_fast_path_agrees_with_serde_yaml(dir: &Path) {
    use graphdoc_codegen::parse::front_matter::{Read, fast_path, with_serde_yaml};
    let (mut fast, mut pages) = (0, 0);
    for source in common::sources(dir) {
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
        pages += 1;
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
    assert!(
        fast * 10 > pages * 9,
        "the fast path read only {fast} of {pages} pages"
    );
}

#[test]
fn sample_front_matter_fast_path_agrees_with_serde_yaml_on_every_page() {
    front_matter_fast_path_agrees_with_serde_yaml(&common::sample());
}

#[test]
fn corpus_front_matter_fast_path_agrees_with_serde_yaml_on_every_page() {
    if let Some(corpus) = common::corpus() {
        front_matter_fast_path_agrees_with_serde_yaml(&corpus);
    }
}

/// Every reference resolves and there is an operation per route; at least `schemas` schemas.
fn openapi_document_is_well_formed(dir: &Path, schemas_at_least: usize) {
    let g = common::generated(dir);
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
    assert!(
        schemas.len() >= schemas_at_least,
        "{} schemas",
        schemas.len()
    );
    let operations: usize = doc["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|item| item.as_object().map_or(0, serde_json::Map::len))
        .sum();
    assert_eq!(operations, g.summary.routes, "one operation per route");
}

#[test]
fn sample_openapi_document_is_well_formed() {
    openapi_document_is_well_formed(&common::sample(), 300);
}

#[test]
fn corpus_openapi_document_is_well_formed() {
    if let Some(corpus) = common::corpus() {
        openapi_document_is_well_formed(&corpus, 1300);
    }
}

/// More than a `scale`th of the entity sets, singletons and operations the whole corpus has.
fn csdl_has_a_container(dir: &Path, scale: usize) {
    let g = common::generated(dir);
    let xml = std::str::from_utf8(&g.files["csdl.xml"]).expect("UTF-8");
    assert!(
        xml.matches("<EntitySet ").count() > 20 / scale,
        "too few entity sets"
    );
    assert!(
        xml.matches("<Singleton ").count() > 3 / scale,
        "too few singletons"
    );
    assert!(
        xml.matches("<Action ").count() + xml.matches("<Function ").count() > 200 / scale,
        "too few bound operations"
    );
}

#[test]
fn sample_csdl_has_a_container() {
    csdl_has_a_container(&common::sample(), 8);
}

#[test]
fn corpus_csdl_has_a_container() {
    if let Some(corpus) = common::corpus() {
        csdl_has_a_container(&corpus, 1);
    }
}

/// The request lines of a page's `HTTP request` section, found by a scan of the raw text that
/// shares nothing with the parser: lines that start with an HTTP method and a space inside a
/// code fence or an HTML comment, between an `HTTP request` heading and the next heading of its
/// level or above. Each with its 1-based line number.
fn raw_request_lines(text: &str) -> Vec<(u32, &str)> {
    const METHODS: [&str; 7] = [
        "GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD ", "OPTIONS ",
    ];
    let mut out = Vec::new();
    let mut section: Option<usize> = None;
    let (mut fence, mut comment) = (false, false);
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if !fence && !comment && trimmed.starts_with('#') {
            let level = trimmed.chars().take_while(|c| *c == '#').count();
            let title = trimmed[level..].trim().to_ascii_lowercase();
            if title == "http request" {
                section = Some(level);
            } else if section.is_some_and(|s| level <= s) {
                section = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if !fence {
            if trimmed.contains("<!--") && !trimmed.contains("-->") {
                comment = true;
            } else if trimmed.contains("-->") {
                comment = false;
            }
        }
        let upper = trimmed.to_ascii_uppercase();
        if section.is_some() && (fence || comment) && METHODS.iter().any(|m| upper.starts_with(m)) {
            out.push((u32::try_from(i + 1).unwrap_or(u32::MAX), trimmed));
        }
    }
    out
}

/// Every request line of every HTTP request section is a route of the model or a diagnostic at
/// its line: none vanishes.
fn every_request_line_is_a_route_or_a_diagnostic(dir: &Path) {
    let generation = common::generated(dir);
    let diagnosed: std::collections::BTreeSet<(&str, u32)> = generation
        .diagnostics
        .iter()
        .map(|d| (d.location.path.as_str(), d.location.line))
        .collect();
    let routes: std::collections::BTreeSet<(String, String)> = generation
        .model
        .all_routes()
        .map(|(path, method, _)| (method.to_string(), path.to_owned()))
        .collect();
    let (mut lines, mut lost) = (0, Vec::new());
    for source in common::sources(dir) {
        for (line, text) in raw_request_lines(&source.text) {
            lines += 1;
            if diagnosed.contains(&(source.path.as_str(), line)) {
                continue;
            }
            let route = graphdoc_codegen::parse::route::parse_request_line(text).ok();
            let found = route.is_some_and(|(method, template)| {
                routes.contains(&(method.to_string(), template.path))
            });
            if !found {
                lost.push(format!("{}:{line}: {text}", source.path));
            }
        }
    }
    assert!(lines > 0);
    assert!(
        lost.is_empty(),
        "{} of {lines} request lines lost:\n{}",
        lost.len(),
        lost.join("\n")
    );
}

#[test]
fn sample_request_lines_are_routes_or_diagnostics() {
    every_request_line_is_a_route_or_a_diagnostic(&common::sample());
}

#[test]
fn corpus_request_lines_are_routes_or_diagnostics() {
    if let Some(corpus) = common::corpus() {
        every_request_line_is_a_route_or_a_diagnostic(&corpus);
    }
}
