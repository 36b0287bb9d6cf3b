//! Stage one: a markdown page → the facts it states ([`Page`]). Nothing here looks at other
//! pages; links stay unresolved until the model stage.

pub mod annotation;
pub mod front_matter;
pub mod http;
pub mod markdown;
mod page;
pub mod route;
pub mod section;
mod table;
pub mod typecell;

use serde::Serialize;

pub use annotation::Annotation;
pub use page::parse_file;
pub use route::{PathParam, PathTemplate};
pub use typecell::{TypeCell, TypeSpec};

use crate::diag::{Diagnostic, LeftOut};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PageKind {
    Api,
    Resource,
    Enum,
    Conceptual,
    Unknown,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub doc_type: Option<String>,
    pub ms_prod: Option<String>,
}

use crate::vocab::{Body, Method, ascii_lowercase_in};

/// `text` without `prefix`, compared ignoring ASCII case.
fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The `x` of OData's `Collection(x)`, in any case.
fn odata_collection(text: &str) -> Option<&str> {
    strip_prefix_ci(text, "collection(")?.strip_suffix(')')
}

/// `text` without `suffix`, compared ignoring ASCII case.
fn strip_suffix_ci<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let start = text.len().checked_sub(suffix.len())?;
    let tail = text.get(start..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..start])
}

/// A type cell as read: known form, or the raw text of one that is not.
pub type CellType = Result<TypeSpec, String>;

#[derive(Debug, Clone, PartialEq)]
pub struct PropertyRow {
    pub name: String,
    pub ty: CellType,
    pub description: String,
    pub nullable: Option<bool>,
    pub read_only: bool,
    pub line: u32,
    /// The column of the type cell.
    pub ty_col: u32,
}

/// A Properties or Relationships table.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyTable {
    /// The type the heading names (`## Command properties`), if it names one.
    pub owner: Option<String>,
    pub navigation: bool,
    pub line: u32,
    pub rows: Vec<PropertyRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumRow {
    pub name: String,
    pub value: Option<i64>,
    pub description: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumTable {
    pub name: String,
    /// The heading slug (`agegroup-values`), which `[x](#agegroup-values)` links point at.
    pub slug: String,
    pub flags: bool,
    pub line: u32,
    pub members: Vec<EnumRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ParameterKind {
    Path,
    Function,
    Query,
    Header,
    /// A header the response carries (a `Response headers` table).
    ResponseHeader,
    Body,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParameterRow {
    pub kind: ParameterKind,
    pub name: String,
    /// `None` for tables without a type column (headers).
    pub ty: Option<CellType>,
    pub description: String,
    pub required: Option<bool>,
    pub line: u32,
    /// The column of the type cell.
    pub ty_col: u32,
}

/// Scopes from the Permissions table, least privileged first as the docs list them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub delegated_work: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub delegated_personal: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub application: Vec<String>,
}

impl Permissions {
    pub fn is_empty(&self) -> bool {
        self.delegated_work.is_empty()
            && self.delegated_personal.is_empty()
            && self.application.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RouteLine {
    pub method: Method,
    pub template: PathTemplate,
    pub line: u32,
}

/// What the Response section says: "returns a `200 OK` response code and a [user](..) object".
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseDoc {
    pub status: Option<u16>,
    pub ty: Option<TypeSpec>,
    pub line: u32,
}

/// A `blockType: resource` block: the JSON representation of a type.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceBlock {
    pub annotation: Annotation,
    pub json: Option<serde_json::Map<String, serde_json::Value>>,
    pub line: u32,
    /// The JSON's text and first line, to place a diagnostic at a member; `None` when the JSON
    /// was not strict.
    pub source: Option<crate::vocab::BodySource>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestExample {
    pub method: Method,
    pub url: String,
    /// The URL's path as a template; `None` when the URL is not a path.
    pub path: Option<PathTemplate>,
    pub headers: Vec<(String, String)>,
    pub body: Option<Body>,
    pub elided: bool,
    pub line: u32,
    /// The body's text and first line, to place a diagnostic at a value in it.
    pub body_source: Option<crate::vocab::BodySource>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseExample {
    pub status: Option<u16>,
    pub headers: Vec<(String, String)>,
    pub body: Option<Body>,
    pub annotation: Annotation,
    /// Truncated by annotation or because the body elides parts with `...`.
    pub truncated: bool,
    pub line: u32,
    /// The body's text and first line, to place a diagnostic at a value in it.
    pub body_source: Option<crate::vocab::BodySource>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PageExample {
    pub name: String,
    /// The docs annotate it `ignored`: kept out of their own checks.
    pub ignored: bool,
    pub request: Option<RequestExample>,
    pub response: Option<ResponseExample>,
    pub line: u32,
}

/// How many table rows a page had, and what became of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowStats {
    /// Every body row of every table, counted before it is read.
    pub rows: usize,
    pub properties: usize,
    pub navigation_properties: usize,
    pub parameters: usize,
    pub enum_members: usize,
    pub permissions: usize,
    /// Rows of `Derived types` tables that name a type.
    pub derived_types: usize,
    pub separators: usize,
    pub diagnosed: usize,
    /// Rows of tables that describe no API shape: method lists, error codes, prose tables.
    pub other: usize,
}

impl RowStats {
    /// Rows that became something or were diagnosed; equal to `rows` when none was lost.
    pub fn accounted(&self) -> usize {
        self.properties
            + self.navigation_properties
            + self.parameters
            + self.enum_members
            + self.permissions
            + self.derived_types
            + self.separators
            + self.diagnosed
            + self.other
    }
}

impl std::ops::AddAssign for RowStats {
    fn add_assign(&mut self, o: RowStats) {
        self.rows += o.rows;
        self.properties += o.properties;
        self.navigation_properties += o.navigation_properties;
        self.parameters += o.parameters;
        self.enum_members += o.enum_members;
        self.permissions += o.permissions;
        self.derived_types += o.derived_types;
        self.separators += o.separators;
        self.diagnosed += o.diagnosed;
        self.other += o.other;
    }
}

/// Everything one page states.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Relative to the docs folder, with `/` separators.
    pub path: String,
    pub kind: PageKind,
    pub front_matter: FrontMatter,
    pub title: Option<String>,
    pub namespace: Option<String>,
    pub description: Option<String>,
    /// "Inherits from [directoryObject](directoryobject.md)."
    pub inherits_from: Option<(TypeSpec, u32)>,
    /// The types a `Derived types` table lists, each with its row's line.
    pub derived_types: Vec<(TypeSpec, u32)>,
    /// The pages a `Methods` table links from its first column, as links resolve
    /// (`search-query.md`, compared by file name): the operations the page's type documents.
    pub methods: Vec<String>,
    pub resources: Vec<ResourceBlock>,
    pub property_tables: Vec<PropertyTable>,
    pub enums: Vec<EnumTable>,
    pub parameters: Vec<ParameterRow>,
    pub permissions: Permissions,
    pub has_http_request_section: bool,
    pub routes: Vec<RouteLine>,
    /// "supply a JSON representation of the [device](../resources/device.md) object".
    pub request_body_type: Option<(TypeSpec, u32)>,
    pub response: Option<ResponseDoc>,
    pub examples: Vec<PageExample>,
    pub row_stats: RowStats,
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics of one code past the first
    /// [`KEPT_PER_CODE_AND_PAGE`](crate::diag::KEPT_PER_CODE_AND_PAGE): counted, not kept.
    pub diagnostics_left_out: LeftOut,
}

impl Page {
    /// Whether the page's Request body table lists an operation's parameters: the page names
    /// an operation ([`Page::names_operation`]) and has such a table. Whatever type the page
    /// says the body represents, the table's rows are no properties of it.
    pub fn operation_body_table(&self) -> bool {
        self.names_operation()
            && self
                .parameters
                .iter()
                .any(|p| p.kind == ParameterKind::Body)
    }

    /// Whether the page documents an operation rather than a type's own methods: its title
    /// says so (`# getManagedAppPolicies function`, `# assignLicense action`), or names the
    /// last segment of its request line after the type (`# workbook: createSession` for
    /// `POST /.../workbook/createSession`).
    pub fn names_operation(&self) -> bool {
        let Some(title) = self.title.as_deref() else {
            return false;
        };
        let lower = title.trim().to_ascii_lowercase();
        if lower.ends_with(" function") || lower.ends_with(" action") {
            return true;
        }
        let Some((_, name)) = title.rsplit_once(':') else {
            return false;
        };
        let name = name.trim();
        self.routes.iter().any(|r| {
            r.template
                .path
                .rsplit('/')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(name))
        })
    }
}
