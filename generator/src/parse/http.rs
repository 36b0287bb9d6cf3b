//! Example HTTP blocks:
//!
//! ```text
//! PATCH https://graph.microsoft.com/v1.0/me        HTTP/1.1 201 Created
//! Content-type: application/json                   Content-Type: application/json
//!                                                   
//! { "displayName": "x" }                           { "id": "1" }
//! ```
//!
//! Bodies are JSON when they parse as JSON; hand-elided bodies (`...`, `// comments`, trailing
//! commas) are repaired, parsed and flagged as truncated.

use crate::vocab::Body;
use serde_json::Value;

use super::strip_prefix_ci;

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedBody {
    pub body: Body,
    /// The JSON had to be repaired (`...` elisions): only what it shows can be checked.
    pub elided: bool,
    /// Why the body could not be read as JSON although it looks like JSON.
    pub json_error: Option<String>,
    /// Where strict JSON reading failed in the body: 1-based line and column.
    pub json_error_at: Option<(usize, usize)>,
    /// The body's text, when it is strict JSON, so a value's position can be found again.
    pub text: Option<String>,
    /// Where the body starts in the block's text, in bytes.
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<ParsedBody>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawResponse {
    pub status: Option<u16>,
    pub reason: Option<String>,
    /// The status line, when there is one and it could not be read.
    pub bad_status_line: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Option<ParsedBody>,
}

/// `METHOD URL` then headers, a blank line and the body. `None` when the first line is not a
/// request line.
pub fn parse_request(text: &str) -> Option<RawRequest> {
    let (method, url) = request_line(text)?;
    let rest = split_first_line(skip_blank_lines(text)).1;
    let (headers, body) = headers_and_body(text, rest);
    Some(RawRequest {
        method: method.to_owned(),
        url: url.to_owned(),
        headers,
        body,
    })
}

/// The method and URL of a request block's first line (`GET /me HTTP/1.1`), without reading
/// the rest of the block.
pub fn request_line(text: &str) -> Option<(&str, &str)> {
    let (first, _) = split_first_line(skip_blank_lines(text));
    let (method, url) = split_request_line(first)?;
    if !method.chars().all(|c| c.is_ascii_alphabetic()) || method.len() > 7 {
        return None;
    }
    Some((method, url))
}

/// `METHOD target HTTP/1.1` read as its first word and its target, without the version; `None`
/// when the line is one word. Route lines and example request lines are both read this way.
pub fn split_request_line(line: &str) -> Option<(&str, &str)> {
    let (first, rest) = line.trim().split_once(char::is_whitespace)?;
    let mut target = rest.trim();
    if let Some((path, version)) = target.rsplit_once(char::is_whitespace) {
        if strip_prefix_ci(version, "HTTP/").is_some() {
            target = path.trim();
        }
    }
    Some((first, target))
}

/// `HTTP/1.1 200 OK` then headers and body, or a bare JSON body.
pub fn parse_response(input: &str) -> RawResponse {
    let text = skip_blank_lines(input);
    let (first, rest) = split_first_line(text);
    let first = first.trim();
    if first.starts_with('{') || first.starts_with('[') {
        return RawResponse {
            status: None,
            reason: None,
            bad_status_line: None,
            headers: Vec::new(),
            body: Some(ParsedBody {
                offset: offset_in(input, text.trim_start()),
                ..parse_body(text)
            }),
        };
    }
    let (headers, body) = headers_and_body(input, rest);
    let mut response = RawResponse {
        status: None,
        reason: None,
        bad_status_line: None,
        headers,
        body,
    };
    let mut parts = first.splitn(3, char::is_whitespace);
    let version = parts.next().unwrap_or_default();
    let code = parts
        .next()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|c| (100..600).contains(c));
    match code {
        Some(code) if version.to_ascii_uppercase().starts_with("HTTP") => {
            response.status = Some(code);
            response.reason = parts
                .next()
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty());
        }
        _ => response.bad_status_line = Some(first.to_owned()),
    }
    response
}

/// The text from its first non-blank line on.
fn skip_blank_lines(text: &str) -> &str {
    let mut rest = text;
    loop {
        let (line, after) = split_first_line(rest);
        if !line.trim().is_empty() || after.is_empty() {
            return rest;
        }
        rest = after;
    }
}

/// The first line (without its line break) and the text after it.
fn split_first_line(text: &str) -> (&str, &str) {
    match text.find('\n') {
        Some(i) => (text[..i].trim_end_matches('\r'), &text[i + 1..]),
        None => (text, ""),
    }
}

/// Header lines up to the first blank line (or the first line that starts a JSON body, since
/// pages often omit the blank line), then the body.
/// Where `inner`, a slice of `outer`, starts in it.
fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

/// `origin` is the whole block, of which `text` is the end.
fn headers_and_body(origin: &str, text: &str) -> (Vec<(String, String)>, Option<ParsedBody>) {
    let mut headers = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (line, after) = split_first_line(rest);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('{') || trimmed.starts_with('[') {
            break;
        }
        match trimmed.split_once(':') {
            Some((name, value)) if !name.contains(char::is_whitespace) => {
                headers.push((name.to_owned(), value.trim().to_owned()));
            }
            _ => break,
        }
        rest = after;
    }
    let body = rest.trim();
    let parsed = (!body.is_empty()).then(|| ParsedBody {
        offset: offset_in(origin, body),
        ..parse_body(body)
    });
    (headers, parsed)
}

/// Parses a body: strict JSON, then a repaired JSON, then text.
pub fn parse_body(text: &str) -> ParsedBody {
    let trimmed = text.trim();
    // Where the body starts in `text`; callers that cut it out of a block say where instead.
    let leading = text.len() - text.trim_start().len();
    let looks_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    if !looks_json {
        return ParsedBody {
            body: Body::Text(trimmed.to_owned()),
            elided: false,
            json_error: None,
            text: None,
            offset: leading,
            json_error_at: None,
        };
    }
    let strict_error = match serde_json::from_str::<Value>(trimmed) {
        Ok(value) => {
            return ParsedBody {
                body: Body::Json(value),
                elided: false,
                json_error: None,
                text: Some(trimmed.to_owned()),
                offset: leading,
                json_error_at: None,
            };
        }
        Err(e) => e,
    };
    // The lenient reader recurses without a limit: a body nested deeper than serde_json allows
    // is refused before it gets there.
    if nested_deeper_than(trimmed, MAX_JSON_DEPTH) {
        return ParsedBody {
            body: Body::Text(trimmed.to_owned()),
            elided: false,
            json_error: Some(format!(
                "the JSON is nested more than {MAX_JSON_DEPTH} levels deep"
            )),
            text: None,
            offset: leading,
            json_error_at: None,
        };
    }
    let (repaired, elided) = remove_elisions(trimmed);
    if let Ok(value) =
        serde_json::from_str::<Value>(&repaired).or_else(|_| json5::from_str::<Value>(&repaired))
    {
        return ParsedBody {
            body: Body::Json(value),
            elided,
            json_error: None,
            text: None,
            offset: leading,
            json_error_at: None,
        };
    }
    // The position goes into the diagnostic's location, mapped to the page; the message keeps
    // what was wrong.
    let why = strict_error.to_string();
    let why = why
        .rsplit_once(" at line ")
        .map_or(why.as_str(), |(what, _)| what)
        .to_owned();
    ParsedBody {
        body: Body::Text(trimmed.to_owned()),
        elided: false,
        json_error: Some(why),
        text: None,
        offset: leading,
        json_error_at: Some((strict_error.line(), strict_error.column())),
    }
}

use crate::vocab::body::MAX_JSON_DEPTH;

/// Whether `[` and `{` (outside double-quoted strings) nest deeper than `limit` anywhere in
/// `text`. Brackets in JSON5's single-quoted strings count: this may refuse a body the lenient
/// reader could read, never let through one it would recurse too deep on.
pub fn nested_deeper_than(text: &str, limit: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in text.as_bytes() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Drops the `...` and `…` that pages use to elide parts of a body, and what they leave
/// dangling: `[ {...}, ... ]` → `[ {} ]`, `"x": "a",\n...\n}` → `"x": "a"\n}`.
fn remove_elisions(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut elided = false;
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(&next) = bytes.get(i + 1) {
                    out.push(next);
                    i += 1;
                }
            } else if c == '"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        if c == '"' {
            in_string = true;
            out.push(c);
            i += 1;
            continue;
        }
        if c == '…' {
            elided = true;
            i += 1;
            continue;
        }
        if c == '.' && bytes.get(i + 1) == Some(&'.') {
            elided = true;
            while bytes.get(i) == Some(&'.') {
                i += 1;
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    if !elided {
        return (text.to_owned(), false);
    }
    // Elisions leave `[ , {}]`, `{ , }` and `, ]`: remove commas that separate nothing.
    let mut cleaned = String::with_capacity(out.len());
    let mut in_string = false;
    let chars: Vec<char> = out.chars().collect();
    let mut last_significant: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            cleaned.push(c);
            if c == '\\' {
                if let Some(&n) = chars.get(i + 1) {
                    cleaned.push(n);
                    i += 1;
                }
            } else if c == '"' {
                in_string = false;
                last_significant = Some('"');
            }
            i += 1;
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                cleaned.push(c);
            }
            ',' => {
                let next = chars[i + 1..].iter().find(|c| !c.is_whitespace()).copied();
                let separates = !matches!(last_significant, None | Some('[' | '{' | ','))
                    && !matches!(next, None | Some(']' | '}' | ','));
                if separates {
                    cleaned.push(c);
                    last_significant = Some(',');
                }
            }
            c if c.is_whitespace() => cleaned.push(c),
            c => {
                cleaned.push(c);
                last_significant = Some(c);
            }
        }
        i += 1;
    }
    (cleaned, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::BodySource;
    use crate::vocab::status::reason_matches;
    use serde_json::json;

    #[test]
    fn requests_with_headers_and_body() {
        let r = parse_request("\nPATCH https://graph.microsoft.com/v1.0/me\nContent-type: application/json\n\n{\"a\": 1}\n").unwrap();
        assert_eq!(
            (r.method.as_str(), r.url.as_str()),
            ("PATCH", "https://graph.microsoft.com/v1.0/me")
        );
        assert_eq!(
            r.headers,
            [("Content-type".to_owned(), "application/json".to_owned())]
        );
        assert_eq!(r.body.unwrap().body, Body::Json(json!({"a": 1})));
        assert!(parse_request("{ \"a\": 1 }").is_none());
    }

    #[test]
    fn request_lines_lose_their_version_in_any_case() {
        assert_eq!(
            split_request_line("  GET /me  http/1.1 "),
            Some(("GET", "/me"))
        );
        assert_eq!(
            split_request_line("GET /me/HTTP/x"),
            Some(("GET", "/me/HTTP/x"))
        );
        assert_eq!(split_request_line("/me"), None);
        assert_eq!(request_line("\nget /me HTTP/2\n"), Some(("get", "/me")));
        assert_eq!(request_line("Content-Type: application/json"), None);
    }

    #[test]
    fn responses_without_blank_line_before_body() {
        let r =
            parse_response("HTTP/1.1 200 OK\nContent-Type: application/json\n{\n\"id\": \"x\"\n}");
        assert_eq!((r.status, r.reason.as_deref()), (Some(200), Some("OK")));
        assert_eq!(r.body.unwrap().body, Body::Json(json!({"id": "x"})));
        let r = parse_response("HTTP/1.1 204 No Content");
        assert_eq!((r.status, r.body), (Some(204), None));
        assert_eq!(
            parse_response("HTTP/1.1 OK").bad_status_line.as_deref(),
            Some("HTTP/1.1 OK")
        );
    }

    #[test]
    fn elided_bodies_are_repaired_and_flagged() {
        let b = parse_body("{\n \"value\": [\n  { \"id\": \"1\" },\n  ...\n ]\n}");
        assert_eq!(b.body, Body::Json(json!({"value": [{"id": "1"}]})));
        assert!(b.elided);
        let b = parse_body("{ \"a\": \"x...y\", \"b\": {...} }");
        assert_eq!(b.body, Body::Json(json!({"a": "x...y", "b": {}})));
        let b = parse_body("{ \"a\": 1, }");
        assert_eq!((b.body, b.elided), (Body::Json(json!({"a": 1})), false));
        let text = "{\n  \"a\": [1, {\"b\": \"x,]}\"}, 3],\n  \"c/d\": {\"e\": null}\n}";
        let source = BodySource::new(text.to_owned(), 1);
        let at = |p: &str| source.position(p);
        // `{"b": "x,]}"}` is the second item of `a`, on the page's second line.
        assert_eq!(at("/a/1/b"), Some((2, 18)));
        assert_eq!(at("/a/2"), Some((2, 27)));
        assert_eq!(at("/c~1d/e"), Some((3, 16)));
        assert_eq!(at("/a/9"), None);
        assert_eq!(at("/missing"), None);
        let source = BodySource::new(text.to_owned(), 10);
        // A value after many others is found without scanning again for each.
        let many = format!("[{}]", vec!["1"; 5000].join(","));
        assert_eq!(BodySource::new(many, 1).position("/4999"), Some((1, 10000)));
        // Text that is not strict JSON: the key itself is found.
        let sloppy = BodySource::new("{\n  \"a\": 1, // one\n  \"b\" : [\"b\"]\n}".into(), 7);
        assert_eq!(sloppy.member("b"), Some((9, 3)));
        assert_eq!(sloppy.member("c"), None);
        assert_eq!(source.position("/c~1d"), Some((12, 10)));
        assert_eq!(source.position(""), Some((10, 1)));
        let deep = format!("{{\"a\": {}}}", "[".repeat(6000));
        let b = parse_body(&deep);
        assert!(matches!(b.body, Body::Text(_)));
        assert!(b.json_error.is_some_and(|e| e.contains("nested")));
        assert!(nested_deeper_than("[[[", 2));
        assert!(
            !nested_deeper_than("[[\"[[[[\"]]", 2),
            "brackets in strings do not count"
        );
        assert!(!nested_deeper_than("[][][][]", 1));
        let b = parse_body("{ \"a\": }");
        assert!(matches!(b.body, Body::Text(_)) && b.json_error.is_some());
    }

    #[test]
    fn reason_phrases() {
        assert!(reason_matches(201, "Created"));
        assert!(!reason_matches(201, "OK"));
        assert!(reason_matches(204, "No content"));
        assert!(reason_matches(299, "Whatever"));
    }
}
