//! The API described by the pages in `docs-input/`, generated at build time by `build.rs`: a
//! docs change rebuilds the models, an unchanged tree does not rerun the generator.
#![deny(warnings)]

/// Rust models of every type the docs define, one module per namespace.
pub mod models {
    include!(concat!(env!("OUT_DIR"), "/docs-input/rust/src/models.rs"));

    /// One test per documented example (the same file as `generated/rust/src/cases.rs`).
    #[cfg(test)]
    mod cases {
        include!(concat!(env!("OUT_DIR"), "/docs-input/rust/src/cases.rs"));
    }
}

/// The resolved model of `docs-input/`, as YAML (the same bytes as `generated/model.yaml`).
pub const MODEL_YAML: &str = include_str!(concat!(env!("OUT_DIR"), "/docs-input/model.yaml"));

/// The models of the test fixtures: compiled, so their snapshots are known to compile.
#[cfg(test)]
pub mod fixture_models {
    include!(concat!(env!("OUT_DIR"), "/fixtures/rust/src/models.rs"));

    /// The fixtures' examples as cases.
    pub(crate) mod cases {
        include!(concat!(env!("OUT_DIR"), "/fixtures/rust/src/cases.rs"));
    }
}

#[cfg(test)]
mod tests {
    use super::fixture_models::microsoft_graph::{AgeGroup, DirectoryObject, User};
    use super::fixture_models::microsoft_graph_call_records::Session;
    use serde_json::{Value, json};

    fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: &Value) -> Value {
        let typed: T = serde_json::from_value(value.clone()).expect("deserializes");
        serde_json::to_value(&typed).expect("serializes")
    }

    #[test]
    fn unknown_fields_and_nulls_survive_a_round_trip() {
        let user = json!({
            "@odata.type": "#microsoft.graph.user",
            "id": "1",
            "accountEnabled": true,
            "birthday": "2000-02-29",
            "signInDateTime": "2021-07-01T10:00:00Z",
            "employeeId": "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
            "photoBytes": "a2V5",
            "mailboxQuota": 9007199254740993_i64,
            "deletedDateTime": null,
            "notInTheDocs": { "nested": [1, 2] }
        });
        // What was read is written back as it was, `null` included; absent stays absent.
        assert_eq!(round_trip::<User>(&user), user);
        // Nullable or not, a property reads as a plain `Option`; a `null` is noted in `nulls`.
        let mut typed: User = serde_json::from_value(user).expect("deserializes");
        assert_eq!(typed.deleted_date_time, None);
        assert!(typed.nulls.contains("deletedDateTime"));
        assert_eq!(typed.nulls.len(), 1);
        assert_eq!(typed.account_enabled, Some(true));
        // A field given a value is written once, with it.
        typed.deleted_date_time = Some("2021-07-01T10:00:00Z".parse().expect("a date"));
        let written = serde_json::to_string(&typed).expect("serializes");
        assert_eq!(written.matches("deletedDateTime").count(), 1, "{written}");
    }

    #[test]
    fn a_base_typed_value_keeps_a_derived_instance() {
        // `memberOf` is a collection of directoryObject; this member is a user.
        let user = json!({ "memberOf": [ { "@odata.type": "#microsoft.graph.user", "id": "2", "accountEnabled": false } ] });
        assert_eq!(round_trip::<User>(&user), user);
        let base =
            json!({ "@odata.type": "#microsoft.graph.user", "id": "3", "businessPhones": ["1"] });
        let object: DirectoryObject = serde_json::from_value(base.clone()).expect("deserializes");
        assert_eq!(object.additional_properties["businessPhones"], json!(["1"]));
        assert_eq!(serde_json::to_value(&object).expect("serializes"), base);
        // Read through its base as the type it names, every member typed.
        use super::fixture_models::helpers::Derived;
        let user: User = object.as_derived().expect("a user");
        assert_eq!(user.id.as_deref(), Some("3"));
        assert_eq!(user.business_phones, Some(vec!["1".to_owned()]));
        assert!(user.additional_properties.is_empty());
        assert_eq!(serde_json::to_value(&user).expect("serializes"), base);
        // Not as another type; an unknown type stays the base with its members.
        assert!(object.as_derived::<DirectoryObject>().is_none());
        let unknown = json!({ "@odata.type": "#microsoft.graph.notDocumented", "id": "4", "x": 1 });
        let object: DirectoryObject =
            serde_json::from_value(unknown.clone()).expect("deserializes");
        assert!(object.as_derived::<User>().is_none());
        assert_eq!(serde_json::to_value(&object).expect("serializes"), unknown);
    }

    #[test]
    fn enum_values_the_docs_did_not_list_are_kept() {
        let known: AgeGroup = serde_json::from_value(json!("adult")).expect("deserializes");
        assert_eq!(known, AgeGroup::Adult);
        let grown: AgeGroup =
            serde_json::from_value(json!("unknownFutureValue")).expect("never an error");
        assert_eq!(grown, AgeGroup::UnknownValue("unknownFutureValue".into()));
        assert_eq!(
            serde_json::to_value(&grown).expect("serializes"),
            json!("unknownFutureValue")
        );
    }

    #[test]
    fn other_namespaces_and_open_types() {
        let session =
            json!({ "modalities": ["audio", "hologram"], "caller": { "id": "4" }, "anything": 1 });
        assert_eq!(round_trip::<Session>(&session), session);
    }

    mod case_support {
        use crate::fixture_models::cases::support::{self, Case, Collection};
        use crate::fixture_models::microsoft_graph::{DirectoryObject, User};

        fn case(
            response: &'static str,
            known_failure: Option<(&'static str, &'static str)>,
        ) -> Case {
            Case {
                page: "api/x.md",
                example: "a_case",
                request_line: Some(("GET", "/users/42")),
                route: Some(("GET", "/users/{user-id}")),
                request: None,
                request_parameters: &[],
                response: Some(response),
                known_failure,
            }
        }

        #[test]
        fn a_documented_body_passes() {
            let body = r#"{"id": "1", "accountEnabled": true, "deletedDateTime": null}"#;
            support::run::<serde_json::Value, User>(&case(body, None));
        }

        #[test]
        #[should_panic(expected = "undocumented at `response/nickname2`")]
        fn an_undocumented_field_fails_a_case() {
            support::run::<serde_json::Value, User>(&case(r#"{"nickname2": "x"}"#, None));
        }

        #[test]
        fn a_null_that_comes_back_absent_is_not_lost() {
            let body = r#"{"businessPhones": null, "deletedDateTime": null}"#;
            support::run::<serde_json::Value, User>(&case(body, None));
        }

        #[test]
        #[should_panic(expected = "the known failure (type at `response/mailboxQuota`) is gone")]
        fn a_fixed_known_failure_fails_its_test() {
            let body = r#"{"mailboxQuota": 5}"#;
            let expected = Some(("type", "response/mailboxQuota"));
            support::run::<serde_json::Value, User>(&case(body, expected));
        }

        #[test]
        fn collections_go_through_the_envelope_and_derived_instances_are_not_undocumented() {
            let body = r##"{"@odata.context": "x", "value": [{"@odata.type": "#microsoft.graph.user", "id": "2", "accountEnabled": false}]}"##;
            support::run::<serde_json::Value, Collection<DirectoryObject>>(&case(body, None));
        }

        #[test]
        #[should_panic(expected = "undocumented at `response/value/0/nickname2`")]
        fn a_derived_instance_is_judged_as_its_own_type() {
            let body = r##"{"value": [{"@odata.type": "#microsoft.graph.user", "id": "2", "nickname2": "x"}]}"##;
            support::run::<serde_json::Value, Collection<DirectoryObject>>(&case(body, None));
        }

        #[test]
        fn a_derived_instance_that_does_not_read_as_its_type_fails_at_the_instance() {
            let body = r##"{"value": [{"@odata.type": "#microsoft.graph.user", "accountEnabled": "yes"}]}"##;
            let expected = Some(("type", "response/value/0"));
            support::run::<serde_json::Value, Collection<DirectoryObject>>(&case(body, expected));
        }

        #[test]
        fn an_instance_of_an_unknown_type_keeps_its_members_unjudged() {
            let body =
                r##"{"value": [{"@odata.type": "#microsoft.graph.notDocumented", "x": 1}]}"##;
            support::run::<serde_json::Value, Collection<DirectoryObject>>(&case(body, None));
        }

        #[test]
        #[should_panic(expected = "url at `url`")]
        fn a_url_outside_the_template_fails() {
            let mut c = case("{}", None);
            c.request_line = Some(("GET", "/groups/42"));
            support::run::<serde_json::Value, serde_json::Value>(&c);
        }

        #[test]
        fn urls_match_templates_as_the_generator_matches_them() {
            assert!(support::matches("/users/{user-id}", "/USERS/42"));
            assert!(!support::matches("/users/{user-id}", "/users"));
            assert!(support::matches(
                "/me/drive/root:/{item-path}:/content",
                "/me/drive/root:/a/b.txt:/content"
            ));
            assert!(support::matches(
                "/me/memberOf",
                "/me/memberOf/microsoft.graph.group"
            ));
            assert!(support::matches(
                "/me/drive/root/search(q='{q}')",
                "/me/drive/root/search(q='x/y')"
            ));
            assert!(!support::matches(
                "/me/events/delta()",
                "/me/events/other()"
            ));
        }
    }
}
