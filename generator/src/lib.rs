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
pub mod contract;
pub mod diag;
pub mod diff;
pub mod drift;
pub mod emit;
pub mod ident;
pub mod model;
pub mod parse;
pub mod report;
pub mod rust_view;
pub mod schema;
mod sources;
pub mod summary;
pub mod vocab;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use diag::{Code, Diagnostic};
pub use model::{Model, PathFilter};
pub use sources::{Docs, Source, read_docs};
pub use summary::Summary;
pub use write::{ChangeKind, FileChange};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the docs folder `{0}` does not exist or is not a folder")]
    DocsMissing(PathBuf),
    #[error("the docs folder `{0}` holds no `.md` page; nothing was written")]
    NoPages(PathBuf),
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write `{path}`: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("another run is writing into `{0}`; try again when it has finished")]
    Locked(PathBuf),
    #[error("cannot serialize `{file}`: {message}")]
    Serialize { file: String, message: String },
    #[error("{0}")]
    Pattern(String),
    #[error(
        "the path patterns {0} keep no route the docs document; nothing was written (`*` matches within a segment, `**` any segments: `/devices/**`)"
    )]
    NothingKept(String),
    #[error("no output folder: `OUT_DIR` is not set (outside a build script, call `out_dir`)")]
    NoOutDir,
}

/// One line for a build script's `cargo:warning`: how many diagnostics, of which codes most,
/// and how to list them.
fn diagnostics_summary(diagnostics: &[Diagnostic], docs: &Path) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diagnostics {
        *counts.entry(d.code.as_str()).or_default() += 1;
    }
    let mut by_count: Vec<(&str, usize)> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = by_count
        .iter()
        .take(3)
        .map(|(code, n)| format!("{n} {code}"))
        .collect();
    let more = if by_count.len() > 3 { ", ..." } else { "" };
    format!(
        "{} doc diagnostics in {} ({}{more}); list them with `graphdoc-codegen generate --docs {}`",
        diagnostics.len(),
        docs.display(),
        top.join(", "),
        docs.display()
    )
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How generated files name their source: the docs folder's label (`docs-input`) and the
/// command that regenerates them, as every header states. Displays as the label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub docs: String,
    pub regenerate: String,
}

impl Label {
    /// The label of a docs folder generated into `out`: the command names both folders as
    /// they are seen from the current folder, so running it there reproduces the files.
    pub fn for_folders(docs: &Path, out: &Path) -> Label {
        let docs_label = docs_label(docs);
        let shown = |path: &Path| command_path(path);
        let regenerate = match (shown(docs), shown(out)) {
            (Some(d), Some(o)) => {
                format!(
                    "cargo run --release -p graphdoc-codegen --features cli -- generate --docs {d} --out {o}"
                )
            }
            // A path a comment cannot hold as it is: the label stands in for it.
            _ => format!(
                "cargo run --release -p graphdoc-codegen --features cli -- generate --docs {docs_label}"
            ),
        };
        Label {
            docs: docs_label,
            regenerate,
        }
    }

    /// The label of pages given in memory: the folder name stands in for the path.
    pub fn named(docs_label: &str) -> Label {
        Label {
            docs: docs_label.to_owned(),
            regenerate: format!(
                "cargo run --release -p graphdoc-codegen --features cli -- generate --docs {docs_label}"
            ),
        }
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.docs)
    }
}

/// A path as a command line in a header shows it: relative to the current folder when it is
/// below it, `/`-separated; `None` when it holds a character a comment or a shell could take
/// for something else.
fn command_path(path: &Path) -> Option<String> {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let parts: Vec<String> = relative
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| match c {
            std::path::Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    let text = parts.join("/");
    let text = if text.is_empty() {
        ".".to_owned()
    } else {
        text
    };
    let safe = !text.starts_with('-')
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'));
    safe.then_some(text)
}

/// Everything one run produces, in memory.
#[derive(Debug)]
pub struct Generation {
    /// Output path (relative to the output folder) → contents, in order; empty after
    /// [`Config::generate`], which writes each file as it is produced instead.
    pub files: BTreeMap<String, Vec<u8>>,
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

/// What to generate from where. Setters return `&mut Self`, as prost-build's do.
///
/// Two jobs: [`Config::compile_models`] for a build script (the Rust models alone, into
/// `OUT_DIR`), and [`Config::generate`] for the CLI (every output, into a folder kept in the
/// repository).
#[derive(Debug, Clone)]
pub struct Config {
    docs: PathBuf,
    out_dir: Option<PathBuf>,
    openapi: emit::openapi::Options,
    rust: emit::rust::Options,
    models_file: String,
    cargo_messages: bool,
    include_paths: Vec<String>,
    exclude_paths: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            docs: PathBuf::from("docs-input"),
            out_dir: None,
            openapi: emit::openapi::Options::default(),
            rust: emit::rust::Options::default(),
            models_file: "models.rs".to_owned(),
            cargo_messages: true,
            include_paths: Vec::new(),
            exclude_paths: Vec::new(),
        }
    }
}

/// What [`Config::compile_models`] wrote.
#[derive(Debug)]
pub struct CompiledModels {
    /// The models file.
    pub path: PathBuf,
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
}

impl Config {
    pub fn new() -> Self {
        Self::default()
    }

    /// The folder searched recursively for `.md` pages (default `docs-input`).
    pub fn docs(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.docs = dir.into();
        self
    }

    /// The folder that receives the outputs: by default `OUT_DIR` for
    /// [`compile_models`](Config::compile_models) and `generated` for
    /// [`generate`](Config::generate).
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The name of the file [`compile_models`](Config::compile_models) writes (default
    /// `models.rs`).
    pub fn models_file(&mut self, name: impl Into<String>) -> &mut Self {
        self.models_file = name.into();
        self
    }

    /// Whether the models carry the `Undocumented` trait the case tests use, under
    /// `cfg(any(test, feature = "test-aids"))` (default: not for
    /// [`compile_models`](Config::compile_models); always for [`generate`](Config::generate)).
    /// The including crate then declares a `test-aids` feature.
    pub fn test_aids(&mut self, on: bool) -> &mut Self {
        self.rust.test_aids = on;
        self
    }

    /// Keeps only the routes whose paths match one of these patterns, and the types they reach,
    /// in every output (`/me/**`, `/users/*/messages`; see [`model::filter`]). Calls add up.
    pub fn include_paths<I: IntoIterator<Item = S>, S: Into<String>>(
        &mut self,
        patterns: I,
    ) -> &mut Self {
        self.include_paths
            .extend(patterns.into_iter().map(Into::into));
        self
    }

    /// Leaves out the routes whose paths match one of these patterns (after
    /// [`include_paths`](Config::include_paths)).
    pub fn exclude_paths<I: IntoIterator<Item = S>, S: Into<String>>(
        &mut self,
        patterns: I,
    ) -> &mut Self {
        self.exclude_paths
            .extend(patterns.into_iter().map(Into::into));
        self
    }

    fn filter(&self) -> Result<PathFilter> {
        PathFilter::new(&self.include_paths, &self.exclude_paths).map_err(Error::Pattern)
    }

    /// An error when path patterns are set and keep no route of `model`: a typo in a pattern
    /// would otherwise empty every output.
    fn kept_some_route(&self, model: &Model) -> Result<()> {
        if (self.include_paths.is_empty() && self.exclude_paths.is_empty())
            || !model.routes.is_empty()
        {
            return Ok(());
        }
        let patterns = (self
            .include_paths
            .iter()
            .map(|p| format!("--include-path `{p}`")))
        .chain(
            self.exclude_paths
                .iter()
                .map(|p| format!("--exclude-path `{p}`")),
        )
        .collect::<Vec<_>>()
        .join(", ");
        Err(Error::NothingKept(patterns))
    }

    /// The label of the docs generated into `out`, its command carrying the path filters.
    fn label(&self, out: &Path) -> Label {
        let mut label = Label::for_folders(&self.docs, out);
        let flags = [
            ("--include-path", &self.include_paths),
            ("--exclude-path", &self.exclude_paths),
        ];
        for (flag, patterns) in flags {
            for pattern in patterns {
                // A header is a comment in five formats: a pattern with other characters is
                // left out of the command rather than written.
                let safe = pattern
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/*{}-_.".contains(c));
                if safe {
                    label.regenerate.push_str(&format!(" {flag} '{pattern}'"));
                }
            }
        }
        label
    }

    /// Whether [`compile_models`](Config::compile_models) prints `cargo:rerun-if-changed` for
    /// the docs folder and a `cargo:warning` summary of the diagnostics (default true, as a
    /// build script wants).
    pub fn cargo_messages(&mut self, on: bool) -> &mut Self {
        self.cargo_messages = on;
        self
    }

    /// For a build script: generates the Rust models alone into `OUT_DIR` (or
    /// [`out_dir`](Config::out_dir)), tells cargo to rerun when a page changes, and sums up
    /// the docs' diagnostics as one `cargo:warning`. Doc defects never fail the build; a
    /// missing docs folder or an unwritable file does.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     graphdoc_codegen::Config::new().docs("docs").compile_models()?;
    ///     Ok(())
    /// }
    /// ```
    ///
    /// and in the crate, where the models should be:
    ///
    /// ```ignore
    /// include!(concat!(env!("OUT_DIR"), "/models.rs"));
    /// ```
    pub fn compile_models(&self) -> Result<CompiledModels> {
        let filter = self.filter()?;
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        // A path with a line break cannot be said in cargo's line protocol.
        let docs_shown = self.docs.to_string_lossy();
        let sayable = !docs_shown.contains(['\n', '\r']);
        if self.cargo_messages && sayable {
            println!("cargo:rerun-if-changed={docs_shown}");
        }
        let docs = read_docs(&self.docs)?;
        let label = self.label(&out_dir);
        let (_, model, mut diagnostics) = model_of(&docs.pages, &filter);
        self.kept_some_route(&model)?;
        diagnostics.extend(docs.diagnostics);
        let view = rust_view::RustView::new(&model);
        let rust = emit::rust::build(&view, &label, self.rust);
        diagnostics.extend(view.diagnostics);
        diagnostics.sort();
        diagnostics.dedup();
        let files = BTreeMap::from([(self.models_file.clone(), rust.models.into_bytes())]);
        write::write_all(&out_dir, &files)?;
        if self.cargo_messages && sayable && !diagnostics.is_empty() {
            println!(
                "cargo:warning={}",
                diagnostics_summary(&diagnostics, &self.docs)
            );
        }
        Ok(CompiledModels {
            path: out_dir.join(&self.models_file),
            model,
            diagnostics,
        })
    }

    /// The OpenAPI document's server URL, instead of the base URL most examples use.
    pub fn server_url(&mut self, url: impl Into<String>) -> &mut Self {
        self.openapi.server_url = Some(url.into());
        self
    }

    /// The folder [`generate`](Config::generate) and [`check`](Config::check) use.
    fn generate_dir(&self) -> PathBuf {
        self.out_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("generated"))
    }

    /// Reads, parses, models and emits, without touching the output folder.
    pub fn run(&self) -> Result<Generation> {
        let filter = self.filter()?;
        let docs = read_docs(&self.docs)?;
        let label = self.label(&self.generate_dir());
        let mut generation = generate_filtered(&docs.pages, &label, &self.openapi, &filter)?;
        self.kept_some_route(&generation.model)?;
        if !docs.diagnostics.is_empty() {
            generation.summary.count_diagnostics(&docs.diagnostics);
            generation.diagnostics.extend(docs.diagnostics);
            generation.diagnostics.sort();
        }
        Ok(generation)
    }

    /// Runs and writes the outputs that changed, as one set: each output writes its files as
    /// it produces them, to temporary files renamed into place once every output succeeded
    /// (write.rs). The returned [`Generation`] holds no files.
    pub fn generate(&self) -> Result<Generation> {
        let filter = self.filter()?;
        let docs = read_docs(&self.docs)?;
        let out = self.generate_dir();
        let label = self.label(&out);
        // The pages' text is not needed once they are parsed.
        let pages = parse_pages(&docs.pages);
        drop(docs.pages);
        let modelled = model_of_pages(pages, &filter);
        self.kept_some_route(&modelled.1)?;
        let set = write::OutputSet::open(&out)?;
        let (mut generation, staged) = pipeline(modelled, &label, &self.openapi, || set.stage());
        set.finish(staged)?;
        if !docs.diagnostics.is_empty() {
            generation.summary.count_diagnostics(&docs.diagnostics);
            generation.diagnostics.extend(docs.diagnostics);
            generation.diagnostics.sort();
        }
        Ok(generation)
    }

    /// Runs and compares with the output folder; writes nothing. Empty when up to date.
    pub fn check(&self) -> Result<(Generation, Vec<FileChange>)> {
        let generation = self.run()?;
        let changes = write::compare(&self.generate_dir(), &generation.files)?;
        Ok((generation, changes))
    }
}

/// Generates from `docs` into `out`: the one-call shortcut.
pub fn generate(docs: impl AsRef<Path>, out: impl AsRef<Path>) -> Result<Generation> {
    Config::new()
        .docs(docs.as_ref())
        .out_dir(out.as_ref())
        .generate()
}

/// The name generated headers give the docs folder: its last component, so output does not
/// depend on where the checkout lives. Headers are comments in five formats, so the name keeps
/// only letters, digits, `.`, `-` and `_`; anything else (a newline, `?>`, `*/`) becomes `_`.
pub fn docs_label(docs: &Path) -> String {
    let name = docs
        .components()
        .next_back()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let label: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    // `..` alone says nothing, and a leading `-` reads as an option in the regenerate command.
    if label.is_empty() || label.chars().all(|c| c == '.') || label.starts_with('-') {
        "docs".to_owned()
    } else {
        label
    }
}

/// The model of a docs folder and its diagnostics, without emitting anything: what
/// `generator diff` compares.
pub fn build_model(docs: &Path) -> Result<(Model, Vec<Diagnostic>)> {
    let docs = read_docs(docs)?;
    let pages = parse_pages(&docs.pages);
    Ok(model::build(pages))
}

/// Parses every page (in parallel; the order of the result is the order of `sources`).
pub fn parse_pages(sources: &[Source]) -> Vec<parse::Page> {
    sources
        .par_iter()
        .flat_map_iter(|s| {
            let path = sources::printable_path(&s.path);
            let forbidden = sources::forbidden_characters(&path, &s.text);
            let text = forbidden.as_ref().map_or(s.text.as_str(), |(t, _)| t);
            let mut pages = parse::parse_file(&path, text);
            if let Some(page) = pages.first_mut() {
                page.diagnostics.extend(s.diagnostics.iter().cloned());
                page.diagnostics.extend(forbidden.map(|(_, d)| d));
            }
            pages
        })
        .collect()
}

/// The whole pipeline on pages already in memory, with the default options.
pub fn generate_from_sources(sources: &[Source], docs_label: &str) -> Result<Generation> {
    generate_with(
        sources,
        &Label::named(docs_label),
        &emit::openapi::Options::default(),
    )
}

/// The whole pipeline on pages already in memory.
pub fn generate_with(
    sources: &[Source],
    docs_label: &Label,
    openapi: &emit::openapi::Options,
) -> Result<Generation> {
    generate_filtered(sources, docs_label, openapi, &PathFilter::default())
}

/// Parses the pages and builds the model, keeping the part of the API `filter` keeps: the
/// pages' counts, the model, and the diagnostics of both stages.
fn model_of(sources: &[Source], filter: &PathFilter) -> (Summary, Model, Vec<Diagnostic>) {
    model_of_pages(parse_pages(sources), filter)
}

/// [`model_of`] on pages already parsed.
fn model_of_pages(
    mut pages: Vec<parse::Page>,
    filter: &PathFilter,
) -> (Summary, Model, Vec<Diagnostic>) {
    let summary = Summary::of_pages(&pages);
    let mut diagnostics: Vec<Diagnostic> = pages
        .iter_mut()
        .flat_map(|p| std::mem::take(&mut p.diagnostics))
        .collect();
    let (mut model, model_diagnostics) = model::build(pages);
    model::filter::retain(&mut model, filter);
    diagnostics.extend(model_diagnostics);
    (summary, model, diagnostics)
}

/// The whole pipeline on pages already in memory, keeping the part of the API `filter` keeps.
pub fn generate_filtered(
    sources: &[Source],
    docs_label: &Label,
    openapi: &emit::openapi::Options,
    filter: &PathFilter,
) -> Result<Generation> {
    let pages = parse_pages(sources);
    let modelled = model_of_pages(pages, filter);
    let (run, written) = pipeline(modelled, docs_label, openapi, emit::InMemory::default);
    let mut files = BTreeMap::new();
    for (memory, outcome) in written {
        outcome?;
        files.extend(memory.0);
    }
    let mut generation = run;
    generation.files = files;
    Ok(generation)
}

/// Check, and every output into the [`emit::Files`] `files` makes for it (one each, as
/// outputs run side by side), from what [`model_of_pages`] made. Each output's files come back
/// with how it ended, so a failed run can remove what the others wrote.
fn pipeline<F: emit::Files>(
    (mut summary, model, mut diagnostics): (Summary, Model, Vec<Diagnostic>),
    docs_label: &Label,
    openapi: &emit::openapi::Options,
    files: impl Fn() -> F + Sync,
) -> (Generation, Vec<(F, Result<()>)>) {
    summary.add_model(&model);
    let view = rust_view::RustView::new(&model);
    // The outputs read only the model and the verdicts, so they run side by side; those that
    // read only the model run while the checks run.
    let emit =
        |input: &emit::Input, reads_verdicts: bool| -> Vec<(usize, F, Result<Vec<Diagnostic>>)> {
            (emit::OUTPUTS.par_iter().enumerate())
                .filter(|(_, output)| output.reads_verdicts() == reads_verdicts)
                .map(|(i, output)| {
                    let mut written = files();
                    let found = output.emit(input, &mut written);
                    (i, written, found)
                })
                .collect()
        };
    let no_verdicts = check::Verdicts::default();
    // The outputs that read the verdicts start as soon as the checks end, beside those still
    // running that do not.
    let (mut outputs, (verdicts, late)) = rayon::join(
        || {
            let input = emit::Input {
                model: &model,
                view: &view,
                verdicts: &no_verdicts,
                label: docs_label,
                openapi,
            };
            emit(&input, false)
        },
        || {
            let verdicts = check::run(&view);
            let input = emit::Input {
                model: &model,
                view: &view,
                verdicts: &verdicts,
                label: docs_label,
                openapi,
            };
            let late = emit(&input, true);
            (verdicts, late)
        },
    );
    diagnostics.extend(view.diagnostics);
    diagnostics.extend(verdicts.diagnostics().cloned());
    summary.cases = verdicts.cases.counts.clone();
    outputs.extend(late);
    outputs.sort_by_key(|(i, ..)| *i);
    let mut written = Vec::with_capacity(outputs.len());
    for (_, files, outcome) in outputs {
        written.push((files, outcome.map(|found| diagnostics.extend(found))));
    }
    diagnostics.sort();
    diagnostics.dedup();
    summary.count_diagnostics(&diagnostics);
    let generation = Generation {
        files: BTreeMap::new(),
        model,
        diagnostics,
        summary,
    };
    (generation, written)
}
