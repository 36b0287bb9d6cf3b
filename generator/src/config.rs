//! [`Config`]: what to generate from where, the front door of the CLI, build scripts and tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[cfg(feature = "outputs")]
use crate::FileChange;
use crate::diag::LeftOut;
#[cfg(feature = "outputs")]
use crate::pipeline::{Generation, counted_model_of_pages, generate_filtered, pipeline};
use crate::pipeline::{model_of_pages, parse_pages};
use crate::{
    Diagnostic, Error, Label, Model, PathFilter, Result, emit, read_docs, rust_view, write,
};

/// What to generate from where. Setters return `&mut Self`, as prost-build's do.
///
/// Two jobs: [`Config::compile_models`] for a build script (the Rust models alone, into
/// `OUT_DIR`), and, with the `outputs` feature, `Config::generate` for the CLI (every output,
/// into a folder kept in the repository).
#[derive(Debug, Clone)]
pub struct Config {
    docs: PathBuf,
    out_dir: Option<PathBuf>,
    #[cfg(feature = "outputs")]
    openapi: emit::openapi::OpenApiOptions,
    rust: emit::rust::RustOptions,
    models_file: String,
    rerun_if_changed: bool,
    warnings: bool,
    extern_paths: Vec<(String, String)>,
    include_paths: Vec<String>,
    exclude_paths: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            docs: PathBuf::from("docs-input"),
            out_dir: None,
            #[cfg(feature = "outputs")]
            openapi: emit::openapi::OpenApiOptions::default(),
            rust: emit::rust::RustOptions::default(),
            models_file: "models.rs".to_owned(),
            rerun_if_changed: true,
            warnings: true,
            extern_paths: Vec::new(),
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
    /// What reading the pages found; past 101 of one code on one page, only counted, in
    /// `model.diagnostics_left_out`.
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
    /// `generate`.
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
    /// [`compile_models`](Config::compile_models); always for `generate`).
    /// The including crate then declares a `test-aids` feature.
    pub fn test_aids(&mut self, on: bool) -> &mut Self {
        self.rust.test_aids = on;
        self
    }

    /// Keeps only the routes whose paths match one of these patterns, and the types they reach,
    /// in every output (`/me/**`, `/users/*/messages`; see [`crate::model::filter`]). Calls add up.
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
    /// the docs folder (default true: cargo reruns the build script when a page changes, and
    /// only then).
    pub fn rerun_if_changed(&mut self, on: bool) -> &mut Self {
        self.rerun_if_changed = on;
        self
    }

    /// Whether [`compile_models`](Config::compile_models) sums up the docs' diagnostics as one
    /// `cargo:warning` (default true). Turning it off keeps `rerun-if-changed`.
    pub fn warnings(&mut self, on: bool) -> &mut Self {
        self.warnings = on;
        self
    }

    /// Both [`rerun_if_changed`](Config::rerun_if_changed) and
    /// [`warnings`](Config::warnings).
    pub fn cargo_messages(&mut self, on: bool) -> &mut Self {
        self.rerun_if_changed = on;
        self.warnings = on;
        self
    }

    /// Adds attributes to the generated types `path` names, as prost-build's
    /// `type_attribute`: `path` is a qualified name (`microsoft.graph.user`), a namespace
    /// (`microsoft.graph`: each of its types) or `.` (every type); `attribute` is Rust source,
    /// one or more outer attributes (`#[derive(Hash)]`, `#[non_exhaustive]`). Calls add up.
    pub fn type_attribute(
        &mut self,
        path: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Self {
        (self.rust.type_attributes).push((path.into(), attribute.into()));
        self
    }

    /// Adds attributes to the generated fields `path` names, as prost-build's
    /// `field_attribute`: a property's qualified name (`microsoft.graph.user.displayName`), or
    /// a type's, a namespace's or `.` for all of their fields.
    pub fn field_attribute(
        &mut self,
        path: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Self {
        (self.rust.field_attributes).push((path.into(), attribute.into()));
        self
    }

    /// Uses the user's own type for a documented one, as prost-build's `extern_path`: the type
    /// `name` (a qualified name, or a namespace for each of its types, named by its Rust name
    /// under `rust_path`) is not generated, and every field of it is of type `rust_path`
    /// (`crate::ids::IdentitySet`). The type must read and write the documented JSON (serde).
    ///
    /// This and the attributes shape the models [`compile_models`](Config::compile_models)
    /// writes into the user's crate; `generate`'s standalone crate, whose
    /// case tests compile on their own, is the docs' as they are.
    pub fn extern_path(
        &mut self,
        name: impl Into<String>,
        rust_path: impl Into<String>,
    ) -> &mut Self {
        self.extern_paths.push((name.into(), rust_path.into()));
        self
    }

    /// An error for an attribute or an extern path that is not Rust.
    fn check_rust_settings(&self) -> Result<()> {
        let attributes = (self.rust.type_attributes.iter()).chain(&self.rust.field_attributes);
        for (_, attribute) in attributes {
            emit::rust::check_attributes(attribute).map_err(Error::Setting)?;
        }
        for (_, path) in &self.extern_paths {
            rust_view::check_rust_path(path).map_err(Error::Setting)?;
        }
        Ok(())
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
        self.check_rust_settings()?;
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        // A path with a line break cannot be said in cargo's line protocol.
        let docs_shown = self.docs.to_string_lossy();
        let sayable = !docs_shown.contains(['\n', '\r']);
        if self.rerun_if_changed && sayable {
            println!("cargo:rerun-if-changed={docs_shown}");
        }
        let docs = read_docs(&self.docs)?;
        // What regenerates these models is the build script, not a command.
        let mut label = self.label(&out_dir);
        label.regenerate = format!(
            "`cargo build`, whose build script (build.rs) reruns graphdoc-codegen when a page under `{}/` changes",
            label.docs
        );
        let (model, mut diagnostics) = model_of_pages(parse_pages(&docs.pages), &filter);
        self.kept_some_route(&model)?;
        diagnostics.extend(docs.diagnostics);
        let view = rust_view::RustView::with_extern_paths(&model, &self.extern_paths);
        let rust = emit::rust::build(&view, &label, &self.rust);
        diagnostics.extend(view.diagnostics);
        diagnostics.sort();
        diagnostics.dedup();
        let files = BTreeMap::from([(self.models_file.clone(), rust.into_string().into_bytes())]);
        write::write_all(&out_dir, &files)?;
        if self.warnings && sayable && !diagnostics.is_empty() {
            println!(
                "cargo:warning={}",
                diagnostics_summary(&diagnostics, &model.diagnostics_left_out, &self.docs)
            );
        }
        Ok(CompiledModels {
            path: out_dir.join(&self.models_file),
            model,
            diagnostics,
        })
    }

    /// The OpenAPI document's server URL, instead of the base URL most examples use.
    #[cfg(feature = "outputs")]
    pub fn server_url(&mut self, url: impl Into<String>) -> &mut Self {
        self.openapi.server_url = Some(url.into());
        self
    }

    /// The folder [`generate`](Config::generate) and [`check`](Config::check) use.
    #[cfg(feature = "outputs")]
    fn generate_dir(&self) -> PathBuf {
        self.out_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("generated"))
    }

    /// Reads, parses, models and emits, without touching the output folder.
    #[cfg(feature = "outputs")]
    pub fn run(&self) -> Result<Generation> {
        let filter = self.filter()?;
        let docs = read_docs(&self.docs)?;
        let label = self.label(&self.generate_dir());
        let mut generation = generate_filtered(&docs.pages, &label, &self.openapi, &filter)?;
        self.kept_some_route(&generation.model)?;
        generation.add_diagnostics(docs.diagnostics);
        Ok(generation)
    }

    /// Runs and writes the outputs that changed, as one set: each output writes its files as
    /// it produces them, to temporary files renamed into place once every output succeeded
    /// (write.rs). The returned [`Generation`] holds no files.
    #[cfg(feature = "outputs")]
    pub fn generate(&self) -> Result<Generation> {
        let filter = self.filter()?;
        let docs = read_docs(&self.docs)?;
        let out = self.generate_dir();
        let label = self.label(&out);
        // The pages' text is not needed once they are parsed.
        let pages = parse_pages(&docs.pages);
        drop(docs.pages);
        let modelled = counted_model_of_pages(pages, &filter);
        self.kept_some_route(&modelled.1)?;
        let set = write::OutputSet::open(&out)?;
        let (mut generation, staged) = pipeline(modelled, &label, &self.openapi, || set.stage());
        set.finish(staged)?;
        generation.add_diagnostics(docs.diagnostics);
        Ok(generation)
    }

    /// Runs and compares with the output folder; writes nothing. Empty when up to date.
    #[cfg(feature = "outputs")]
    pub fn check(&self) -> Result<(Generation, Vec<FileChange>)> {
        let generation = self.run()?;
        let changes = write::compare(&self.generate_dir(), &generation.files)?;
        Ok((generation, changes))
    }
}

/// Generates from `docs` into `out`: the one-call shortcut.
#[cfg(feature = "outputs")]
pub fn generate(docs: impl AsRef<Path>, out: impl AsRef<Path>) -> Result<Generation> {
    Config::new()
        .docs(docs.as_ref())
        .out_dir(out.as_ref())
        .generate()
}

/// One line for a build script's `cargo:warning`: how many diagnostics, of which codes most,
/// and how to list them.
fn diagnostics_summary(diagnostics: &[Diagnostic], left_out: &LeftOut, docs: &Path) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diagnostics {
        *counts.entry(d.code.as_str()).or_default() += 1;
    }
    for ((_, code), n) in left_out {
        *counts.entry(code.as_str()).or_default() += n;
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
        "{} doc diagnostics in {} ({}{more}); list them with `graphdoc-codegen generate --dry-run --docs {}`, which writes nothing and checks the examples too",
        by_count.iter().map(|(_, n)| n).sum::<usize>(),
        docs.display(),
        top.join(", "),
        docs.display()
    )
}
