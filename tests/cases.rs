//! `cases.yaml`: examples as replayable test cases, known docs defects marked, refusals counted.

mod common;

use serde_json::Value;

#[test]
fn fixture_cases() {
    let g = common::generate(&common::root().join("tests/fixtures"));
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
    // The example the docs contradict is kept, marked with the defect's code.
    assert_eq!(
        cases["get_user_mismatch"]["knownFailure"]["code"],
        "example-schema"
    );
    assert!(case.get("knownFailure").is_none());
    // A collection response says so.
    assert_eq!(cases["list_members"]["responseIsCollection"], true);
    // Examples that cannot be cases are counted by reason (each was reported when read).
    let counts = &g.summary.cases;
    assert_eq!(counts.made, cases.as_object().expect("a map").len());
    assert_eq!(counts.known_failures, 1);
    let refused: Vec<String> = counts
        .refused
        .iter()
        .map(|(r, n)| format!("{r:?}: {n}"))
        .collect();
    assert_eq!(refused, ["NoRequest: 1", "NoRoute: 3"]);
}
