//! The OpenAPI document: snapshots for docs-input and the fixtures, and properties every
//! document must have (every `$ref` resolves, unique operation ids, one operation per route),
//! checked on the v1.0 corpus too. CI also runs openapi-spec-validator and redocly on them.

use crate::common;

use std::collections::BTreeSet;

use graphdoc_codegen::Code;
use serde_json::Value;

fn document(g: &graphdoc_codegen::Generation) -> Value {
    let yaml = std::str::from_utf8(&g.files["openapi.yaml"]).expect("UTF-8");
    serde_yaml::from_str(yaml).expect("openapi.yaml is YAML")
}

fn refs(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                out.insert(r.to_owned());
            }
            m.values().for_each(|v| refs(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// What every document must satisfy, whatever the docs.
fn assert_well_formed(g: &graphdoc_codegen::Generation) {
    let doc = document(g);
    assert_eq!(doc["openapi"], "3.0.3");
    let mut all = BTreeSet::new();
    refs(&doc, &mut all);
    for r in &all {
        let pointer = r.strip_prefix('#').expect("local reference");
        let pointer = pointer
            .split('/')
            .map(|p| p.replace("~1", "/").replace("~0", "~"))
            .collect::<Vec<_>>();
        let mut at = &doc;
        for part in pointer.iter().skip(1) {
            at = at.get(part).unwrap_or_else(|| panic!("dangling $ref {r}"));
        }
    }
    let mut ids = BTreeSet::new();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            operations += 1;
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            assert!(ids.insert(id.clone()), "operationId {id} is used twice");
            // Every template parameter is declared as a path parameter.
            let declared: BTreeSet<&str> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| p["name"].as_str())
                .collect();
            for name in path.split('{').skip(1).filter_map(|s| s.split('}').next()) {
                assert!(
                    declared.contains(name),
                    "{method} {path}: `{name}` is not declared"
                );
            }
        }
    }
    assert_eq!(operations, g.summary.routes, "one operation per route");
}

#[test]
fn docs_input_document() {
    // Its text is `generated/openapi.yaml`, which the staleness test keeps current.
    let g = common::generated(&common::root().join("docs-input"));
    assert_well_formed(g);
}

#[test]
fn fixtures_document() {
    let g = common::generated(&common::root().join("tests/fixtures"));
    assert_well_formed(&g);
    insta::assert_snapshot!(
        "fixtures_openapi",
        std::str::from_utf8(&g.files["openapi.yaml"]).unwrap()
    );
    let doc = document(&g);
    let schemas = &doc["components"]["schemas"];
    // Inheritance: allOf of the base and the own properties.
    assert_eq!(
        schemas["microsoft.graph.user"]["allOf"][0]["$ref"],
        "#/components/schemas/microsoft.graph.directoryObject"
    );
    // Enums keep the documented order.
    assert_eq!(
        schemas["microsoft.graph.ageGroup"]["enum"],
        serde_json::json!(["minor", "notAdult", "adult"])
    );
    // Primitives with their formats, collections as arrays, navigation as references.
    let user = &schemas["microsoft.graph.user"]["allOf"][1]["properties"];
    assert_eq!(user["mailboxQuota"]["format"], "int64");
    assert_eq!(user["employeeId"]["format"], "uuid");
    assert_eq!(user["photoBytes"]["format"], "base64url");
    assert_eq!(user["businessPhones"]["type"], "array");
    assert_eq!(
        user["memberOf"]["items"]["$ref"],
        "#/components/schemas/microsoft.graph.directoryObject"
    );
    // Another namespace keeps its qualified name.
    assert!(schemas.get("microsoft.graph.callRecords.session").is_some());
    // A type no page defines gets a placeholder and a diagnostic.
    assert_eq!(schemas["microsoft.graph.skill"]["x-placeholder"], true);
    assert!(
        g.diagnostics
            .iter()
            .any(|d| d.code == Code::SchemaPlaceholder
                && d.message.contains("microsoft.graph.skill"))
    );
    // A collection response is the OData envelope, one schema per item type.
    let list = &doc["paths"]["/groups/{group-id}/members"]["get"];
    let responses = list["responses"].as_object().expect("responses");
    assert_eq!(
        responses["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/microsoft.graph.directoryObjectCollectionResponse"
    );
    let envelope = &schemas["microsoft.graph.directoryObjectCollectionResponse"];
    assert_eq!(
        envelope["properties"]["value"]["items"]["$ref"],
        "#/components/schemas/microsoft.graph.directoryObject"
    );
    assert!(envelope["properties"].get("@odata.nextLink").is_some());
    assert!(envelope["properties"].get("@odata.count").is_some());
    // One success response; errors as 4XX and 5XX, never `default`, which client generators
    // take for another success.
    let statuses: Vec<&str> = responses.keys().map(String::as_str).collect();
    assert_eq!(statuses, ["200", "4XX", "5XX"]);
    for error in ["4XX", "5XX"] {
        assert_eq!(responses[error]["$ref"], "#/components/responses/error");
    }
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("operations") {
            let successes: Vec<&String> = op["responses"]
                .as_object()
                .expect("responses")
                .keys()
                .filter(|s| !s.ends_with("XX"))
                .collect();
            assert!(
                successes.len() == 1 && successes[0].starts_with('2'),
                "{method} {path}: {successes:?}"
            );
        }
    }
    // Permissions: scopes per operation, declared once per scheme.
    let get = &doc["paths"]["/users/{user-id}"]["get"];
    assert_eq!(
        get["security"][0]["delegatedWorkOrSchool"],
        serde_json::json!(["User.Read", "User.ReadWrite.All", "Directory.Read.All"])
    );
    let declared = &doc["components"]["securitySchemes"]["application"]["flows"]["clientCredentials"]
        ["scopes"];
    assert!(
        declared.get("GroupMember.Read.All").is_some() && declared.get("User.Read.All").is_some()
    );
    // Examples sit under their operation, named as the docs name them.
    assert!(
        get["responses"]["200"]["content"]["application/json"]["examples"]
            .get("get_user_1")
            .is_some()
    );
}

#[test]
fn examples_are_checked_against_their_schemas() {
    let g = common::generated(&common::root().join("tests/fixtures"));
    let mismatches: Vec<String> = g
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::ExampleSchema && d.location.path == "api/user-get.md")
        .map(ToString::to_string)
        .collect();
    let expect = |path: &str| {
        assert!(
            mismatches
                .iter()
                .any(|m| m.contains(&format!("at `{path}`"))),
            "no mismatch at {path}: {mismatches:#?}"
        );
    };
    expect("/mailboxQuota");
    expect("/ageGroup");
    // Not nullable ("Not nullable." in the table).
    expect("/businessPhones");
    // Inside a navigation target: directoryObject's DateTimeOffset.
    expect("/manager/deletedDateTime");
    assert_eq!(mismatches.len(), 4, "{mismatches:#?}");
    // Page, line and column of the value at fault in the response body, and the type the body
    // is checked against.
    let at: Vec<&str> = mismatches
        .iter()
        .map(|m| m.split(": ").next().unwrap_or_default())
        .collect();
    assert_eq!(
        at,
        [
            "api/user-get.md:124:19",
            "api/user-get.md:125:15",
            "api/user-get.md:126:21",
            "api/user-get.md:127:46"
        ]
    );
    assert!(
        mismatches.iter().all(
            |m| m.contains("warning[example-schema]: the response body at `")
                && m.contains("does not match `microsoft.graph.user`")
        ),
        "{mismatches:#?}"
    );
    // A body that fails its schema stays out of the document, so linters find no invalid
    // example; the ones that pass stay in.
    let doc = document(&g);
    let examples = &doc["paths"]["/users/{user-id}"]["get"]["responses"]["200"]["content"]["application/json"]
        ["examples"];
    let names: Vec<&String> = examples
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    assert!(
        g.model.routes["/users/{user-id}"][&graphdoc_codegen::vocab::Method::Get]
            .examples
            .iter()
            .any(|e| e.line == 114),
        "the failing example is still a case"
    );
    for name in &names {
        let body = &examples[name.as_str()]["value"];
        assert!(
            body.get("mailboxQuota").is_none() || !body["mailboxQuota"].is_string(),
            "{name} fails its schema"
        );
    }
}

/// A nullable reference is `anyOf: [$ref, {enum: [null]}]`, the form every tool reads as "null
/// or the reference"; `nullable` never stands beside `allOf` or without a `type`, where
/// validators demand the reference or refuse the schema.
#[test]
fn nullable_references_are_any_of_the_reference_and_null() {
    let g = common::generated(&common::root().join("tests/fixtures"));
    let doc = document(&g);
    let mut found = 0;
    let mut walk = vec![&doc];
    while let Some(v) = walk.pop() {
        match v {
            Value::Object(map) => {
                if let Some(Value::Array(branches)) = map.get("anyOf") {
                    found += 1;
                    assert_eq!(branches.len(), 2, "{v}");
                    assert!(branches[0].get("$ref").is_some(), "{v}");
                    assert_eq!(branches[1], serde_json::json!({ "enum": [null] }), "{v}");
                }
                if map.get("nullable") == Some(&Value::Bool(true)) {
                    assert!(map.contains_key("type"), "`nullable` without a type: {v}");
                    assert!(!map.contains_key("allOf"), "`nullable` beside `allOf`: {v}");
                }
                walk.extend(map.values());
            }
            Value::Array(items) => walk.extend(items),
            _ => {}
        }
    }
    assert!(found > 0, "the fixtures have nullable references");
}
