//! Diagnostics: defects found in the docs. They never stop a run; each has a stable code, the
//! page and a 1-based line and column, and prints the way compilers do:
//! `api/user-get.md:12:1: warning[route-not-a-path]: ...`.

use std::cell::Cell;
use std::fmt;

use serde::Serialize;

/// Declares the codes once: each variant with its doc and its stable kebab-case name, from
/// which come the enum, [`Code::as_str`], [`Code::ALL`] and parsing.
macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        /// Every defect the generator can report. The kebab-case name is the stable code users
        /// filter on.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The stable name: `route-not-a-path`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// A small example of the defect and its fix, as `explain CODE` prints it: markdown
            /// whose `~~~markdown PATH` blocks are pages (`~~~markdown PATH fixed` the fix), each
            /// checked by a test to give the code, and its fix not to. From `explain/CODE.md`.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => include_str!(concat!("../explain/", $name, ".md")),)*
                }
            }

            /// What the code means: its doc comment, for SARIF rules and `--explain`-like help.
            pub fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc, "\n"),*),)*
                }
            }
        }
    };
}

codes! {
    /// The page could not be read as UTF-8; it was read lossily.
    PageEncoding = "page-encoding",
    /// The page holds characters that XML 1.0 forbids (control characters, U+FFFE, U+FFFF);
    /// they were replaced with U+FFFD.
    PageCharacter = "page-character",
    /// A file or link under the docs folder could not be read: a symlink loop, a dangling
    /// link, a link out of the folder, a file without read permission.
    DocsUnreadable = "docs-unreadable",
    /// The page has no YAML front matter.
    FrontMatterMissing = "front-matter-missing",
    /// The front matter is not valid YAML.
    FrontMatterYaml = "front-matter-yaml",
    /// The page has no `# Title` heading.
    TitleMissing = "title-missing",
    /// The page has more than one `# Title` heading (pages pasted together): each title and
    /// what follows it is read as a page of its own.
    TitleSeveral = "title-several",
    /// The page has no `Namespace:` line.
    NamespaceMissing = "namespace-missing",
    /// An `<!-- { ... } -->` annotation is not valid JSON but could be recovered.
    AnnotationSloppyJson = "annotation-sloppy-json",
    /// An annotation could not be read at all.
    AnnotationJson = "annotation-json",
    /// An annotation with a blockType is not followed by the fenced block it annotates.
    AnnotationOrphan = "annotation-orphan",
    /// An annotation has a blockType the dialect does not define.
    AnnotationBlockType = "annotation-block-type",
    /// A fenced json/http block in an example or request section has no annotation.
    BlockUnannotated = "block-unannotated",
    /// A resource block's JSON representation could not be parsed.
    ResourceJson = "resource-json",
    /// A table sits in an API-shape section but its columns do not fit that section.
    TableColumns = "table-columns",
    /// A table row has no name in its first column.
    RowNameMissing = "row-name-missing",
    /// A table row holds only the end of the row above it (a description broken across
    /// lines): its text is joined to that row's description.
    RowBroken = "row-broken",
    /// A type cell is not one of the dialect's type forms; its raw text is kept.
    TypeUnknown = "type-unknown",
    /// A type cell links to a page that does not exist among the docs.
    LinkDangling = "link-dangling",
    /// A type cell links to a page (or anchor) that declares no type.
    LinkNoType = "link-no-type",
    /// A link's text names a defined type other than the one its target page declares
    /// (`[invitationParticipantInfo](participantinfo.md)`); the text's type is used.
    LinkTypeMismatch = "link-type-mismatch",
    /// A type name is used that no page defines.
    TypeUndefined = "type-undefined",
    /// Two pages (or blocks) declare the same type.
    TypeDuplicate = "type-duplicate",
    /// A property is declared twice with different types.
    PropertyTypeConflict = "property-type-conflict",
    /// A property is listed twice in one table.
    PropertyDuplicate = "property-duplicate",
    /// A property appears in the JSON representation but not in the table.
    PropertyNotInTable = "property-not-in-table",
    /// A property appears in the table but not in the JSON representation.
    PropertyNotInJson = "property-not-in-json",
    /// The same property is spelled with different letter case in two places.
    PropertyCaseMismatch = "property-case-mismatch",
    /// A request body table or example names a property the resource page does not have.
    PropertyNotInResource = "property-not-in-resource",
    /// A base type is named that no page defines, or the inheritance is cyclic.
    BaseTypeInvalid = "base-type-invalid",
    /// The page's prose ("Inherits from \[x\]") and its annotation's `baseType` name different
    /// base types; the annotation's is used.
    BaseTypeConflict = "base-type-conflict",
    /// A type declared an entity (a `keyProperty`) that the docs only ever hold as a value of
    /// other types' properties: read as a complex type.
    KindConflict = "kind-conflict",
    /// A request line goes through a segment its root's type does not declare
    /// (`GET /me/joinedTeams`); it is added as a navigation property.
    PropertyImpliedByRoute = "property-implied-by-route",
    /// Request lines start at a root (`/education/classes`) whose type no page documents; a
    /// type is inferred for it from the lines.
    RootTypeInferred = "root-type-inferred",
    /// An enum table has no members, or a member is listed twice.
    EnumMemberInvalid = "enum-member-invalid",
    /// The permissions table still holds a placeholder such as `**TODO: Determine scopes **`.
    PermissionPlaceholder = "permission-placeholder",
    /// A permissions row names no known permission type.
    PermissionRow = "permission-row",
    /// An `HTTP request` section has no route line.
    HttpRequestEmpty = "http-request-empty",
    /// A line in an `HTTP request` block is not `METHOD /path`.
    RouteNotAPath = "route-not-a-path",
    /// Route lines stand outside an `HTTP request` section (the heading is missing).
    RouteOutsideSection = "route-outside-section",
    /// A request line in the HTTP request section sits inside an HTML comment: it is not read.
    RouteCommentedOut = "route-commented-out",
    /// A route line has no (or an unknown) HTTP method.
    RouteMethod = "route-method",
    /// Two pages document the same method and path.
    RouteDuplicate = "route-duplicate",
    /// A path segment differs from the entity set, singleton or navigation property it names
    /// only in letter case (`/directoryroles`); the documents use the declared spelling.
    RouteSegmentCase = "route-segment-case",
    /// A path differs from another documented path only in the names of its parameters
    /// (`{contactfolder-id}` beside `{contactFolder-id}`), which OpenAPI does not allow; the
    /// documents use the names most routes use.
    RouteParameterName = "route-parameter-name",
    /// An example URL's host or version is malformed (`graph.microsoft.com/docs\api`).
    UrlHost = "url-host",
    /// An example request's first line is not `METHOD URL`.
    ExampleRequestLine = "example-request-line",
    /// An example response's status line is malformed.
    ExampleStatusLine = "example-status-line",
    /// A status line's reason phrase does not match its code (`201 OK`).
    ExampleStatusReason = "example-status-reason",
    /// An example body is not valid JSON.
    ExampleJson = "example-json",
    /// A response example answers no request on the page.
    ExampleUnpaired = "example-unpaired",
    /// An example request's URL matches none of the documented routes.
    ExampleNoRoute = "example-no-route",
    /// An example request is addressed to another host than the API's (a callback to the
    /// app, an upload URL): it is not a request to the API.
    ExampleForeignHost = "example-foreign-host",
    /// The example's status differs from the one the Response section documents.
    ExampleStatusMismatch = "example-status-mismatch",
    /// A JSON example does not match the schema of its operation.
    ExampleSchema = "example-schema",
    /// A type is referenced that no page defines; the generated documents use a placeholder.
    SchemaPlaceholder = "schema-placeholder",
    /// A name that the output format cannot carry (a CSDL property named `@odata.x`).
    NameInvalid = "name-invalid",
    /// Two names become one Rust identifier (`Status` and `status`); the second is renamed.
    NameCollision = "name-collision",
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = String;

    /// A code by its stable name.
    fn from_str(name: &str) -> Result<Code, String> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == name)
            .ok_or_else(|| {
                let near = Code::nearest(name);
                let hint = match near.as_slice() {
                    [] => String::new(),
                    [one] => format!("; did you mean `{one}`?"),
                    more => {
                        let names: Vec<String> = more.iter().map(|c| format!("`{c}`")).collect();
                        format!("; did you mean one of {}?", names.join(", "))
                    }
                };
                format!("`{name}` is not a diagnostic code{hint} (`graphdoc-codegen explain` lists them)")
            })
    }
}

impl Code {
    /// The description as one paragraph: its lines joined, runs of spaces made one.
    pub fn paragraph(self) -> String {
        self.description()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The description's first sentence, as one line ending in a full stop.
    pub fn summary(self) -> String {
        let paragraph = self.paragraph();
        let first = paragraph.split(". ").next().unwrap_or_default();
        format!("{}.", first.trim_end_matches('.'))
    }

    /// The codes nearest to a name that is none (a typo, a shortened name), nearest first: at
    /// most three, each within a third of the name's length in edits, or holding the name.
    pub fn nearest(name: &str) -> Vec<Code> {
        let mut scored: Vec<(usize, Code)> = Code::ALL
            .iter()
            .filter_map(|&code| {
                let distance = strsim::levenshtein(name, code.as_str());
                let close = distance <= name.len().max(3) / 3;
                let holds = name.len() >= 4 && code.as_str().contains(name);
                (close || holds).then_some((distance, code))
            })
            .collect();
        scored.sort();
        scored.into_iter().take(3).map(|(_, code)| code).collect()
    }
}

/// Whether an example page of an explanation is shown without its front matter, `# Title` and
/// `Namespace:` line (the parts every page repeats): it has neither front matter nor a title.
pub fn leaves_out_its_header(page: &str) -> bool {
    !page.starts_with("---") && !page.lines().any(|l| l.starts_with("# "))
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

    /// The page place of a position inside a text that starts at `start` (line, column) on the
    /// page at `path`. `at` is the position as a reader of that text gives it: a 1-based line and
    /// a column counted from 1 (serde_json says 0 at the start of a line). On the text's first
    /// line, columns count from where the text starts.
    pub fn within(path: impl Into<String>, start: (u32, u32), at: (usize, usize)) -> Location {
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let (line, col) = at;
        let col = to_u32(col.max(1));
        Location {
            path: path.into(),
            line: start
                .0
                .max(1)
                .saturating_add(to_u32(line.saturating_sub(1))),
            col: if line <= 1 {
                start.1.max(1).saturating_add(col - 1)
            } else {
                col
            },
        }
    }

    /// The page place `offset` bytes into `text`, a text that starts at `start` on the page.
    pub fn after(
        path: impl Into<String>,
        start: (u32, u32),
        text: &str,
        offset: usize,
    ) -> Location {
        let before = text.get(..offset).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = 1 + bytecount::count(before.as_bytes(), b'\n');
        let col = before[line_start..].chars().count() + 1;
        Location::within(path, start, (line, col))
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

/// How many diagnostics of one code on one page are shown before the rest are summed up as
/// one, as compilers stop repeating an error (a representation of a million members the table
/// lacks is a million of one diagnostic).
pub const SHOWN_PER_CODE_AND_PAGE: usize = 100;

/// How many diagnostics of one code on one page a [`Sink`] keeps: the ones [`cap`] shows and
/// the first it leaves out, where its "and N more like this" goes.
pub const KEPT_PER_CODE_AND_PAGE: usize = SHOWN_PER_CODE_AND_PAGE + 1;

/// Diagnostics a [`Sink`] counted but did not keep, by page and code: a page with a million of
/// one defect does not hold a million messages. Every count of diagnostics includes them.
pub type LeftOut = std::collections::BTreeMap<(String, Code), usize>;

/// Keeps the first `limit` diagnostics of each code on each page, in order, and sums up the
/// rest of each as one, at the first one left out (at the last one kept when a sink left them
/// all out): "and 999,900 more like this". `left_out` are those a sink counted and did not
/// keep. The summary counts them all before this runs. Returns how many were left out.
pub fn cap(diagnostics: &mut Vec<Diagnostic>, limit: usize, left_out: &LeftOut) -> usize {
    let mut counts: std::collections::HashMap<(&str, Code), usize> =
        std::collections::HashMap::new();
    for d in diagnostics.iter() {
        *counts
            .entry((d.location.path.as_str(), d.code))
            .or_default() += 1;
    }
    for ((path, code), n) in left_out {
        *counts.entry((path.as_str(), *code)).or_default() += n;
    }
    let over: std::collections::HashMap<(String, Code), usize> = counts
        .into_iter()
        .filter(|(_, n)| *n > limit)
        .map(|((path, code), n)| ((path.to_owned(), code), n - limit))
        .collect();
    if over.is_empty() {
        return 0;
    }
    let note = |location: &Location, code: Code, rest: usize| Diagnostic {
        location: location.clone(),
        code,
        message: format!(
            "and {} more like this on this page (the first {limit} are shown; the summary counts them all)",
            thousands(rest)
        ),
    };
    // Per page and code: how many were met, and the last one kept.
    let mut seen: std::collections::HashMap<(String, Code), (usize, Location)> =
        std::collections::HashMap::new();
    let mut notes = Vec::new();
    diagnostics.retain(|d| {
        let key = (d.location.path.clone(), d.code);
        let Some(&rest) = over.get(&key) else {
            return true;
        };
        let (n, last) = seen.entry(key).or_insert_with(|| (0, d.location.clone()));
        *n += 1;
        if *n == limit + 1 {
            notes.push(note(&d.location, d.code, rest));
        } else if *n <= limit {
            *last = d.location.clone();
        }
        *n <= limit
    });
    for ((path, code), (n, last)) in seen {
        if n <= limit {
            notes.push(note(
                &last,
                code,
                over.get(&(path, code)).copied().unwrap_or(0),
            ));
        }
    }
    diagnostics.extend(notes);
    diagnostics.sort();
    over.values().sum()
}

/// `999998` → `999,998`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Collects diagnostics for one page.
#[derive(Debug, Default)]
pub struct Sink {
    pub diagnostics: Vec<Diagnostic>,
    /// How many of each code each page has pushed, kept or not: those past
    /// [`KEPT_PER_CODE_AND_PAGE`] are counted here alone.
    pushed: std::collections::HashMap<String, std::collections::HashMap<Code, usize>>,
    /// What sinks appended to this one counted and did not keep.
    appended: LeftOut,
}

impl Sink {
    pub fn push(&mut self, location: Location, code: Code, message: impl Into<String>) {
        if self.keeps(&location.path, code) {
            self.diagnostics.push(Diagnostic {
                location,
                code,
                message: message.into(),
            });
        }
    }

    /// Pushes the diagnostic of `code` on the page `path` that `make` gives (its line, column
    /// and message), calling `make` only when the diagnostic is kept: for one whose place or
    /// message costs work (a member of a large body), past the limit only counted.
    pub fn push_with(&mut self, path: &str, code: Code, make: impl FnOnce() -> (u32, u32, String)) {
        if self.keeps(path, code) {
            let (line, col, message) = make();
            self.diagnostics.push(Diagnostic {
                location: Location {
                    path: path.to_owned(),
                    line,
                    col,
                },
                code,
                message,
            });
        }
    }

    /// Counts a diagnostic of `code` on the page `path`: whether it is among the first
    /// [`KEPT_PER_CODE_AND_PAGE`] (one lookup, and no allocation past them).
    fn keeps(&mut self, path: &str, code: Code) -> bool {
        let pushed = if let Some(codes) = self.pushed.get_mut(path) {
            let n = codes.entry(code).or_default();
            *n += 1;
            *n
        } else {
            let codes = std::collections::HashMap::from([(code, 1)]);
            self.pushed.insert(path.to_owned(), codes);
            1
        };
        pushed <= KEPT_PER_CODE_AND_PAGE
    }

    /// The diagnostics of each code on each page that were counted and not kept: those past
    /// the limit, and what appended sinks left out.
    pub fn left_out(&self) -> LeftOut {
        let mut left_out = self.appended.clone();
        for (path, codes) in &self.pushed {
            for (&code, &n) in codes {
                if n > KEPT_PER_CODE_AND_PAGE {
                    *left_out.entry((path.clone(), code)).or_default() +=
                        n - KEPT_PER_CODE_AND_PAGE;
                }
            }
        }
        left_out
    }

    /// Takes what `other` found.
    pub fn append(&mut self, other: &mut Sink) {
        self.diagnostics.append(&mut other.diagnostics);
        for (key, n) in other.left_out() {
            *self.appended.entry(key).or_default() += n;
        }
        other.pushed.clear();
        other.appended.clear();
    }

    /// A diagnostic at the start of a line of a page.
    pub fn at_line(&mut self, path: &str, line: u32, code: Code, message: impl Into<String>) {
        self.push(Location::at(path, line), code, message);
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
mod explained;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_within_a_text() {
        // A text starting at line 10, column 5: its first line shifts by the column.
        assert_eq!(
            Location::within("p", (10, 5), (1, 3)),
            Location {
                path: "p".into(),
                line: 10,
                col: 7
            }
        );
        assert_eq!(
            Location::within("p", (10, 5), (3, 2)),
            Location {
                path: "p".into(),
                line: 12,
                col: 2
            }
        );
        // serde_json's column 0 is the start of the line.
        assert_eq!(Location::within("p", (10, 5), (2, 0)).col, 1);
        let text = "ab\ncé|x";
        let at = Location::after("p", (4, 3), text, text.find('|').unwrap());
        assert_eq!((at.line, at.col), (5, 3));
        assert_eq!(Location::after("p", (4, 3), text, 1).col, 4);
    }

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
    fn each_code_has_one_kebab_case_name() {
        use heck::ToKebabCase;
        let mut names = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert_eq!(name, format!("{code:?}").to_kebab_case(), "{code:?}");
            assert!(names.insert(name), "{name} twice");
            assert_eq!(name.parse::<Code>(), Ok(*code));
            assert_eq!(
                serde_json::to_string(code).expect("serializes"),
                format!("\"{name}\"")
            );
        }
        assert!("no-such-code".parse::<Code>().is_err());
        let typo = "link-dangle".parse::<Code>().expect_err("not a code");
        assert!(typo.contains("did you mean `link-dangling`?"), "{typo}");
        assert_eq!(Code::nearest("route-segment"), [Code::RouteSegmentCase]);
        assert_eq!(
            Code::FrontMatterMissing.summary(),
            "The page has no YAML front matter."
        );
        assert!(Code::ALL.iter().all(|c| !c.summary().contains('\n')));
    }

    #[test]
    fn diagnostics_print_like_a_compiler() {
        let d = Diagnostic {
            location: Location::at("api/x.md", 3),
            code: Code::RouteNotAPath,
            message: "no path".into(),
        };
        assert_eq!(
            d.to_string(),
            "api/x.md:3:1: warning[route-not-a-path]: no path"
        );
    }

    #[test]
    fn repeated_diagnostics_of_a_code_on_a_page_are_summed_up_past_the_limit() {
        let at = |path: &str, line: u32, code: Code| Diagnostic {
            location: Location::at(path, line),
            code,
            message: format!("line {line}"),
        };
        let mut found: Vec<Diagnostic> = (1..=1_005)
            .map(|line| at("a.md", line, Code::PropertyNotInTable))
            .chain((1..=3).map(|line| at("a.md", line, Code::LinkDangling)))
            .chain((1..=7).map(|line| at("b.md", line, Code::PropertyNotInTable)))
            .collect();
        found.sort();
        assert_eq!(cap(&mut found, 5, &LeftOut::new()), 1_000 + 2);
        let on_a: Vec<&Diagnostic> = found
            .iter()
            .filter(|d| d.location.path == "a.md" && d.code == Code::PropertyNotInTable)
            .collect();
        // The first five as they were, then one that sums up the rest at the first left out.
        assert_eq!(on_a.len(), 6);
        assert_eq!(on_a[4].message, "line 5");
        assert_eq!(on_a[5].location.line, 6);
        assert!(
            on_a[5].message.starts_with("and 1,000 more like this"),
            "{}",
            on_a[5].message
        );
        // Other codes and pages under the limit are untouched; b.md has its own five.
        assert_eq!(
            found
                .iter()
                .filter(|d| d.code == Code::LinkDangling)
                .count(),
            3
        );
        assert_eq!(
            found.iter().filter(|d| d.location.path == "b.md").count(),
            6
        );
        assert!(found.is_sorted());
        assert_eq!(thousands(999_998), "999,998");
        assert_eq!(thousands(12), "12");
    }

    #[test]
    fn a_sink_keeps_what_is_shown_and_counts_the_rest() {
        let mut sink = Sink::default();
        for line in 1..=1_000 {
            sink.at_line(
                "a.md",
                line,
                Code::PropertyNotInTable,
                format!("line {line}"),
            );
        }
        sink.at_line("a.md", 1, Code::LinkDangling, "other code");
        let mut other = Sink::default();
        for line in 1..=KEPT_PER_CODE_AND_PAGE as u32 + 2 {
            other.at_line("b.md", line, Code::PropertyNotInTable, "b");
        }
        sink.append(&mut other);
        assert_eq!(sink.diagnostics.len(), 2 * KEPT_PER_CODE_AND_PAGE + 1);
        let left_out = sink.left_out();
        let past = |path: &str| left_out[&(path.to_owned(), Code::PropertyNotInTable)];
        assert_eq!(
            (past("a.md"), past("b.md")),
            (1_000 - KEPT_PER_CODE_AND_PAGE, 2)
        );
        // The cap counts them: one note with the whole rest, at the first one not shown.
        let mut shown = std::mem::take(&mut sink.diagnostics);
        shown.sort();
        let limit = SHOWN_PER_CODE_AND_PAGE;
        let left = cap(&mut shown, limit, &left_out);
        assert_eq!(left, (1_000 - limit) + 2 + 1);
        let note = (shown.iter())
            .find(|d| d.location.path == "a.md" && d.message.starts_with("and "))
            .expect("a note");
        assert_eq!(note.location.line, limit as u32 + 1);
        assert!(
            note.message.starts_with("and 900 more like this"),
            "{}",
            note.message
        );
        // A sink that left them all out (only the shown were kept): the note at the last one.
        let mut kept: Vec<Diagnostic> = (1..=3)
            .map(|line| Diagnostic {
                location: Location::at("c.md", line),
                code: Code::PropertyNotInTable,
                message: String::new(),
            })
            .collect();
        let left_out = LeftOut::from([(("c.md".to_owned(), Code::PropertyNotInTable), 5)]);
        assert_eq!(cap(&mut kept, 3, &left_out), 5);
        assert_eq!(kept.len(), 4);
        assert_eq!(kept[3].location.line, 3);
        assert!(
            kept[3].message.starts_with("and 5 more"),
            "{}",
            kept[3].message
        );
    }
}
