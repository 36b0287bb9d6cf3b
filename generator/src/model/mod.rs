//! Stage two: all pages' facts → one resolved model of types and routes. Only this stage looks
//! across pages: links are resolved to the types their pages declare, a resource page is
//! authoritative for its type, and what other pages say about it is merged or reported.

mod build;
pub mod filter;
mod infer;
mod resolve;
pub mod service;
pub(crate) mod spelling;
pub mod walk;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};

pub use build::build;
#[cfg(test)]
pub(crate) use build::pages;
pub use filter::PathFilter;

use crate::parse::Permissions;
use crate::vocab::{Body, Method, Primitive};

/// The resolved model. Maps are ordered, so the same docs always serialize to the same bytes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Model {
    pub namespaces: BTreeMap<String, Namespace>,
    /// The entity sets and singletons the routes start from.
    pub container: Container,
    /// Path template → method → route.
    pub routes: BTreeMap<String, BTreeMap<Method, Route>>,
    /// Operations of API pages whose HTTP request section yields no route, by page, with their
    /// examples: the examples still become test cases, known to fail on the missing route.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub routeless: BTreeMap<String, Route>,
    /// Examples that answer no documented route, by page.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub unrouted_examples: BTreeMap<String, Vec<Example>>,
    /// The base URL most example requests use (`https://graph.microsoft.com/v1.0`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// How many facts each kind of evidence gave, for the summary (not part of the model's
    /// document).
    #[serde(skip)]
    pub evidence: Evidence,
    /// Diagnostics of one code on one page past the first
    /// [`KEPT_PER_CODE_AND_PAGE`](crate::diag::KEPT_PER_CODE_AND_PAGE) that building the
    /// model found: counted, not kept (every count of diagnostics includes them).
    #[serde(skip)]
    pub diagnostics_left_out: crate::diag::LeftOut,
}

/// The name of the dialect's type for any JSON value: `Json` cells, "Untyped JSON object".
pub const JSON_TYPE: &str = "Json";

/// How many facts each kind of evidence on the pages gave the model. The corpus summary shows
/// them, so a change that loses one shows in review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// Base types a resource annotation's `baseType` states.
    pub base_type_annotation: usize,
    /// Base types a sentence under the title states, where the annotation states none
    /// ("Inherits from \[x\]", "A subclass of \[x\]", "Derived from \[x\]").
    pub base_type_prose: usize,
    /// Base types a `Derived types` table on the base type's page states.
    pub base_type_derived_table: usize,
    /// Navigation properties a request line implies (`GET /me/joinedTeams`).
    pub navigation_from_routes: usize,
    /// Examples the docs annotate `ignored`, read as examples all the same.
    pub ignored_examples: usize,
    /// Keys of an open type's JSON representation that its table does not list: sample
    /// dynamic members (`"String-value"`, a GUID, a list's column names), not properties.
    pub open_type_sample_keys: usize,
    /// Request body tables of operation pages ("x: batchRecordDecisions", "... action"): the
    /// operation's parameters, not properties of the type the body represents.
    pub operation_body_tables: usize,
    /// Table rows of instance annotations (`@odata.etag`), which are no properties.
    pub instance_annotation_rows: usize,
    /// Types made entities because a navigation property (a Relationships row) targets them.
    pub entities_from_navigation: usize,
    /// Types declared entities but only held as values of properties: complex.
    pub complex_from_use: usize,
    /// Properties typed "X or Y", typed as the nearest common base of X and Y.
    pub common_base_types: usize,
    /// Roots (singletons) typed by a type the pages document: named for the root
    /// (`reportRoot`), or whose Methods table lists the root's operations (`searchEntity`).
    pub roots_documented: usize,
    /// Roots no page types: their type is inferred from the request lines (`educationRoot`).
    pub roots_inferred: usize,
}

/// `/users/{id}` makes `users` an entity set, `/me` alone a singleton.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    /// Name → entity type.
    pub entity_sets: BTreeMap<String, String>,
    /// Name → entity type.
    pub singletons: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Namespace {
    pub types: BTreeMap<String, TypeDef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TypeKind {
    Entity,
    Complex,
    Enum,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeDef {
    pub kind: TypeKind,
    /// Qualified: `microsoft.graph.directoryObject`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_type: Option<String>,
    /// The key property, declared here (not inherited).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub r#abstract: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub open_type: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub has_stream: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub flags: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Own properties (inherited ones live on the base type), by wire name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, Property>,
    /// Enum members in documented order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<EnumMember>,
    /// The pages that define or add to the type; the first is authoritative.
    pub sources: Vec<String>,
    /// The line of its declaration on the first of its pages (its resource block, enum table
    /// or title); not serialized, so edits elsewhere on the page do not churn the output.
    #[serde(skip)]
    pub line: u32,
    /// No page documents it: the request lines imply it (a root's type), so its name is the
    /// generator's, not the docs'.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    /// The file names of the pages its page's Methods table links (`user-delta.md`): the
    /// operations documented on this type. Not serialized.
    #[serde(skip)]
    pub methods: Vec<String>,
}

impl TypeDef {
    /// An entity type no page documents, implied by the request line at `line` of `page`.
    pub(crate) fn inferred(page: String, line: u32) -> TypeDef {
        TypeDef {
            kind: TypeKind::Entity,
            base_type: None,
            key: None,
            r#abstract: false,
            open_type: false,
            has_stream: false,
            flags: false,
            description: None,
            properties: BTreeMap::new(),
            members: Vec::new(),
            sources: vec![page],
            line,
            inferred: true,
            methods: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Property {
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// The line of the row (or JSON block) in the first source page; not serialized.
    #[serde(skip)]
    pub line: u32,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub collection: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub navigation: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// Values an `Enumeration` cell lists for a property typed as a plain string.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Pages that state this property.
    pub sources: SourcePages,
}

/// The pages that state a property, in order, each once: a set kept as a sorted vector, since
/// most properties have one page and a vector of one costs a tenth of a set's first node.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SourcePages(Vec<String>);

impl SourcePages {
    /// The one page `page`.
    pub fn one(page: String) -> SourcePages {
        SourcePages(vec![page])
    }

    /// Adds `page` in its place; false when it is there already.
    pub fn insert(&mut self, page: String) -> bool {
        match self.0.binary_search(&page) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, page);
                true
            }
        }
    }

    pub fn contains(&self, page: &str) -> bool {
        self.0.binary_search_by(|p| p.as_str().cmp(page)).is_ok()
    }

    /// The first in order.
    pub fn first(&self) -> Option<&String> {
        self.0.first()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }
}

impl Extend<String> for SourcePages {
    fn extend<I: IntoIterator<Item = String>>(&mut self, pages: I) {
        for page in pages {
            self.insert(page);
        }
    }
}

impl FromIterator<String> for SourcePages {
    fn from_iter<I: IntoIterator<Item = String>>(pages: I) -> SourcePages {
        let mut all = SourcePages::default();
        all.extend(pages);
        all
    }
}

impl IntoIterator for SourcePages {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Property {
    /// A navigation property to `target` that no table describes, stated at `line` of `page`
    /// (or of no page).
    pub fn navigation(
        target: String,
        collection: bool,
        page: Option<String>,
        line: u32,
    ) -> Property {
        Property {
            ty: TypeRef::Named(target),
            line,
            collection,
            navigation: true,
            nullable: None,
            read_only: false,
            values: Vec::new(),
            description: String::new(),
            sources: page.into_iter().collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnumMember {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The line of its row on the type's page; not serialized, so edits elsewhere on the page
    /// do not churn the output.
    #[serde(skip)]
    pub line: u32,
}

/// A property's or parameter's type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    Primitive(Primitive),
    /// A qualified type name. It may be undefined (a dangling link), which was reported.
    Named(String),
    /// A type cell that is none of the dialect's forms, as written.
    Unknown(String),
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::Primitive(p) => p.fmt(f),
            TypeRef::Named(n) => f.write_str(n),
            TypeRef::Unknown(raw) => write!(f, "unknown({raw})"),
        }
    }
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<PathParameter>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub query_parameters: Vec<Parameter>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<Parameter>,
    /// Headers the success response carries.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub response_headers: Vec<Parameter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
    #[serde(skip_serializing_if = "Permissions::is_empty")]
    pub permissions: Permissions,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub page: String,
    /// The line of the route's request line on its page; not serialized, so edits elsewhere
    /// on the page do not churn the output.
    #[serde(skip)]
    pub line: u32,
    /// Other pages that document the same method and path.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_documented_in: Vec<String>,
}

impl Route {
    /// A route documented on `page` at `line`, before its examples are filed. The page's
    /// title and description are the operation's; its Permissions table is the route's.
    pub(crate) fn documented(page: &crate::parse::Page, line: u32) -> Route {
        Route {
            parameters: Vec::new(),
            query_parameters: Vec::new(),
            headers: Vec::new(),
            response_headers: Vec::new(),
            request_body: None,
            response: None,
            permissions: page.permissions.clone(),
            examples: Vec::new(),
            summary: page.title.clone(),
            description: page.description.clone(),
            page: page.path.clone(),
            line,
            also_documented_in: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PathParameter {
    pub name: String,
    /// How the page wrote it: `id | userPrincipalName`.
    pub documented: String,
    /// The type the parameters table gives it (function parameters), if any.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeRef>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub collection: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeRef>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub collection: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestBody {
    /// The body is a representation of this type ("supply a JSON representation of \[x\]").
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeRef>,
    /// Otherwise the body is an object of these parameters (an action's).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeRef>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub collection: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    pub name: String,
    /// The docs annotate the example `ignored` (kept out of their own checks); it is a case
    /// all the same.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ignored: bool,
    pub page: String,
    /// The line of the example on its page; not serialized, so edits elsewhere on the page do
    /// not churn the output.
    #[serde(skip)]
    pub line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<ExampleRequest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<ExampleResponse>,
    /// How the example relates to the route it is filed under.
    #[serde(skip_serializing_if = "Fit::is_exact")]
    pub fit: Fit,
}

/// How an example fits the route it is filed under.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Fit {
    /// The request's URL is an instance of the route.
    #[default]
    Exact,
    /// The request's URL matches no documented route; the example is filed under its page's
    /// route of the same method (the docs contradict themselves: `example-no-route`).
    UrlMismatch,
    /// A response with no request, filed under its page's only route.
    ResponseOnly,
    /// The page documents no route (`http-request-empty`).
    NoRoute,
}

impl Fit {
    pub fn is_exact(&self) -> bool {
        *self == Fit::Exact
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExampleRequest {
    pub method: Method,
    pub url: String,
    /// The URL's path, normalized (no host, version or query), when it is one.
    #[serde(skip)]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// The body's text and first line, to place a diagnostic at a value; not serialized.
    #[serde(skip)]
    pub body_source: Option<crate::vocab::BodySource>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExampleResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_collection: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_empty: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub expect_error: bool,
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    /// The line of the response block, where its diagnostics point; not serialized.
    #[serde(skip)]
    pub line: u32,
    /// The body's text and first line, to place a diagnostic at a value; not serialized.
    #[serde(skip)]
    pub body_source: Option<crate::vocab::BodySource>,
}

impl Model {
    /// A type by qualified name.
    pub fn get(&self, qualified: &str) -> Option<&TypeDef> {
        let (ns, name) = split_qualified(qualified)?;
        self.namespaces.get(ns)?.types.get(name)
    }

    pub fn get_mut(&mut self, qualified: &str) -> Option<&mut TypeDef> {
        let (ns, name) = split_qualified(qualified)?;
        self.namespaces.get_mut(ns)?.types.get_mut(name)
    }

    /// Whether a named type is the dialect's `Json` type ("data returned in JSON format"): a
    /// complex type of that name that declares nothing, whose values are any JSON (the
    /// workbook's `values` are arrays of arrays). The CSDL names it; code holds its values as
    /// they come.
    pub fn is_free_json(&self, qualified: &str) -> bool {
        short_name(qualified) == JSON_TYPE
            && self.get(qualified).is_some_and(|t| {
                t.kind == TypeKind::Complex && t.properties.is_empty() && t.base_type.is_none()
            })
    }

    /// A type and its bases, nearest first, by qualified name (see `ancestors`).
    pub fn ancestors<'m>(
        &'m self,
        qualified: &'m str,
    ) -> impl Iterator<Item = (&'m str, &'m TypeDef)> + 'm {
        let count = self.namespaces.values().map(|n| n.types.len()).sum();
        ancestors(qualified, count, move |name| self.get(name))
    }

    /// Every type with its qualified name, in order.
    pub fn types(&self) -> impl Iterator<Item = (String, &TypeDef)> {
        self.namespaces.iter().flat_map(|(ns, n)| {
            n.types
                .iter()
                .map(move |(name, t)| (format!("{ns}.{name}"), t))
        })
    }

    /// Every route, in order.
    pub fn all_routes(&self) -> impl Iterator<Item = (&str, Method, &Route)> {
        self.routes.iter().flat_map(|(path, by_method)| {
            by_method.iter().map(move |(m, r)| (path.as_str(), *m, r))
        })
    }
}

/// The base URL (`scheme://host/version`) most of these example URLs use; ties go to the first
/// in order.
pub fn base_url<'u>(urls: impl Iterator<Item = &'u str>) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for url in urls {
        let Some((scheme, rest)) = url.split_once("://") else {
            continue;
        };
        let mut parts = rest.splitn(3, '/');
        let (Some(host), Some(version)) = (parts.next(), parts.next()) else {
            continue;
        };
        let version = version.split(['?', '#']).next().unwrap_or_default();
        let valid = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        };
        if valid(host) && valid(version) && !version.contains(':') {
            *counts
                .entry(format!("{scheme}://{host}/{version}"))
                .or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(url, _)| url)
}

/// The host of an absolute URL when it is not the host of the API's base URL: a callback to
/// the app (`https://bot.contoso.com/api/calls`) or an upload URL is not a request to the API.
pub fn foreign_host<'u>(url: &'u str, base_url: Option<&str>) -> Option<&'u str> {
    let host_of = |u: &str| -> Option<(usize, usize)> {
        let start = u.find("://")? + 3;
        let end = u[start..]
            .find(['/', '?', '#'])
            .map_or(u.len(), |i| start + i);
        Some((start, end))
    };
    let (start, end) = host_of(url)?;
    let base = base_url?;
    let (bs, be) = host_of(base)?;
    let host = &url[start..end];
    (!host.eq_ignore_ascii_case(&base[bs..be])).then_some(host)
}

/// `microsoft.graph.callRecords.session` → (`microsoft.graph.callRecords`, `session`).
/// A page path's file name, lowercase: links resolve `../api/x.md` and `/graph/api/x` to
/// differing folders, never to differing file names.
pub(crate) fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase()
}

pub fn split_qualified(qualified: &str) -> Option<(&str, &str)> {
    qualified.rsplit_once('.')
}

/// The name of a qualified name without its namespace (`user` of `microsoft.graph.user`); a
/// name without one is its own short name.
pub fn short_name(qualified: &str) -> &str {
    split_qualified(qualified).map_or(qualified, |(_, name)| name)
}

/// The one walk up a base-type chain: a type and its bases, nearest first. `lookup` finds a
/// type by qualified name; the walk stops at a base it does not find, and after `limit` steps
/// (the number of types), so a cyclic chain cannot loop.
pub(crate) fn ancestors<'t>(
    qualified: &'t str,
    limit: usize,
    lookup: impl Fn(&str) -> Option<&'t TypeDef> + 't,
) -> impl Iterator<Item = (&'t str, &'t TypeDef)> + 't {
    let first = lookup(qualified).map(|t| (qualified, t));
    std::iter::successors(first, move |(_, t)| {
        let base = t.base_type.as_deref()?;
        Some((base, lookup(base)?))
    })
    .take(limit.max(1))
}
