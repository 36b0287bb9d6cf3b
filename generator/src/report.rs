//! Diagnostics for machines and for gating a pull request: as JSON, as SARIF 2.1.0 (GitHub code
//! scanning), as GitHub workflow commands; a baseline of known diagnostics, and the codes a run
//! denies, as rustc's `-D` and clippy's lint levels do and ApiDoctor's suppression files.
//!
//! A baseline entry is keyed by page, code and a fingerprint of the message, not by line: an
//! edit elsewhere on the page moves a diagnostic without making it new.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::diag::{Code, Diagnostic};

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `path:line:col: warning[code]: message`, as compilers print.
    #[default]
    Text,
    /// One JSON document: every diagnostic with its fingerprint and whether it is denied.
    Json,
    /// SARIF 2.1.0, which GitHub code scanning takes.
    Sarif,
    /// GitHub Actions workflow commands: `::warning file=…,line=…,col=…::message`.
    Github,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "sarif" => Ok(Format::Sarif),
            "github" => Ok(Format::Github),
            other => Err(format!(
                "`{other}` is not a format: text, json, sarif or github"
            )),
        }
    }
}

/// Which codes fail a run: `--deny CODE` (repeatable) or `--deny all`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deny {
    all: bool,
    codes: Vec<Code>,
}

impl Deny {
    /// From the `--deny` values: code names or `all`.
    pub fn parse<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Deny, String> {
        let mut deny = Deny::default();
        for value in values {
            if value == "all" {
                deny.all = true;
            } else {
                deny.codes.push(value.parse()?);
            }
        }
        Ok(deny)
    }

    pub fn denies(&self, code: Code) -> bool {
        self.all || self.codes.contains(&code)
    }

    pub fn is_empty(&self) -> bool {
        !self.all && self.codes.is_empty()
    }
}

/// The fingerprint of a diagnostic: its code and message, hashed (FNV-1a, stable across
/// platforms and releases), without its line and column.
pub fn fingerprint(d: &Diagnostic) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in d.code.as_str().bytes().chain([0]).chain(d.message.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The known diagnostics of a docs folder, as a file kept beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub diagnostics: Vec<BaselineEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub page: String,
    pub code: String,
    pub fingerprint: String,
    /// For the reader of the file; not part of the key.
    pub message: String,
}

impl Baseline {
    /// The baseline of these diagnostics, in a stable order.
    pub fn of(diagnostics: &[Diagnostic]) -> Baseline {
        let mut entries: Vec<BaselineEntry> = diagnostics
            .iter()
            .map(|d| BaselineEntry {
                page: d.location.path.clone(),
                code: d.code.as_str().to_owned(),
                fingerprint: fingerprint(d),
                message: d.message.clone(),
            })
            .collect();
        entries.sort();
        Baseline {
            version: 1,
            diagnostics: entries,
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn from_json(text: &str) -> Result<Baseline, String> {
        serde_json::from_str(text).map_err(|e| format!("not a baseline file: {e}"))
    }

    /// Whether each diagnostic is new: not in the baseline. A diagnostic the baseline holds
    /// twice is known twice; a third one like it is new.
    pub fn new_ones(&self, diagnostics: &[Diagnostic]) -> Vec<bool> {
        let mut known: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
        for e in &self.diagnostics {
            *known
                .entry((e.page.as_str(), e.code.as_str(), e.fingerprint.as_str()))
                .or_default() += 1;
        }
        let prints: Vec<String> = diagnostics.iter().map(fingerprint).collect();
        diagnostics
            .iter()
            .zip(&prints)
            .map(|(d, print)| {
                let key = (d.location.path.as_str(), d.code.as_str(), print.as_str());
                match known.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }
}

/// What a run's diagnostics amount to for a gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate {
    /// Per diagnostic: not in the baseline (all are new without one).
    pub new: Vec<bool>,
    /// Per diagnostic: new and denied, so the run fails.
    pub denied: Vec<bool>,
}

impl Gate {
    pub fn of(diagnostics: &[Diagnostic], baseline: Option<&Baseline>, deny: &Deny) -> Gate {
        let new = baseline.map_or_else(
            || vec![true; diagnostics.len()],
            |b| b.new_ones(diagnostics),
        );
        let denied = diagnostics
            .iter()
            .zip(&new)
            .map(|(d, new)| *new && deny.denies(d.code))
            .collect();
        Gate { new, denied }
    }

    pub fn fails(&self) -> bool {
        self.denied.iter().any(|d| *d)
    }
}

/// The diagnostics in a format. `docs` is the docs folder as the user named it: SARIF and
/// GitHub locate files from the repository root, so their paths start with it.
pub fn render(format: Format, diagnostics: &[Diagnostic], verdict: &Gate, docs: &str) -> String {
    match format {
        Format::Text => text(diagnostics, verdict),
        Format::Json => json(diagnostics, verdict, docs),
        Format::Sarif => sarif(diagnostics, verdict, docs),
        Format::Github => github(diagnostics, verdict, docs),
    }
}

fn text(diagnostics: &[Diagnostic], verdict: &Gate) -> String {
    let mut out = String::new();
    for (d, denied) in diagnostics.iter().zip(&verdict.denied) {
        let line = d.to_string();
        if *denied {
            out.push_str(&line.replacen(": warning[", ": error[", 1));
        } else {
            out.push_str(&line);
        }
        out.push('\n');
    }
    out
}

fn repository_path(docs: &str, page: &str) -> String {
    let docs = docs.trim_end_matches(['/', '\\']).replace('\\', "/");
    let docs = docs.trim_start_matches("./");
    if docs.is_empty() || docs == "." {
        page.to_owned()
    } else {
        format!("{docs}/{page}")
    }
}

fn json(diagnostics: &[Diagnostic], verdict: &Gate, docs: &str) -> String {
    let items: Vec<Value> = diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| {
            json!({
                "file": repository_path(docs, &d.location.path),
                "page": d.location.path,
                "line": d.location.line,
                "column": d.location.col,
                "code": d.code.as_str(),
                "level": if verdict.denied[i] { "error" } else { "warning" },
                "new": verdict.new[i],
                "fingerprint": fingerprint(d),
                "message": d.message,
            })
        })
        .collect();
    let document = json!({
        "diagnostics": items,
        "denied": verdict.denied.iter().filter(|d| **d).count(),
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// The base the SARIF locations are relative to: the docs folder.
const DOCS_BASE: &str = "DOCS";

/// Where [`DOCS_BASE`] is: the docs folder relative to the repository root (`SRCROOT`, where
/// the run started) when it is below it, as code scanning maps it; else its absolute `file:` URI.
fn docs_base(docs: &str) -> Value {
    let folder = repository_path(docs, "");
    let below = !folder.starts_with("../") && !folder.starts_with('/') && folder != "..";
    if below && !std::path::Path::new(docs).is_absolute() {
        let folder = if folder.is_empty() {
            "./".to_owned()
        } else {
            folder
        };
        return json!({ "uri": uri_path(&folder), "uriBaseId": "SRCROOT" });
    }
    let absolute = std::fs::canonicalize(docs).unwrap_or_else(|_| docs.into());
    let mut uri = format!(
        "file://{}",
        uri_path(&absolute.to_string_lossy().replace('\\', "/"))
    );
    if !uri.ends_with('/') {
        uri.push('/');
    }
    json!({ "uri": uri })
}

/// A path as a URI reference: each byte outside RFC 3986's unreserved set and `/` escaped.
pub(crate) fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn sarif(diagnostics: &[Diagnostic], verdict: &Gate, docs: &str) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            let description = code.paragraph();
            json!({
                "id": code.as_str(),
                "shortDescription": { "text": code.summary() },
                "fullDescription": { "text": description },
                "help": {
                    "text": format!("{description} More: `graphdoc-codegen explain {code}`."),
                    "markdown": format!("{description}\n\n{}", code.explanation()),
                },
                "defaultConfiguration": { "level": "warning" },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let rule_index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": rule_index,
                "level": if verdict.denied[i] { "error" } else { "warning" },
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri_path(&d.location.path), "uriBaseId": DOCS_BASE },
                        "region": { "startLine": d.location.line, "startColumn": d.location.col },
                    },
                }],
                "partialFingerprints": { "graphDocs/v1": fingerprint(d) },
                "baselineState": if verdict.new[i] { "new" } else { "unchanged" },
            })
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": env!("CARGO_PKG_NAME"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://crates.io/crates/graphdoc-codegen",
                    "rules": rules,
                },
            },
            "originalUriBaseIds": { DOCS_BASE: docs_base(docs) },
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// Workflow command escaping: data escapes `%`, CR and LF; properties also `:` and `,`.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The annotations of one code GitHub is given; the rest are counted in a notice. GitHub shows
/// about ten annotations of each level per step.
pub const ANNOTATIONS_PER_CODE: usize = 10;

/// Workflow commands: one notice with the count of each code, the commonest first; then, for
/// each code, its first [`ANNOTATIONS_PER_CODE`] diagnostics (denied ones first) as annotations
/// and a notice counting the rest.
fn github(diagnostics: &[Diagnostic], verdict: &Gate, docs: &str) -> String {
    let mut out = String::new();
    if diagnostics.is_empty() {
        return out;
    }
    let mut by_code: BTreeMap<Code, Vec<usize>> = BTreeMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        by_code.entry(d.code).or_default().push(i);
    }
    let mut codes: Vec<(Code, Vec<usize>)> = by_code.into_iter().collect();
    codes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let counts: Vec<String> = (codes.iter())
        .map(|(code, all)| format!("{code} {}", all.len()))
        .collect();
    out.push_str(&format!(
        "::notice title={}::{} doc diagnostics: {}\n",
        escape_property("graphdoc-codegen"),
        diagnostics.len(),
        escape_data(&counts.join(", "))
    ));
    for (code, mut all) in codes {
        // Stable: denied first, then in the order of the pages.
        all.sort_by_key(|&i| !verdict.denied[i]);
        for &i in all.iter().take(ANNOTATIONS_PER_CODE) {
            let d = &diagnostics[i];
            let command = if verdict.denied[i] {
                "error"
            } else {
                "warning"
            };
            out.push_str(&format!(
                "::{command} file={},line={},col={},title={}::{}\n",
                escape_property(&repository_path(docs, &d.location.path)),
                d.location.line,
                d.location.col,
                escape_property(code.as_str()),
                escape_data(&d.message)
            ));
        }
        if all.len() > ANNOTATIONS_PER_CODE {
            out.push_str(&format!(
                "::notice title={}::{} more {code} diagnostics not annotated (all of them: --format json or text)\n",
                escape_property(code.as_str()),
                all.len() - ANNOTATIONS_PER_CODE,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    fn diagnostic(path: &str, line: u32, code: Code, message: &str) -> Diagnostic {
        Diagnostic {
            location: Location::at(path, line),
            code,
            message: message.to_owned(),
        }
    }

    #[test]
    fn a_baseline_survives_edits_elsewhere_on_the_page() {
        let before = [
            diagnostic("a.md", 10, Code::LinkDangling, "`x.md` does not exist"),
            diagnostic("a.md", 12, Code::LinkDangling, "`x.md` does not exist"),
        ];
        let baseline = Baseline::of(&before);
        let text = baseline.to_json();
        let baseline = Baseline::from_json(&text).expect("reads back");
        // Three lines were added above: same diagnostics, new lines; and one more like them.
        let after = [
            diagnostic("a.md", 13, Code::LinkDangling, "`x.md` does not exist"),
            diagnostic("a.md", 15, Code::LinkDangling, "`x.md` does not exist"),
            diagnostic("a.md", 20, Code::LinkDangling, "`x.md` does not exist"),
            diagnostic("b.md", 13, Code::LinkDangling, "`x.md` does not exist"),
        ];
        assert_eq!(baseline.new_ones(&after), [false, false, true, true]);
    }

    #[test]
    fn deny_fails_only_on_new_denied_codes() {
        let ds = [
            diagnostic("a.md", 1, Code::LinkDangling, "old"),
            diagnostic("a.md", 2, Code::RouteNotAPath, "new"),
        ];
        let baseline = Baseline::of(&ds[..1]);
        let deny = Deny::parse(["link-dangling"]).expect("a code");
        assert!(!Gate::of(&ds, Some(&baseline), &deny).fails());
        assert!(Gate::of(&ds, None, &deny).fails());
        let all = Deny::parse(["all"]).expect("all");
        let verdict = Gate::of(&ds, Some(&baseline), &all);
        assert_eq!(verdict.denied, [false, true]);
        assert!(Deny::parse(["no-such-code"]).is_err());
        assert!(!Gate::of(&ds, None, &Deny::default()).fails());
    }

    #[test]
    fn formats() {
        let ds = [diagnostic(
            "api/a.md",
            3,
            Code::RouteNotAPath,
            "100% wrong,\nreally: `x`",
        )];
        let verdict = Gate::of(&ds, None, &Deny::parse(["all"]).expect("all"));
        assert_eq!(
            render(Format::Github, &ds, &verdict, "./docs/"),
            "::notice title=graphdoc-codegen::1 doc diagnostics: route-not-a-path 1\n\
             ::error file=docs/api/a.md,line=3,col=1,title=route-not-a-path::100%25 wrong,%0Areally: `x`\n"
        );
        assert_eq!(
            render(Format::Text, &ds, &verdict, "docs"),
            "api/a.md:3:1: error[route-not-a-path]: 100% wrong,\nreally: `x`\n"
        );
        let sarif: Value =
            serde_json::from_str(&render(Format::Sarif, &ds, &verdict, "docs")).expect("JSON");
        assert_eq!(sarif["version"], "2.1.0");
        let result = &sarif["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "route-not-a-path");
        assert_eq!(result["level"], "error");
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"],
            json!({ "uri": "api/a.md", "uriBaseId": "DOCS" })
        );
        assert_eq!(
            sarif["runs"][0]["originalUriBaseIds"]["DOCS"],
            json!({ "uri": "docs/", "uriBaseId": "SRCROOT" })
        );
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules");
        assert_eq!(rules.len(), Code::ALL.len());
        let index = result["ruleIndex"].as_u64().expect("an index") as usize;
        assert_eq!(rules[index]["id"], "route-not-a-path");
        let json: Value =
            serde_json::from_str(&render(Format::Json, &ds, &verdict, "docs")).expect("JSON");
        assert_eq!(json["denied"], 1);
        assert_eq!(json["diagnostics"][0]["fingerprint"], fingerprint(&ds[0]));
    }
}
