//! One snapshot per fixture page: what the page contributed to the model (its types, the
//! properties it adds to other pages' types, its routes and examples) and its diagnostics. All
//! fixture pages are generated together, so links between them resolve.

use crate::common;

use std::collections::BTreeMap;

use graphdoc_codegen::Generation;
use graphdoc_codegen::model::{Example, Property, Route, TypeDef};
use serde::Serialize;

fn generation() -> &'static Generation {
    common::generated(&common::root().join("tests/fixtures"))
}

#[derive(Serialize)]
struct PageView<'a> {
    diagnostics: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    types: BTreeMap<String, &'a TypeDef>,
    /// Properties this page adds to types other pages define.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    adds_to: BTreeMap<String, BTreeMap<&'a str, &'a Property>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    routes: BTreeMap<String, &'a Route>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unrouted_examples: Vec<&'a Example>,
}

fn view<'a>(g: &'a Generation, page: &str) -> PageView<'a> {
    let mut v = PageView {
        diagnostics: g
            .diagnostics
            .iter()
            .filter(|d| d.location.path == page)
            .map(ToString::to_string)
            .collect(),
        types: BTreeMap::new(),
        adds_to: BTreeMap::new(),
        routes: BTreeMap::new(),
        unrouted_examples: g
            .model
            .unrouted_examples
            .get(page)
            .map(|e| e.iter().collect())
            .unwrap_or_default(),
    };
    for (name, ty) in g.model.types() {
        if ty.sources.first().is_some_and(|s| s == page) {
            v.types.insert(name, ty);
        } else {
            let added: BTreeMap<&str, &Property> = ty
                .properties
                .iter()
                .filter(|(_, p)| p.sources.contains(page))
                .map(|(n, p)| (n.as_str(), p))
                .collect();
            if !added.is_empty() {
                v.adds_to.insert(name, added);
            }
        }
    }
    for (path, method, route) in g.model.all_routes() {
        if route.page == page {
            v.routes.insert(format!("{method} {path}"), route);
        }
    }
    v
}

#[test]
fn fixture_pages() {
    let fixtures = common::root().join("tests/fixtures");
    let g = generation();
    insta::glob!("..", "fixtures/**/*.md", |path| {
        let relative = path
            .strip_prefix(&fixtures)
            .expect("a fixture")
            .to_string_lossy()
            .replace('\\', "/");
        insta::assert_yaml_snapshot!(view(g, &relative));
    });
}

#[test]
fn every_fixture_construct_is_read() {
    let g = generation();
    let user = g
        .model
        .get("microsoft.graph.user")
        .expect("user is declared");
    // The base comes from "Inherits from [directoryObject](directoryobject.md)".
    assert_eq!(
        user.base_type.as_deref(),
        Some("microsoft.graph.directoryObject")
    );
    // The anchor link resolves to the enum table of the same page, not to the link text.
    assert_eq!(
        user.properties["ageGroup"].ty.to_string(),
        "microsoft.graph.ageGroup"
    );
    let age = g
        .model
        .get("microsoft.graph.ageGroup")
        .expect("ageGroup values");
    let members: Vec<&str> = age.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(members, ["minor", "notAdult", "adult"]);
    assert!(
        g.model
            .get("microsoft.graph.riskLevel")
            .is_some_and(|t| t.flags)
    );
    // Inherited `id` is not restated on derived types; the root keeps the key.
    assert!(!user.properties.contains_key("id"));
    assert_eq!(
        g.model
            .get("microsoft.graph.entity")
            .and_then(|t| t.key.as_deref()),
        Some("id")
    );
    // Other namespaces keep their types apart.
    let session = g
        .model
        .get("microsoft.graph.callRecords.session")
        .expect("session");
    assert!(session.open_type && session.has_stream);
    assert_eq!(
        session.properties["modalities"].ty.to_string(),
        "microsoft.graph.callRecords.modality"
    );
    // "List group members" is not an enum; "requiredPermissions values" is, not a permissions table.
    assert!(g.model.get("microsoft.graph.list").is_none());
    assert!(g.model.get("microsoft.graph.requiredPermissions").is_some());
    let members = &g.model.routes["/groups/{group-id}/members"];
    let get = &members[&graphdoc_codegen::vocab::Method::Get];
    assert_eq!(
        get.permissions.application,
        ["GroupMember.Read.All", "Device.Read.All"]
    );
    assert_eq!(get.examples.len(), 3);
    assert!(get.response.as_ref().is_some_and(|r| r.collection));
}
