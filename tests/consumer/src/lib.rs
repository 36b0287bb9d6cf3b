//! The API's models, generated from the pages in `docs/` when they change.
include!(concat!(env!("OUT_DIR"), "/models.rs"));

/// The crate's own type for the docs' `command` (`Config::extern_path`): the models hold it
/// wherever the docs name a command, and no `Command` struct is generated.
pub type DeviceCommand = serde_json::Value;
