//! Request lines and URL paths: `GET /users/{id | userPrincipalName}`,
//! `GET https://graph.microsoft.com/v1.0/me/drive/root:/{item-path}:/content`,
//! `GET /me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='{address}')`.
//!
//! Every key segment becomes a parameter named after the collection it indexes
//! (`/devices/{devicesId}` and `/devices/{deviceId}` both become `/devices/{device-id}`), so one
//! route has one spelling whatever the page wrote.

use serde::Serialize;

use crate::vocab::{Method, path};

use super::http::split_request_line;
use super::{strip_prefix_ci, strip_suffix_ci};

/// A path parameter of a template: its name and the names the page wrote for it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PathParam {
    pub name: String,
    /// `id | userPrincipalName` for `{id | userPrincipalName}`.
    pub documented: String,
}

/// A normalized path: `/users/{user-id}/messages`, without host, version or query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    pub path: String,
    pub params: Vec<PathParam>,
    pub query: Option<String>,
    /// A malformed host or version segment that was dropped (`docs\api`).
    pub bad_host: Option<String>,
}

/// Why a line is not a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteError {
    NoMethod(String),
    NotAPath(String),
}

/// `METHOD path`, or a line that is neither.
pub fn parse_request_line(line: &str) -> Result<(Method, PathTemplate), RouteError> {
    let line = line.trim();
    let (first, target) = split_request_line(line).unwrap_or((line, ""));
    let Some(method) = Method::parse(first) else {
        return Err(if looks_like_path(first) {
            RouteError::NoMethod(format!("`{line}` has no HTTP method"))
        } else {
            RouteError::NotAPath(format!("`{line}` is not `METHOD /path`"))
        });
    };
    normalize(target)
        .map(|t| (method, t))
        .map_err(RouteError::NotAPath)
}

fn looks_like_path(token: &str) -> bool {
    token.starts_with('/') || token.starts_with("http") || token.contains('/')
}

/// Normalizes a URL or path into a template.
pub fn normalize(raw: &str) -> Result<PathTemplate, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("the route has no path".into());
    }
    let mut bad_host = None;
    // A scheme only at the start: `$ref?$id=https://...` carries a URL in its query.
    let scheme = raw
        .find("://")
        .filter(|&at| at > 0 && raw[..at].chars().all(|c| c.is_ascii_alphabetic()));
    let (mut path, absolute) = match scheme {
        Some(at) => {
            let after = &raw[at + 3..];
            (after.find('/').map_or("", |slash| &after[slash..]), true)
        }
        None => (raw, false),
    };
    let query = split_outside(path, '?').map(|(p, q)| {
        path = p;
        q.to_owned()
    });
    let path = path.split('#').next().unwrap_or_default();
    if let Some(bracket) = unbalanced(path) {
        return Err(format!("`{raw}` has an unclosed `{bracket}`"));
    }
    if outside_groups(path).any(|c| c.is_whitespace() || c == '*' || c == '<' || c == '>') {
        return Err(format!("`{raw}` is not a URL path"));
    }
    let mut segments: Vec<&str> = path::segments(path);
    // The version: `v1.0`, `beta`; in an absolute URL whatever stands there is the version.
    if let Some(first) = segments.first().copied() {
        let is_version = first.eq_ignore_ascii_case("beta")
            || strip_prefix_ci(first, "v")
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
        if is_version {
            segments.remove(0);
        } else if first.contains('\\') || (absolute && first.contains('.')) {
            // `graph.microsoft.com/docs\api/...`: not a version, and not part of the path.
            bad_host = Some(first.to_owned());
            segments.remove(0);
        }
    }
    // The template, segment by segment: each one is pushed after a `/`.
    let mut out = String::with_capacity(path.len() + 16);
    let mut params = ParamNames::default();
    let mut previous_literal: Option<&str> = None;
    for segment in segments {
        let segment = segment.trim();
        if segment.is_empty() {
            continue;
        }
        // `/childFolders/{id}/.../messages`: the page leaves segments out; no path says which.
        if segment.chars().all(|c| c == '.' || c == '…') && segment != "." && segment != ".." {
            return Err(format!(
                "`{raw}` elides segments with `{segment}`: the path it stands for is not written"
            ));
        }
        if let Some(documented) = whole_param(segment) {
            let name = key_name(previous_literal, documented);
            push_param(&mut out, params.add(name, documented));
            previous_literal = None;
        } else if is_guid(segment) {
            let name = key_name(previous_literal, segment);
            push_param(&mut out, params.add(name, segment));
            previous_literal = None;
        } else if let Some((name, args)) = path::call(segment) {
            push_call(&mut out, &mut params, name, args);
            previous_literal = None;
        } else if segment.contains('{') {
            push_embedded(&mut out, &mut params, segment, raw)?;
            previous_literal = None;
        } else {
            out.push('/');
            out.push_str(segment);
            previous_literal = Some(segment);
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    Ok(PathTemplate {
        path: out,
        params: params.list,
        query,
        bad_host,
    })
}

/// `/{name}`.
fn push_param(out: &mut String, name: &str) {
    out.push_str("/{");
    out.push_str(name);
    out.push('}');
}

/// A segment `name(args)`: OData key syntax (`users('{id}')`, the same as `users/{id}`), or a
/// function's arguments, each a parameter (`f(a={a},b='{b}')`).
fn push_call(out: &mut String, params: &mut ParamNames, name: &str, args: &str) {
    let args = split_args(args);
    if let [single] = args.as_slice() {
        // `range(<address>)`: the function's one argument, written as a placeholder.
        if let Some(argument) = angle_placeholder(single.trim().trim_matches('\'')) {
            out.push('/');
            out.push_str(name);
            out.push('(');
            out.push_str(argument);
            out.push_str("={");
            out.push_str(params.add(argument.to_owned(), argument));
            out.push_str("})");
            return;
        }
        if !single.contains('=') {
            let value = single.trim().trim_matches('\'');
            let documented = whole_param(value).unwrap_or(value);
            out.push('/');
            out.push_str(name);
            let param = key_name(Some(name), documented);
            push_param(out, params.add(param, documented));
            return;
        }
    }
    out.push('/');
    out.push_str(name);
    out.push('(');
    let mut first = true;
    for arg in args {
        let (key, value) = match arg.split_once('=') {
            Some((k, v)) => (k.trim(), v.trim()),
            None => (arg.trim(), arg.trim()),
        };
        if key.is_empty() {
            continue;
        }
        let documented = value.trim_matches('\'');
        let documented = whole_param(documented)
            .or_else(|| angle_placeholder(documented))
            .unwrap_or(documented);
        let key = key.trim_matches(['{', '}', '\'']);
        let param = params.add(key.to_owned(), documented);
        if !std::mem::take(&mut first) {
            out.push(',');
        }
        out.push_str(key);
        out.push_str("={");
        out.push_str(param);
        out.push('}');
    }
    out.push(')');
}

/// A segment with parameters inside it (`root:`, `{item-path}:`, `items/{id}:/...`): the
/// literal kept, each parameter named.
fn push_embedded(
    out: &mut String,
    params: &mut ParamNames,
    segment: &str,
    raw: &str,
) -> Result<(), String> {
    out.push('/');
    let mut rest = segment;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return Err(format!("`{raw}` has an unclosed `{{`"));
        };
        let documented = rest[open + 1..open + close].trim();
        let name = documented
            .split('|')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        out.push('{');
        out.push_str(params.add(name, documented));
        out.push('}');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(())
}

/// `<address>` → `address`: a placeholder some pages write for an argument.
fn angle_placeholder(value: &str) -> Option<&str> {
    let inner = value.strip_prefix('<')?.strip_suffix('>')?.trim();
    crate::ident::is_identifier(inner).then_some(inner)
}

/// `{id | userPrincipalName}` → `id | userPrincipalName`.
fn whole_param(segment: &str) -> Option<&str> {
    let inner = segment.strip_prefix('{')?.strip_suffix('}')?;
    (!inner.contains(['{', '}'])).then(|| inner.trim())
}

/// The parameter that indexes a collection segment: `devices` → `device-id`.
fn key_name(collection: Option<&str>, documented: &str) -> String {
    let is_collection =
        |c: &&str| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
    match collection.filter(is_collection) {
        Some(c) => format!("{}-id", singular(c)),
        // After `root:` or `$value` a parameter is not a key of a collection: keep its name.
        None => documented
            .split('|')
            .next()
            .unwrap_or(documented)
            .trim()
            .to_owned(),
    }
}

/// A parameter name OpenAPI path templates and code generators accept: letters, digits, `_`,
/// `-` and `.`; anything else becomes `-`.
fn clean_name(name: String) -> String {
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    if name.chars().all(valid) && !name.starts_with('-') && !name.ends_with('-') {
        return name;
    }
    let cleaned: String = name
        .trim()
        .chars()
        .map(|c| if valid(c) { c } else { '-' })
        .collect();
    cleaned.trim_matches('-').to_owned()
}

/// A template's parameters, with the names taken so far: a template of thousands of `{id}`
/// segments numbers each one in constant time.
#[derive(Default)]
struct ParamNames {
    list: Vec<PathParam>,
    taken: std::collections::HashSet<String>,
    /// The next number to try for a name that is taken.
    next: std::collections::HashMap<String, usize>,
}

impl ParamNames {
    /// Adds a parameter, numbered when the template already has one of that name; its name as
    /// added.
    fn add(&mut self, name: String, documented: &str) -> &str {
        let mut name = clean_name(name);
        if name.is_empty() {
            name = "id".to_owned();
        }
        if self.taken.contains(&name) {
            let n = self.next.entry(name.clone()).or_insert(2);
            let mut candidate = format!("{name}{n}");
            while self.taken.contains(&candidate) {
                *n += 1;
                candidate = format!("{name}{n}");
            }
            *n += 1;
            name = candidate;
        }
        self.taken.insert(name.clone());
        self.list.push(PathParam {
            name,
            documented: documented.to_owned(),
        });
        self.list.last().map_or("", |p| p.name.as_str())
    }
}

/// English plural → singular, enough for URL collection names.
pub fn singular(word: &str) -> String {
    let ends = |suffix: &str| strip_suffix_ci(word, suffix).is_some();
    let cut = if ends("ies") && word.len() > 4 {
        return format!("{}y", &word[..word.len() - 3]);
    } else if ends("sses") || ends("xes") || ends("ches") || ends("shes") {
        2
    } else if ends("s") && !ends("ss") && !ends("us") && word.len() > 3 {
        1
    } else {
        0
    };
    word[..word.len() - cut].to_owned()
}

fn split_args(args: &str) -> Vec<&str> {
    if args.trim().is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    for (i, c) in args.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '{' | '(' if !quoted => depth += 1,
            '}' | ')' if !quoted => depth -= 1,
            ',' if depth == 0 && !quoted => {
                out.push(&args[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&args[start..]);
    out
}

fn split_outside(text: &str, sep: char) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '{' | '(' => depth += 1,
            '}' | ')' => depth -= 1,
            c if c == sep && depth <= 0 => return Some((&text[..i], &text[i + 1..])),
            _ => {}
        }
    }
    None
}

/// The first bracket of a path that is never closed (or closed without being opened), outside
/// quoted arguments: `range(address='A1'/entireRow` leaves its `(` open.
fn unbalanced(path: &str) -> Option<char> {
    let mut open: Vec<char> = Vec::new();
    let mut quoted = false;
    for c in path.chars() {
        match c {
            '\'' if open.contains(&'(') => quoted = !quoted,
            '(' | '{' if !quoted => open.push(c),
            ')' | '}' if !quoted => {
                let expected = if c == ')' { '(' } else { '{' };
                if open.pop() != Some(expected) {
                    return Some(c);
                }
            }
            _ => {}
        }
    }
    open.pop()
}

/// The characters outside `{...}` and `(...)` groups: they must be path characters.
fn outside_groups(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .scan(0i32, |depth, c| {
            Some(match c {
                '{' | '(' => {
                    *depth += 1;
                    None
                }
                '}' | ')' => {
                    *depth -= 1;
                    None
                }
                c => (*depth <= 0).then_some(c),
            })
        })
        .flatten()
}

fn is_guid(segment: &str) -> bool {
    segment.len() == 36
        && segment.split('-').map(str::len).eq([8, 4, 4, 4, 12])
        && segment.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(raw: &str) -> String {
        normalize(raw).unwrap().path
    }

    #[test]
    fn strips_host_version_and_query() {
        assert_eq!(
            path("https://graph.microsoft.com/v1.0/me/messages?$top=2"),
            "/me/messages"
        );
        assert_eq!(path("/beta/users"), "/users");
        assert_eq!(
            path("me/devices/{id}/commands"),
            "/me/devices/{device-id}/commands"
        );
        let t = normalize("https://graph.microsoft.com/docs\\api/devices/{devicesId}/commands")
            .unwrap();
        assert_eq!(t.path, "/devices/{device-id}/commands");
        assert_eq!(t.bad_host.as_deref(), Some("docs\\api"));
    }

    #[test]
    fn names_parameters_consistently() {
        assert_eq!(
            path("/devices/{devicesId}/commands/{commandId}"),
            "/devices/{device-id}/commands/{command-id}"
        );
        assert_eq!(
            path("/devices/{deviceId}/commands/{commandsId}"),
            "/devices/{device-id}/commands/{command-id}"
        );
        let t = normalize("/users/{id | userPrincipalName}").unwrap();
        assert_eq!(t.path, "/users/{user-id}");
        assert_eq!(
            t.params,
            [PathParam {
                name: "user-id".into(),
                documented: "id | userPrincipalName".into()
            }]
        );
        assert_eq!(
            path("/policies/{policies}/categories"),
            "/policies/{policy-id}/categories"
        );
        assert_eq!(
            path("/users/48d31887-5fad-4d73-a9f5-3c356e68a038/photo"),
            "/users/{user-id}/photo"
        );
    }

    #[test]
    fn functions_refs_and_drive_paths() {
        assert_eq!(
            path("/drives/{drive-id}/root:/{path}"),
            "/drives/{drive-id}/root:/{path}"
        );
        assert_eq!(path("/sites/{site id}/lists"), "/sites/{site-id}/lists");
        assert_eq!(path("/x/{a b|c}:"), "/x/{a-b}:");
        assert_eq!(path("/me/drive/root/delta()"), "/me/drive/root/delta()");
        assert_eq!(
            path("/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='{address}')"),
            "/me/drive/items/{item-id}/workbook/worksheets/{worksheet-id}/range(address={address})"
        );
        assert_eq!(
            path("/groups/{id}/members/$ref"),
            "/groups/{group-id}/members/$ref"
        );
        assert_eq!(
            path("/me/drive/root:/{item-path}:/content"),
            "/me/drive/root:/{item-path}:/content"
        );
        assert_eq!(
            path("/users('{id}')/photo/$value"),
            "/users/{user-id}/photo/$value"
        );
        assert_eq!(
            path("/reports/getEmailActivityUserDetail(period='D7')"),
            "/reports/getEmailActivityUserDetail(period={period})"
        );
        // An argument written as a placeholder, quoted or not.
        for written in ["range(<address>)", "range(address='<address>')"] {
            assert_eq!(
                path(&format!(
                    "/me/drive/items/{{id}}/workbook/worksheets/{{id}}/{written}/format"
                )),
                "/me/drive/items/{item-id}/workbook/worksheets/{worksheet-id}/range(address={address})/format"
            );
        }
        // A URL in the query is no host: the path is the one before it.
        assert_eq!(
            path(
                "/groups/{id}/acceptedSenders/$ref?$id=https://graph.microsoft.com/v1.0/users/{user-id}"
            ),
            "/groups/{group-id}/acceptedSenders/$ref"
        );
    }

    #[test]
    fn rejects_what_is_not_a_route() {
        let err = parse_request_line("PATCH ** Entity URI for microsoft.graph.operation not found")
            .unwrap_err();
        assert!(matches!(err, RouteError::NotAPath(_)));
        assert!(matches!(
            parse_request_line("/users/{id}").unwrap_err(),
            RouteError::NoMethod(_)
        ));
        assert!(matches!(
            parse_request_line("Content-Type: application/json").unwrap_err(),
            RouteError::NotAPath(_)
        ));
        // An elided path is no path.
        for elided in [
            "GET /me/mailFolders/{id}/childFolders/{id}/.../messages",
            "GET /me/…/messages",
        ] {
            let err = parse_request_line(elided).unwrap_err();
            assert!(
                matches!(&err, RouteError::NotAPath(m) if m.contains("elides")),
                "{err:?}"
            );
        }
        // An argument list left open.
        let err = parse_request_line(
            "GET /me/drive/items/{id}/workbook/worksheets/{id}/range(address='<address>'/entireRow",
        )
        .unwrap_err();
        assert!(
            matches!(&err, RouteError::NotAPath(m) if m.contains("unclosed `(`")),
            "{err:?}"
        );
        let (method, t) = parse_request_line("get /me HTTP/1.1").unwrap();
        assert_eq!((method, t.path.as_str()), (Method::Get, "/me"));
    }

    #[test]
    fn singulars() {
        for (p, s) in [
            ("users", "user"),
            ("policies", "policy"),
            ("mailboxes", "mailbox"),
            ("status", "status"),
            ("me", "me"),
            ("addresses", "address"),
        ] {
            assert_eq!(singular(p), s);
        }
    }
}
