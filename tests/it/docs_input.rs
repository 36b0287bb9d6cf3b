//! The default docs: the diagnostics are a snapshot, and each seed page's known defect is a
//! diagnostic with its code, page and line.

use crate::common;

use graphdoc_codegen::Code;

#[test]
fn docs_input_diagnostics() {
    // The model is `generated/model.yaml`, which the staleness test keeps current.
    let g = common::generated(&common::root().join("docs-input"));
    let diagnostics: Vec<String> = g.diagnostics.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("docs_input_diagnostics", diagnostics.join("\n"));
}

/// A build script's `compile_models` counts what reading the pages finds; the whole run says
/// the same number beside what its checks of the examples add.
#[test]
fn a_build_script_counts_what_the_run_counts_in_the_pages() {
    let docs = common::root().join("docs-input");
    let g = common::generated(&docs);
    let out = tempfile::tempdir().expect("a temporary folder");
    let compiled = graphdoc_codegen::Config::new()
        .docs(&docs)
        .out_dir(out.path())
        .cargo_messages(false)
        .compile_models()
        .expect("the models compile");
    let total: usize = g.summary.diagnostics.values().sum();
    let checked: usize = g.summary.diagnostics_from_checks.values().sum();
    assert!(checked > 0 && checked < total, "{checked} of {total}");
    assert_eq!(compiled.diagnostics.len(), total - checked);
    let said = format!(
        "({} in the pages, the count a build script gives; {checked} from checking the examples)",
        total - checked
    );
    assert!(g.summary.to_string().contains(&said), "{}", g.summary);
}

fn has(g: &graphdoc_codegen::Generation, path: &str, line: u32, code: Code, needle: &str) -> bool {
    g.diagnostics.iter().any(|d| {
        d.location.path == path
            && d.location.line == line
            && d.code == code
            && d.message.contains(needle)
    })
}

#[test]
fn every_seed_defect_is_reported() {
    let g = common::generated(&common::root().join("docs-input"));
    // `PATCH ** Entity URI for microsoft.graph.operation not found`
    assert!(has(
        &g,
        "api/operation-update.md",
        29,
        Code::RouteNotAPath,
        "Entity URI"
    ));
    assert!(has(
        &g,
        "api/operation-update.md",
        23,
        Code::HttpRequestEmpty,
        ""
    ));
    // `HTTP/1.1 201 OK`
    assert!(has(
        &g,
        "api/send-device-command.md",
        52,
        Code::ExampleStatusReason,
        "201 OK"
    ));
    // `Status` in the request table where the device page says `status`
    assert!(has(
        &g,
        "api/devices-update.md",
        72,
        Code::PropertyCaseMismatch,
        "`Status` is spelled `status`"
    ));
    // ... and `Status` in device's JSON representation where its table says `status`, at the
    // member itself rather than the block
    assert!(has(
        &g,
        "resources/device.md",
        141,
        Code::PropertyCaseMismatch,
        "`Status` in the JSON representation"
    ));
    // `https://graph.microsoft.com/docs\api/...`
    assert!(has(
        &g,
        "api/device-post-commands.md",
        71,
        Code::UrlHost,
        "docs\\api"
    ));
    // The page without front matter, and the TODO permissions.
    assert!(has(
        &g,
        "api/send-device-command.md",
        1,
        Code::FrontMatterMissing,
        ""
    ));
    assert!(has(
        &g,
        "api/command-update.md",
        21,
        Code::PermissionPlaceholder,
        "TODO"
    ));
    // The route lines that are routes are all there, with one parameter spelling.
    let paths: Vec<&str> = g.model.routes.keys().map(String::as_str).collect();
    assert!(
        paths.contains(&"/devices/{device-id}/commands/{command-id}"),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"/me/devices/{device-id}/commands/{command-id}"),
        "{paths:?}"
    );
    assert!(paths.contains(&"/commands/{command-id}"), "{paths:?}");
}

/// The seed page's LaunchUri and AppService examples are annotated `ignored`: still documented
/// examples, so cases (marked as the docs mark them) and Rust tests.
#[test]
fn examples_the_docs_mark_ignored_are_cases() {
    let g = common::generated(&common::root().join("docs-input"));
    let cases: serde_json::Value =
        serde_yaml::from_slice(&g.files["cases.yaml"]).expect("cases.yaml is YAML");
    let tests = String::from_utf8_lossy(&g.files["rust/src/cases.rs"]);
    for name in ["post_command", "post_command_2"] {
        let case = &cases[name];
        assert_eq!(case["page"], "api/send-device-command.md", "{name}");
        assert_eq!(case["ignored"], true, "{name}");
        assert_eq!(case["status"], 201, "{name}");
        assert!(tests.contains(&format!("fn {name}()")), "{name}");
    }
    // An example the docs do not mark carries no mark.
    let marked = cases
        .as_object()
        .unwrap()
        .values()
        .filter(|c| c["ignored"] == true)
        .count();
    assert_eq!(marked, 2);
}
