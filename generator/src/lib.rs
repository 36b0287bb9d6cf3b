//! Turns API reference pages in the Microsoft Graph markdown dialect into one resolved model
//! and the files generated from it.
//!
//! Three stages, each in its own module: [`parse`] (a page → its facts), [`model`] (all pages →
//! one model and its diagnostics), [`emit`] (the model → files). The same front door serves the
//! CLI, build scripts and tests:
//!
//! ```no_run
//! graphdoc_codegen::Config::new().docs("docs-input").out_dir("generated").generate()?;
//! # Ok::<(), graphdoc_codegen::Error>(())
//! ```

pub mod check;
mod config;
pub mod contract;
pub mod diag;
pub mod diff;
pub mod drift;
pub mod emit;
mod error;
pub mod ident;
pub mod label;
pub mod model;
pub mod parse;
mod pipeline;
pub mod report;
pub mod rust_view;
pub mod schema;
mod sources;
pub mod summary;
pub mod vocab;
mod write;
pub mod yaml;

pub use config::{CompiledModels, Config, generate};
pub use diag::{Code, Diagnostic};
pub use error::{Error, Result};
pub use label::{Label, docs_label};
pub use model::{Model, PathFilter};
pub use pipeline::{
    Generation, build_model, generate_filtered, generate_from_sources, generate_with, parse_pages,
};
pub use sources::{Docs, Source, read_docs};
pub use summary::Summary;
pub use write::{FileChange, FileChangeKind};
