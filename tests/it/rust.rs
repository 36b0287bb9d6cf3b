//! The generated Rust: the fixtures' models are a snapshot (they are also compiled, with
//! `#![deny(warnings)]`, by this crate's build script in test builds), and naming collisions
//! are reported.

use crate::common;

use graphdoc_codegen::Code;

#[test]
fn fixture_models() {
    let g = common::generated(&common::root().join("tests/fixtures"));
    let models = String::from_utf8(g.files["rust/src/models.rs"].clone()).expect("UTF-8");
    insta::assert_snapshot!("fixtures_models", models);
    // Keywords escaped, collisions made distinct, digits prefixed, std paths qualified.
    for needle in [
        "pub r#type:",
        "pub self_:",
        "pub r#fn:",
        "pub status:",
        "pub status_2:",
        "pub _2fa_enabled:",
        "pub struct Option {",
        "pub struct Result {",
        "pub struct Box {",
        "::std::option::Option<::std::boxed::Box<super::microsoft_graph::Option>>",
        "::std::option::Option<::std::vec::Vec<::std::boxed::Box<super::microsoft_graph::Result>>>",
        // Hostile descriptions stay inside doc comments.
        "/// */ \"# ]] #[derive(Debug)] `code` `rust fn main() {} `",
    ] {
        // prettyplease wraps long lines: compare without whitespace.
        let squash = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .replace(",>", ">")
        };
        assert!(
            squash(&models).contains(&squash(needle)),
            "missing {needle}"
        );
    }
    for line in models
        .lines()
        .filter(|l| l.contains("fn injected") || l.contains("#[derive(Debug)]"))
    {
        assert!(
            line.trim_start().starts_with("///"),
            "a description became code: {line}"
        );
    }
    assert!(g.diagnostics.iter().any(|d| {
        d.code == Code::NameCollision
            && d.message
                .contains("`status` of `microsoft.graph.hostile` is `status_2`")
    }));
}

#[test]
fn docs_input_models_compile_in_this_crate() {
    // The crate includes them: building it is the test. This checks the types are there.
    let device = graph_docs::models::microsoft_graph::Device::default();
    assert!(
        serde_json::to_value(&device)
            .expect("serializes")
            .as_object()
            .is_some_and(|o| o.is_empty())
    );
}
