//! The API described by the pages in `docs-input/`, generated at build time by `build.rs`.

/// The resolved model of `docs-input/`, as YAML (the same bytes as `generated/model.yaml`).
pub const MODEL_YAML: &str = include_str!(concat!(env!("OUT_DIR"), "/model.yaml"));
