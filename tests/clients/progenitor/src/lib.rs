//! The client progenitor generates from the OpenAPI document.
#![allow(warnings, clippy::all)]

include!(concat!(env!("OUT_DIR"), "/client.rs"));
