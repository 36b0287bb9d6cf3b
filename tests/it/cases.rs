//! Examples as test cases: `cases.yaml` (replayable), `rust/src/cases.rs` (one Rust test per
//! case, compiled and run by this crate's `cargo test` for docs-input and the fixtures), known
//! docs defects marked with their diagnostic, refusals counted by reason.

use crate::common;

use serde_json::Value;

fn known_failure(cases: &Value, name: &str) -> (String, String, String) {
    let k = &cases[name]["knownFailure"];
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    (text(&k["code"]), text(&k["kind"]), text(&k["path"]))
}

#[test]
fn fixture_cases() {
    let g = common::generated(&common::root().join("tests/fixtures"));
    let cases: Value = serde_yaml::from_slice(&g.files["cases.yaml"]).expect("YAML");
    let case = &cases["get_user_1"];
    assert_eq!(case["page"], "api/user-get.md");
    assert_eq!(case["method"], "GET");
    assert_eq!(case["route"], "/users/{user-id}");
    assert_eq!(
        case["url"],
        "https://graph.microsoft.com/v1.0/users/87d349ed-44d7-43e1-9a83-5f2406dee5bd"
    );
    assert_eq!(case["responseType"], "microsoft.graph.user");
    assert_eq!(case["status"], 200);
    assert_eq!(case["truncated"], true);
    // Examples the docs contradict are kept, marked with the defect's code, kind and path.
    let own = |code: &str, kind: &str, path: &str| (code.into(), kind.into(), path.into());
    assert_eq!(
        known_failure(&cases, "get_user_1"),
        own(
            "property-not-in-resource",
            "undocumented",
            "response/notDocumented"
        )
    );
    assert_eq!(
        known_failure(&cases, "get_user_mismatch"),
        own("example-schema", "type", "response/mailboxQuota")
    );
    assert_eq!(
        known_failure(&cases, "update_user"),
        own("property-case-mismatch", "undocumented", "request/Birthday")
    );
    assert!(cases["list_members"].get("knownFailure").is_none());
    // A member read again as the derived type its `@odata.type` names is judged by it.
    assert_eq!(
        known_failure(&cases, "list_members_undeclared"),
        own(
            "property-not-in-resource",
            "undocumented",
            "response/value/0/nickname2"
        )
    );
    assert_eq!(
        known_failure(&cases, "list_members_mistyped"),
        own("example-schema", "type", "response/value/1")
    );
    // A collection response says so.
    assert_eq!(cases["list_members"]["responseIsCollection"], true);
    // Examples that cannot be cases are counted by reason (each was reported when read).
    let counts = &g.summary.cases;
    assert_eq!(counts.made, cases.as_object().expect("a map").len());
    assert_eq!(counts.known_failures, 5);
    let refused: Vec<String> = counts
        .refused
        .iter()
        .map(|(r, n)| format!("{r:?}: {n}"))
        .collect();
    assert_eq!(refused, ["NoRequest: 1", "NoRoute: 3"]);
    assert_eq!(
        counts.made + counts.refused_total(),
        g.summary.examples + g.summary.unrouted_examples
    );
}

#[test]
fn the_rust_tests_are_named_after_the_cases_and_state_their_known_failures() {
    let g = common::generated(&common::root().join("tests/fixtures"));
    let tests = String::from_utf8(g.files["rust/src/cases.rs"].clone()).expect("UTF-8");
    let cases: Value = serde_yaml::from_slice(&g.files["cases.yaml"]).expect("YAML");
    let count = tests.matches("#[test]").count();
    assert_eq!(count, cases.as_object().expect("a map").len());
    assert!(tests.contains("fn get_user_1() {"), "{tests}");
    assert!(tests.contains(r#"known_failure: Some(("type", "response/mailboxQuota"))"#));
    // A collection response goes through the OData envelope into the route's type.
    assert!(
        tests.contains("support::Collection<super::microsoft_graph::DirectoryObject>"),
        "{tests}"
    );
}

#[test]
fn every_docs_input_example_is_a_case() {
    let g = common::generated(&common::root().join("docs-input"));
    let counts = &g.summary.cases;
    assert_eq!(counts.refused_total(), 0, "{counts:?}");
    assert_eq!(
        counts.made,
        g.summary.examples + g.summary.unrouted_examples
    );
    let cases: Value = serde_yaml::from_slice(&g.files["cases.yaml"]).expect("YAML");
    let own = |code: &str, kind: &str, path: &str| (code.into(), kind.into(), path.into());
    // The seed's POST to `/commands` where the route says `/commands/$ref`.
    assert_eq!(
        known_failure(&cases, "create_command_from_commands"),
        own("example-no-route", "url", "url")
    );
    // The seed whose route line reads `** Entity URI for microsoft.graph.operation not found`.
    assert_eq!(
        known_failure(&cases, "update_operation"),
        own("http-request-empty", "url", "url")
    );
    // The response documented without a request answers the page's only route.
    assert_eq!(cases["send-device-command-1"]["fit"], "responseOnly");
    assert_eq!(
        cases["send-device-command-1"]["route"],
        "/me/devices/{device-id}/commands"
    );
}
