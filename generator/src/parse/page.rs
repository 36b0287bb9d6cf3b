//! The page interpreter: walks the blocks of one page with their sections and fills a [`Page`].

use super::annotation::{self, Annotation, BlockType, Parsed};
use super::front_matter;
use super::http::{self, ParsedBody};
use super::markdown::{self, Block, BlockKind, Document, Inline};
use super::route::{self, RouteError};
use super::section::{self, Role};
use super::table::{self, Ctx};
use super::{
    Example, FrontMatter, Page, PageKind, ParameterKind, RequestExample, ResourceBlock,
    ResponseDoc, ResponseExample, RouteLine, RowStats, TypeSpec, typecell,
};
use crate::diag::{Code, Location, Sink};
use crate::vocab::{Body, Method};

/// Parses one page. Never fails: whatever cannot be read is a diagnostic on the page.
pub fn parse_file(path: &str, text: &str) -> Vec<Page> {
    let text = table_tabs(text);
    let doc = markdown::parse(&text);
    // Every page of the docs has one title; a file with several holds pages pasted together,
    // and each is read with only its own sections, as the pages would be on their own.
    // Parts are read side by side, and each is dropped once read.
    use rayon::prelude::*;
    let mut parts = doc.split(|h| h.level == 1 && !is_tab(h));
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

/// A tab of a code sample group (`# [HTTP](#tab/http)`): a heading, but not a title.
fn is_tab(heading: &markdown::Heading) -> bool {
    heading.links.iter().any(|l| l.dest.starts_with("#tab/"))
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
            Parsed::NotAnnotation => return,
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

    fn code(&mut self, lang: &str, text: &'a str, annotation: Option<Annotation>, block: &Block) {
        let block_type = annotation.as_ref().and_then(|a| a.block_type);
        let in_http_section = self.in_role(block.heading, &Role::HttpRequest);
        let http_like = matches!(lang, "http" | "msgraph-interactive" | "" | "rest" | "https");
        match block_type {
            Some(BlockType::Resource) => {
                self.resource(text, annotation.unwrap_or_default(), block.line)
            }
            Some(BlockType::Request) => {
                // Some pages annotate the HTTP request section's block as the example request.
                if in_http_section {
                    self.route_lines(
                        text.lines()
                            .find(|l| !l.trim().is_empty())
                            .unwrap_or_default(),
                        block.line,
                    );
                }
                self.request(text, annotation.unwrap_or_default(), block.line);
            }
            Some(BlockType::Response) => {
                self.response(text, annotation.unwrap_or_default(), block.line)
            }
            Some(BlockType::Ignored | BlockType::Samples) | None
                if in_http_section && http_like =>
            {
                self.route_lines(text, block.line);
            }
            // `POST /chats/{chat-id}/members` under "## Permissions": the page lost its
            // HTTP request heading, but a block of nothing but relative request lines is one.
            Some(BlockType::Ignored | BlockType::Samples) | None
                if http_like
                    && self.page.kind == PageKind::Api
                    && !self.page.has_http_request_section
                    && is_route_block(text) =>
            {
                let message =
                    "route lines outside an `HTTP request` section; read as the page's routes";
                self.report(block.line, Code::RouteOutsideSection, message);
                self.route_lines(text, block.line);
            }
            // Examples the docs keep out of their own checks are still documented examples:
            // they become cases, marked as the docs mark them.
            Some(BlockType::Ignored) if http_like && is_request(text) => {
                self.request(text, annotation.unwrap_or_default(), block.line);
            }
            Some(BlockType::Ignored) if http_like && is_response(text) => {
                self.response(text, annotation.unwrap_or_default(), block.line);
            }
            Some(_) => {}
            None => self.unannotated(lang, text, block),
        }
    }

    /// An http/json block without annotation outside the HTTP request section: read it as an
    /// example when it is one, and say that it is unannotated.
    fn unannotated(&mut self, lang: &str, text: &str, block: &Block) {
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default();
        let is_json = lang == "json" || first.starts_with('{') || first.starts_with('[');
        if is_json && lang != "http" {
            if let Some(i) = self.last_response_without_body.take() {
                // `HTTP/1.1 201 Created` in one block and its body in the next json block.
                let parsed = http::parse_body(text);
                self.note_body(&parsed, text, block.line);
                if let Some(resp) = self
                    .page
                    .examples
                    .get_mut(i)
                    .and_then(|e| e.response.as_mut())
                {
                    resp.truncated |= parsed.elided;
                    resp.body = Some(parsed.body);
                }
                return;
            }
            if lang == "json" && self.page.kind == PageKind::Api {
                self.report(
                    block.line,
                    Code::BlockUnannotated,
                    "a json block without annotation; it is not read as an example",
                );
            }
            return;
        }
        if !matches!(lang, "http" | "msgraph-interactive" | "") {
            return;
        }
        if first.to_ascii_uppercase().starts_with("HTTP/") {
            self.report(
                block.line,
                Code::BlockUnannotated,
                "an http response block without annotation; read as a response example",
            );
            self.response(text, Annotation::default(), block.line);
        } else if is_request(text) {
            self.report(
                block.line,
                Code::BlockUnannotated,
                "an http request block without annotation; read as a request example",
            );
            self.request(text, Annotation::default(), block.line);
        }
    }

    fn route_lines(&mut self, text: &str, block_line: u32) {
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("//") {
                continue;
            }
            let at = block_line + 1 + u32::try_from(i).unwrap_or(0);
            match route::parse_request_line(trimmed) {
                Ok((method, template)) => {
                    if let Some(host) = &template.bad_host {
                        self.report(
                            at,
                            Code::UrlHost,
                            format!("`{host}` is not an API version; dropped from the route"),
                        );
                    }
                    self.page.routes.push(RouteLine {
                        method,
                        template,
                        line: at,
                    });
                }
                Err(RouteError::NoMethod(why)) => self.report(at, Code::RouteMethod, why),
                Err(RouteError::NotAPath(why)) => self.report(at, Code::RouteNotAPath, why),
            }
        }
    }

    fn check_http_request_section(&mut self) {
        if self.page.has_http_request_section && self.page.routes.is_empty() {
            let line = self
                .doc
                .headings
                .iter()
                .find(|h| section::role(&h.text, h.level, PageKind::Api) == Some(Role::HttpRequest))
                .map_or(1, |h| h.line);
            let already = self
                .sink
                .diagnostics
                .iter()
                .any(|d| matches!(d.code, Code::RouteNotAPath | Code::RouteMethod));
            let why = if already {
                "its lines are not routes (see above)"
            } else {
                "it has no `METHOD /path` line"
            };
            self.report(
                line,
                Code::HttpRequestEmpty,
                format!("the HTTP request section yields no route: {why}"),
            );
        }
    }

    fn resource(&mut self, text: &str, annotation: Annotation, line: u32) {
        let mut parsed = http::parse_body(text);
        let json = match std::mem::replace(&mut parsed.body, Body::Text(String::new())) {
            Body::Json(serde_json::Value::Object(map)) => Some(map),
            Body::Json(_) => {
                self.report(
                    line,
                    Code::ResourceJson,
                    "the JSON representation is not an object",
                );
                None
            }
            Body::Text(_) => {
                let location = json_error_location(self.path, text, &parsed, line);
                let why = parsed
                    .json_error
                    .clone()
                    .unwrap_or_else(|| "not JSON".into());
                self.sink.push(
                    location,
                    Code::ResourceJson,
                    format!("the JSON representation cannot be read: {why}"),
                );
                None
            }
        };
        // Text that was not strict JSON is kept too: its keys can still be found.
        let source = json.as_ref().and_then(|_| {
            body_source(text, &parsed, line).or_else(|| {
                let before = text.get(..parsed.offset)?;
                let line = line
                    .saturating_add(1)
                    .saturating_add(crate::diag::newlines(before.as_bytes()));
                Some(crate::vocab::BodySource::new(
                    text[parsed.offset..].trim_end().to_owned(),
                    line,
                ))
            })
        });
        self.page.resources.push(ResourceBlock {
            annotation,
            json,
            line,
            source,
        });
    }

    /// Reports a body that is not JSON at the place in the page where reading it failed.
    fn note_body(&mut self, parsed: &ParsedBody, block: &str, line: u32) {
        if let Some(why) = &parsed.json_error {
            let location = json_error_location(self.path, block, parsed, line);
            self.sink.push(
                location,
                Code::ExampleJson,
                format!("the example body is not valid JSON: {why}"),
            );
        }
    }

    fn request(&mut self, text: &str, annotation: Annotation, line: u32) {
        let Some(raw) = http::parse_request(text) else {
            let first = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or_default();
            self.report(
                line + 1,
                Code::ExampleRequestLine,
                format!("`{first}` is not a request line"),
            );
            return;
        };
        let Some(method) = Method::parse(&raw.method) else {
            self.report(
                line + 1,
                Code::ExampleRequestLine,
                format!("`{}` is not an HTTP method", raw.method),
            );
            return;
        };
        let path = match route::normalize(&raw.url) {
            Ok(t) => {
                if let Some(host) = &t.bad_host {
                    self.report(
                        line + 1,
                        Code::UrlHost,
                        format!("`{host}` in `{}` is not an API version", raw.url),
                    );
                }
                Some(t)
            }
            Err(why) => {
                self.report(line + 1, Code::RouteNotAPath, why);
                None
            }
        };
        let (body, elided, body_source) = match raw.body {
            Some(b) => {
                self.note_body(&b, text, line);
                let source = body_source(text, &b, line);
                (Some(b.body), b.elided, source)
            }
            None => (None, false, None),
        };
        let n = self.page.examples.len() + 1;
        let name = annotation
            .name
            .first()
            .cloned()
            .unwrap_or_else(|| format!("{}-{n}", page_stem(self.path)));
        self.page.examples.push(Example {
            name,
            ignored: annotation.block_type == Some(BlockType::Ignored),
            request: Some(RequestExample {
                method,
                url: raw.url,
                path,
                headers: raw.headers,
                body,
                elided,
                line,
                body_source,
            }),
            response: None,
            line,
        });
        self.requests.push(self.page.examples.len() - 1);
        self.last_response_without_body = None;
    }

    fn response(&mut self, text: &str, annotation: Annotation, line: u32) {
        let raw = http::parse_response(text);
        if let Some(bad) = &raw.bad_status_line {
            self.report(
                line + 1,
                Code::ExampleStatusLine,
                format!("`{bad}` is not an HTTP status line"),
            );
        }
        if let (Some(code), Some(reason)) = (raw.status, &raw.reason) {
            if !crate::vocab::status::reason_matches(code, reason) {
                let expected = crate::vocab::status::reason_phrase(code).unwrap_or_default();
                self.report(
                    line + 1,
                    Code::ExampleStatusReason,
                    format!("`{code} {reason}`: the reason phrase of {code} is `{expected}`"),
                );
            }
        }
        let (body, elided, body_source) = match raw.body {
            Some(b) => {
                self.note_body(&b, text, line);
                let source = body_source(text, &b, line);
                (Some(b.body), b.elided, source)
            }
            None => (None, false, None),
        };
        let has_body = body.is_some();
        let truncated = annotation.truncated || elided;
        let names = annotation.name.clone();
        let ignored_response = annotation.block_type == Some(BlockType::Ignored);
        let response = ResponseExample {
            status: raw.status,
            headers: raw.headers,
            body,
            annotation,
            truncated,
            line,
            body_source,
        };
        // The request it answers: by name, or the last request before it.
        let unanswered = |this: &Self, i: usize| {
            this.page
                .examples
                .get(i)
                .is_some_and(|e| e.response.is_none())
        };
        let target = if names.is_empty() {
            self.requests
                .last()
                .copied()
                .filter(|&i| unanswered(self, i))
        } else {
            self.requests.iter().copied().find(|&i| {
                unanswered(self, i)
                    && self
                        .page
                        .examples
                        .get(i)
                        .is_some_and(|e| names.iter().any(|n| n == &e.name))
            })
        };
        let index = match target {
            Some(i) => {
                if let Some(e) = self.page.examples.get_mut(i) {
                    e.response = Some(response);
                }
                i
            }
            // A response the docs keep out of their checks that answers no request is an
            // illustration (an error a request may meet), not an example.
            None if ignored_response => return,
            None => {
                let why = if names.is_empty() {
                    "no request before it is waiting for a response".to_owned()
                } else {
                    format!("no request on the page is named {}", names.join(", "))
                };
                self.report(
                    line,
                    Code::ExampleUnpaired,
                    format!("the response example answers no request: {why}"),
                );
                let n = self.page.examples.len() + 1;
                let name = names
                    .first()
                    .cloned()
                    .unwrap_or_else(|| format!("{}-{n}", page_stem(self.path)));
                self.page.examples.push(Example {
                    name,
                    ignored: false,
                    request: None,
                    response: Some(response),
                    line,
                });
                self.page.examples.len() - 1
            }
        };
        self.last_response_without_body = (!has_body).then_some(index);
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

/// A block whose first line is an HTTP status line.
fn is_response(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("HTTP/")))
}

/// A block whose first line is `METHOD url` (only the first line is read).
fn is_request(text: &str) -> bool {
    http::request_line(text).is_some_and(|(method, _)| Method::parse(method).is_some())
}

/// The first link after a phrase: "Inherits from [entity](entity.md)", "supply a JSON
/// representation of the [device](../resources/device.md) object".
/// The phrases of a sentence under the title that name the page's base type.
const INHERITANCE_PHRASES: [&str; 5] = [
    "inherits from",
    "subclass of",
    "subclass from",
    "derived from",
    "derives from",
];

fn link_after(inline: &Inline, lower: &str, phrase: &str, page_path: &str) -> Option<TypeSpec> {
    let at = lower.find(phrase)?;
    let rest = &inline.text[at..];
    // The first link after the phrase: the one whose text starts earliest, the longer when two
    // start together (`teamsApp` and `teamsAppInstallation`).
    let link = inline
        .links
        .iter()
        .filter(|l| typecell::is_type_name(l.text.trim_matches(['`', '*'])))
        .filter_map(|l| {
            Some((
                rest.find(l.text.as_ref())?,
                std::cmp::Reverse(l.text.len()),
                l,
            ))
        })
        .min_by_key(|(at, len, _)| (*at, *len))
        .map(|(_, _, l)| l)?;
    if !link.dest.contains(".md") && !link.dest.contains("/api/") && !link.dest.starts_with('#') {
        return None;
    }
    let (target, anchor) = typecell::resolve_link(&link.dest, page_path);
    let text = link.text.trim_matches(['`', '*']).to_owned();
    // "a collection of [user](..) objects" / "[user](..) collection"
    let after_link = rest.find(link.text.as_ref()).map_or("", |i| &rest[i..]);
    let sentence_end = after_link.find(". ").unwrap_or(after_link.len());
    let before_link = &rest[..rest.find(link.text.as_ref()).unwrap_or(0)];
    let collection = after_link[..sentence_end]
        .to_ascii_lowercase()
        .contains("collection")
        || before_link.to_ascii_lowercase().contains("collection of");
    Some(TypeSpec {
        cell: super::TypeCell::Link {
            text,
            target,
            anchor,
        },
        collection,
    })
}

/// "If successful, this method returns a `200 OK` response code and a [user](..) object".
fn response_doc(inline: &Inline, lower: &str, line: u32, page_path: &str) -> Option<ResponseDoc> {
    let text = &inline.text;
    let mut status = None;
    let mut rest = text.as_ref();
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('`') else { break };
        let code = &after[..close];
        if let Some(n) = code
            .get(..3)
            .and_then(|d| d.parse::<u16>().ok())
            .filter(|n| (100..600).contains(n))
        {
            status = Some(n);
            break;
        }
        rest = &after[close + 1..];
    }
    let status = status.or_else(|| {
        lower
            .find("returns")
            .and_then(|i| {
                lower[i..].split_whitespace().find_map(|w| {
                    w.trim_matches(|c: char| !c.is_ascii_digit())
                        .parse::<u16>()
                        .ok()
                })
            })
            .filter(|n| (100..600).contains(n))
    })?;
    let ty = link_after(inline, lower, "returns", page_path)
        .or_else(|| link_after(inline, lower, "response", page_path));
    Some(ResponseDoc {
        status: Some(status),
        ty,
        line,
    })
}

/// Every non-empty line is `METHOD /relative/path`.
fn is_route_block(text: &str) -> bool {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .peekable();
    lines.peek().is_some()
        && lines.all(|l| {
            let mut parts = l.split_whitespace();
            parts.next().and_then(Method::parse).is_some()
                && parts.next().is_some_and(|p| p.starts_with('/'))
        })
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

fn page_stem(path: &str) -> &str {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".md").unwrap_or(file)
}

/// Where a strict JSON body of the block at fence line `line` is on the page.
fn body_source(block: &str, parsed: &ParsedBody, line: u32) -> Option<crate::vocab::BodySource> {
    let text = parsed.text.clone()?;
    let before = block.get(..parsed.offset)?;
    let line = line
        .saturating_add(1)
        .saturating_add(crate::diag::newlines(before.as_bytes()));
    Some(crate::vocab::BodySource::new(text, line))
}

/// Where in the page reading a body as JSON failed: the body of the fenced block at `line`
/// starts `parsed.offset` bytes into `block`, and the reader's line and column count from there.
fn json_error_location(path: &str, block: &str, parsed: &ParsedBody, line: u32) -> Location {
    let body = Location::after(path, (line.saturating_add(1), 1), block, parsed.offset);
    Location::within(
        path,
        (body.line, body.col),
        parsed.json_error_at.unwrap_or((1, 1)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::parse::{PageKind, ParameterKind};

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
