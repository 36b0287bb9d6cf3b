//! The page interpreter: walks the blocks of one page with their sections and fills a [`Page`].

use super::annotation::{self, Annotation, BlockType, Parsed};
use super::front_matter;
use super::markdown::{self, Block, BlockKind, Document, Inline};
use super::section::{self, Role};
use super::table::{self, Ctx};
use super::{FrontMatter, Page, PageKind, ParameterKind, RowStats, TypeSpec, typecell};
use crate::diag::{Code, LeftOut, Location, Sink};

mod examples;
mod prose;

use prose::{INHERITANCE_PHRASES, link_after, response_doc};

/// Parses one page. Never fails: whatever cannot be read is a diagnostic on the page.
pub fn parse_file(path: &str, text: &str) -> Vec<Page> {
    let text = table_tabs(text);
    let doc = markdown::parse(&text);
    // Every page of the docs has one title; a file with several holds pages pasted together,
    // and each is read with only its own sections, as the pages would be on their own.
    // Parts are read side by side, and each is dropped once read.
    use rayon::prelude::*;
    let mut parts = doc.split(|h| h.level == 1);
    if parts.len() == 1 {
        return parts
            .pop()
            .map(|doc| interpret(path, &doc, true))
            .into_iter()
            .collect();
    }
    parts
        .into_par_iter()
        .enumerate()
        .map(|(n, part)| interpret(path, &part, n == 0))
        .collect()
}

/// The page `doc` holds: the file's first (with its front matter), or one of the pages
/// pasted after it.
fn interpret(path: &str, doc: &markdown::Document, first: bool) -> Page {
    let mut p = Interpreter {
        path,
        doc,
        sink: Sink::default(),
        page: Page {
            path: path.to_owned(),
            kind: PageKind::Unknown,
            front_matter: FrontMatter::default(),
            title: None,
            namespace: None,
            description: None,
            inherits_from: None,
            derived_types: Vec::new(),
            methods: Vec::new(),
            resources: Vec::new(),
            property_tables: Vec::new(),
            enums: Vec::new(),
            parameters: Vec::new(),
            permissions: Default::default(),
            has_http_request_section: false,
            routes: Vec::new(),
            request_body_type: None,
            response: None,
            examples: Vec::new(),
            row_stats: RowStats::default(),
            diagnostics: Vec::new(),
            diagnostics_left_out: LeftOut::new(),
        },
        pending: None,
        requests: Vec::new(),
        last_response_without_body: None,
        roles: Vec::new(),
    };
    if first {
        p.front_matter();
    } else if let Some(title) = doc.headings.iter().find(|h| h.level == 1) {
        p.report(
            title.line,
            Code::TitleSeveral,
            "a second `# Title` on the page: what follows is read as a page of its own",
        );
    }
    p.headings();
    for block in &doc.blocks {
        p.block(block);
    }
    p.finish_pending();
    p.check_http_request_section();
    if p.page.namespace.is_none()
        && matches!(
            p.page.kind,
            PageKind::Api | PageKind::Resource | PageKind::Enum
        )
    {
        let line = doc
            .headings
            .iter()
            .find(|h| h.level == 1)
            .map_or(1, |h| h.line);
        p.report(
            line,
            Code::NamespaceMissing,
            "the page has no `Namespace:` line; the docs' default namespace is assumed",
        );
    }
    let mut page = p.page;
    page.diagnostics_left_out = p.sink.left_out();
    page.diagnostics = p.sink.diagnostics;
    page
}

struct Interpreter<'a> {
    path: &'a str,
    doc: &'a Document<'a>,
    sink: Sink,
    page: Page,
    /// An annotation waiting for its fenced block.
    pending: Option<(Annotation, u32, Option<usize>)>,
    /// Requests seen so far, as indexes into `page.examples`, for pairing responses.
    requests: Vec<usize>,
    /// A response example whose body may follow in a separate json block.
    last_response_without_body: Option<usize>,
    /// The role of each heading, by index, classified once.
    roles: Vec<Option<Role>>,
}

impl<'a> Interpreter<'a> {
    fn report(&mut self, line: u32, code: Code, message: impl Into<String>) {
        self.sink.at_line(self.path, line, code, message);
    }

    fn front_matter(&mut self) {
        let Some((yaml, line)) = &self.doc.front_matter else {
            self.report(
                1,
                Code::FrontMatterMissing,
                "the page has no YAML front matter",
            );
            return;
        };
        match front_matter::read(yaml) {
            front_matter::Read::Valid(fm) => self.page.front_matter = fm,
            front_matter::Read::Invalid {
                fallback,
                line: at,
                message,
            } => {
                let at = at.map_or(*line, |l| {
                    line + u32::try_from(l).unwrap_or(0).saturating_sub(1)
                });
                self.report(
                    at,
                    Code::FrontMatterYaml,
                    format!("the front matter is not valid YAML: {message}"),
                );
                self.page.front_matter = fallback;
            }
        }
    }

    fn headings(&mut self) {
        let title = self.doc.headings.iter().find(|h| h.level == 1);
        self.page.title = title.map(|h| h.text.to_string());
        if title.is_none() {
            self.report(1, Code::TitleMissing, "the page has no `# Title` heading");
        }
        let doc_type = self
            .page
            .front_matter
            .doc_type
            .as_deref()
            .unwrap_or_default();
        let doc_type = doc_type
            .trim_matches(|c: char| c == '_' || c.is_whitespace())
            .to_ascii_lowercase();
        let title_lower = self
            .page
            .title
            .as_deref()
            .unwrap_or_default()
            .to_ascii_lowercase();
        // Classified as if on an API page first: only an enum page's H1 reads differently.
        let roles: Vec<Option<Role>> = self
            .doc
            .headings
            .iter()
            .map(|h| section::role(&h.text, h.level, PageKind::Api))
            .collect();
        self.page.has_http_request_section = roles.contains(&Some(Role::HttpRequest));
        self.page.kind = match doc_type.as_str() {
            "apipagetype" => PageKind::Api,
            "resourcepagetype" => PageKind::Resource,
            "enumpagetype" => PageKind::Enum,
            "conceptualpagetype" => PageKind::Conceptual,
            _ if title_lower.ends_with("enum type") => PageKind::Enum,
            _ if title_lower.ends_with("resource type")
                || title_lower.ends_with("complex type") =>
            {
                PageKind::Resource
            }
            _ if self.page.has_http_request_section => PageKind::Api,
            _ => PageKind::Unknown,
        };
        let kind = self.page.kind;
        self.roles = if kind == PageKind::Enum {
            self.doc
                .headings
                .iter()
                .map(|h| section::role(&h.text, h.level, kind))
                .collect()
        } else {
            roles
        };
    }

    /// The role of the section a block sits in: its nearest heading with a role.
    /// The headings from `heading` up to the H1, nearest first, by index.
    fn chain(&self, heading: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(heading, |&i| {
            self.doc.headings.get(i).and_then(|h| h.parent)
        })
    }

    fn role_of(&self, heading: Option<usize>) -> Option<Role> {
        self.chain(heading)
            .find_map(|i| self.roles.get(i).cloned().flatten())
    }

    fn in_role(&self, heading: Option<usize>, wanted: &Role) -> bool {
        self.chain(heading).any(|i| {
            self.roles
                .get(i)
                .is_some_and(|r| r.as_ref() == Some(wanted))
        })
    }

    fn block(&mut self, block: &'a Block) {
        if !matches!(
            block.kind,
            BlockKind::Code { .. } | BlockKind::Comment { .. }
        ) {
            self.finish_pending();
        }
        match &block.kind {
            BlockKind::Comment { text, col } => self.comment(text, *col, block),
            BlockKind::Paragraph { inline, in_quote } => self.paragraph(inline, *in_quote, block),
            BlockKind::Table { header, rows } => self.table(header, rows, block),
            BlockKind::Code { lang, text } => {
                let annotation = match self.pending.take() {
                    Some((a, _, heading)) if heading == block.heading => Some(a),
                    Some((a, line, _)) => {
                        self.orphan(&a, line);
                        None
                    }
                    None => None,
                };
                self.code(lang, text, annotation, block);
            }
        }
    }

    fn orphan(&mut self, a: &Annotation, line: u32) {
        if a.block_type.is_some_and(|b| b != BlockType::Page) {
            self.report(
                line,
                Code::AnnotationOrphan,
                "the annotation is not followed by the fenced block it annotates",
            );
        }
    }

    fn finish_pending(&mut self) {
        if let Some((a, line, _)) = self.pending.take() {
            self.orphan(&a, line);
        }
    }

    fn comment(&mut self, body: &str, col: u32, block: &Block) {
        let at = |error: &annotation::JsonError| {
            Location::within(self.path, (block.line, col), error.at)
        };
        let annotation = match annotation::parse(body) {
            Parsed::NotAnnotation => {
                if self.in_role(block.heading, &Role::HttpRequest) {
                    self.commented_route_lines(body, block.line);
                }
                return;
            }
            Parsed::Strict(a) => a,
            Parsed::Recovered(a, error) => {
                self.sink.push(
                    at(&error),
                    Code::AnnotationSloppyJson,
                    format!(
                        "the annotation is not valid JSON ({}); read it leniently",
                        error.message
                    ),
                );
                a
            }
            Parsed::Failed(error) => {
                self.sink.push(
                    at(&error),
                    Code::AnnotationJson,
                    format!("the annotation cannot be read: {}", error.message),
                );
                return;
            }
        };
        if let Some(unknown) = &annotation.unknown_block_type {
            self.report(
                block.line,
                Code::AnnotationBlockType,
                format!("`{unknown}` is not a blockType of the dialect"),
            );
        }
        if annotation.block_type == Some(BlockType::Page) {
            return;
        }
        self.finish_pending();
        self.pending = Some((annotation, block.line, block.heading));
    }

    fn paragraph(&mut self, inline: &Inline, in_quote: bool, block: &Block) {
        let text = inline.text.as_ref();
        if let Some(rest) = text.strip_prefix("Namespace:") {
            if self.page.namespace.is_none() {
                let ns = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .trim_matches(['`', '*', '.']);
                if !ns.is_empty() {
                    self.page.namespace = Some(ns.to_owned());
                }
            }
            return;
        }
        let under_title = block
            .heading
            .and_then(|h| self.doc.headings.get(h))
            .is_some_and(|h| h.level == 1);
        if under_title
            && !in_quote
            && self.page.description.is_none()
            && !text.starts_with("[!")
            && !text.starts_with('>')
        {
            self.page.description = Some(text.to_owned());
        }
        // Lowercased only for the few paragraphs that are read for a phrase: this runs on
        // every paragraph of every page.
        let lower = || text.to_ascii_lowercase();
        if self.page.inherits_from.is_none() && under_title && !inline.links.is_empty() {
            let lower = lower();
            // "Inherits from [x]", "Inherits from base class [x]", "A subclass of [x]",
            // "Derived from [x]", "derives from [x]": the link right after the phrase.
            let found = INHERITANCE_PHRASES.iter().find_map(|phrase| {
                let at = lower.find(phrase)? + phrase.len();
                let ty = link_after(inline, &lower, phrase, self.path)?;
                let near = match &ty.cell {
                    super::TypeCell::Link { text, .. } => lower
                        .get(at..)
                        .and_then(|rest| rest.find(&text.to_ascii_lowercase()))
                        .is_some_and(|gap| gap <= 24),
                    _ => false,
                };
                near.then_some(ty)
            });
            if let Some(ty) = found {
                self.page.inherits_from = Some((ty, block.line));
            }
        }
        match self.role_of(block.heading) {
            Some(Role::Response)
                if !self.in_role(block.heading, &Role::Examples)
                    && self.page.response.is_none() =>
            {
                if let Some(doc) = response_doc(inline, &lower(), block.line, self.path) {
                    self.page.response = Some(doc);
                }
            }
            Some(Role::RequestBody)
                if self.page.request_body_type.is_none() && !inline.links.is_empty() =>
            {
                if let Some(ty) = link_after(inline, &lower(), "json representation", self.path) {
                    self.page.request_body_type = Some((ty, block.line));
                }
            }
            _ => {}
        }
    }

    /// A Methods table: the pages its rows link first, the operations this type documents.
    fn methods_table(&mut self, rows: &[markdown::TableRow]) {
        for row in rows {
            let links = row.cells.first().into_iter().flat_map(|c| &c.links);
            for link in links {
                if let (Some(target), _) = typecell::resolve_link(&link.dest, self.path) {
                    if !self.page.methods.contains(&target) {
                        self.page.methods.push(target);
                    }
                }
            }
        }
    }

    fn table(&mut self, header: &[Inline], rows: &[markdown::TableRow], block: &Block) {
        self.page.row_stats.rows += rows.len();
        let nearest = block
            .heading
            .and_then(|h| self.roles.get(h).cloned().flatten());
        let role = match nearest {
            Some(role) => Some(role),
            // Under a sub-heading of no role ("### Group visibility options" inside Properties),
            // the section's role holds only for tables shaped like its own.
            None => self
                .role_of(block.heading)
                .filter(|r| table::fits(r, header)),
        };
        if role == Some(Role::Methods) {
            self.methods_table(rows);
        }
        let mut ctx = Ctx {
            path: self.path,
            sink: &mut self.sink,
            stats: &mut self.page.row_stats,
        };
        if role == Some(Role::DerivedTypes) {
            for row in rows {
                // The first cell's link that names a type.
                let link = row.cells.first().and_then(|cell| {
                    cell.links
                        .iter()
                        .find(|l| typecell::is_type_name(l.text.trim_matches(['`', '*'])))
                });
                match link {
                    Some(link) => {
                        let (target, anchor) = typecell::resolve_link(&link.dest, self.path);
                        let spec = TypeSpec {
                            cell: super::TypeCell::Link {
                                text: link.text.trim_matches(['`', '*']).to_owned(),
                                target,
                                anchor,
                            },
                            collection: false,
                        };
                        self.page.derived_types.push((spec, row.line));
                        ctx.stats.derived_types += 1;
                    }
                    None => {
                        let text = row.cells.first().map_or("", |c| c.text.as_ref());
                        ctx.report_cell(
                            row.line,
                            row.cells.first(),
                            Code::TypeUnknown,
                            format!(
                                "`{}` in a Derived types table links no type; the row is left out",
                                text.trim()
                            ),
                        );
                        ctx.stats.diagnosed += 1;
                    }
                }
            }
            return;
        }
        let Some(role) = role.filter(table::is_shape_role) else {
            ctx.stats.other += rows.len();
            return;
        };
        let line = block.line;
        match role {
            Role::Properties { owner } => {
                if let Some(t) = table::properties(&mut ctx, header, rows, line, owner, false) {
                    self.page.property_tables.push(t);
                }
            }
            Role::Relationships => {
                if let Some(t) = table::properties(&mut ctx, header, rows, line, None, true) {
                    self.page.property_tables.push(t);
                }
            }
            Role::RequestBody => self.params(ParameterKind::Body, header, rows, line),
            Role::PathParameters => self.params(ParameterKind::Path, header, rows, line),
            Role::FunctionParameters => self.params(ParameterKind::Function, header, rows, line),
            Role::QueryParameters => self.params(ParameterKind::Query, header, rows, line),
            Role::RequestHeaders => self.params(ParameterKind::Header, header, rows, line),
            Role::ResponseHeaders => self.params(ParameterKind::ResponseHeader, header, rows, line),
            Role::Permissions => {
                table::permissions(&mut ctx, header, rows, line, &mut self.page.permissions)
            }
            Role::Enum { name, flags } => {
                let heading = block.heading.and_then(|h| self.doc.headings.get(h));
                let slug = heading.map(|h| slug(&h.text)).unwrap_or_default();
                let name = name.or_else(|| self.enum_name_from_title());
                match name {
                    Some(name) => {
                        let mut ctx = Ctx {
                            path: self.path,
                            sink: &mut self.sink,
                            stats: &mut self.page.row_stats,
                        };
                        if let Some(t) =
                            table::enumeration(&mut ctx, header, rows, line, name, slug, flags)
                        {
                            self.page.enums.push(t);
                        }
                    }
                    None => {
                        self.report(
                            line,
                            Code::TableColumns,
                            "an enum table under a heading that names no enum",
                        );
                        self.page.row_stats.diagnosed += rows.len();
                    }
                }
            }
            _ => ctx.stats.other += rows.len(),
        }
    }

    /// `# x enum type`, `# x resource type` → `x`.
    fn enum_name_from_title(&self) -> Option<String> {
        let title = self.page.title.as_deref()?;
        let first = title.split_whitespace().next()?;
        typecell::is_type_name(first).then(|| section::lower_first(first))
    }

    fn params(
        &mut self,
        kind: ParameterKind,
        header: &[Inline],
        rows: &[markdown::TableRow],
        line: u32,
    ) {
        let mut ctx = Ctx {
            path: self.path,
            sink: &mut self.sink,
            stats: &mut self.page.row_stats,
        };
        let params = table::parameters(&mut ctx, kind, header, rows, line);
        self.page.parameters.extend(params);
    }
}

/// The page with each tab on a table line (one that starts with `|`) made a space: the markdown
/// reader refuses a delimiter row with a tab after its dashes (`|------\t|`), which renderers
/// accept. One byte for one, so every place on the page stays where it was.
fn table_tabs(text: &str) -> std::borrow::Cow<'_, str> {
    let tabbed_table_line = |line: &str| line.trim_start().starts_with('|') && line.contains('\t');
    if !text.contains('\t') || !text.split('\n').any(tabbed_table_line) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if tabbed_table_line(line) {
            out.extend(line.chars().map(|c| if c == '\t' { ' ' } else { c }));
        } else {
            out.push_str(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// GitHub-style heading anchor: `ageGroup values` → `agegroup-values`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

pub(super) fn page_stem(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".md").unwrap_or(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::parse::{PageKind, ParameterKind};
    use crate::vocab::{Body, Method};

    const API: &str = "---\ntitle: \"Update widget\"\ndescription: \"Updates a widget.\"\n---\n\n# Update widget\n\nNamespace: microsoft.graph\n\nUpdate the properties of a widget.\n\n## Permissions\n\n| Permission type | Permissions (from least to most privileged) |\n|:--|:--|\n| Application | Widget.ReadWrite.All |\n\n## HTTP request\n\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPATCH /widgets/{id}\n```\n\n## Request headers\n\n| Name | Description |\n|:--|:--|\n| Authorization | Bearer {token}. Required. |\n\n## Request body\n\nIn the request body, supply a JSON representation of the [widget](../resources/widget.md) object.\n\n| Property | Type | Description |\n|:--|:--|:--|\n| size | Int32 | The size. |\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n\n## Example\n\n<!-- { \"blockType\": \"request\", \"name\": \"update_widget\" } -->\n```http\nPATCH https://api.example.com/v1.0/widgets/1\nContent-type: application/json\n\n{ \"size\": 2 }\n```\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 204 No Content\n```\n";

    #[test]
    fn an_api_page_by_its_sections() {
        let page = parse_file("api/widget-update.md", API).remove(0);
        assert_eq!(page.kind, PageKind::Api);
        assert_eq!(page.title.as_deref(), Some("Update widget"));
        assert_eq!(page.namespace.as_deref(), Some("microsoft.graph"));
        assert_eq!(page.permissions.application, ["Widget.ReadWrite.All"]);
        let route = &page.routes[0];
        assert_eq!(
            (route.method, route.template.path.as_str(), route.line),
            (Method::Patch, "/widgets/{widget-id}", 22)
        );
        let kinds: Vec<(ParameterKind, &str)> = page
            .parameters
            .iter()
            .map(|p| (p.kind, p.name.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (ParameterKind::Header, "Authorization"),
                (ParameterKind::Body, "size")
            ]
        );
        let (body_type, _) = page.request_body_type.as_ref().expect("a body type");
        assert!(
            matches!(&body_type.cell, crate::parse::TypeCell::Link { text, .. } if text == "widget")
        );
        assert_eq!(page.response.as_ref().and_then(|r| r.status), Some(204));
        let example = &page.examples[0];
        assert_eq!(example.name, "update_widget");
        let request = example.request.as_ref().expect("a request");
        assert_eq!(
            request.body,
            Some(Body::Json(serde_json::json!({ "size": 2 })))
        );
        assert_eq!(example.response.as_ref().and_then(|r| r.status), Some(204));
        assert!(page.diagnostics.is_empty(), "{:?}", page.diagnostics);
    }

    #[test]
    fn pages_pasted_together_are_read_as_the_pages_they_are() {
        let gadget = API
            .replace("widget", "gadget")
            .replace("Widget", "Gadget")
            .replace(
                "| size | Int32 | The size. |",
                "| color | String | The color. |",
            );
        // The second page's front matter reads as a rule and a setext heading: no title.
        let pasted = format!("{API}\n{gadget}");
        let title_line = 1 + pasted
            .lines()
            .take_while(|l| *l != "# Update gadget")
            .count();
        let pages = parse_file("api/both.md", &pasted);
        assert_eq!(pages.len(), 2);
        let titles: Vec<Option<&str>> = pages.iter().map(|p| p.title.as_deref()).collect();
        assert_eq!(titles, [Some("Update widget"), Some("Update gadget")]);
        for (page, body) in pages.iter().zip(["size", "color"]) {
            assert_eq!(page.kind, PageKind::Api);
            assert_eq!(page.routes.len(), 1);
            assert_eq!(page.examples.len(), 1);
            // Each page has its own tables and none of the other's.
            let names: Vec<&str> = page.parameters.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(names, ["Authorization", body]);
        }
        assert_eq!(pages[1].routes[0].template.path, "/gadgets/{gadget-id}");
        assert!(pages[1].routes[0].line > title_line as u32);
        let said: Vec<(Code, u32)> = pages[1]
            .diagnostics
            .iter()
            .map(|d| (d.code, d.location.line))
            .collect();
        assert_eq!(said, [(Code::TitleSeveral, title_line as u32)]);
        assert!(
            pages[0].diagnostics.is_empty(),
            "{:?}",
            pages[0].diagnostics
        );
    }

    #[test]
    fn tabs_of_a_sample_group_are_not_titles() {
        let tabbed = API.replace(
            "## Example\n",
            "## Example\n\n# [HTTP](#tab/http)\n\n# [C#](#tab/csharp)\n\n",
        );
        let pages = parse_file("api/widget-update.md", &tabbed);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].examples.len(), 1);
    }

    #[test]
    fn a_page_with_defects_says_so_and_keeps_the_rest() {
        let broken = API
            .replace("Namespace: microsoft.graph\n", "")
            .replace("PATCH /widgets/{id}", "PATCH ** not a path");
        let page = parse_file("api/widget-update.md", &broken).remove(0);
        let codes: Vec<Code> = page.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.contains(&Code::NamespaceMissing), "{codes:?}");
        assert!(codes.contains(&Code::RouteNotAPath), "{codes:?}");
        // The rest of the page is still read.
        assert_eq!(page.permissions.application, ["Widget.ReadWrite.All"]);
        assert_eq!(page.examples.len(), 1);
    }
}
