//! Builds the model from every page's facts, in passes. The types and the routes are built side
//! by side (they read the pages and the declared names, never each other), then joined:
//!
//! 1. declarations ([`declare`]): the types each page declares, the authoritative one first;
//! 2. types ([`types`]): each type from its own page's tables;
//! 3. inheritance ([`inheritance`]): page and annotation reconciled, `Derived types` tables,
//!    "X or Y" cells typed as the common base;
//! 4. what request lines say of types ([`roots`]): entities addressed by key or returned by
//!    an action with an `id`, root types (named for the root, listing its operations in a
//!    Methods table, or inferred from the lines);
//! 5. inheritance checked, keys inherited, entity or complex decided; restatements dropped;
//! 6. JSON representations compared with the tables ([`representations`]);
//! 7. what other pages add ([`contributions`]);
//! 8. routes from `HTTP request` sections ([`routes`]), beside 2 to 7;
//! 9. examples filed under the routes they match ([`examples`]);
//! 10. path segments respelled, entity sets and singletons, navigations the routes imply (and
//!     the complex types they make entities) ([`container`], [`super::spelling`]);
//! 11. entity or complex by use ([`kinds`]): navigation targets are entities, types only held
//!     as values are complex;
//! 12. what the finished model reports ([`reports`]).

mod container;
mod contributions;
mod declare;
mod examples;
mod inheritance;
mod kinds;
mod reports;
mod representations;
mod roots;
mod routes;
mod types;

use std::collections::{BTreeMap, HashMap};

use crate::diag::{Diagnostic, Location, Sink};
use crate::model::resolve::{Index, Resolved};
use crate::model::{Model, Namespace, TypeDef, spelling, split_qualified};
use crate::parse::{self, Page};

use routes::Router;
use types::PageTables;

/// What every pass reads: the pages in path order, and the types they declare.
struct PageSet<'a> {
    pages: Vec<&'a Page>,
    index: Index,
    /// The types each page's response examples are annotated with (`"@odata.type":
    /// "microsoft.graph.playPromptOperation"`), single values only, by page index: the examples
    /// themselves move to the routes.
    example_types: Vec<Vec<String>>,
}

/// Builds the types.
struct Builder<'d, 'a> {
    docs: &'d PageSet<'a>,
    types: BTreeMap<String, TypeDef>,
    /// Where each property was stated first, for diagnostics about it.
    property_at: HashMap<(String, String), (usize, u32, u32)>,
    /// Each page's property tables by the type they describe, read once per page.
    page_tables: std::cell::RefCell<HashMap<usize, PageTables>>,
    evidence: super::Evidence,
    /// Types whose page names another base type than their annotation: (type, the page's base,
    /// page, line).
    base_conflicts: Vec<(String, String, usize, u32)>,
    /// Properties typed "X or Y", typed once the base types are known.
    either: Vec<Either>,
    sink: Sink,
}

/// A property whose type cell offers several types (`X or Y`).
struct Either {
    owner: String,
    property: String,
    /// The cell as written, `X or Y`.
    cell: String,
    /// The qualified types it offers; `None` when a name is no type any page defines (the
    /// cell's resolution reported it).
    types: Option<Vec<String>>,
    at: Location,
}

/// Builds the model. Pages may come in any order; the result depends only on their contents.
/// The pages are consumed: their examples move into the model rather than being copied.
pub fn build(mut pages: Vec<Page>) -> (Model, Vec<Diagnostic>) {
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let example_types = pages
        .iter()
        .map(|p| {
            let annotations = p.examples.iter().filter_map(|e| e.response.as_ref());
            annotations
                .filter(|r| !r.annotation.is_collection)
                .filter_map(|r| r.annotation.odata_type.clone())
                .collect()
        })
        .collect();
    let examples = pages
        .iter_mut()
        .map(|p| std::mem::take(&mut p.examples))
        .collect();
    let mut docs = PageSet {
        pages: pages.iter().collect(),
        index: Index::default(),
        example_types,
    };
    docs.index.default_namespace = default_namespace(&docs.pages);
    let mut sink = Sink::default();
    let declarations = docs.declare(&mut sink);
    let mut b = Builder {
        docs: &docs,
        types: BTreeMap::new(),
        property_at: HashMap::new(),
        page_tables: std::cell::RefCell::default(),
        evidence: super::Evidence::default(),
        base_conflicts: Vec::new(),
        either: Vec::new(),
        sink,
    };
    let mut router = Router {
        docs: &docs,
        examples,
        sink: Sink::default(),
    };
    let mut model = Model::default();
    let (roots, ()) = rayon::join(
        || {
            b.authoritative_types(&declarations);
            b.settle_base_conflicts();
            b.derived_type_tables(&declarations);
            b.entities_addressed_by_key();
            let roots = b.route_roots();
            b.inheritance();
            b.common_bases();
            b.drop_inherited_restatements();
            b.compare_json_representations(&declarations);
            b.contributions(&declarations);
            roots
        },
        || router.routes(&mut model),
    );
    b.sink.append(&mut router.sink);
    let root = b.entity_root().map(|(root, _)| root);
    for (qualified, ty) in std::mem::take(&mut b.types) {
        if let Some((ns, name)) = split_qualified(&qualified) {
            model
                .namespaces
                .entry(ns.to_owned())
                .or_insert_with(Namespace::default)
                .types
                .insert(name.to_owned(), ty);
        }
    }
    spelling::respell_roots(&mut model, &mut b.sink);
    model.container = container::container(&model, &roots);
    // A navigation found makes the segments after it readable (`/users/{id}/settings` then
    // `/settings/shiftPreferences`): a few passes, each over every route.
    for _ in 0..4 {
        let added = container::implied_navigations(&mut model, root.as_deref(), &mut b.sink);
        b.evidence.navigation_from_routes += added;
        if added == 0 {
            break;
        }
    }
    let kinds = kinds::kinds_from_use(&mut model, root, &mut b.sink);
    b.evidence.entities_from_navigation = kinds.entities_from_navigation;
    b.evidence.complex_from_use = kinds.complex_from_use;
    if kinds.entities_from_navigation > 0 {
        // New entities may type entity sets.
        model.container = container::container(&model, &roots);
    }
    spelling::respell_segments(&mut model, &mut b.sink);
    spelling::respell_operations(&mut model, &mut b.sink);
    spelling::respell_parameters(&mut model, &mut b.sink);
    reports::report_placeholders(&model, &mut b.sink);
    reports::report_invalid_names(&model, &mut b.sink);
    model.evidence = std::mem::take(&mut b.evidence);
    model.evidence.ignored_examples = model
        .all_routes()
        .flat_map(|(_, _, r)| &r.examples)
        .chain(model.routeless.values().flat_map(|r| &r.examples))
        .chain(model.unrouted_examples.values().flatten())
        .filter(|e| e.ignored)
        .count();
    model.diagnostics_left_out = b.sink.left_out();
    let mut diagnostics = b.sink.diagnostics;
    diagnostics.sort();
    diagnostics.dedup();
    (model, diagnostics)
}

/// The namespace most pages state (ties go to the first in order); `microsoft.graph`, the
/// dialect's own, when none does.
fn default_namespace(pages: &[&Page]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for p in pages {
        if let Some(ns) = &p.namespace {
            *counts.entry(ns.as_str()).or_default() += 1;
        }
    }
    let best = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
    best.map_or_else(|| "microsoft.graph".to_owned(), |(ns, _)| (*ns).to_owned())
}

impl<'a> PageSet<'a> {
    /// The pages read from `path` (one file may hold several `# Title` pages), found in the
    /// path order they are kept in.
    pub(super) fn pages_at(&self, path: &str) -> &[&'a Page] {
        let start = self.pages.partition_point(|p| p.path.as_str() < path);
        let end = self.pages.partition_point(|p| p.path.as_str() <= path);
        &self.pages[start..end]
    }

    pub(super) fn at(&self, page: usize, line: u32) -> Location {
        let path = self
            .pages
            .get(page)
            .map_or_else(String::new, |p| p.path.clone());
        Location::at(path, line)
    }

    /// A cell of the table row at `line`: `(line, col)`.
    pub(super) fn at_cell(&self, page: usize, (line, col): (u32, u32)) -> Location {
        Location {
            col: col.max(1),
            ..self.at(page, line)
        }
    }

    pub(super) fn resolve(
        &self,
        spec: &parse::TypeSpec,
        page: usize,
        line: u32,
        sink: &mut Sink,
    ) -> Resolved {
        self.resolve_cell(spec, page, (line, 1), sink)
    }

    /// Resolves a type cell, reporting at its line and column.
    pub(super) fn resolve_cell(
        &self,
        spec: &parse::TypeSpec,
        page: usize,
        (line, col): (u32, u32),
        sink: &mut Sink,
    ) -> Resolved {
        let mut at = self.at(page, line);
        at.col = col.max(1);
        let p = self.pages[page];
        self.index
            .resolve(spec, &p.path, p.namespace.as_deref(), &at, sink)
    }
}

/// The type a resource block declares: its `@odata.type`, else the title's. When the two differ
/// only in letter case, the lowerCamelCase spelling wins (`microsoft.graph.orgcontact` in the
/// annotation of `# orgContact resource type`); annotations are right more often otherwise
/// (`# BaseItem resource type` declares `baseItem`).
pub(super) fn declared_name(page: &Page, annotation: &parse::Annotation) -> Option<String> {
    let title = title_type(page);
    let Some(declared) = annotation.odata_type.clone() else {
        return title;
    };
    let camel = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_lowercase()) && s.chars().any(|c| c.is_ascii_uppercase())
    };
    match title {
        Some(title) => {
            let (prefix, short) = declared
                .rsplit_once('.')
                .map_or(("", declared.as_str()), |(p, s)| (p, s));
            if short != title
                && short.eq_ignore_ascii_case(&title)
                && camel(&title)
                && !camel(short)
            {
                return Some(if prefix.is_empty() {
                    title
                } else {
                    format!("{prefix}.{title}")
                });
            }
            Some(declared)
        }
        None => Some(declared),
    }
}

/// Whether a page's description is the description of `qualified`.
pub(super) fn describes(page: &Page, qualified: &str) -> bool {
    let short = crate::model::short_name(qualified);
    match title_type(page) {
        Some(title) => title.eq_ignore_ascii_case(short),
        None => page.resources.len() <= 1,
    }
}

/// `# user resource type` → `user`.
pub(super) fn title_type(page: &Page) -> Option<String> {
    let title = page.title.as_deref()?.trim();
    let lower = title.to_ascii_lowercase();
    let name = ["resource type", "complex type", "entity type", "enum type"]
        .iter()
        .find_map(|suffix| {
            lower
                .strip_suffix(suffix)
                .map(|rest| title[..rest.len()].trim())
        })?;
    let name = name.trim_matches(['`', '*']);
    parse::typecell::is_type_name(name).then(|| name.to_owned())
}

pub(super) fn file_stem(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".md")
        .unwrap_or(file)
        .to_ascii_lowercase()
}

/// Small pages for the passes' unit tests, written as the dialect writes them.
#[cfg(test)]
pub(crate) mod pages {
    use crate::diag::{Code, Diagnostic};
    use crate::model::Model;

    /// `resources/<name>.md`: a resource page declaring `microsoft.graph.<name>`, with the
    /// annotation's other members (`"baseType": "..."`), Properties rows
    /// (`name | Type | description`) and the JSON representation's body.
    pub fn resource(name: &str, annotation: &str, rows: &[&str], json: &str) -> (String, String) {
        let rows: String = rows.iter().map(|r| format!("| {r} |\n")).collect();
        let annotation = if annotation.is_empty() {
            String::new()
        } else {
            format!(",\n  {annotation}")
        };
        let text = format!(
            "---\ntitle: \"{name} resource type\"\n---\n\n# {name} resource type\n\nNamespace: microsoft.graph\n\nA {name}.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n## JSON representation\n\n<!-- {{\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.{name}\"{annotation}\n}} -->\n```json\n{json}\n```\n"
        );
        (format!("resources/{name}.md"), text)
    }

    /// `resources/entity.md`: the abstract root type, keyed by `id`, that entities derive from.
    pub fn entity_root() -> (String, String) {
        resource(
            "entity",
            "\"keyProperty\": \"id\", \"abstract\": true",
            &["id | String | The key."],
            "{\"id\": \"1\"}",
        )
    }

    /// A Response sentence: the method returns a `ty`, or a collection of them.
    pub fn returns(ty: &str, collection: bool) -> String {
        let what = if collection { "collection of " } else { "" };
        format!(
            "If successful, this method returns a `200 OK` response code and a {what}[{ty}](../resources/{ty}.md) object in the response body."
        )
    }

    /// `api/<ty>-get.md`: `GET /<set>/{id}` returning a `ty`.
    pub fn get_by_key(set: &str, ty: &str) -> (String, String) {
        api(
            &format!("{ty}-get"),
            &[&format!("GET /{set}/{{id}}")],
            &returns(ty, false),
            "",
        )
    }

    /// `api/<stem>.md`: an API page with its request lines, its Response sentence and the
    /// markdown of its examples.
    pub fn api(stem: &str, lines: &[&str], response: &str, examples: &str) -> (String, String) {
        let lines = lines.join("\n");
        let text = format!(
            "---\ntitle: \"{stem}\"\n---\n\n# {stem}\n\nNamespace: microsoft.graph\n\nDoes {stem}.\n\n## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{lines}\n```\n\n## Response\n\n{response}\n\n## Examples\n\n{examples}\n"
        );
        (format!("api/{stem}.md"), text)
    }

    /// A request example and its response, annotated as the docs annotate them.
    pub fn example(
        name: &str,
        request: &str,
        status: &str,
        odata_type: &str,
        body: &str,
    ) -> String {
        format!(
            "<!-- {{ \"blockType\": \"request\", \"name\": \"{name}\" }} -->\n```http\n{request}\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"{odata_type}\" }} -->\n```http\nHTTP/1.1 {status}\nContent-type: application/json\n\n{body}\n```\n"
        )
    }

    /// The model of these pages, and its diagnostics.
    pub fn model(pages: &[(String, String)]) -> (Model, Vec<Diagnostic>) {
        let pages = pages
            .iter()
            .flat_map(|(path, text)| crate::parse::parse_file(path, text))
            .collect();
        super::build(pages)
    }

    /// Whether a diagnostic of `code` was reported on `page` with `needle` in its message.
    pub fn said(diagnostics: &[Diagnostic], code: Code, page: &str, needle: &str) -> bool {
        diagnostics
            .iter()
            .any(|d| d.code == code && d.location.path == page && d.message.contains(needle))
    }
}
