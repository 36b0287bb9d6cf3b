//! Counts of what a run read and produced, printed by the CLI and snapshotted by the corpus test,
//! so a change that loses properties or routes shows in review.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::diag::{Code, Diagnostic};
use crate::model::{Model, TypeKind};
use crate::parse::{Page, PageKind, RowStats};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub pages: usize,
    pub pages_by_kind: BTreeMap<PageKind, usize>,
    pub entity_types: usize,
    pub complex_types: usize,
    pub enum_types: usize,
    pub properties: usize,
    pub navigation_properties: usize,
    pub enum_members: usize,
    /// The entity container: roots addressed by key, and roots addressed alone.
    pub entity_sets: usize,
    pub singletons: usize,
    pub routes: usize,
    pub examples: usize,
    pub unrouted_examples: usize,
    pub http_request_sections: HttpRequestSections,
    /// What became of every table row.
    pub table_rows: RowStats,
    /// Test cases made from the examples, and examples refused by reason.
    pub cases: crate::check::case::CaseCounts,
    /// The facts each kind of evidence on the pages gave.
    pub evidence: crate::model::Evidence,
    pub diagnostics: BTreeMap<Code, usize>,
    /// Of those, what only the checks of the examples and the outputs find, which a build
    /// script's `compile_models` does not run; the rest is the count its warning gives.
    #[serde(skip)]
    pub diagnostics_from_checks: BTreeMap<Code, usize>,
}

/// Every API page with an `HTTP request` section yields routes or says why not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRequestSections {
    pub pages: usize,
    pub with_routes: usize,
    pub without_routes_diagnosed: usize,
    pub without_routes_unexplained: usize,
    /// The request lines of those sections, each a route or a diagnostic at its line
    /// (not `METHOD /path`, no method, hidden in an HTML comment).
    pub request_lines: usize,
    pub lines_as_routes: usize,
    pub lines_diagnosed: usize,
}

impl Summary {
    /// The counts that come from the pages themselves; call [`Summary::add_model`] after the
    /// model is built (building consumes the pages).
    pub fn of_pages(pages: &[Page]) -> Summary {
        let mut s = Summary {
            pages: pages.len(),
            ..Summary::default()
        };
        for page in pages {
            *s.pages_by_kind.entry(page.kind).or_default() += 1;
            s.table_rows += page.row_stats;
            let sections = &mut s.http_request_sections;
            let diagnosed = page
                .diagnostics
                .iter()
                .filter(|d| {
                    matches!(
                        d.code,
                        Code::RouteNotAPath | Code::RouteMethod | Code::RouteCommentedOut
                    )
                })
                .count();
            sections.lines_as_routes += page.routes.len();
            sections.lines_diagnosed += diagnosed;
            sections.request_lines += page.routes.len() + diagnosed;
            if page.has_http_request_section {
                s.http_request_sections.pages += 1;
                if !page.routes.is_empty() {
                    s.http_request_sections.with_routes += 1;
                } else if page
                    .diagnostics
                    .iter()
                    .any(|d| d.code == Code::HttpRequestEmpty)
                {
                    s.http_request_sections.without_routes_diagnosed += 1;
                } else {
                    s.http_request_sections.without_routes_unexplained += 1;
                }
            }
        }
        s
    }

    /// Adds the counts of the model.
    pub fn add_model(&mut self, model: &Model) {
        self.evidence = model.evidence.clone();
        self.entity_sets = model.container.entity_sets.len();
        self.singletons = model.container.singletons.len();
        for (_, ty) in model.types() {
            match ty.kind {
                TypeKind::Entity => self.entity_types += 1,
                TypeKind::Complex => self.complex_types += 1,
                TypeKind::Enum => self.enum_types += 1,
            }
            self.enum_members += ty.members.len();
            for p in ty.properties.values() {
                if p.navigation {
                    self.navigation_properties += 1;
                } else {
                    self.properties += 1;
                }
            }
        }
        for (_, _, route) in model.all_routes() {
            self.routes += 1;
            self.examples += route.examples.len();
        }
        self.examples += model
            .routeless
            .values()
            .map(|r| r.examples.len())
            .sum::<usize>();
        self.unrouted_examples = model.unrouted_examples.values().map(Vec::len).sum();
    }

    /// Counts every diagnostic by code.
    pub fn count_diagnostics(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            *self.diagnostics.entry(d.code).or_default() += 1;
        }
    }

    /// Counts the diagnostics a sink counted but did not keep.
    pub fn count_left_out(&mut self, left_out: &crate::diag::LeftOut) {
        for ((_, code), n) in left_out {
            *self.diagnostics.entry(*code).or_default() += n;
        }
    }

    /// Leaves out the diagnostics of `codes` from every count.
    pub fn leave_out(&mut self, codes: &[Code]) {
        self.diagnostics.retain(|code, _| !codes.contains(code));
        (self.diagnostics_from_checks).retain(|code, _| !codes.contains(code));
    }
}

/// The codes listed one per line in the printed summary; the rest are counted on one line.
const CODES_SHOWN: usize = 8;

/// A few lines: what was read, what it became, and the diagnostics per code, the commonest
/// first.
impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} pages read: {} types ({} entity, {} complex, {} enum), {} properties, {} navigation properties, {} enum members",
            self.pages,
            self.entity_types + self.complex_types + self.enum_types,
            self.entity_types,
            self.complex_types,
            self.enum_types,
            self.properties,
            self.navigation_properties,
            self.enum_members,
        )?;
        let c = &self.cases;
        writeln!(
            f,
            "{} routes, {} examples ({} unrouted); {} test cases ({} of the examples), {} known failures, {} examples refused; {} of {} typed cases round-trip ({}), {} objects read as the derived type they name",
            self.routes,
            self.examples + self.unrouted_examples,
            self.unrouted_examples,
            c.made,
            c.share_made,
            c.known_failures,
            c.refused_total(),
            c.round_trip,
            c.typed,
            c.share_round_trip,
            c.derived
        )?;
        let total: usize = self.diagnostics.values().sum();
        let mut by_count: Vec<(&Code, &usize)> = self.diagnostics.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        write!(f, "{total} diagnostics")?;
        if total > 0 {
            write!(f, " of {} codes", by_count.len())?;
            let checked: usize = self.diagnostics_from_checks.values().sum();
            if checked > 0 {
                write!(
                    f,
                    " ({} in the pages, the count a build script gives; {checked} from checking the examples)",
                    total - checked
                )?;
            }
            write!(f, ":")?;
        }
        let width = by_count.first().map_or(0, |(_, n)| n.to_string().len());
        for (code, n) in by_count.iter().take(CODES_SHOWN) {
            write!(f, "\n  {n:>width$}  {code}")?;
        }
        if by_count.len() > CODES_SHOWN {
            let rest = &by_count[CODES_SHOWN..];
            let n: usize = rest.iter().map(|(_, n)| **n).sum();
            write!(f, "\n  {n:>width$}  of {} more codes", rest.len())?;
        }
        Ok(())
    }
}
