//! Turns API reference pages in the Microsoft Graph markdown dialect into one resolved model
//! and the files generated from it.
//!
//! Three stages, each in its own module: [`parse`] (a page → its facts), [`model`] (all pages →
//! one model and its diagnostics), [`emit`] (the model → files). The same front door serves the
//! CLI, build scripts and tests:
//!
//! ```no_run
//! // build.rs: the Rust models alone, into OUT_DIR (the default features)
//! graphdoc_codegen::Config::new().docs("docs").compile_models()?;
//! # Ok::<(), graphdoc_codegen::Error>(())
//! ```
//!
//! With the `outputs` feature, every output, into a folder kept in the repository:
//!
//! ```no_run
//! # #[cfg(feature = "outputs")]
//! graphdoc_codegen::Config::new().docs("docs-input").out_dir("generated").generate()?;
//! # Ok::<(), graphdoc_codegen::Error>(())
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "outputs")]
pub mod check;
mod config;
#[cfg(feature = "outputs")]
pub mod contract;
pub mod diag;
#[cfg(feature = "outputs")]
pub mod diff;
#[cfg(feature = "outputs")]
pub mod drift;
pub mod emit;
mod error;
pub mod ident;
pub mod label;
pub mod model;
pub mod parse;
mod pipeline;
#[cfg(feature = "outputs")]
pub mod report;
pub mod rust_view;
#[cfg(feature = "outputs")]
pub mod schema;
mod sources;
#[cfg(feature = "outputs")]
pub mod summary;
pub mod vocab;
mod write;
#[cfg(feature = "outputs")]
pub mod yaml;

pub use config::{CompiledModels, Config};
pub use diag::{Code, Diagnostic};
pub use error::{Error, Result};
pub use label::{Label, docs_label};
pub use model::{Model, PathFilter};
pub use pipeline::{build_model, parse_pages};
pub use sources::{Docs, Source, read_docs};

#[cfg(feature = "outputs")]
pub use config::generate;
#[cfg(feature = "outputs")]
pub use pipeline::{Generation, generate_filtered, generate_from_sources, generate_with};
#[cfg(feature = "outputs")]
pub use summary::Summary;
#[cfg(feature = "outputs")]
pub use write::{FileChange, FileChangeKind};
