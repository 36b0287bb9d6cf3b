//! `--include-path`: only the routes it keeps and the types they reach, in every output.

use crate::common;

use graphdoc_codegen::model::TypeRef;

#[test]
fn include_paths_keep_routes_and_the_types_they_reach() {
    let whole = graphdoc_codegen::Config::new()
        .docs(common::root().join("tests/fixtures"))
        .run()
        .expect("the fixtures generate");
    let part = graphdoc_codegen::Config::new()
        .docs(common::root().join("tests/fixtures"))
        .include_paths(["/users/**"])
        .run()
        .expect("the fixtures generate");
    let model = &part.model;
    assert!(!model.routes.is_empty());
    assert!(model.routes.len() < whole.model.routes.len());
    assert!(
        model
            .routes
            .keys()
            .all(|path| path.to_ascii_lowercase().starts_with("/users")),
        "{:?}",
        model.routes.keys().collect::<Vec<_>>()
    );
    // Every type a kept route sends or returns is kept, with its base types.
    for route in model.routes.values().flat_map(|m| m.values()) {
        if let Some(TypeRef::Named(name)) = route.response.as_ref().and_then(|r| r.ty.as_ref()) {
            assert!(model.get(name).is_some(), "{name} is gone");
            for (ancestor, _) in model.ancestors(name) {
                assert!(model.get(ancestor).is_some());
            }
        }
    }
    let count =
        |m: &graphdoc_codegen::Model| m.namespaces.values().map(|n| n.types.len()).sum::<usize>();
    assert!(count(model) < count(&whole.model));
    // Every property of a kept type has a kept type, or is a navigation left out.
    for (ns, namespace) in &model.namespaces {
        for (name, ty) in &namespace.types {
            for (property, p) in &ty.properties {
                if let TypeRef::Named(target) = &p.ty {
                    let defined = whole.model.get(target).is_some();
                    assert!(
                        !defined || model.get(target).is_some(),
                        "{ns}.{name}.{property} reaches {target}, which is gone"
                    );
                }
            }
        }
    }
    // The outputs hold the same part: the OpenAPI paths are the kept routes.
    let openapi: serde_json::Value =
        serde_yaml::from_slice(&part.files["openapi.yaml"]).expect("the document is YAML");
    let paths = openapi["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), model.routes.len());
    let models = String::from_utf8_lossy(&part.files["rust/src/models.rs"]);
    assert!(models.contains("pub struct User "));
    assert!(models.contains("--include-path '/users/**'"));
}

#[test]
fn a_pattern_that_is_no_path_is_an_error() {
    let error = graphdoc_codegen::Config::new()
        .docs(common::root().join("tests/fixtures"))
        .include_paths(["users/**"])
        .run()
        .expect_err("refused");
    assert!(error.to_string().contains("must start with `/`"), "{error}");
}
