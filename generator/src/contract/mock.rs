//! A mock of the service the docs describe: each request is answered with the documented
//! response of the case whose request matches it best (method and route, then the literal
//! path, the query and the body), else with a body built from the route's response schema.
//! What is sent is checked: an unknown path is 404, a known path with another method 405, a
//! body that fails the route's request schema 400, each with OData's error JSON.

use serde_json::{Value, json};

use super::{Case, Contract};
use crate::vocab::{Body, Method};

/// An answer, for the server to send as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

fn error(status: u16, code: &str, message: String, headers: Vec<(String, String)>) -> Reply {
    let body = json!({ "error": { "code": code, "message": message } });
    let mut headers = headers;
    headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
    Reply {
        status,
        headers,
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}

/// `%20` → ` `; malformed escapes are kept as written.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How well a documented case matches a request: its literal path, its query, its body.
fn score(case: &Case, path: &str, query: &str, body: Option<&Value>) -> u8 {
    let (case_path, case_query) = case.target.split_once('?').unwrap_or((&case.target, ""));
    let mut score = 0;
    if percent_decoded(case_path) == path {
        score += 4;
    }
    if percent_decoded(case_query) == query {
        score += 2;
    }
    if let (Some(Body::Json(documented)), Some(sent)) = (&case.body, body) {
        if documented == sent {
            score += 1;
        }
    }
    score
}

impl Contract {
    /// The path after the API's version, when a client sends it (`/v1.0/users` → `/users`).
    fn without_version<'p>(&self, path: &'p str) -> &'p str {
        let version = self
            .base_url
            .as_deref()
            .and_then(|b| b.split_once("://"))
            .and_then(|(_, rest)| rest.split_once('/'))
            .map(|(_, version)| version.trim_end_matches('/'));
        match version.filter(|v| !v.is_empty()) {
            Some(v) => match path.strip_prefix('/').and_then(|p| p.strip_prefix(v)) {
                Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                    if rest.is_empty() {
                        "/"
                    } else {
                        rest
                    }
                }
                _ => path,
            },
            None => path,
        }
    }

    /// The answer to a request: `method`, `target` (path and query, as on the request line),
    /// and the body's bytes.
    pub fn respond(&self, method: &str, target: &str, body: &[u8]) -> Reply {
        let (raw_path, raw_query) = target.split_once('?').unwrap_or((target, ""));
        let path = percent_decoded(self.without_version(raw_path));
        let query = percent_decoded(raw_query);
        let head = method.eq_ignore_ascii_case("HEAD");
        let operations = self.operations_at(&path);
        if operations.is_empty() {
            return error(
                404,
                "Request_ResourceNotFound",
                format!("no documented route matches `{path}`"),
                Vec::new(),
            );
        }
        let wanted = if head {
            Some(Method::Get)
        } else {
            Method::parse(method)
        };
        let Some(operation) = wanted.and_then(|m| {
            operations
                .iter()
                .copied()
                .find(|i| self.routes[*i].method == m)
        }) else {
            let mut allowed: Vec<String> = operations
                .iter()
                .map(|i| self.routes[*i].method.to_string())
                .collect();
            allowed.sort();
            allowed.dedup();
            let message = format!(
                "`{method}` is not documented for `{path}`; it allows {}",
                allowed.join(", ")
            );
            return error(
                405,
                "MethodNotAllowed",
                message,
                vec![("Allow".to_owned(), allowed.join(", "))],
            );
        };
        let sent = if body.iter().all(u8::is_ascii_whitespace) {
            None
        } else {
            match serde_json::from_slice::<Value>(body) {
                Ok(value) => Some(value),
                Err(e) if self.routes[operation].request.is_some() => {
                    return error(
                        400,
                        "BadRequest",
                        format!("the request body is not JSON: {e}"),
                        Vec::new(),
                    );
                }
                Err(_) => None,
            }
        };
        if let Some(value) = &sent {
            let problems = self.request_problems(operation, value);
            if !problems.is_empty() {
                const SHOWN: usize = 10;
                let mut message = problems
                    .iter()
                    .take(SHOWN)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ");
                if problems.len() > SHOWN {
                    message.push_str(&format!("; and {} more", problems.len() - SHOWN));
                }
                return error(400, "BadRequest", message, Vec::new());
            }
        }
        let route = &self.routes[operation];
        // The best match among the cases whose documented answers are right; else a body
        // built from the schema; else the best of those the docs know to be wrong.
        let best_of = |known: bool| {
            (route.cases.iter().map(|i| &self.cases[*i]))
                .filter(|c| c.known_failure.is_some() == known)
                .filter(|c| c.status.is_some() || c.response_body.is_some())
                .enumerate()
                .max_by_key(|(i, c)| {
                    (
                        score(c, &path, &query, sent.as_ref()),
                        std::cmp::Reverse(*i),
                    )
                })
                .map(|(_, c)| c)
        };
        let fallback = || {
            let body = route
                .fallback
                .as_ref()
                .map(|v| serde_json::to_vec(v).unwrap_or_default())?;
            let headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
            Some(Reply {
                status: route.status,
                headers,
                body,
            })
        };
        let mut reply = best_of(false)
            .map(|case| documented(case, route.status))
            .or_else(fallback)
            .or_else(|| best_of(true).map(|case| documented(case, route.status)))
            .unwrap_or(Reply {
                status: route.status,
                headers: Vec::new(),
                body: Vec::new(),
            });
        if head {
            reply.body.clear();
        }
        reply
    }
}

/// A case's documented answer: its status (else the route's), its headers but those the
/// server sets, its body.
fn documented(case: &Case, route_status: u16) -> Reply {
    let status = case.status.unwrap_or(route_status);
    let mut headers: Vec<(String, String)> = (case.response_headers.iter())
        .filter(|(name, _)| {
            let name = name.to_ascii_lowercase();
            !matches!(
                name.as_str(),
                "content-length" | "transfer-encoding" | "connection" | "content-type"
            )
        })
        .filter(|(name, value)| {
            is_token(name)
                && value
                    .bytes()
                    .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
        })
        .cloned()
        .collect();
    let body = match &case.response_body {
        Some(Body::Json(value)) => {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
            serde_json::to_vec(value).unwrap_or_default()
        }
        Some(Body::Text(text)) => {
            let documented_type = (case.response_headers.iter())
                .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                .map_or("text/plain", |(_, v)| v.as_str());
            headers.push(("Content-Type".to_owned(), documented_type.to_owned()));
            text.clone().into_bytes()
        }
        None => Vec::new(),
    };
    // A status the docs give that HTTP has no room for answers as the route's.
    let status = if (100..=599).contains(&status) {
        status
    } else {
        route_status
    };
    Reply {
        status,
        headers,
        body,
    }
}

/// An HTTP header name (RFC 9110 token).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
