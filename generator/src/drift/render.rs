//! A drift report for people and machines, and its gate: `--deny KIND` fails on a finding of
//! that kind the baseline does not hold, as `generate --deny CODE` does for diagnostics.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{Finding, FindingKind, Item, Report};

/// How a drift report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DriftFormat {
    #[default]
    Text,
    Json,
    Markdown,
    Sarif,
    Github,
}

impl std::str::FromStr for DriftFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<DriftFormat, String> {
        match s {
            "text" => Ok(DriftFormat::Text),
            "json" => Ok(DriftFormat::Json),
            "markdown" => Ok(DriftFormat::Markdown),
            "sarif" => Ok(DriftFormat::Sarif),
            "github" => Ok(DriftFormat::Github),
            other => Err(format!(
                "`{other}` is not a format: text, json, markdown, sarif or github"
            )),
        }
    }
}

/// The kinds of finding that fail a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DriftDeny(Vec<FindingKind>);

impl DriftDeny {
    /// From `--deny` values: kinds, or `all`.
    pub fn parse<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<DriftDeny, String> {
        let mut kinds = Vec::new();
        for value in values {
            if value == "all" {
                kinds.extend(FindingKind::ALL);
            } else {
                kinds.push(value.parse()?);
            }
        }
        Ok(DriftDeny(kinds))
    }

    pub fn denies(&self, kind: FindingKind) -> bool {
        self.0.contains(&kind)
    }
}

/// The known findings, as a file kept beside the docs. Keyed by kind, item and name: a line
/// that moves does not make a finding new.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftBaseline {
    pub version: u32,
    pub findings: Vec<DriftBaselineEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DriftBaselineEntry {
    pub kind: String,
    pub item: String,
    pub name: String,
}

impl DriftBaselineEntry {
    fn of(f: &Finding) -> DriftBaselineEntry {
        DriftBaselineEntry {
            kind: f.kind.as_str().to_owned(),
            item: f.item.as_str().to_owned(),
            name: f.name.clone(),
        }
    }
}

impl DriftBaseline {
    pub fn of(findings: &[Finding]) -> DriftBaseline {
        let mut findings: Vec<DriftBaselineEntry> =
            findings.iter().map(DriftBaselineEntry::of).collect();
        findings.sort();
        findings.dedup();
        DriftBaseline {
            version: 1,
            findings,
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn from_json(text: &str) -> Result<DriftBaseline, String> {
        serde_json::from_str(text).map_err(|e| format!("not a drift baseline file: {e}"))
    }

    pub fn holds(&self, f: &Finding) -> bool {
        self.findings
            .binary_search(&DriftBaselineEntry::of(f))
            .is_ok()
    }
}

/// Per finding: whether it fails the run (denied, and not in the baseline).
pub fn denied(report: &Report, deny: &DriftDeny, baseline: Option<&DriftBaseline>) -> Vec<bool> {
    (report.findings.iter())
        .map(|f| deny.denies(f.kind) && !baseline.is_some_and(|b| b.holds(f)))
        .collect()
}

/// `page:line` on the pages, or `metadata:line` in the metadata file.
fn location(f: &Finding, metadata_file: &str) -> String {
    match (&f.docs, f.metadata) {
        (Some((page, line)), _) => format!("{page}:{line}"),
        (None, Some(line)) => format!("{metadata_file}:{line}"),
        (None, None) => metadata_file.to_owned(),
    }
}

fn summary_lines(report: &Report) -> Vec<String> {
    let s = &report.summary;
    let row = |what: &str, c: super::Coverage| {
        format!(
            "{what}: {} of {} documented ({:.1}%)",
            c.documented,
            c.total,
            c.percent()
        )
    };
    vec![
        row("types", s.types),
        row("properties", s.properties),
        row("operations", s.operations),
        row("entity sets and singletons", s.container),
    ]
}

/// Findings by kind, then item, in the report's order.
fn grouped(report: &Report) -> BTreeMap<(FindingKind, Item), Vec<(usize, &Finding)>> {
    let mut groups: BTreeMap<(FindingKind, Item), Vec<(usize, &Finding)>> = BTreeMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        groups.entry((f.kind, f.item)).or_default().push((i, f));
    }
    groups
}

pub fn render(
    format: DriftFormat,
    report: &Report,
    denied: &[bool],
    metadata_file: &str,
) -> String {
    match format {
        DriftFormat::Text => text(report, denied, metadata_file),
        DriftFormat::Json => json_report(report, denied),
        DriftFormat::Markdown => markdown(report, metadata_file),
        DriftFormat::Sarif => sarif(report, denied, metadata_file),
        DriftFormat::Github => github(report, denied, metadata_file),
    }
}

fn text(report: &Report, denied: &[bool], metadata_file: &str) -> String {
    let mut out = String::new();
    for line in summary_lines(report) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "{} findings", report.findings.len());
    for ((kind, item), findings) in grouped(report) {
        let _ = writeln!(
            out,
            "\n{} {} ({}):",
            kind.as_str(),
            item.as_str(),
            findings.len()
        );
        for (i, f) in findings {
            let level = if denied.get(i).copied().unwrap_or(false) {
                "error"
            } else {
                "warning"
            };
            let _ = writeln!(
                out,
                "{}: {level}[{}]: `{}`: {}",
                location(f, metadata_file),
                f.kind.as_str(),
                f.name,
                f.detail
            );
        }
    }
    out
}

fn json_report(report: &Report, denied: &[bool]) -> String {
    let findings: Vec<Value> = (report.findings.iter().zip(denied))
        .map(|(f, denied)| {
            json!({
                "kind": f.kind,
                "item": f.item,
                "name": f.name,
                "docs": f.docs.as_ref().map(|(page, line)| format!("{page}:{line}")),
                "metadata": f.metadata,
                "detail": f.detail,
                "denied": denied,
            })
        })
        .collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &report.findings {
        *counts.entry(f.kind.as_str()).or_default() += 1;
    }
    let coverage = |c: super::Coverage| json!({"total": c.total, "documented": c.documented, "percent": (c.percent() * 10.0).round() / 10.0});
    let s = &report.summary;
    let document = json!({
        "findings": findings,
        "summary": {
            "types": coverage(s.types),
            "properties": coverage(s.properties),
            "operations": coverage(s.operations),
            "container": coverage(s.container),
            "findings": counts,
        },
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// Text from the docs or the metadata inside markdown: code spans cannot be closed by it.
fn code(text: &str) -> String {
    let fence = if text.contains('`') { "`` " } else { "`" };
    let close = if text.contains('`') { " ``" } else { "`" };
    format!("{fence}{}{close}", text.replace(['\n', '\r'], " "))
}

fn markdown(report: &Report, metadata_file: &str) -> String {
    let mut out = String::from("## Drift between the pages and the metadata\n\n");
    out.push_str("| | documented | of | % |\n|---|---:|---:|---:|\n");
    let s = &report.summary;
    for (what, c) in [
        ("types", s.types),
        ("properties", s.properties),
        ("operations", s.operations),
        ("entity sets and singletons", s.container),
    ] {
        let _ = writeln!(
            out,
            "| {what} | {} | {} | {:.1} |",
            c.documented,
            c.total,
            c.percent()
        );
    }
    let _ = writeln!(out, "\n{} findings.", report.findings.len());
    for ((kind, item), findings) in grouped(report) {
        let _ = writeln!(
            out,
            "\n<details><summary>{} {} ({})</summary>\n",
            kind.as_str(),
            item.as_str(),
            findings.len()
        );
        for (_, f) in findings {
            let detail = f.detail.replace(['\n', '\r'], " ").replace('<', "&lt;");
            let _ = writeln!(
                out,
                "- {} at {}: {detail}",
                code(&f.name),
                code(&location(f, metadata_file))
            );
        }
        out.push_str("\n</details>\n");
    }
    out
}

fn sarif(report: &Report, denied: &[bool], metadata_file: &str) -> String {
    let rules: Vec<Value> = FindingKind::ALL
        .iter()
        .map(|k| {
            json!({"id": k.as_str(), "shortDescription": {"text": match k {
                FindingKind::Undocumented => "The service has it; no page documents it.",
                FindingKind::Phantom => "A page documents it; the service does not have it.",
                FindingKind::Mismatch => "The pages and the service both have it, and they differ.",
                FindingKind::Unresolved => "The metadata names a type none of its schemas defines.",
            }}})
        })
        .collect();
    let results: Vec<Value> = (report.findings.iter().zip(denied))
        .map(|(f, denied)| {
            let (uri, base, line) = match (&f.docs, f.metadata) {
                (Some((page, line)), _) => (page.clone(), "DOCS", *line),
                (None, line) => (metadata_file.to_owned(), "METADATA", line.unwrap_or(1)),
            };
            json!({
                "ruleId": f.kind.as_str(),
                "level": if *denied { "error" } else { "warning" },
                "message": {"text": format!("{} `{}`: {}", f.item.as_str(), f.name, f.detail)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": crate::report::uri_path(&uri), "uriBaseId": base},
                    "region": {"startLine": line.max(1)},
                }}],
            })
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "graphdoc-codegen drift", "rules": rules}},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// GitHub workflow commands: a notice of the counts, then at most ten annotations per kind.
fn github(report: &Report, denied: &[bool], metadata_file: &str) -> String {
    const PER_KIND: usize = 10;
    let escape = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_property = |s: &str| escape(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    let mut counts: BTreeMap<FindingKind, usize> = BTreeMap::new();
    for f in &report.findings {
        *counts.entry(f.kind).or_default() += 1;
    }
    let counted: Vec<String> = counts
        .iter()
        .map(|(k, n)| format!("{n} {}", k.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "::notice title=drift::{}",
        escape(&format!(
            "{} findings ({}); {}",
            report.findings.len(),
            counted.join(", "),
            summary_lines(report).join("; ")
        ))
    );
    let mut shown: BTreeMap<FindingKind, usize> = BTreeMap::new();
    for (f, denied) in report.findings.iter().zip(denied) {
        let n = shown.entry(f.kind).or_default();
        *n += 1;
        if *n > PER_KIND {
            continue;
        }
        let (file, line) = match (&f.docs, f.metadata) {
            (Some((page, line)), _) => (page.clone(), *line),
            (None, line) => (metadata_file.to_owned(), line.unwrap_or(1)),
        };
        let level = if *denied { "error" } else { "warning" };
        let _ = writeln!(
            out,
            "::{level} file={},line={line},title={}::{}",
            escape_property(&file),
            escape_property(&format!("{} {}", f.kind.as_str(), f.item.as_str())),
            escape(&format!("`{}`: {}", f.name, f.detail))
        );
    }
    for (kind, n) in counts {
        if n > PER_KIND {
            let _ = writeln!(
                out,
                "::notice title=drift::{} more {} findings (`--format json` lists them all)",
                n - PER_KIND,
                kind.as_str()
            );
        }
    }
    out
}
