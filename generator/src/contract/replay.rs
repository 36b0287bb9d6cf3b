//! A replay of the documented cases against a service: which are sent and how (placeholders
//! filled from `--values`, writes only when allowed), and each answer judged by the contract:
//! its status the documented success (or of its class), its body valid against the route's
//! response schema; members the model lacks are reported, not failed, as OData clients
//! accept them. Sending is the caller's: this module knows no HTTP.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Case, Contract};
use crate::vocab::{Body, Method};

/// Values for the ids a documented URL holds: by placeholder name (`user-id`, `id`), and by
/// example name, whose own map wins.
#[derive(Debug, Clone, Default)]
pub struct Values {
    pub by_name: BTreeMap<String, String>,
    pub by_case: BTreeMap<String, BTreeMap<String, String>>,
}

impl Values {
    /// `name: value` for placeholders, `example_name: {name: value}` for one case.
    pub fn from_yaml(text: &str) -> Result<Values, String> {
        let map: BTreeMap<String, serde_yaml::Value> =
            serde_yaml::from_str(text).map_err(|e| format!("not a values file: {e}"))?;
        let scalar = |v: &serde_yaml::Value| -> Option<String> {
            match v {
                serde_yaml::Value::String(s) => Some(s.clone()),
                serde_yaml::Value::Number(n) => Some(n.to_string()),
                serde_yaml::Value::Bool(b) => Some(b.to_string()),
                _ => None,
            }
        };
        let mut values = Values::default();
        for (key, value) in map {
            if let serde_yaml::Value::Mapping(inner) = &value {
                let mut own = BTreeMap::new();
                for (k, v) in inner {
                    let (Some(k), Some(v)) = (scalar(k), scalar(v)) else {
                        return Err(format!("`{key}`: its values must be names and scalars"));
                    };
                    own.insert(k, v);
                }
                values.by_case.insert(key, own);
            } else {
                let v = scalar(&value)
                    .ok_or_else(|| format!("`{key}`: a value must be a scalar or a map"))?;
                values.by_name.insert(key, v);
            }
        }
        Ok(values)
    }
}

/// A request to send: method, path and query after the base URL, headers, body.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: Method,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

/// What a replay does with a case.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    Send(Request),
    Skip(String),
}

/// The first `{...}` or `<...>` placeholder of a text, with its inner name.
fn placeholder(text: &str) -> Option<(usize, usize, &str)> {
    for (open, close) in [('{', '}'), ('<', '>')] {
        if let Some(start) = text.find(open) {
            if let Some(len) = text[start..].find(close) {
                let inner = &text[start + 1..start + len];
                return Some((start, start + len + 1, inner));
            }
        }
    }
    None
}

/// Bytes a URL cannot hold as they are, percent-encoded.
fn encoded(target: &str) -> String {
    let mut out = String::with_capacity(target.len());
    for b in target.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Headers the docs show that a replay does not send: the docs' own credentials, and what the
/// client sets.
fn sent_header(name: &str) -> bool {
    !matches!(
        name.to_ascii_lowercase().as_str(),
        "authorization" | "content-length" | "host" | "connection" | "transfer-encoding"
    )
}

/// How a case is sent, or why it is not.
pub fn plan(case: &Case, values: &Values, allow_writes: bool) -> Plan {
    if !matches!(case.method, Method::Get) && !allow_writes {
        return Plan::Skip(format!(
            "{} is not sent without --allow-writes",
            case.method
        ));
    }
    let own = values.by_case.get(&case.name);
    let lookup = |name: &str| -> Option<&String> {
        let name = name.trim();
        own.and_then(|m| m.get(name))
            .or_else(|| values.by_name.get(name))
    };
    let mut target = case.target.clone();
    // Each placeholder filled once, left to right: a value holding braces is not read again.
    let mut done = String::new();
    while let Some((start, end, name)) = placeholder(&target) {
        match lookup(name) {
            Some(value) => {
                done.push_str(&target[..start]);
                done.push_str(value);
                target = target[end..].to_owned();
            }
            None => {
                return Plan::Skip(format!(
                    "the URL holds the documented placeholder `{}`; give it a value in --values",
                    &target[start..end]
                ));
            }
        }
    }
    done.push_str(&target);
    let headers = (case.headers.iter())
        .filter(|(name, value)| sent_header(name) && placeholder(value).is_none())
        .cloned()
        .collect();
    let body = match &case.body {
        Some(Body::Json(value)) => Some(serde_json::to_vec(value).unwrap_or_default()),
        Some(Body::Text(text)) => Some(text.clone().into_bytes()),
        None => None,
    };
    Plan::Send(Request {
        method: case.method,
        target: encoded(&done),
        headers,
        body,
    })
}

/// What came back, or why nothing did.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// How a case ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// As documented; with what the answer holds that the model does not (unknown members).
    Pass {
        notes: Vec<String>,
    },
    Fail {
        reasons: Vec<String>,
        notes: Vec<String>,
    },
    /// It failed, as the docs say it would.
    KnownFailure {
        reasons: Vec<String>,
        why: String,
    },
    Skip(String),
}

impl Outcome {
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Pass { .. } => "pass",
            Outcome::Fail { .. } => "fail",
            Outcome::KnownFailure { .. } => "known-failure",
            Outcome::Skip(_) => "skip",
        }
    }
}

/// Judges an answer to a case.
pub fn judge(contract: &Contract, case: &Case, answer: Result<&Answer, &str>) -> Outcome {
    let mut reasons = Vec::new();
    let mut notes = Vec::new();
    match answer {
        Err(why) => reasons.push(format!("no answer: {why}")),
        Ok(answer) => {
            let route = case.route.map(|i| &contract.routes[i]);
            let expected = case.status.or(route.map(|r| r.status));
            let fits = match expected {
                Some(e) => answer.status == e || (e < 400 && answer.status / 100 == e / 100),
                None => (200..300).contains(&answer.status),
            };
            if !fits {
                let expected = expected.map_or("a success".to_owned(), |e| e.to_string());
                // The service's own words, when it answers with OData's error JSON.
                let said = serde_json::from_slice::<Value>(&answer.body)
                    .ok()
                    .and_then(|v| {
                        v.pointer("/error/message")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    });
                let said = said.map_or_else(String::new, |m| format!(": {m}"));
                reasons.push(format!(
                    "status: expected {expected}, found {}{said}",
                    answer.status
                ));
            }
            let json_sent = answer
                .content_type
                .as_deref()
                .is_some_and(|t| t.contains("json"));
            // A case that documents a body other than JSON (`$count`'s number as text) is
            // judged by its status alone.
            let documents_text = matches!(case.response_body, Some(Body::Text(_)));
            if let (Some(operation), true) = (
                case.route,
                fits && !answer.body.is_empty() && !documents_text,
            ) {
                match serde_json::from_slice::<Value>(&answer.body) {
                    Ok(body) => {
                        for m in contract.check_response(operation, &body) {
                            reasons.push(m.message);
                        }
                        for pointer in contract.unknown_members(operation, &body) {
                            notes.push(format!("`{pointer}` is not a member the docs document"));
                        }
                    }
                    Err(e) if json_sent || contract.routes[operation].response.is_some() => {
                        reasons.push(format!("the response body is not JSON: {e}"));
                    }
                    Err(_) => {}
                }
            }
        }
    }
    match (reasons.is_empty(), &case.known_failure) {
        (true, _) => Outcome::Pass { notes },
        (false, Some(why)) => Outcome::KnownFailure {
            reasons,
            why: why.clone(),
        },
        (false, None) => Outcome::Fail { reasons, notes },
    }
}

/// How replay results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReplayFormat {
    #[default]
    Text,
    Json,
    Junit,
    Sarif,
    Github,
}

impl std::str::FromStr for ReplayFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<ReplayFormat, String> {
        match s {
            "text" => Ok(ReplayFormat::Text),
            "json" => Ok(ReplayFormat::Json),
            "junit" => Ok(ReplayFormat::Junit),
            "sarif" => Ok(ReplayFormat::Sarif),
            "github" => Ok(ReplayFormat::Github),
            other => Err(format!(
                "`{other}` is not a format: text, json, junit, sarif or github"
            )),
        }
    }
}

fn place(case: &Case) -> String {
    if case.line > 0 {
        format!("{}:{}", case.page, case.line)
    } else {
        case.page.clone()
    }
}

/// Counts by outcome, in a stable order.
pub fn counts(results: &[(&Case, Outcome)]) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for label in ["pass", "fail", "known-failure", "skip"] {
        counts.insert(label, 0);
    }
    for (_, outcome) in results {
        *counts.entry(outcome.label()).or_default() += 1;
    }
    counts
}

fn summary(results: &[(&Case, Outcome)]) -> String {
    let c = counts(results);
    format!(
        "{} cases: {} passed, {} failed, {} failed as the docs say they would, {} skipped",
        results.len(),
        c["pass"],
        c["fail"],
        c["known-failure"],
        c["skip"]
    )
}

fn xml_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The results in `format`.
pub fn render(format: ReplayFormat, results: &[(&Case, Outcome)]) -> String {
    match format {
        ReplayFormat::Text => render_text(results),
        ReplayFormat::Json => render_json(results),
        ReplayFormat::Junit => render_junit(results),
        ReplayFormat::Sarif => render_sarif(results),
        ReplayFormat::Github => render_github(results),
    }
}

/// One line per case, its reasons and notes below it, then the summary.
fn render_text(results: &[(&Case, Outcome)]) -> String {
    let mut out = String::new();
    for (case, outcome) in results {
        let what = format!("{} {} {}", case.name, case.method, case.target);
        let _ = match outcome {
            Outcome::Pass { notes } if notes.is_empty() => {
                writeln!(out, "{}: pass: {what}", place(case))
            }
            Outcome::Pass { notes } => writeln!(
                out,
                "{}: pass: {what}\n  note: {}",
                place(case),
                notes.join("\n  note: ")
            ),
            Outcome::Fail { reasons, .. } => writeln!(
                out,
                "{}: FAIL: {what}\n  {}",
                place(case),
                reasons.join("\n  ")
            ),
            Outcome::KnownFailure { reasons, why } => writeln!(
                out,
                "{}: known failure ({why}): {what}\n  {}",
                place(case),
                reasons.join("\n  ")
            ),
            Outcome::Skip(why) => writeln!(out, "{}: skip: {what}: {why}", place(case)),
        };
    }
    let _ = writeln!(out, "{}", summary(results));
    out
}

/// Every case with its outcome, reasons and notes, and the counts.
fn render_json(results: &[(&Case, Outcome)]) -> String {
    let cases: Vec<Value> = (results.iter())
        .map(|(case, outcome)| {
            let (reasons, notes, why): (&[String], &[String], Option<&str>) = match outcome {
                Outcome::Pass { notes } => (&[], notes, None),
                Outcome::Fail { reasons, notes } => (reasons, notes, None),
                Outcome::KnownFailure { reasons, why } => (reasons, &[], Some(why)),
                Outcome::Skip(why) => (&[], &[], Some(why)),
            };
            json!({
                "name": case.name, "page": case.page, "line": case.line,
                "method": case.method.to_string(), "target": case.target,
                "outcome": outcome.label(), "reasons": reasons, "notes": notes, "why": why,
            })
        })
        .collect();
    let document = json!({ "cases": cases, "summary": counts(results) });
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

/// A JUnit test suite: a test case per documented example.
fn render_junit(results: &[(&Case, Outcome)]) -> String {
    let mut out = String::new();
    let c = counts(results);
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        out,
        "<testsuite name=\"graphdoc-codegen replay\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        results.len(),
        c["fail"],
        c["skip"] + c["known-failure"]
    );
    for (case, outcome) in results {
        let _ = write!(
            out,
            "  <testcase classname=\"{}\" name=\"{}\">",
            xml_escaped(&case.page),
            xml_escaped(&case.name)
        );
        let _ = match outcome {
            Outcome::Pass { .. } => Ok(()),
            Outcome::Fail { reasons, .. } => write!(
                out,
                "<failure message=\"{}\"/>",
                xml_escaped(&reasons.join("; "))
            ),
            Outcome::KnownFailure { why, .. } => write!(
                out,
                "<skipped message=\"known failure: {}\"/>",
                xml_escaped(why)
            ),
            Outcome::Skip(why) => {
                write!(out, "<skipped message=\"{}\"/>", xml_escaped(why))
            }
        };
        let _ = writeln!(out, "</testcase>");
    }
    let _ = writeln!(out, "</testsuite>");
    out
}

/// SARIF 2.1.0: each failing case a result at its example's line.
fn render_sarif(results: &[(&Case, Outcome)]) -> String {
    let found: Vec<Value> = (results.iter())
        .filter_map(|(case, outcome)| match outcome {
            Outcome::Fail { reasons, .. } => Some(json!({
                "ruleId": "replay-fail",
                "level": "error",
                "message": { "text": format!("{} {} {}: {}", case.name, case.method, case.target, reasons.join("; ")) },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": crate::report::uri_path(&case.page), "uriBaseId": "DOCS" },
                    "region": { "startLine": case.line.max(1) },
                }}],
            })),
            _ => None,
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "graphdoc-codegen replay", "rules": [{
                "id": "replay-fail",
                "shortDescription": { "text": "A documented example the service does not answer as documented." },
            }]}},
            "results": found,
        }],
    });
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

/// GitHub Actions workflow commands: the summary as a notice, each failure an error.
fn render_github(results: &[(&Case, Outcome)]) -> String {
    let mut out = String::new();
    let escape = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| escape(s).replace(':', "%3A").replace(',', "%2C");
    let _ = writeln!(out, "::notice title=replay::{}", escape(&summary(results)));
    for (case, outcome) in results {
        if let Outcome::Fail { reasons, .. } = outcome {
            let _ = writeln!(
                out,
                "::error file={},line={},title={}::{}",
                property(&case.page),
                case.line.max(1),
                property(&format!("replay {}", case.name)),
                escape(&format!(
                    "{} {}: {}",
                    case.method,
                    case.target,
                    reasons.join("; ")
                ))
            );
        }
    }
    out
}
