//! Code blocks: resource representations, HTTP requests and responses, request lines.

use super::super::annotation::{Annotation, BlockType};
use super::super::http::{self, ParsedBody};
use super::super::markdown::Block;
use super::super::route::{self, RouteError};
use super::super::section::{self, Role};
use super::super::{
    PageExample, PageKind, RequestExample, ResourceBlock, ResponseExample, RouteLine,
};
use super::{Interpreter, page_stem};
use crate::diag::{Code, Location};
use crate::vocab::{Body, Method};

impl<'a> Interpreter<'a> {
    pub(super) fn code(
        &mut self,
        lang: &str,
        text: &'a str,
        annotation: Option<Annotation>,
        block: &Block,
    ) {
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
        let mut lines = text.lines().enumerate().peekable();
        while let Some((i, line)) = lines.next() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("//") {
                continue;
            }
            let at = block_line + 1 + u32::try_from(i).unwrap_or(0);
            // `resizedRange(deltaRows={n},` and `deltaColumns={n})` on the next line: one call
            // broken across lines is one request line.
            let mut joined = std::borrow::Cow::Borrowed(trimmed);
            // Counted as lines are joined, so a long run of them costs its length once.
            let mut open = open_parens(trimmed);
            while open > 0 {
                let Some((_, next)) = lines.next_if(|(_, l)| {
                    let l = l.trim();
                    !l.is_empty()
                        && Method::parse(l.split_whitespace().next().unwrap_or("")).is_none()
                }) else {
                    break;
                };
                open += open_parens(next);
                joined.to_mut().push_str(next.trim());
            }
            match route::parse_request_line(&joined) {
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

    /// Request lines an HTML comment in the HTTP request section hides (`<!-- GET
    /// /groups/{id}/events -->`): not read, and said so at each line.
    pub(super) fn commented_route_lines(&mut self, text: &str, comment_line: u32) {
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            let Some((method, target)) = super::super::http::split_request_line(trimmed) else {
                continue;
            };
            if Method::parse(method).is_none()
                || !(target.starts_with('/') || target.starts_with("http"))
            {
                continue;
            }
            let at = comment_line + u32::try_from(i).unwrap_or(0);
            self.report(
                at,
                Code::RouteCommentedOut,
                format!("`{trimmed}` is inside an HTML comment: not read as a route"),
            );
        }
    }

    pub(super) fn check_http_request_section(&mut self) {
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
        self.page.examples.push(PageExample {
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
                self.page.examples.push(PageExample {
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

/// How many `(` a request line leaves open.
fn open_parens(line: &str) -> i64 {
    line.chars().fold(0, |depth, c| match c {
        '(' => depth + 1,
        ')' => depth - 1,
        _ => depth,
    })
}
