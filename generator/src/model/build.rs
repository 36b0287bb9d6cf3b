//! Builds the model from every page's facts, in passes:
//!
//! 1. declarations: the types each page declares (resource blocks, titles, enum tables);
//! 2. authoritative types: each type from its own resource page's tables;
//! 3. inheritance: base types checked, keys inherited, entity or complex decided, and the base
//!    of keyed types that state none inferred;
//! 4. inherited restatements dropped ("id | String | Inherited from entity");
//! 5. JSON representations compared with the tables;
//! 6. what other pages add: request-body tables, "X properties" tables on API pages;
//! 7. routes from `HTTP request` sections, with the examples that match them.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::resolve::{Index, Resolved};
use super::spelling;
use super::{
    EnumMember, Example, ExampleRequest, ExampleResponse, Fit, Model, Namespace, Parameter,
    PathParameter, Property, RequestBody, Response, Route, TypeDef, TypeKind, TypeRef, infer,
    split_qualified,
};
use crate::diag::{Code, Diagnostic, Location, Sink};
use crate::parse::{self, Page, PageKind, ParameterKind, PropertyRow, route};
use crate::vocab::{Method, path};

/// Where a type is declared.
#[derive(Debug, Clone, Copy)]
enum Origin {
    /// `blockType: resource` block `n` of the page.
    Resource(usize),
    /// Only the title says so: `# x resource type`.
    Title,
    /// Enum table `n` of the page.
    Enum(usize),
}

#[derive(Debug, Clone, Copy)]
struct Declaration {
    page: usize,
    origin: Origin,
    line: u32,
}

/// Route templates split into segments, by method and segment count, so matching an example
/// looks only at templates of its length.
struct RouteIndex<'m> {
    by_shape: HashMap<(Method, usize), Vec<SplitTemplate<'m>>>,
}

/// A template and its segments, which borrow from the model's route keys.
type SplitTemplate<'m> = (&'m str, Vec<&'m str>);

impl<'m> RouteIndex<'m> {
    fn new(routes: &'m BTreeMap<String, BTreeMap<Method, Route>>) -> RouteIndex<'m> {
        let mut by_shape: HashMap<(Method, usize), Vec<SplitTemplate<'m>>> = HashMap::new();
        for (path, by_method) in routes {
            let segments = path::segments(path);
            for &method in by_method.keys() {
                by_shape
                    .entry((method, segments.len()))
                    .or_default()
                    .push((path, segments.clone()));
            }
        }
        RouteIndex { by_shape }
    }

    /// The template that fits best (most literal segments; ties to the first in order).
    fn best(&self, method: Method, concrete: &[&str]) -> Option<String> {
        let candidates = self.by_shape.get(&(method, concrete.len()))?;
        candidates
            .iter()
            .filter_map(|(t, segments)| path::match_segments(segments, concrete).map(|s| (s, t)))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)))
            .map(|(_, t)| (*t).to_owned())
    }
}

/// What every pass reads: the pages in path order, and the types they declare.
struct Docs<'a> {
    pages: Vec<&'a Page>,
    index: Index,
}

/// Builds the types.
struct Builder<'d, 'a> {
    docs: &'d Docs<'a>,
    types: BTreeMap<String, TypeDef>,
    /// Where each property was stated first, for diagnostics about it.
    property_at: HashMap<(String, String), (usize, u32, u32)>,
    /// Each page's property tables by the type they describe, read once per page.
    page_tables: std::cell::RefCell<HashMap<usize, PageTables>>,
    evidence: super::Evidence,
    /// Types whose page names another base type than their annotation: (type, the page's base,
    /// page, line).
    base_conflicts: Vec<(String, String, usize, u32)>,
    sink: Sink,
}

/// Which of a page's property tables describe which type: those under a heading that names
/// their owner ("### sharingDetail type"), and the unnamed ones, given to the resource block
/// that follows them (or the last), or to any type when the page declares at most one.
#[derive(Default)]
struct PageTables {
    /// Lowercased owner name → tables.
    owned: HashMap<String, Vec<usize>>,
    unowned: Vec<usize>,
    /// Qualified name → the unnamed tables before its block; `None` when every type gets all.
    unowned_by_type: Option<HashMap<String, Vec<usize>>>,
}

/// Builds the routes and files the examples under them. It reads the pages and the declared
/// names, never the types being built, so it runs beside the [`Builder`].
struct Router<'d, 'a> {
    docs: &'d Docs<'a>,
    /// Each page's examples, by page index, until they move into the model.
    examples: Vec<Vec<parse::Example>>,
    sink: Sink,
}

/// Builds the model. Pages may come in any order; the result depends only on their contents.
/// The pages are consumed: their examples move into the model rather than being copied.
pub fn build(mut pages: Vec<Page>) -> (Model, Vec<Diagnostic>) {
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let examples = pages
        .iter_mut()
        .map(|p| std::mem::take(&mut p.examples))
        .collect();
    let mut docs = Docs {
        pages: pages.iter().collect(),
        index: Index::default(),
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
            b.drop_inherited_restatements();
            b.compare_json_representations(&declarations);
            b.contributions(&declarations);
            roots
        },
        || router.routes(&mut model),
    );
    b.sink.diagnostics.append(&mut router.sink.diagnostics);
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
    model.container = container(&model, &roots);
    b.evidence.navigation_from_routes = implied_navigations(&mut model, &mut b.sink);
    spelling::respell_segments(&mut model, &mut b.sink);
    spelling::respell_operations(&mut model, &mut b.sink);
    report_placeholders(&model, &mut b.sink);
    report_invalid_names(&model, &mut b.sink);
    model.evidence = std::mem::take(&mut b.evidence);
    model.evidence.ignored_examples = model
        .all_routes()
        .flat_map(|(_, _, r)| &r.examples)
        .chain(model.routeless.values().flat_map(|r| &r.examples))
        .chain(model.unrouted_examples.values().flatten())
        .filter(|e| e.ignored)
        .count();
    let mut diagnostics = b.sink.diagnostics;
    diagnostics.sort();
    diagnostics.dedup();
    (model, diagnostics)
}

/// Navigation properties the request lines imply: `GET /me/joinedTeams` returning teams says
/// the singleton's type (user) has `joinedTeams`, and `/users/{id}/mailFolders/{id}` says
/// user has a collection `mailFolders`. Only a segment right after a root (or after an entity
/// set's key) is read, only when a GET on it returns an entity type, and only when the root's
/// type and its bases have no property of that name. Each is reported where the route is
/// documented; returns how many were added.
fn implied_navigations(model: &mut Model, sink: &mut Sink) -> usize {
    // (owner, segment) → the entity type each GET returns and whether it is a collection,
    // with where the route is documented.
    let mut found: BTreeMap<(String, String), (BTreeMap<(String, bool), usize>, String, u32)> =
        BTreeMap::new();
    // Segments a key follows in some request line: collections.
    let mut keyed_anywhere: BTreeSet<(String, String)> = BTreeSet::new();
    for (path, method, route) in model.all_routes() {
        // The page of a function or action (`# getManagedAppPolicies function`) names an
        // operation, not a property.
        let operation_page = route.summary.as_deref().is_some_and(|title| {
            let title = title.trim().to_ascii_lowercase();
            title.ends_with(" function") || title.ends_with(" action")
        });
        if method != Method::Get || operation_page {
            continue;
        }
        let segments = path::segments(path);
        let Some(first) = root_segment(&segments) else {
            continue;
        };
        let (owner, at) = if let Some(t) = model.container.singletons.get(first) {
            (t, 1)
        } else if let (Some(t), true) = (
            model.container.entity_sets.get(first),
            segments.get(1).is_some_and(|s| path::is_key_segment(s)),
        ) {
            (t, 2)
        } else {
            continue;
        };
        let Some(segment) = segments.get(at) else {
            continue;
        };
        if !crate::ident::is_identifier(segment) {
            continue;
        }
        let keyed = segments
            .get(at + 1)
            .is_some_and(|s| path::is_key_segment(s));
        if keyed {
            keyed_anywhere.insert((owner.clone(), (*segment).to_owned()));
        }
        let tail = segments.len() - at;
        let Some(Response {
            ty: Some(TypeRef::Named(target)),
            collection,
            ..
        }) = &route.response
        else {
            continue;
        };
        // `GET /me/joinedTeams` (the property), `GET /users/{id}/mailFolders/{id}` (a member).
        let collection = match (tail, keyed) {
            (1, _) => *collection,
            (2, true) if !collection => true,
            _ => continue,
        };
        if model.get(target).is_none_or(|t| t.kind != TypeKind::Entity) {
            continue;
        }
        let declared = model
            .ancestors(owner)
            .any(|(_, t)| t.properties.keys().any(|p| p.eq_ignore_ascii_case(segment)));
        if declared {
            continue;
        }
        let entry = found
            .entry((owner.clone(), (*segment).to_owned()))
            .or_insert_with(|| (BTreeMap::new(), route.page.clone(), route.line));
        *entry.0.entry((target.clone(), collection)).or_default() += 1;
    }
    let mut added = 0;
    for ((owner, segment), (votes, page, line)) in found {
        let Some(((target, collection), _)) = votes
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        else {
            continue;
        };
        let collection = collection || keyed_anywhere.contains(&(owner.clone(), segment.clone()));
        let Some((ns, name)) = split_qualified(&owner) else {
            continue;
        };
        let Some(ty) = model
            .namespaces
            .get_mut(ns)
            .and_then(|n| n.types.get_mut(name))
        else {
            continue;
        };
        sink.push(
            Location::at(page.clone(), line),
            Code::PropertyImpliedByRoute,
            format!(
                "`{segment}` follows `{owner}` in a request line but is not among its properties; added as a navigation to {}`{target}`",
                if collection { "a collection of " } else { "" }
            ),
        );
        ty.properties.insert(
            segment,
            Property::navigation(target, collection, Some(page), line),
        );
        added += 1;
    }
    added
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

/// Entity sets and singletons: a first segment followed by a key is a set, whose type the GET
/// on its members (or on the set, or a POST to it) returns; one that a GET alone returns is a
/// singleton, as are the roots typed by their properties.
fn container(model: &Model, roots: &BTreeMap<String, String>) -> super::Container {
    let mut set_types: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    let mut singleton_types: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for (path, method, route) in model.all_routes() {
        let segments = path::segments(path);
        let Some(first) = root_segment(&segments) else {
            continue;
        };
        let response = route.response.as_ref().and_then(|r| match &r.ty {
            Some(TypeRef::Named(t)) => Some((t.clone(), r.collection)),
            _ => None,
        });
        let body = route.request_body.as_ref().and_then(|b| match &b.ty {
            Some(TypeRef::Named(t)) => Some(t.clone()),
            _ => None,
        });
        match (segments.len(), segments.get(1).copied()) {
            (2, Some(s)) if path::is_key_segment(s) => match (method, response, body) {
                (Method::Get, Some((t, false)), _) => vote(&mut set_types, first, t, 2),
                (Method::Patch, _, Some(t)) => vote(&mut set_types, first, t, 1),
                _ => {}
            },
            (1, _) => match (method, response, body) {
                (Method::Get, Some((t, true)), _) => vote(&mut set_types, first, t, 1),
                (Method::Get, Some((t, false)), _) => vote(&mut singleton_types, first, t, 1),
                (Method::Post, _, Some(t)) => vote(&mut set_types, first, t, 1),
                _ => {}
            },
            _ => {}
        }
        if segments.get(1).is_some_and(|s| path::is_key_segment(s)) {
            set_types.entry(first).or_default();
        }
    }
    let is_entity = |t: &str| model.get(t).is_some_and(|t| t.kind == TypeKind::Entity);
    let best = |counts: &BTreeMap<String, usize>| {
        counts
            .iter()
            .filter(|(t, _)| is_entity(t))
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(t, _)| t.clone())
    };
    let mut container = super::Container::default();
    for (name, counts) in &set_types {
        if let Some(t) = best(counts) {
            container.entity_sets.insert((*name).to_owned(), t);
        }
    }
    for (name, counts) in &singleton_types {
        if !set_types.contains_key(name) {
            if let Some(t) = best(counts) {
                container.singletons.insert((*name).to_owned(), t);
            }
        }
    }
    for (name, t) in roots {
        if !set_types.contains_key(name.as_str()) && is_entity(t) {
            container
                .singletons
                .entry(name.clone())
                .or_insert_with(|| t.clone());
        }
    }
    container
}

/// Types referenced but defined nowhere, each reported once where first referenced (types,
/// then routes, in order). The references themselves were reported where they stand
/// (`type-undefined`, `link-dangling`); this says what every output does about them.
fn report_placeholders(model: &Model, sink: &mut Sink) {
    let mut first: BTreeMap<String, Location> = BTreeMap::new();
    let mut note = |ty: Option<&TypeRef>, page: &str, line: u32| {
        if let Some(TypeRef::Named(name)) = ty {
            if model.get(name).is_none() && !first.contains_key(name) {
                first.insert(name.clone(), Location::at(page.to_owned(), line));
            }
        }
    };
    for (_, ty) in model.types() {
        for p in ty.properties.values() {
            note(
                Some(&p.ty),
                p.sources.iter().next().map_or("", String::as_str),
                p.line,
            );
        }
    }
    for (_, _, route) in model.all_routes() {
        let body = route.request_body.as_ref();
        let parameters = route
            .query_parameters
            .iter()
            .chain(&route.headers)
            .chain(body.into_iter().flat_map(|b| &b.parameters))
            .map(|p| p.ty.as_ref());
        let types = parameters
            .chain(route.parameters.iter().map(|p| p.ty.as_ref()))
            .chain([
                body.and_then(|b| b.ty.as_ref()),
                route.response.as_ref().and_then(|r| r.ty.as_ref()),
            ]);
        for ty in types {
            note(ty, &route.page, 1);
        }
    }
    for (name, at) in first {
        let message = format!(
            "`{name}` is referenced but defined nowhere; the generated documents use a placeholder"
        );
        sink.push(at, Code::SchemaPlaceholder, message);
    }
}

/// Property and enum member names that are not identifiers (`x²`, `٣abc`): JSON carries them,
/// so the model keeps them; the CSDL document leaves them out and the Rust models give them a
/// cleaned identifier with the wire name in `#[serde(rename)]`.
fn report_invalid_names(model: &Model, sink: &mut Sink) {
    for (qualified, ty) in model.types() {
        let page = ty.sources.first().map_or("", String::as_str);
        for (name, p) in &ty.properties {
            if crate::ident::is_identifier(name) {
                continue;
            }
            let page = p.sources.iter().next().map_or(page, String::as_str);
            let message = format!(
                "`{name}` on `{qualified}` is not an identifier; the CSDL document leaves it out and the Rust models rename it"
            );
            sink.push(Location::at(page, p.line), Code::NameInvalid, message);
        }
        for m in &ty.members {
            if !crate::ident::is_identifier(&m.name) {
                let message = format!(
                    "`{}` in the enum `{qualified}` is not an identifier; the CSDL document leaves it out",
                    m.name
                );
                sink.push(Location::at(page, 1), Code::NameInvalid, message);
            }
        }
    }
}

fn vote<'a>(
    map: &mut BTreeMap<&'a str, BTreeMap<String, usize>>,
    first: &'a str,
    t: String,
    weight: usize,
) {
    *map.entry(first).or_default().entry(t).or_default() += weight;
}

/// A page's example as the model keeps it, moved rather than copied.
fn convert(page: &str, example: parse::Example) -> Example {
    Example {
        name: example.name,
        ignored: example.ignored,
        page: page.to_owned(),
        line: example.line,
        request: example.request.map(|r| ExampleRequest {
            method: r.method,
            url: r.url,
            path: r.path.map(|t| t.path),
            headers: r.headers,
            body: r.body,
            truncated: r.elided,
            body_source: r.body_source,
        }),
        response: example.response.map(|r| ExampleResponse {
            status: r.status,
            headers: r.headers,
            body: r.body,
            truncated: r.truncated,
            is_collection: r.annotation.is_collection,
            is_empty: r.annotation.is_empty,
            expect_error: r.annotation.expect_error,
            odata_type: r.annotation.odata_type,
            line: r.line,
            body_source: r.body_source,
        }),
        fit: Fit::Exact,
    }
}

/// The first segment of a path when it can name an entity set or singleton (`users`).
fn root_segment<'p>(segments: &[&'p str]) -> Option<&'p str> {
    segments
        .first()
        .copied()
        .filter(|s| crate::ident::is_identifier(s))
}

/// The last segment of a path that names something: not a key, not `$ref`/`$value`/`$count`,
/// a function by its name; lower-cased.
fn last_literal(segments: &[&str]) -> Option<String> {
    segments
        .iter()
        .rev()
        .find(|s| !path::is_key_segment(s) && !s.starts_with('$'))
        .map(|s| {
            let name = s.split('(').next().unwrap_or(s);
            name.trim_end_matches(':').to_ascii_lowercase()
        })
}

/// The type a resource block declares: its `@odata.type`, else the title's. When the two differ
/// only in letter case, the lowerCamelCase spelling wins (`microsoft.graph.orgcontact` in the
/// annotation of `# orgContact resource type`); annotations are right more often otherwise
/// (`# BaseItem resource type` declares `baseItem`).
fn declared_name(page: &Page, annotation: &parse::Annotation) -> Option<String> {
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
fn describes(page: &Page, qualified: &str) -> bool {
    let short = qualified.rsplit('.').next().unwrap_or(qualified);
    match title_type(page) {
        Some(title) => title.eq_ignore_ascii_case(short),
        None => page.resources.len() <= 1,
    }
}

/// `# user resource type` → `user`.
fn title_type(page: &Page) -> Option<String> {
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

fn file_stem(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".md")
        .unwrap_or(file)
        .to_ascii_lowercase()
}

/// The type conflict between a property as stated here and as `owner` states it, if any.
fn conflict(name: &str, owner: &str, existing: &Property, new: &Property) -> Option<String> {
    if existing.ty == new.ty && existing.collection == new.collection {
        return None;
    }
    let show = |p: &Property| {
        if p.collection {
            format!("Collection({})", p.ty)
        } else {
            p.ty.to_string()
        }
    };
    let first = existing.sources.iter().next().map_or("", String::as_str);
    Some(format!(
        "`{name}` is `{}` here but `{}` on `{owner}` (`{first}`)",
        show(new),
        show(existing)
    ))
}

impl<'a> Docs<'a> {
    fn at(&self, page: usize, line: u32) -> Location {
        let path = self
            .pages
            .get(page)
            .map_or_else(String::new, |p| p.path.clone());
        Location::at(path, line)
    }

    /// A cell of the table row at `line`: `(line, col)`.
    fn at_cell(&self, page: usize, (line, col): (u32, u32)) -> Location {
        Location {
            col: col.max(1),
            ..self.at(page, line)
        }
    }

    fn resolve(&self, spec: &parse::TypeSpec, page: usize, line: u32, sink: &mut Sink) -> Resolved {
        self.resolve_cell(spec, page, (line, 1), sink)
    }

    /// Resolves a type cell, reporting at its line and column.
    fn resolve_cell(
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

    // Pass 1 ----------------------------------------------------------------------------------

    /// Records that a page declares a type: for link resolution, and as a candidate for the
    /// type's authoritative declaration.
    fn declare_type(
        &mut self,
        declarations: &mut BTreeMap<String, Vec<Declaration>>,
        qualified: String,
        d: Declaration,
    ) {
        self.index.declare(&self.pages[d.page].path, &qualified);
        declarations.entry(qualified).or_default().push(d);
    }

    fn declare(&mut self, sink: &mut Sink) -> BTreeMap<String, Vec<Declaration>> {
        let mut declarations: BTreeMap<String, Vec<Declaration>> = BTreeMap::new();
        for i in 0..self.pages.len() {
            let page: &'a Page = self.pages[i];
            self.index
                .pages
                .insert(page.path.to_ascii_lowercase(), page.path.clone());
            let ns = page.namespace.as_deref();
            let mut declared_any = false;
            for (n, block) in page.resources.iter().enumerate() {
                let name = declared_name(page, &block.annotation);
                let Some(name) = name else {
                    sink.push(
                        Location::at(page.path.clone(), block.line),
                        Code::ResourceJson,
                        "the resource block names no @odata.type and the title names no type",
                    );
                    continue;
                };
                let qualified = self.index.qualify(&name, ns);
                if !crate::ident::is_qualified_name(&qualified) {
                    sink.push(
                        self.at(i, block.line),
                        Code::NameInvalid,
                        format!("`{name}` is not a type name; the resource block is left out"),
                    );
                    continue;
                }
                self.declare_type(
                    &mut declarations,
                    qualified,
                    Declaration {
                        page: i,
                        origin: Origin::Resource(n),
                        line: block.line,
                    },
                );
                declared_any = true;
            }
            for (n, table) in page.enums.iter().enumerate() {
                let qualified = self.index.qualify(&table.name, ns);
                if !crate::ident::is_qualified_name(&qualified) {
                    let message = format!(
                        "`{}` is not a type name; the enum table is left out",
                        table.name
                    );
                    sink.push(self.at(i, table.line), Code::NameInvalid, message);
                    continue;
                }
                self.index.anchors.insert(
                    (page.path.to_ascii_lowercase(), table.slug.clone()),
                    qualified.clone(),
                );
                self.declare_type(
                    &mut declarations,
                    qualified,
                    Declaration {
                        page: i,
                        origin: Origin::Enum(n),
                        line: table.line,
                    },
                );
                declared_any = true;
            }
            if !declared_any && page.kind == PageKind::Resource {
                if let Some(name) = title_type(page) {
                    let qualified = self.index.qualify(&name, ns);
                    // Declared after the page's enums, so a page whose title names a type is
                    // still primarily that type.
                    self.declare_type(
                        &mut declarations,
                        qualified,
                        Declaration {
                            page: i,
                            origin: Origin::Title,
                            line: 1,
                        },
                    );
                }
            }
        }
        // The authoritative declaration first: a resource block on the page named after the
        // type, then any resource block, then enum tables, then titles; ties by page order.
        for (qualified, decls) in declarations.iter_mut() {
            let short = qualified
                .rsplit('.')
                .next()
                .unwrap_or(qualified)
                .to_ascii_lowercase();
            let rank = |d: &Declaration| {
                let named_after = file_stem(&self.pages[d.page].path) == short;
                let origin = match d.origin {
                    Origin::Resource(_) => 0,
                    Origin::Enum(_) => 1,
                    Origin::Title => 2,
                };
                (origin, !named_after, d.page)
            };
            decls.sort_by_key(rank);
            let (first, rest) = decls
                .split_first()
                .map_or((None, &[][..]), |(f, r)| (Some(f), r));
            let Some(first) = first else { continue };
            for d in rest {
                let message = format!(
                    "`{qualified}` is also declared by `{}`, which is authoritative",
                    self.pages[first.page].path
                );
                sink.push(self.at(d.page, d.line), Code::TypeDuplicate, message);
            }
        }
        declarations
    }
}

impl<'a> Builder<'_, 'a> {
    // Pass 2 ----------------------------------------------------------------------------------

    fn authoritative_types(&mut self, declarations: &BTreeMap<String, Vec<Declaration>>) {
        for (qualified, decls) in declarations {
            let Some(first) = decls.first().copied() else {
                continue;
            };
            let page: &'a Page = self.docs.pages[first.page];
            let mut ty = TypeDef {
                kind: TypeKind::Complex,
                base_type: None,
                key: None,
                r#abstract: false,
                open_type: false,
                has_stream: false,
                flags: false,
                // A page describes the type its title names (or its only type), not the others
                // it declares on the way.
                description: describes(page, qualified)
                    .then(|| {
                        page.description
                            .clone()
                            .or_else(|| page.front_matter.description.clone())
                    })
                    .flatten(),
                properties: BTreeMap::new(),
                members: Vec::new(),
                sources: vec![page.path.clone()],
            };
            match first.origin {
                Origin::Enum(n) => {
                    ty.kind = TypeKind::Enum;
                    // A "### x values" table on a resource page is not described by that page.
                    if page.kind != PageKind::Enum {
                        ty.description = None;
                    }
                    self.types.insert(qualified.clone(), ty);
                    // Every page's table of this enum adds its members; the same member twice
                    // is one member.
                    for d in decls {
                        if let Origin::Enum(n2) = d.origin {
                            self.add_enum_members(
                                qualified,
                                d.page,
                                n2,
                                d.page == first.page && n2 == n,
                            );
                        }
                    }
                    continue;
                }
                Origin::Resource(n) => {
                    let a = &page.resources[n].annotation;
                    ty.key = a.key_property.clone();
                    ty.r#abstract = a.r#abstract;
                    ty.open_type = a.open_type;
                    ty.has_stream = a.is_media_entity;
                    if ty.key.is_some() {
                        ty.kind = TypeKind::Entity;
                    }
                    ty.base_type = a
                        .base_type
                        .as_deref()
                        .map(|b| self.docs.index.qualify(b, page.namespace.as_deref()));
                }
                Origin::Title => {}
            }
            if ty.base_type.is_some() {
                self.evidence.base_type_annotation += 1;
            }
            if let Some((spec, line)) = &page.inherits_from {
                let resolved = self.docs.resolve(spec, first.page, *line, &mut self.sink);
                if let TypeRef::Named(base) = resolved.ty {
                    match &ty.base_type {
                        None => {
                            ty.base_type = Some(base);
                            self.evidence.base_type_prose += 1;
                        }
                        Some(annotated) if !annotated.eq_ignore_ascii_case(&base) => {
                            // Settled once every type is declared: the more specific may win.
                            self.base_conflicts
                                .push((qualified.clone(), base, first.page, *line));
                        }
                        Some(_) => {}
                    }
                }
            }
            self.types.insert(qualified.clone(), ty);
            for table in self.tables_of(first.page, qualified) {
                let table = &page.property_tables[table];
                for row in &table.rows {
                    self.add_property(qualified, first.page, row, table.navigation, true);
                }
            }
        }
    }

    /// The property tables of a page that describe `qualified`: tables whose heading names it,
    /// and unnamed tables when the page declares it (with several resource blocks, the tables
    /// before each block).
    fn tables_of(&self, page: usize, qualified: &str) -> Vec<usize> {
        let mut cache = self.page_tables.borrow_mut();
        let tables = cache
            .entry(page)
            .or_insert_with(|| self.read_page_tables(page));
        let short = qualified.rsplit('.').next().unwrap_or(qualified);
        let mut out: Vec<usize> = tables
            .owned
            .get(&short.to_ascii_lowercase())
            .cloned()
            .unwrap_or_default();
        match &tables.unowned_by_type {
            None => out.extend(&tables.unowned),
            Some(by_type) => out.extend(by_type.get(qualified).into_iter().flatten()),
        }
        out.sort_unstable();
        out
    }

    /// A page's tables by type, in one pass over its tables and resource blocks.
    fn read_page_tables(&self, page: usize) -> PageTables {
        let p = self.docs.pages[page];
        let declared: Vec<(u32, String)> = p
            .resources
            .iter()
            .filter_map(|r| {
                let name = declared_name(p, &r.annotation)?;
                Some((
                    r.line,
                    self.docs.index.qualify(&name, p.namespace.as_deref()),
                ))
            })
            .collect();
        let mut tables = PageTables::default();
        if declared.len() > 1 {
            tables.unowned_by_type = Some(HashMap::new());
        }
        for (i, t) in p.property_tables.iter().enumerate() {
            if let Some(owner) = &t.owner {
                tables
                    .owned
                    .entry(owner.to_ascii_lowercase())
                    .or_default()
                    .push(i);
                continue;
            }
            tables.unowned.push(i);
            if let Some(by_type) = &mut tables.unowned_by_type {
                // The first block after the table (blocks come in page order), else the last.
                let after = declared.partition_point(|(line, _)| *line <= t.line);
                if let Some((_, q)) = declared.get(after).or(declared.last()) {
                    by_type.entry(q.clone()).or_default().push(i);
                }
            }
        }
        tables
    }

    fn add_enum_members(
        &mut self,
        qualified: &str,
        page: usize,
        table: usize,
        authoritative: bool,
    ) {
        let p = self.docs.pages[page];
        let Some(t) = p.enums.get(table) else { return };
        let Some(ty) = self.types.get_mut(qualified) else {
            return;
        };
        ty.flags |= t.flags;
        if !authoritative && !ty.sources.contains(&p.path) {
            ty.sources.push(p.path.clone());
        }
        for m in &t.members {
            if !ty.members.iter().any(|e| e.name == m.name) {
                ty.members.push(EnumMember {
                    name: m.name.clone(),
                    value: m.value,
                    description: m.description.clone(),
                });
            }
        }
        if ty.members.is_empty() && authoritative {
            self.sink.push(
                Location::at(p.path.clone(), t.line),
                Code::EnumMemberInvalid,
                format!("the enum `{qualified}` has no members"),
            );
        }
    }

    /// Adds a table row to a type. `authoritative` rows come from the type's own page; others
    /// add to it, and where they disagree that is a diagnostic.
    fn add_property(
        &mut self,
        qualified: &str,
        page: usize,
        row: &PropertyRow,
        navigation: bool,
        authoritative: bool,
    ) {
        let (ty, collection, values) = match &row.ty {
            Ok(spec) => {
                let r = self
                    .docs
                    .resolve_cell(spec, page, (row.line, row.ty_col), &mut self.sink);
                (r.ty, r.collection, r.values)
            }
            Err(raw) => (TypeRef::Unknown(raw.clone()), false, Vec::new()),
        };
        let path = &self.docs.pages[page].path;
        let property = Property {
            ty,
            collection,
            navigation,
            nullable: row.nullable,
            read_only: row.read_only,
            values,
            description: row.description.clone(),
            sources: BTreeSet::from([path.clone()]),
            line: row.line,
        };
        if !authoritative {
            if let Some((owner, existing)) = self.find_property(qualified, &row.name) {
                let conflict = conflict(&row.name, owner, existing, &property);
                let owner = owner.to_owned();
                if let Some(message) = conflict {
                    let at = self.docs.at_cell(page, (row.line, row.ty_col));
                    self.sink.push(at, Code::PropertyTypeConflict, message);
                }
                if let Some(p) = self
                    .types
                    .get_mut(&owner)
                    .and_then(|t| t.properties.get_mut(&row.name))
                {
                    p.sources.extend(property.sources);
                }
                return;
            }
            let at = self.docs.at(page, row.line);
            if let Some((owner, other)) = self.find_property_ignoring_case(qualified, &row.name) {
                let message = format!("`{}` is spelled `{other}` on `{owner}`", row.name);
                self.sink.push(at, Code::PropertyCaseMismatch, message);
                return;
            }
            let message = format!(
                "`{}` is not a property of `{qualified}` on its resource page; added",
                row.name
            );
            self.sink.push(at, Code::PropertyNotInResource, message);
        }
        let Some(ty) = self.types.get_mut(qualified) else {
            return;
        };
        if let Some(existing) = ty.properties.get(&row.name) {
            let same = existing.ty == property.ty && existing.collection == property.collection;
            let message = if same {
                Some((
                    Code::PropertyDuplicate,
                    format!("`{}` is listed twice", row.name),
                ))
            } else {
                conflict(&row.name, qualified, existing, &property)
                    .map(|m| (Code::PropertyTypeConflict, m))
            };
            if let Some((code, message)) = message {
                let at = match code {
                    Code::PropertyTypeConflict => self.docs.at_cell(page, (row.line, row.ty_col)),
                    _ => self.docs.at(page, row.line),
                };
                self.sink.push(at, code, message);
            }
            return;
        }
        if !ty.sources.contains(path) {
            ty.sources.push(path.clone());
        }
        ty.properties.insert(row.name.clone(), property);
        self.property_at
            .entry((qualified.to_owned(), row.name.clone()))
            .or_insert((page, row.line, row.ty_col));
    }

    /// `Derived types` tables: each type a base type's page lists derives from it, unless it
    /// states another base type itself (then that is reported, and kept).
    fn derived_type_tables(&mut self, declarations: &BTreeMap<String, Vec<Declaration>>) {
        // The page each type is declared on first, for the pages that declare one type.
        let mut declared_on: BTreeMap<usize, Vec<&String>> = BTreeMap::new();
        for (qualified, decls) in declarations {
            if let Some(first) = decls.first() {
                declared_on.entry(first.page).or_default().push(qualified);
            }
        }
        for (page, types) in declared_on {
            let [base] = types.as_slice() else { continue };
            let listed = &self.docs.pages[page].derived_types;
            for (spec, line) in listed {
                let resolved = self.docs.resolve(spec, page, *line, &mut self.sink);
                let TypeRef::Named(derived) = resolved.ty else {
                    continue;
                };
                if derived == **base {
                    continue;
                }
                // A type that derives from the base through another lists rightly.
                let indirect = self.chain(&derived).iter().skip(1).any(|a| a == *base);
                let Some(ty) = self.types.get_mut(&derived) else {
                    continue;
                };
                match &ty.base_type {
                    None => {
                        ty.base_type = Some((*base).clone());
                        self.evidence.base_type_derived_table += 1;
                    }
                    Some(stated) if !indirect && !stated.eq_ignore_ascii_case(base) => {
                        let message = format!(
                            "`{base}` lists `{derived}` among its derived types, but `{derived}` derives from `{stated}`; that is kept"
                        );
                        let at = self.docs.at(page, *line);
                        self.sink.push(at, Code::BaseTypeConflict, message);
                    }
                    Some(_) => {}
                }
            }
        }
    }

    /// A type whose page and annotation name different base types keeps the annotation's,
    /// unless the page's derives from it: then the page's is the more specific, and is used.
    /// Either way the conflict is reported.
    fn settle_base_conflicts(&mut self) {
        for (qualified, stated, page, line) in std::mem::take(&mut self.base_conflicts) {
            let Some(annotated) = self.types.get(&qualified).and_then(|t| t.base_type.clone())
            else {
                continue;
            };
            let more_specific = self.chain(&stated).iter().skip(1).any(|a| *a == annotated);
            let message = if more_specific {
                if let Some(t) = self.types.get_mut(&qualified) {
                    t.base_type = Some(stated.clone());
                }
                self.evidence.base_type_prose += 1;
                self.evidence.base_type_annotation -= 1;
                format!(
                    "the page says `{qualified}` derives from `{stated}`, its annotation says `{annotated}`; `{stated}` derives from `{annotated}`, so it is used"
                )
            } else {
                format!(
                    "the page says `{qualified}` derives from `{stated}`, its annotation says `{annotated}`; the annotation is used"
                )
            };
            let at = self.docs.at(page, line);
            self.sink.push(at, Code::BaseTypeConflict, message);
        }
    }

    /// The types from `qualified` up its base chain, stopping at a cycle.
    fn chain(&self, qualified: &str) -> Vec<String> {
        let mut out = vec![qualified.to_owned()];
        let mut seen = HashSet::from([qualified.to_owned()]);
        let mut current = self.types.get(qualified).and_then(|t| t.base_type.clone());
        while let Some(base) = current {
            if !seen.insert(base.clone()) {
                break;
            }
            current = self.types.get(&base).and_then(|t| t.base_type.clone());
            out.push(base);
        }
        out
    }

    /// The type and its bases, nearest first, without allocating; stops after as many steps
    /// as there are types, so a cycle cannot loop.
    fn ancestors<'s>(
        &'s self,
        qualified: &'s str,
    ) -> impl Iterator<Item = (&'s str, &'s TypeDef)> + 's {
        let first = self
            .types
            .get_key_value(qualified)
            .map(|(k, t)| (k.as_str(), t));
        std::iter::successors(first, |(_, t)| {
            let base = t.base_type.as_deref()?;
            self.types.get_key_value(base).map(|(k, t)| (k.as_str(), t))
        })
        .take(self.types.len())
    }

    fn has_property(&self, qualified: &str, name: &str) -> bool {
        self.ancestors(qualified)
            .any(|(_, t)| t.properties.contains_key(name))
    }

    /// The property of that name on the type or its nearest base that has it, with that type.
    fn find_property<'s>(
        &'s self,
        qualified: &'s str,
        name: &str,
    ) -> Option<(&'s str, &'s Property)> {
        self.ancestors(qualified)
            .find_map(|(owner, t)| Some((owner, t.properties.get(name)?)))
    }

    fn find_property_ignoring_case<'s>(
        &'s self,
        qualified: &'s str,
        name: &str,
    ) -> Option<(&'s str, &'s str)> {
        self.ancestors(qualified).find_map(|(owner, t)| {
            let other = t.properties.keys().find(|k| k.eq_ignore_ascii_case(name))?;
            Some((owner, other.as_str()))
        })
    }

    // Pass 3 ----------------------------------------------------------------------------------

    /// A type that a GET on `/things/{thing-id}` returns is addressed by key: an entity type, even
    /// when its resource block omits `keyProperty`. Its key is its `id` property.
    fn entities_addressed_by_key(&mut self) {
        let mut quiet = Sink::default();
        let mut addressed = BTreeSet::new();
        for page in &self.docs.pages {
            let Some(spec) = page.response.as_ref().and_then(|r| r.ty.as_ref()) else {
                continue;
            };
            if spec.collection {
                continue;
            }
            let by_key = page.routes.iter().any(|r| {
                r.method == Method::Get
                    && r.template
                        .path
                        .rsplit('/')
                        .next()
                        .is_some_and(|s| s.starts_with('{') && s.ends_with('}'))
            });
            if !by_key {
                continue;
            }
            let at = Location::at(page.path.clone(), 1);
            if let TypeRef::Named(t) = self
                .docs
                .index
                .resolve(spec, &page.path, page.namespace.as_deref(), &at, &mut quiet)
                .ty
            {
                addressed.insert(t);
            }
        }
        for t in addressed {
            if let Some(ty) = self.types.get_mut(&t) {
                if ty.kind == TypeKind::Complex
                    && ty.key.is_none()
                    && ty.base_type.is_none()
                    && ty.properties.contains_key("id")
                {
                    ty.key = Some("id".to_owned());
                    ty.kind = TypeKind::Entity;
                }
            }
        }
    }

    /// The types of route roots that no `GET /x` types: `/education/classes/{id}` and
    /// `/education/schools` start at the type whose properties are `classes` and `schools`.
    /// Such a type is a singleton's, hence an entity: one that states no key joins the entity
    /// hierarchy below its root.
    fn route_roots(&mut self) -> BTreeMap<String, String> {
        let mut keyed: BTreeSet<&str> = BTreeSet::new();
        let mut typed: BTreeSet<&str> = BTreeSet::new();
        let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for page in &self.docs.pages {
            for line in &page.routes {
                let segments = path::segments(&line.template.path);
                let Some(first) = root_segment(&segments) else {
                    continue;
                };
                match segments.get(1) {
                    Some(s) if s.starts_with('{') => {
                        keyed.insert(first);
                    }
                    // `POST /search/query` names an action, not a property of the root.
                    Some(s)
                        if crate::ident::is_identifier(s)
                            && (segments.len() > 2 || line.method == Method::Get) =>
                    {
                        next.entry(first).or_default().insert(s);
                    }
                    None if line.method == Method::Get
                        && page.response.as_ref().is_some_and(|r| r.ty.is_some()) =>
                    {
                        typed.insert(first);
                    }
                    _ => {}
                }
            }
        }
        let mut roots = BTreeMap::new();
        // Each type that could be a root, with its short name lowercase.
        let candidates: Vec<(String, &String)> = self
            .types
            .iter()
            .filter(|(_, t)| t.kind != TypeKind::Enum)
            .map(|(name, _)| {
                let short = name.rsplit('.').next().unwrap_or(name);
                (short.to_ascii_lowercase(), name)
            })
            .collect();
        for (first, properties) in next {
            if keyed.contains(first) || typed.contains(first) {
                continue;
            }
            // Among the types named after the segment (`policies`: `policyRoot`, `education`:
            // `educationRoot`), the one with most of the properties that follow it, then the
            // closest name.
            let singular = route::singular(first).to_ascii_lowercase();
            let mut scores: Vec<(usize, usize, &String)> = candidates
                .iter()
                .filter_map(|&(ref short, name)| {
                    let closeness = if *short == singular
                        || short.eq_ignore_ascii_case(first)
                        || short.strip_suffix("root") == Some(singular.as_str())
                    {
                        3
                    } else if short.starts_with(&singular) {
                        2
                    } else if short.contains(&singular) {
                        1
                    } else {
                        return None;
                    };
                    let score = properties
                        .iter()
                        .filter(|p| self.has_property(name, p))
                        .count();
                    Some((score, closeness, name))
                })
                // A type named for the segment itself (`identityProtection`:
                // `identityProtectionRoot`) is a root even when the docs list none of its
                // properties.
                .filter(|(score, closeness, _)| *score > 0 || *closeness == 3)
                .collect();
            scores.sort_by(|a, b| {
                b.0.cmp(&a.0)
                    .then(b.1.cmp(&a.1))
                    .then(a.2.len().cmp(&b.2.len()))
                    .then(a.2.cmp(b.2))
            });
            match scores.as_slice() {
                [(score, closeness, name), rest @ ..]
                    if rest
                        .first()
                        .is_none_or(|(s, c, _)| (s, c) < (score, closeness)) =>
                {
                    roots.insert(first.to_owned(), (*name).clone());
                }
                _ => {}
            }
        }
        // A type that other types hold as a value (`identity` in `createdBy`) is no root.
        let values: BTreeSet<String> = self
            .types
            .values()
            .flat_map(|t| t.properties.values())
            .filter(|p| !p.navigation)
            .filter_map(|p| match &p.ty {
                TypeRef::Named(n) => Some(n.clone()),
                _ => None,
            })
            .collect();
        roots.retain(|_, t| {
            self.types
                .get(t)
                .is_some_and(|ty| ty.kind == TypeKind::Entity || !values.contains(t))
        });
        let root = self.entity_root();
        for t in roots.values() {
            let Some(ty) = self.types.get_mut(t) else {
                continue;
            };
            if ty.kind == TypeKind::Complex && ty.key.is_none() && ty.base_type.is_none() {
                if let Some((root, _)) = root.as_ref().filter(|(r, _)| r != t) {
                    ty.base_type = Some(root.clone());
                    ty.kind = TypeKind::Entity;
                }
            }
        }
        roots
    }

    /// The root of the entity hierarchy, when the docs have exactly one: an abstract type with
    /// a key and no base (`entity` with key `id` in Graph's docs).
    fn entity_root(&self) -> Option<(String, String)> {
        let mut roots = self
            .types
            .iter()
            .filter(|(_, t)| t.r#abstract && t.base_type.is_none() && t.key.is_some());
        let (name, root) = roots.next()?;
        if roots.next().is_some() {
            return None;
        }
        Some((name.clone(), root.key.clone()?))
    }

    fn inheritance(&mut self) {
        let names: Vec<String> = self.types.keys().cloned().collect();
        for qualified in &names {
            let Some(base) = self.types.get(qualified).and_then(|t| t.base_type.clone()) else {
                continue;
            };
            let fixed = if self.types.contains_key(&base) {
                Some(base.clone())
            } else {
                self.docs
                    .index
                    .lookup(&base, split_qualified(qualified).map(|(ns, _)| ns))
            };
            let at = self.declaration_location(qualified);
            match fixed {
                Some(found) if found != *qualified => {
                    if let Some(t) = self.types.get_mut(qualified) {
                        t.base_type = Some(found);
                    }
                }
                _ => {
                    self.sink.push(
                        at,
                        Code::BaseTypeInvalid,
                        format!(
                            "the base type `{base}` of `{qualified}` is not a type any page defines"
                        ),
                    );
                    if let Some(t) = self.types.get_mut(qualified) {
                        t.base_type = None;
                    }
                }
            }
        }
        for qualified in &names {
            let chain = self.chain(qualified);
            let last_base = chain
                .last()
                .and_then(|t| self.types.get(t))
                .and_then(|t| t.base_type.clone());
            if let Some(cyclic) = last_base {
                let at = self.declaration_location(qualified);
                self.sink.push(at, Code::BaseTypeInvalid, format!("the inheritance of `{qualified}` is cyclic through `{cyclic}`; its base type is dropped"));
                if let Some(t) = self.types.get_mut(qualified) {
                    t.base_type = None;
                }
            }
        }
        // A keyed type that states no base, keyed like the root, derives from the root: every
        // entity in such docs does, and pages often leave it unsaid.
        if let Some((root, root_key)) = self.entity_root() {
            for qualified in &names {
                if *qualified == root {
                    continue;
                }
                if let Some(t) = self.types.get_mut(qualified) {
                    if t.base_type.is_none() && t.key.as_deref() == Some(root_key.as_str()) {
                        t.base_type = Some(root.clone());
                        t.key = None;
                    }
                }
            }
        }
        for qualified in &names {
            // `"keyProperty": "id"` on a type that inherits the key `id` restates it.
            let inherited_key = self
                .ancestors(qualified)
                .skip(1)
                .find_map(|(_, t)| t.key.clone());
            if let (Some(inherited), Some(t)) = (inherited_key, self.types.get_mut(qualified)) {
                if t.key.as_ref() == Some(&inherited) {
                    t.key = None;
                }
            }
        }
        for qualified in &names {
            let keyed = self.ancestors(qualified).any(|(_, t)| t.key.is_some());
            if let Some(t) = self.types.get_mut(qualified) {
                if t.kind != TypeKind::Enum && keyed {
                    t.kind = TypeKind::Entity;
                }
            }
        }
    }

    fn declaration_location(&self, qualified: &str) -> Location {
        let path = self
            .types
            .get(qualified)
            .and_then(|t| t.sources.first())
            .cloned()
            .unwrap_or_default();
        Location::at(path, 1)
    }

    // Pass 4 ----------------------------------------------------------------------------------

    fn drop_inherited_restatements(&mut self) {
        let names: Vec<String> = self.types.keys().cloned().collect();
        for qualified in &names {
            // Each property a base states too, and how its type differs from the base's, if
            // it does.
            let restated: Vec<(String, Option<String>)> =
                self.types.get(qualified).map_or_else(Vec::new, |t| {
                    t.properties
                        .iter()
                        .filter_map(|(name, property)| {
                            self.ancestors(qualified).skip(1).find_map(|(base, b)| {
                                let inherited = b.properties.get(name)?;
                                Some((name.clone(), conflict(name, base, inherited, property)))
                            })
                        })
                        .collect()
                });
            for (name, conflict) in restated {
                if let Some(message) = conflict {
                    let at = self
                        .property_at
                        .get(&(qualified.clone(), name.clone()))
                        .map_or_else(
                            || self.declaration_location(qualified),
                            |&(page, line, ty_col)| self.docs.at_cell(page, (line, ty_col)),
                        );
                    self.sink.push(at, Code::PropertyTypeConflict, message);
                }
                if let Some(t) = self.types.get_mut(qualified) {
                    t.properties.remove(&name);
                }
            }
        }
    }

    // Pass 5 ----------------------------------------------------------------------------------

    fn compare_json_representations(&mut self, declarations: &BTreeMap<String, Vec<Declaration>>) {
        for (qualified, decls) in declarations {
            let Some(first) = decls.first() else { continue };
            let Origin::Resource(n) = first.origin else {
                continue;
            };
            let page = self.docs.pages[first.page];
            let block = &page.resources[n];
            let Some(json) = &block.json else { continue };
            let block_at = self.docs.at(first.page, block.line);
            let all: BTreeSet<String> = self
                .ancestors(qualified)
                .flat_map(|(_, t)| t.properties.keys().cloned())
                .collect();
            // Lowercased names, so each key is matched ignoring case in constant time.
            let all_lowercase: HashMap<String, &String> =
                all.iter().map(|p| (p.to_ascii_lowercase(), p)).collect();
            for (key, value) in json {
                if key.starts_with('@') || all.contains(key) {
                    continue;
                }
                // At the member's value when the JSON was strict, else at the block.
                let at = match block.source.as_ref().and_then(|s| s.member(key)) {
                    Some((line, col)) => Location {
                        line,
                        col,
                        ..block_at.clone()
                    },
                    None => block_at.clone(),
                };
                if let Some(other) = all_lowercase.get(&key.to_ascii_lowercase()) {
                    let message =
                        format!("`{key}` in the JSON representation is `{other}` in the table");
                    self.sink
                        .push(at.clone(), Code::PropertyCaseMismatch, message);
                    continue;
                }
                let (ty, collection) = infer::infer(value);
                let ty = match ty {
                    TypeRef::Named(name) => self.docs.index.named(&name, page.namespace.as_deref()),
                    other => other,
                };
                if let TypeRef::Unknown(name) = &ty {
                    let message = format!(
                        "`{name}` (the `@odata.type` of `{key}`) is not a type name; `{key}` is left untyped"
                    );
                    self.sink.push(at.clone(), Code::NameInvalid, message);
                }
                let message = format!(
                    "`{key}` is in the JSON representation but not in the table; added as `{ty}`"
                );
                self.sink
                    .push(at.clone(), Code::PropertyNotInTable, message);
                if let Some(t) = self.types.get_mut(qualified) {
                    t.properties.insert(
                        key.clone(),
                        Property {
                            ty,
                            collection,
                            navigation: false,
                            nullable: None,
                            read_only: false,
                            values: Vec::new(),
                            description: String::new(),
                            sources: BTreeSet::from([page.path.clone()]),
                            line: block.line,
                        },
                    );
                }
            }
            let optional: HashSet<&str> = block
                .annotation
                .optional_properties
                .iter()
                .map(String::as_str)
                .collect();
            let keys: HashSet<String> = json.keys().map(|k| k.to_ascii_lowercase()).collect();
            let missing: Vec<String> = self.types.get(qualified).map_or_else(Vec::new, |t| {
                t.properties
                    .iter()
                    .filter(|(name, p)| {
                        !p.navigation
                            && !optional.contains(name.as_str())
                            && !keys.contains(&name.to_ascii_lowercase())
                    })
                    .map(|(name, _)| name.clone())
                    .collect()
            });
            for name in missing {
                let at = self
                    .property_at
                    .get(&(qualified.clone(), name.clone()))
                    .map_or_else(
                        || block_at.clone(),
                        |&(page, line, _)| self.docs.at(page, line),
                    );
                self.sink.push(
                    at,
                    Code::PropertyNotInJson,
                    format!("`{name}` is in the table but not in the JSON representation"),
                );
            }
        }
    }

    // Pass 6 ----------------------------------------------------------------------------------

    fn contributions(&mut self, declarations: &BTreeMap<String, Vec<Declaration>>) {
        // Tables of a type's other declarations (a duplicate resource page).
        for (qualified, decls) in declarations {
            for d in decls.iter().skip(1) {
                if matches!(d.origin, Origin::Enum(_)) {
                    continue;
                }
                for table in self.tables_of(d.page, qualified) {
                    let t: &'a parse::PropertyTable =
                        &self.docs.pages[d.page].property_tables[table];
                    for row in &t.rows {
                        self.add_property(qualified, d.page, row, t.navigation, false);
                    }
                }
            }
        }
        for i in 0..self.docs.pages.len() {
            let page: &'a Page = self.docs.pages[i];
            // "## Command properties" on an API page, and Properties tables of pages that
            // declare no type.
            // Pages that declare a structured type own their unnamed tables (pass 2).
            let declares = !page.resources.is_empty()
                || (page.kind == PageKind::Resource && title_type(page).is_some());
            for table in &page.property_tables {
                let owner = match &table.owner {
                    Some(o) if !declares => self.docs.index.lookup(o, page.namespace.as_deref()),
                    None if !declares => {
                        page.response.as_ref().and_then(|r| r.ty.clone()).and_then(
                            |spec| match self.docs.resolve(&spec, i, table.line, &mut self.sink).ty
                            {
                                TypeRef::Named(n) => Some(n),
                                _ => None,
                            },
                        )
                    }
                    _ => continue,
                };
                let Some(owner) = owner.filter(|o| self.types.contains_key(o)) else {
                    let message = "a properties table on a page that declares no type, naming no type that exists";
                    self.sink
                        .push(self.docs.at(i, table.line), Code::TableColumns, message);
                    continue;
                };
                for row in &table.rows {
                    self.add_property(&owner, i, row, table.navigation, false);
                }
            }
            // "supply a JSON representation of the [device](..) object" + a Request body table.
            let Some((spec, line)) = &page.request_body_type else {
                continue;
            };
            let TypeRef::Named(body_type) = self.docs.resolve(spec, i, *line, &mut self.sink).ty
            else {
                continue;
            };
            if !self.types.contains_key(&body_type) {
                continue;
            }
            for param in page
                .parameters
                .iter()
                .filter(|p| p.kind == ParameterKind::Body)
            {
                let Some(ty) = param.ty.clone() else { continue };
                let row = PropertyRow {
                    name: param.name.clone(),
                    ty,
                    description: param.description.clone(),
                    nullable: None,
                    read_only: false,
                    line: param.line,
                    ty_col: param.ty_col,
                };
                self.add_property(&body_type, i, &row, false, false);
            }
        }
    }
}

impl<'a> Router<'_, 'a> {
    fn parameter(&mut self, page: usize, p: &parse::Parameter) -> Parameter {
        let (ty, collection) = match &p.ty {
            Some(Ok(spec)) => {
                let r = self
                    .docs
                    .resolve_cell(spec, page, (p.line, p.ty_col), &mut self.sink);
                (Some(r.ty), r.collection)
            }
            Some(Err(raw)) => (Some(TypeRef::Unknown(raw.clone())), false),
            None => (None, false),
        };
        Parameter {
            name: p.name.clone(),
            ty,
            collection,
            required: p.required,
            description: p.description.clone(),
        }
    }

    // Pass 7 ----------------------------------------------------------------------------------

    fn routes(&mut self, model: &mut Model) {
        // Which route each page's routes became, to attach its examples.
        let mut page_routes: Vec<Vec<(String, Method)>> = vec![Vec::new(); self.docs.pages.len()];
        for (i, own) in page_routes.iter_mut().enumerate() {
            let page: &'a Page = self.docs.pages[i];
            if page.routes.is_empty() {
                continue;
            }
            // The lines that add a route; the others restate one, here or on another page.
            let mut new_lines = Vec::new();
            for line in &page.routes {
                own.push((line.template.path.clone(), line.method));
                let existing = model
                    .routes
                    .get_mut(&line.template.path)
                    .and_then(|by_method| by_method.get_mut(&line.method));
                match existing {
                    Some(existing) if existing.page != page.path => {
                        if !existing.also_documented_in.contains(&page.path) {
                            existing.also_documented_in.push(page.path.clone());
                        }
                        let message = format!(
                            "`{} {}` is also documented by `{}`",
                            line.method, line.template.path, existing.page
                        );
                        self.sink
                            .push(self.docs.at(i, line.line), Code::RouteDuplicate, message);
                    }
                    Some(_) => {}
                    None if new_lines.iter().any(|l: &&parse::RouteLine| {
                        l.method == line.method && l.template.path == line.template.path
                    }) => {}
                    None => new_lines.push(line),
                }
            }
            // Read even when every line restates a route: the page's tables are reported on.
            let mut of_kind = |kinds: &[ParameterKind]| -> Vec<Parameter> {
                page.parameters
                    .iter()
                    .filter(|p| kinds.contains(&p.kind))
                    .map(|p| self.parameter(i, p))
                    .collect()
            };
            let query = of_kind(&[ParameterKind::Query]);
            let headers = of_kind(&[ParameterKind::Header]);
            let path_params = of_kind(&[ParameterKind::Path, ParameterKind::Function]);
            let request_body = self.request_body(i);
            let response = self.response(i);
            for line in new_lines {
                let parameters = line
                    .template
                    .params
                    .iter()
                    .map(|p| {
                        let documented = path_params.iter().find(|d| {
                            d.name.eq_ignore_ascii_case(&p.name)
                                || p.documented
                                    .split('|')
                                    .any(|a| a.trim().eq_ignore_ascii_case(&d.name))
                        });
                        PathParameter {
                            name: p.name.clone(),
                            documented: p.documented.clone(),
                            ty: documented.and_then(|d| d.ty.clone()),
                            collection: documented.is_some_and(|d| d.collection),
                            description: documented
                                .map(|d| d.description.clone())
                                .unwrap_or_default(),
                        }
                    })
                    .collect();
                // Only methods that send a body get the page's request body.
                let body = match line.method {
                    Method::Post | Method::Patch | Method::Put => request_body.clone(),
                    _ => None,
                };
                let route = Route {
                    parameters,
                    query_parameters: query.clone(),
                    headers: headers.clone(),
                    request_body: body,
                    response: response.clone(),
                    permissions: page.permissions.clone(),
                    examples: Vec::new(),
                    summary: page.title.clone(),
                    description: page.description.clone(),
                    page: page.path.clone(),
                    line: line.line,
                    also_documented_in: Vec::new(),
                };
                model
                    .routes
                    .entry(line.template.path.clone())
                    .or_default()
                    .insert(line.method, route);
            }
        }
        model.base_url = super::base_url(
            self.examples
                .iter()
                .flatten()
                .filter_map(|e| Some(e.request.as_ref()?.url.as_str())),
        );
        // Each example's route is found first, against the finished routes; then the examples
        // move into them.
        let index = RouteIndex::new(&model.routes);
        let mut filed = Vec::new();
        for (i, own_routes) in page_routes.iter().enumerate() {
            let examples = self
                .examples
                .get_mut(i)
                .map(std::mem::take)
                .unwrap_or_default();
            for example in examples {
                let route = self.route_of(model, &index, i, &example, own_routes);
                filed.push((i, example, route));
            }
        }
        for (i, example, route) in filed {
            self.attach_example(model, i, example, route);
        }
    }

    fn request_body(&mut self, page: usize) -> Option<RequestBody> {
        let p = self.docs.pages[page];
        let ty = p
            .request_body_type
            .clone()
            .map(|(spec, line)| self.docs.resolve(&spec, page, line, &mut self.sink).ty);
        let parameters: Vec<Parameter> = if ty.is_some() {
            Vec::new()
        } else {
            let body: Vec<parse::Parameter> = p
                .parameters
                .iter()
                .filter(|p| p.kind == ParameterKind::Body)
                .cloned()
                .collect();
            body.iter().map(|b| self.parameter(page, b)).collect()
        };
        (ty.is_some() || !parameters.is_empty()).then_some(RequestBody { ty, parameters })
    }

    fn response(&mut self, page: usize) -> Option<Response> {
        let p = self.docs.pages[page];
        let documented = p.response.clone();
        let examples = self.examples.get(page).map_or(&[][..], Vec::as_slice);
        let from_example = examples.iter().find_map(|e| e.response.as_ref()).map(|r| {
            (
                r.annotation.odata_type.clone(),
                r.annotation.is_collection,
                r.line,
            )
        });
        let example_status = examples.iter().find_map(|e| e.response.as_ref()?.status);
        let (mut ty, mut collection) = match documented
            .as_ref()
            .and_then(|d| d.ty.clone().map(|t| (t, d.line)))
        {
            Some((spec, line)) => {
                let r = self.docs.resolve(&spec, page, line, &mut self.sink);
                (Some(r.ty), r.collection)
            }
            None => (None, false),
        };
        if let Some((odata_type, is_collection, line)) = from_example {
            if ty.is_none() {
                ty = odata_type.as_deref().map(|t| {
                    self.docs
                        .index
                        .named(&parse::annotation::odata_type(t).0, p.namespace.as_deref())
                });
                if let Some(TypeRef::Unknown(name)) = &ty {
                    let message = format!(
                        "`{name}` (the response's `@odata.type`) is not a type name; the response is left untyped"
                    );
                    self.sink
                        .push(self.docs.at(page, line), Code::NameInvalid, message);
                }
                collection |= is_collection;
            }
        }
        let status = documented
            .as_ref()
            .and_then(|d| d.status)
            .or(example_status);
        (status.is_some() || ty.is_some()).then_some(Response {
            status,
            ty,
            collection,
        })
    }

    /// Files an example under the route [`Builder::route_of`] found for it.
    fn attach_example(
        &mut self,
        model: &mut Model,
        page: usize,
        example: parse::Example,
        filed: Option<(String, Method, Fit)>,
    ) {
        let p = self.docs.pages[page];
        if let Some((template, method, fit)) = filed {
            if let Some(route) = model
                .routes
                .get_mut(&template)
                .and_then(|by| by.get_mut(&method))
            {
                if fit == Fit::Exact {
                    self.check_example(page, &example, route);
                }
                let mut example = convert(&p.path, example);
                example.fit = fit;
                route.examples.push(example);
                return;
            }
        }
        // A page whose HTTP request section yields no route: its examples are still filed,
        // under the operation the rest of the page documents.
        let routeless =
            p.kind == PageKind::Api && p.routes.is_empty() && p.has_http_request_section;
        if let (true, Some(request)) = (routeless, &example.request) {
            if !model.routeless.contains_key(&p.path) {
                let sends_body =
                    matches!(request.method, Method::Post | Method::Patch | Method::Put);
                let route = Route {
                    parameters: Vec::new(),
                    query_parameters: Vec::new(),
                    headers: Vec::new(),
                    request_body: if sends_body {
                        self.request_body(page)
                    } else {
                        None
                    },
                    response: self.response(page),
                    permissions: p.permissions.clone(),
                    examples: Vec::new(),
                    summary: p.title.clone(),
                    description: p.description.clone(),
                    page: p.path.clone(),
                    line: example.line,
                    also_documented_in: Vec::new(),
                };
                model.routeless.insert(p.path.clone(), route);
            }
            if let Some(route) = model.routeless.get_mut(&p.path) {
                let mut example = convert(&p.path, example);
                example.fit = Fit::NoRoute;
                route.examples.push(example);
                return;
            }
        }
        model
            .unrouted_examples
            .entry(p.path.clone())
            .or_default()
            .push(convert(&p.path, example));
    }

    /// The route an example is filed under. A request goes to the route its URL is an instance
    /// of: among the page's own routes first, then any route; the most literal match wins. A
    /// request that matches none is reported, and filed under the page's own route of its
    /// method when there is one. A response without a request goes to its page's only route.
    fn route_of(
        &mut self,
        model: &Model,
        index: &RouteIndex,
        page: usize,
        example: &parse::Example,
        own_routes: &[(String, Method)],
    ) -> Option<(String, Method, Fit)> {
        let Some(request) = example.request.as_ref() else {
            let mut distinct: Vec<&(String, Method)> = own_routes.iter().collect();
            distinct.dedup();
            return match distinct.as_slice() {
                [(t, m)] => Some((t.clone(), *m, Fit::ResponseOnly)),
                _ => None,
            };
        };
        if let Some(host) = super::foreign_host(&request.url, model.base_url.as_deref()) {
            let message = format!(
                "`{} {}` is addressed to `{host}`, not to the API: it is not a request to a documented route",
                request.method, request.url
            );
            self.sink.push(
                self.docs.at(page, request.line),
                Code::ExampleForeignHost,
                message,
            );
            return None;
        }
        let concrete = request.path.as_ref()?;
        let segments = path::segments(&concrete.path);
        let own = own_routes
            .iter()
            .filter(|(_, m)| *m == request.method)
            .filter_map(|(t, _)| {
                path::match_segments(&path::segments(t), &segments).map(|s| (s, t))
            })
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)))
            .map(|(_, t)| t.clone());
        if let Some(t) = own.or_else(|| index.best(request.method, &segments)) {
            return Some((t, request.method, Fit::Exact));
        }
        // The page's route of the same method that names the same thing last (`children`
        // for `/me/drive/root/children` and `/drives/{drive-id}/items/{item-id}/children`).
        let last = last_literal(&segments);
        let fallback = own_routes.iter().find(|(t, m)| {
            *m == request.method && last.is_some() && last_literal(&path::segments(t)) == last
        });
        let message = match fallback {
            Some((t, _)) => format!(
                "`{} {}` matches no documented route; filed under `{} {t}`, the page's route of that method",
                request.method, concrete.path, request.method
            ),
            None => format!(
                "`{} {}` matches no documented route",
                request.method, concrete.path
            ),
        };
        self.sink.push(
            self.docs.at(page, request.line),
            Code::ExampleNoRoute,
            message,
        );
        fallback.map(|(t, m)| (t.clone(), *m, Fit::UrlMismatch))
    }

    /// An example's status against the one the Response section documents. (Its bodies are
    /// checked against the types when it becomes a test case.)
    fn check_example(&mut self, page: usize, example: &parse::Example, route: &Route) {
        let Some(resp) = &example.response else {
            return;
        };
        if let (Some(documented), Some(actual)) =
            (route.response.as_ref().and_then(|r| r.status), resp.status)
        {
            if documented != actual && !resp.annotation.expect_error && actual < 300 {
                let message = format!(
                    "the example returns {actual} but the Response section documents {documented}"
                );
                self.sink.push(
                    self.docs.at(page, resp.line),
                    Code::ExampleStatusMismatch,
                    message,
                );
            }
        }
    }
}
