//! The API's models, generated from the pages in `docs/` when they change.
include!(concat!(env!("OUT_DIR"), "/models.rs"));
