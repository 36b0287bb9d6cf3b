//! Diagnostics: defects found in the docs. They never stop a run; each has a stable code, the
//! page and a 1-based line and column, and prints the way compilers do:
//! `api/user-get.md:12:1: warning[route-not-a-path]: ...`.

use std::cell::Cell;
use std::fmt;

use serde::Serialize;

/// Every defect the generator can report. The kebab-case name is the stable code users filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// The page could not be read as UTF-8; it was read lossily.
    PageEncoding,
    /// The page holds characters that XML 1.0 forbids (control characters, U+FFFE, U+FFFF);
    /// they were replaced with U+FFFD.
    PageCharacter,
    /// A file or link under the docs folder could not be read: a symlink loop, a dangling
    /// link, a link out of the folder, a file without read permission.
    DocsUnreadable,
    /// The page has no YAML front matter.
    FrontMatterMissing,
    /// The front matter is not valid YAML.
    FrontMatterYaml,
    /// The page has no `# Title` heading.
    TitleMissing,
    /// The page has no `Namespace:` line.
    NamespaceMissing,
    /// An `<!-- { ... } -->` annotation is not valid JSON but could be recovered.
    AnnotationSloppyJson,
    /// An annotation could not be read at all.
    AnnotationJson,
    /// An annotation with a blockType is not followed by the fenced block it annotates.
    AnnotationOrphan,
    /// An annotation has a blockType the dialect does not define.
    AnnotationBlockType,
    /// A fenced json/http block in an example or request section has no annotation.
    BlockUnannotated,
    /// A resource block's JSON representation could not be parsed.
    ResourceJson,
    /// A table sits in an API-shape section but its columns do not fit that section.
    TableColumns,
    /// A table row has no name in its first column.
    RowNameMissing,
    /// A type cell is not one of the dialect's type forms; its raw text is kept.
    TypeUnknown,
    /// A type cell links to a page that does not exist among the docs.
    LinkDangling,
    /// A type cell links to a page (or anchor) that declares no type.
    LinkNoType,
    /// A type name is used that no page defines.
    TypeUndefined,
    /// Two pages (or blocks) declare the same type.
    TypeDuplicate,
    /// A property is declared twice with different types.
    PropertyTypeConflict,
    /// A property is listed twice in one table.
    PropertyDuplicate,
    /// A property appears in the JSON representation but not in the table.
    PropertyNotInTable,
    /// A property appears in the table but not in the JSON representation.
    PropertyNotInJson,
    /// The same property is spelled with different letter case in two places.
    PropertyCaseMismatch,
    /// A request body table or example names a property the resource page does not have.
    PropertyNotInResource,
    /// A base type is named that no page defines, or the inheritance is cyclic.
    BaseTypeInvalid,
    /// An enum table has no members, or a member is listed twice.
    EnumMemberInvalid,
    /// The permissions table still holds a placeholder such as `**TODO: Determine scopes **`.
    PermissionPlaceholder,
    /// A permissions row names no known permission type.
    PermissionRow,
    /// An `HTTP request` section has no route line.
    HttpRequestEmpty,
    /// A line in an `HTTP request` block is not `METHOD /path`.
    RouteNotAPath,
    /// Route lines stand outside an `HTTP request` section (the heading is missing).
    RouteOutsideSection,
    /// A route line has no (or an unknown) HTTP method.
    RouteMethod,
    /// Two pages document the same method and path.
    RouteDuplicate,
    /// An example URL's host or version is malformed (`graph.microsoft.com/docs\api`).
    UrlHost,
    /// An example request's first line is not `METHOD URL`.
    ExampleRequestLine,
    /// An example response's status line is malformed.
    ExampleStatusLine,
    /// A status line's reason phrase does not match its code (`201 OK`).
    ExampleStatusReason,
    /// An example body is not valid JSON.
    ExampleJson,
    /// A response example answers no request on the page.
    ExampleUnpaired,
    /// An example request's URL matches none of the documented routes.
    ExampleNoRoute,
    /// An example request is addressed to another host than the API's (a callback to the
    /// app, an upload URL): it is not a request to the API.
    ExampleForeignHost,
    /// The example's status differs from the one the Response section documents.
    ExampleStatusMismatch,
    /// A JSON example does not match the schema of its operation.
    ExampleSchema,
    /// A type is referenced that no page defines; the generated documents use a placeholder.
    SchemaPlaceholder,
    /// A name that the output format cannot carry (a CSDL property named `@odata.x`).
    NameInvalid,
    /// Two names become one Rust identifier (`Status` and `status`); the second is renamed.
    NameCollision,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::PageEncoding => "page-encoding",
            Code::PageCharacter => "page-character",
            Code::DocsUnreadable => "docs-unreadable",
            Code::FrontMatterMissing => "front-matter-missing",
            Code::FrontMatterYaml => "front-matter-yaml",
            Code::TitleMissing => "title-missing",
            Code::NamespaceMissing => "namespace-missing",
            Code::AnnotationSloppyJson => "annotation-sloppy-json",
            Code::AnnotationJson => "annotation-json",
            Code::AnnotationOrphan => "annotation-orphan",
            Code::AnnotationBlockType => "annotation-block-type",
            Code::BlockUnannotated => "block-unannotated",
            Code::ResourceJson => "resource-json",
            Code::TableColumns => "table-columns",
            Code::RowNameMissing => "row-name-missing",
            Code::TypeUnknown => "type-unknown",
            Code::LinkDangling => "link-dangling",
            Code::LinkNoType => "link-no-type",
            Code::TypeUndefined => "type-undefined",
            Code::TypeDuplicate => "type-duplicate",
            Code::PropertyTypeConflict => "property-type-conflict",
            Code::PropertyDuplicate => "property-duplicate",
            Code::PropertyNotInTable => "property-not-in-table",
            Code::PropertyNotInJson => "property-not-in-json",
            Code::PropertyCaseMismatch => "property-case-mismatch",
            Code::PropertyNotInResource => "property-not-in-resource",
            Code::BaseTypeInvalid => "base-type-invalid",
            Code::EnumMemberInvalid => "enum-member-invalid",
            Code::PermissionPlaceholder => "permission-placeholder",
            Code::PermissionRow => "permission-row",
            Code::HttpRequestEmpty => "http-request-empty",
            Code::RouteNotAPath => "route-not-a-path",
            Code::RouteOutsideSection => "route-outside-section",
            Code::RouteMethod => "route-method",
            Code::RouteDuplicate => "route-duplicate",
            Code::UrlHost => "url-host",
            Code::ExampleRequestLine => "example-request-line",
            Code::ExampleStatusLine => "example-status-line",
            Code::ExampleStatusReason => "example-status-reason",
            Code::ExampleJson => "example-json",
            Code::ExampleUnpaired => "example-unpaired",
            Code::ExampleNoRoute => "example-no-route",
            Code::ExampleForeignHost => "example-foreign-host",
            Code::ExampleStatusMismatch => "example-status-mismatch",
            Code::ExampleSchema => "example-schema",
            Code::SchemaPlaceholder => "schema-placeholder",
            Code::NameInvalid => "name-invalid",
            Code::NameCollision => "name-collision",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in a page: path relative to the docs folder, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub path: String,
    pub line: u32,
    pub col: u32,
}

impl Location {
    /// The start of `line` (1-based; 0, "no line", becomes 1) on the page at `path`.
    pub fn at(path: impl Into<String>, line: u32) -> Location {
        Location {
            path: path.into(),
            line: line.max(1),
            col: 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Diagnostic {
    pub location: Location,
    pub code: Code,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Location { path, line, col } = &self.location;
        write!(
            f,
            "{path}:{line}:{col}: warning[{}]: {}",
            self.code, self.message
        )
    }
}

/// Collects diagnostics for one page.
#[derive(Debug, Default)]
pub struct Sink {
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink {
    pub fn push(&mut self, location: Location, code: Code, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            location,
            code,
            message: message.into(),
        });
    }

    /// A diagnostic at the start of a line of a page.
    pub fn at_line(&mut self, path: &str, line: u32, code: Code, message: impl Into<String>) {
        let location = Location {
            path: path.to_owned(),
            line,
            col: 1,
        };
        self.push(location, code, message);
    }
}

/// Maps byte offsets of one page to 1-based lines. A page's offsets are asked for in order, so
/// it counts the newlines between the last offset asked for and the next, instead of indexing
/// every line of the page up front; an earlier offset counts back.
#[derive(Debug)]
pub struct LineIndex<'t> {
    text: &'t [u8],
    /// The last offset asked for and its line.
    last: Cell<(usize, u32)>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        LineIndex {
            text: text.as_bytes(),
            last: Cell::new((0, 1)),
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        let (at, line) = self.last.get();
        let line = if offset >= at {
            line.saturating_add(newlines(&self.text[at..offset]))
        } else {
            line.saturating_sub(newlines(&self.text[offset..at]))
        };
        self.last.set((offset, line));
        line
    }
}

/// The number of newlines in a piece of a page.
pub fn newlines(text: &[u8]) -> u32 {
    u32::try_from(bytecount::count(text, b'\n')).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets() {
        let text = "ab\ncé\n\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(2), 1);
        assert_eq!(index.line(3), 2);
        // 'é' is two bytes: the newline after it is still on line 2.
        assert_eq!(index.line(6), 2);
        assert_eq!(index.line(7), 3);
        assert_eq!(index.line(8), 4);
        assert_eq!(index.line(100), 4);
        // Backwards too.
        assert_eq!(index.line(3), 2);
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(7), 3);
    }

    #[test]
    fn diagnostics_print_like_a_compiler() {
        let d = Diagnostic {
            location: Location {
                path: "api/x.md".into(),
                line: 3,
                col: 1,
            },
            code: Code::RouteNotAPath,
            message: "no path".into(),
        };
        assert_eq!(
            d.to_string(),
            "api/x.md:3:1: warning[route-not-a-path]: no path"
        );
    }
}
