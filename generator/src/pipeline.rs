//! The pipeline: pages parsed in parallel, the model built once, its Rust view, the checks,
//! and every output side by side.

use std::path::Path;

use rayon::prelude::*;

use crate::diag::LeftOut;
use crate::{Diagnostic, Model, PathFilter, Result, Source};
#[cfg(feature = "outputs")]
use crate::{Label, Summary, check, emit, rust_view};
use crate::{model, parse, read_docs, sources};
#[cfg(feature = "outputs")]
use std::collections::BTreeMap;

/// Everything one run produces, in memory.
#[cfg(feature = "outputs")]
#[derive(Debug)]
pub struct Generation {
    /// Output path (relative to the output folder) → contents, in order; empty after
    /// [`Config::generate`](crate::Config::generate), which writes each file as it is produced instead.
    pub files: BTreeMap<String, Vec<u8>>,
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

#[cfg(feature = "outputs")]
impl Generation {
    /// Adds diagnostics found outside the pipeline (reading the docs folder), counted in the
    /// summary, in order with the others.
    pub(crate) fn add_diagnostics(&mut self, found: Vec<Diagnostic>) {
        if found.is_empty() {
            return;
        }
        self.summary.count_diagnostics(&found);
        self.diagnostics.extend(found);
        self.diagnostics.sort();
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
#[cfg(feature = "outputs")]
pub fn generate_from_sources(sources: &[Source], docs_label: &str) -> Result<Generation> {
    generate_with(
        sources,
        &Label::named(docs_label),
        &emit::openapi::OpenApiOptions::default(),
    )
}

/// The whole pipeline on pages already in memory.
#[cfg(feature = "outputs")]
pub fn generate_with(
    sources: &[Source],
    docs_label: &Label,
    openapi: &emit::openapi::OpenApiOptions,
) -> Result<Generation> {
    generate_filtered(sources, docs_label, openapi, &PathFilter::default())
}

/// Builds the model of pages already parsed, keeping the part of the API `filter` keeps: the
/// model, and the diagnostics of both stages.
pub(crate) fn model_of_pages(
    mut pages: Vec<parse::Page>,
    filter: &PathFilter,
) -> (Model, Vec<Diagnostic>) {
    let mut diagnostics: Vec<Diagnostic> = pages
        .iter_mut()
        .flat_map(|p| std::mem::take(&mut p.diagnostics))
        .collect();
    let left_out: Vec<LeftOut> = (pages.iter_mut())
        .map(|p| std::mem::take(&mut p.diagnostics_left_out))
        .collect();
    let (mut model, model_diagnostics) = model::build(pages);
    // What each page's reading counted but did not keep, with what building the model did.
    for (key, n) in left_out.into_iter().flatten() {
        *model.diagnostics_left_out.entry(key).or_default() += n;
    }
    model::filter::retain(&mut model, filter);
    diagnostics.extend(model_diagnostics);
    (model, diagnostics)
}

/// [`model_of_pages`] with the pages' counts, which the outputs' run sums up.
#[cfg(feature = "outputs")]
pub(crate) fn counted_model_of_pages(
    pages: Vec<parse::Page>,
    filter: &PathFilter,
) -> (Summary, Model, Vec<Diagnostic>) {
    let summary = Summary::of_pages(&pages);
    let (model, diagnostics) = model_of_pages(pages, filter);
    (summary, model, diagnostics)
}

/// The whole pipeline on pages already in memory, keeping the part of the API `filter` keeps.
#[cfg(feature = "outputs")]
pub fn generate_filtered(
    sources: &[Source],
    docs_label: &Label,
    openapi: &emit::openapi::OpenApiOptions,
    filter: &PathFilter,
) -> Result<Generation> {
    let pages = parse_pages(sources);
    let modelled = counted_model_of_pages(pages, filter);
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
/// outputs run side by side), from what [`counted_model_of_pages`] made. Each output's files come back
/// with how it ended, so a failed run can remove what the others wrote.
#[cfg(feature = "outputs")]
pub(crate) fn pipeline<F: emit::Files>(
    (mut summary, model, mut diagnostics): (Summary, Model, Vec<Diagnostic>),
    docs_label: &Label,
    openapi: &emit::openapi::OpenApiOptions,
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
    // What reading the pages found, counted apart from what the checks and outputs add: the
    // former is what a build script's `compile_models` reports.
    diagnostics.sort();
    diagnostics.dedup();
    let mut read = Summary::default();
    read.count_diagnostics(&diagnostics);
    read.count_left_out(&model.diagnostics_left_out);
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
    summary.count_left_out(&model.diagnostics_left_out);
    summary.diagnostics_from_checks = (summary.diagnostics.iter())
        .map(|(code, n)| (*code, n - read.diagnostics.get(code).copied().unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .collect();
    let shown = crate::diag::SHOWN_PER_CODE_AND_PAGE;
    crate::diag::cap(&mut diagnostics, shown, &model.diagnostics_left_out);
    let generation = Generation {
        files: BTreeMap::new(),
        model,
        diagnostics,
        summary,
    };
    (generation, written)
}
