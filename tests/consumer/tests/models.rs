//! The models as a user of the README's example meets them: read a response, build a PATCH.

use graph_consumer::microsoft_graph::Device;
use serde_json::json;

#[test]
fn absent_and_null_read_as_none_and_null_is_kept() {
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
    // The null is noted, the absence is not; neither is an undocumented member.
    assert!(device.nulls.contains("accountEnabled"));
    assert!(!device.nulls.contains("operatingSystem"));
    assert!(device.additional_properties.is_empty());
}

#[test]
fn a_patch_read_changed_and_written_still_clears_what_it_cleared() {
    let read: Device = serde_json::from_value(json!({
        "displayName": "Renamed",
        "operatingSystemVersion": null
    }))
    .expect("a PATCH body reads");
    let mut patch = read.clone();
    patch.display_name = Some("Renamed again".into());
    assert_eq!(
        serde_json::to_value(&patch).expect("serializes"),
        json!({ "displayName": "Renamed again", "operatingSystemVersion": null })
    );
}

#[test]
fn a_patch_sends_what_it_sets_and_the_nulls_it_asks_for() {
    let mut patch = Device {
        display_name: Some("Renamed".into()),
        ..Device::default()
    };
    // Clearing a property: its JSON name in `nulls`.
    patch.nulls.insert("operatingSystemVersion".into());
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

#[test]
fn a_type_attribute_derives_what_it_says() {
    fn is_eq<T: Eq>() {}
    is_eq::<graph_consumer::microsoft_graph::AlternativeSecurityId>();
}

#[test]
fn a_field_attribute_sits_on_its_field_alone() {
    let models = include_str!(concat!(env!("OUT_DIR"), "/models.rs"));
    let attribute = "#[doc(alias = \"name\")]";
    assert_eq!(models.matches(attribute).count(), 1);
    let after =
        &models[models.find(attribute).expect("the attribute is written") + attribute.len()..];
    assert!(
        after.trim_start().starts_with("pub display_name:"),
        "{}",
        &after[..80]
    );
}

#[test]
fn an_extern_path_puts_the_crates_type_in_place_of_the_docs() {
    // A compile-time fact: the field holds the crate's own type, unboxed.
    fn commands(device: &Device) -> Option<&Vec<graph_consumer::DeviceCommand>> {
        device.commands.as_ref()
    }
    let device: Device =
        serde_json::from_value(json!({ "commands": [{ "id": "1", "type": "x" }] }))
            .expect("a device with commands reads");
    assert_eq!(commands(&device).map(Vec::len), Some(1));
    let models = include_str!(concat!(env!("OUT_DIR"), "/models.rs"));
    assert!(!models.contains("pub struct Command "));
}
