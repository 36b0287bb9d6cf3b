//! The models as a user of the README's example meets them: read a response, build a PATCH.

use graph_consumer::microsoft_graph::Device;
use serde_json::{Value, json};

#[test]
fn absent_and_null_read_the_same() {
    let device: Device = serde_json::from_value(json!({
        "id": "42",
        "displayName": "Laptop",
        "accountEnabled": null
    }))
    .expect("a documented device reads");
    // A key property and a nullable one: plain `Option`s.
    assert_eq!(device.id.as_deref(), Some("42"));
    assert_eq!(device.display_name.as_deref(), Some("Laptop"));
    assert_eq!(device.account_enabled, None);
    assert_eq!(device.operating_system, None);
}

#[test]
fn a_patch_sends_what_it_sets_and_the_nulls_it_asks_for() {
    let mut patch = Device {
        display_name: Some("Renamed".into()),
        ..Device::default()
    };
    // Clearing a property: `null` under its JSON name.
    patch
        .additional_properties
        .insert("operatingSystemVersion".into(), Value::Null);
    assert_eq!(
        serde_json::to_value(&patch).expect("serializes"),
        json!({ "displayName": "Renamed", "operatingSystemVersion": null })
    );
}

#[test]
fn the_test_aid_is_not_compiled_in() {
    // The models file holds no `Undocumented` trait: a build script's models carry only what a
    // user calls. (A compile-time fact, read from the file the build script wrote.)
    let models = include_str!(concat!(env!("OUT_DIR"), "/models.rs"));
    assert!(!models.contains("Undocumented"));
    assert!(models.contains("pub struct Device"));
}
