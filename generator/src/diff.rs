//! What a docs change does to the API: the semantic changes between the model built from a
//! base folder and the one built from the new docs, each classified breaking or not and located
//! at its page and line (in the new docs; in the base for a removal).
//!
//! Breaking follows oasdiff's rules: removing a route, parameter, type, property or enum member,
//! changing a type, making something required, or dropping a scope a caller may hold breaks
//! existing clients; adding optional things does not.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::{Model, Parameter, Property, Route, TypeDef, TypeRef};
use crate::vocab::Method;

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    RouteAdded,
    RouteRemoved,
    /// The same route with other names for its path parameters (`{role-templateId}` →
    /// `{roleTemplateId}`): the URL a client sends is the same.
    PathParametersRenamed,
    ParameterAdded,
    ParameterRemoved,
    ParameterChanged,
    RequestBodyChanged,
    ResponseChanged,
    ScopeAdded,
    ScopeRemoved,
    TypeAdded,
    TypeRemoved,
    BaseTypeChanged,
    TypeKindChanged,
    PropertyAdded,
    PropertyRemoved,
    PropertyTypeChanged,
    PropertyNullabilityChanged,
    EnumMemberAdded,
    EnumMemberRemoved,
}

impl Kind {
    /// The heading a change of this kind is grouped under.
    fn group(self) -> &'static str {
        match self {
            Kind::RouteAdded | Kind::RouteRemoved | Kind::PathParametersRenamed => "Routes",
            Kind::ParameterAdded | Kind::ParameterRemoved | Kind::ParameterChanged => "Parameters",
            Kind::RequestBodyChanged | Kind::ResponseChanged => "Request and response types",
            Kind::ScopeAdded | Kind::ScopeRemoved => "Scopes",
            Kind::TypeAdded | Kind::TypeRemoved | Kind::BaseTypeChanged | Kind::TypeKindChanged => {
                "Types"
            }
            Kind::PropertyAdded
            | Kind::PropertyRemoved
            | Kind::PropertyTypeChanged
            | Kind::PropertyNullabilityChanged => "Properties",
            Kind::EnumMemberAdded | Kind::EnumMemberRemoved => "Enum members",
        }
    }

    /// Whether the change is located in the base docs (what it removes is gone from the new).
    pub fn is_removal(self) -> bool {
        self.verb() == "removed"
    }

    /// Groups in the order a reviewer reads them: routes first, enum members last.
    fn group_rank(self) -> usize {
        const ORDER: [&str; 7] = [
            "Routes",
            "Parameters",
            "Request and response types",
            "Scopes",
            "Types",
            "Properties",
            "Enum members",
        ];
        ORDER
            .iter()
            .position(|g| *g == self.group())
            .unwrap_or(ORDER.len())
    }

    fn verb(self) -> &'static str {
        match self {
            Kind::RouteAdded
            | Kind::ParameterAdded
            | Kind::ScopeAdded
            | Kind::TypeAdded
            | Kind::PropertyAdded
            | Kind::EnumMemberAdded => "added",
            Kind::RouteRemoved
            | Kind::ParameterRemoved
            | Kind::ScopeRemoved
            | Kind::TypeRemoved
            | Kind::PropertyRemoved
            | Kind::EnumMemberRemoved => "removed",
            _ => "changed",
        }
    }
}

/// One semantic change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub kind: Kind,
    /// What changed: `GET /users/{user-id}`, `microsoft.graph.user.displayName`.
    pub subject: String,
    pub breaking: bool,
    /// What changed, as markdown (`` `String` → `Int32` ``).
    pub detail: String,
    /// The value before and after, for a change of a value (a type, a base type, a path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// The page and line that state it: in the new docs, or in the base for a removal.
    pub page: String,
    pub line: u32,
}

impl Change {
    /// A change of a value, `before` to `after`: its detail shows both, prefixed by `what`.
    fn of_value(mut self, what: &str, before: String, after: String) -> Change {
        self.detail = format!("{what}`{before}` → `{after}`");
        self.before = Some(before);
        self.after = Some(after);
        self
    }
}

/// The changes from `base` to `head`, in a stable order: by group, then subject.
pub fn diff(base: &Model, head: &Model) -> Vec<Change> {
    let mut changes = Vec::new();
    routes(base, head, &mut changes);
    types(base, head, &mut changes);
    changes.sort_by(|a, b| {
        (a.kind.group_rank(), &a.subject, a.kind, &a.detail).cmp(&(
            b.kind.group_rank(),
            &b.subject,
            b.kind,
            &b.detail,
        ))
    });
    changes
}

fn change(
    kind: Kind,
    subject: impl Into<String>,
    breaking: bool,
    detail: impl Into<String>,
    page: &str,
    line: u32,
) -> Change {
    Change {
        kind,
        subject: subject.into(),
        breaking,
        detail: detail.into(),
        before: None,
        after: None,
        page: page.to_owned(),
        line: line.max(1),
    }
}

fn show(ty: Option<&TypeRef>, collection: bool) -> String {
    let name = ty.map_or_else(|| "nothing".to_owned(), ToString::to_string);
    if collection {
        format!("Collection({name})")
    } else {
        name
    }
}

fn routes(base: &Model, head: &Model, out: &mut Vec<Change>) {
    // Routes are matched with their parameters' names taken out, as oasdiff matches paths: a
    // renamed parameter is the same URL.
    fn by_shape(model: &Model) -> BTreeMap<(String, Method), (&str, &Route)> {
        model
            .all_routes()
            .map(|(p, m, r)| {
                let shape = crate::model::spelling::without_parameter_names(p);
                ((shape, m), (p, r))
            })
            .collect()
    }
    let (old, new) = (by_shape(base), by_shape(head));
    for (key, (path, route)) in &old {
        if !new.contains_key(key) {
            let subject = format!("{} {path}", key.1);
            out.push(change(
                Kind::RouteRemoved,
                subject,
                true,
                "",
                &route.page,
                route.line,
            ));
        }
    }
    for (key, (path, route)) in &new {
        let method = key.1;
        let subject = format!("{method} {path}");
        let Some((old_path, before)) = old.get(key) else {
            out.push(change(
                Kind::RouteAdded,
                subject,
                false,
                "",
                &route.page,
                route.line,
            ));
            continue;
        };
        if old_path != path {
            out.push(
                change(
                    Kind::PathParametersRenamed,
                    &subject,
                    false,
                    "",
                    &route.page,
                    route.line,
                )
                .of_value("", (*old_path).to_owned(), (*path).to_owned()),
            );
        }
        let at = (route.page.as_str(), route.line);
        parameters(
            &subject,
            &before.query_parameters,
            &route.query_parameters,
            "query",
            at,
            out,
        );
        parameters(&subject, &before.headers, &route.headers, "header", at, out);
        let body = |r: &Route| r.request_body.as_ref().map(|b| show(b.ty.as_ref(), false));
        if body(before) != body(route) {
            out.push(
                change(Kind::RequestBodyChanged, &subject, true, "", at.0, at.1).of_value(
                    "",
                    body(before).unwrap_or_else(|| "none".into()),
                    body(route).unwrap_or_else(|| "none".into()),
                ),
            );
        }
        let response = |r: &Route| {
            r.response
                .as_ref()
                .map(|x| show(x.ty.as_ref(), x.collection))
        };
        if response(before) != response(route) {
            out.push(
                change(Kind::ResponseChanged, &subject, true, "", at.0, at.1).of_value(
                    "",
                    response(before).unwrap_or_else(|| "none".into()),
                    response(route).unwrap_or_else(|| "none".into()),
                ),
            );
        }
        scopes(&subject, before, route, out);
    }
}

fn parameters(
    subject: &str,
    old: &[Parameter],
    new: &[Parameter],
    location: &str,
    (page, line): (&str, u32),
    out: &mut Vec<Change>,
) {
    // Authorization and content negotiation are the protocol's, not the operation's.
    let own = |p: &&Parameter| {
        !["authorization", "content-type", "accept"].contains(&p.name.to_ascii_lowercase().as_str())
    };
    let old: BTreeMap<&str, &Parameter> = old
        .iter()
        .filter(own)
        .map(|p| (p.name.as_str(), p))
        .collect();
    let new: BTreeMap<&str, &Parameter> = new
        .iter()
        .filter(own)
        .map(|p| (p.name.as_str(), p))
        .collect();
    for name in old.keys().filter(|n| !new.contains_key(*n)) {
        let detail = format!("{location} parameter `{name}`");
        out.push(change(
            Kind::ParameterRemoved,
            subject,
            true,
            detail,
            page,
            line,
        ));
    }
    for (name, p) in &new {
        let required = p.required == Some(true);
        match old.get(name) {
            None => {
                let detail = format!(
                    "{}{location} parameter `{name}`",
                    if required { "required " } else { "" }
                );
                out.push(change(
                    Kind::ParameterAdded,
                    subject,
                    required,
                    detail,
                    page,
                    line,
                ));
            }
            Some(before) => {
                let (was, is) = (
                    show(before.ty.as_ref(), before.collection),
                    show(p.ty.as_ref(), p.collection),
                );
                if was != is {
                    let what = format!("{location} parameter `{name}`: ");
                    out.push(
                        change(Kind::ParameterChanged, subject, true, "", page, line)
                            .of_value(&what, was, is),
                    );
                }
                if required && before.required != Some(true) {
                    let detail = format!("{location} parameter `{name}` is now required");
                    out.push(change(
                        Kind::ParameterChanged,
                        subject,
                        true,
                        detail,
                        page,
                        line,
                    ));
                }
            }
        }
    }
}

fn scopes(subject: &str, before: &Route, route: &Route, out: &mut Vec<Change>) {
    let all = |r: &Route| -> BTreeSet<(&'static str, String)> {
        let p = &r.permissions;
        let kinds: [(&'static str, &Vec<String>); 3] = [
            ("delegated (work or school)", &p.delegated_work),
            ("delegated (personal)", &p.delegated_personal),
            ("application", &p.application),
        ];
        kinds
            .into_iter()
            .flat_map(|(kind, scopes)| scopes.iter().map(move |s| (kind, s.clone())))
            .collect()
    };
    let (old, new) = (all(before), all(route));
    for (kind, scope) in old.difference(&new) {
        // A caller may hold just the scope that is gone.
        let detail = format!("{kind} `{scope}`");
        out.push(change(
            Kind::ScopeRemoved,
            subject,
            true,
            detail,
            &route.page,
            route.line,
        ));
    }
    for (kind, scope) in new.difference(&old) {
        let detail = format!("{kind} `{scope}`");
        out.push(change(
            Kind::ScopeAdded,
            subject,
            false,
            detail,
            &route.page,
            route.line,
        ));
    }
}

fn types(base: &Model, head: &Model, out: &mut Vec<Change>) {
    let old: BTreeMap<String, &TypeDef> = base.types().collect();
    let new: BTreeMap<String, &TypeDef> = head.types().collect();
    let page = |t: &TypeDef| t.sources.first().cloned().unwrap_or_default();
    for (name, t) in &old {
        if !new.contains_key(name) {
            out.push(change(Kind::TypeRemoved, name, true, "", &page(t), t.line));
        }
    }
    for (name, t) in &new {
        let Some(before) = old.get(name) else {
            out.push(change(Kind::TypeAdded, name, false, "", &page(t), t.line));
            continue;
        };
        let at = page(t);
        if before.base_type != t.base_type {
            out.push(
                change(Kind::BaseTypeChanged, name, true, "", &at, t.line).of_value(
                    "",
                    before.base_type.as_deref().unwrap_or("none").to_owned(),
                    t.base_type.as_deref().unwrap_or("none").to_owned(),
                ),
            );
        }
        if before.kind != t.kind {
            let kind = |k: crate::model::TypeKind| format!("{k:?}").to_lowercase();
            out.push(
                change(Kind::TypeKindChanged, name, true, "", &at, t.line).of_value(
                    "",
                    kind(before.kind),
                    kind(t.kind),
                ),
            );
        }
        properties(name, before, t, out);
        // Each member at its row.
        let members = |t: &TypeDef| -> BTreeMap<String, u32> {
            t.members.iter().map(|m| (m.name.clone(), m.line)).collect()
        };
        let (was, is) = (members(before), members(t));
        for (m, &line) in was.iter().filter(|(m, _)| !is.contains_key(*m)) {
            let subject = format!("{name}.{m}");
            out.push(change(
                Kind::EnumMemberRemoved,
                subject,
                true,
                "",
                &page(before),
                line.max(before.line),
            ));
        }
        for (m, &line) in is.iter().filter(|(m, _)| !was.contains_key(*m)) {
            let subject = format!("{name}.{m}");
            out.push(change(
                Kind::EnumMemberAdded,
                subject,
                false,
                "",
                &at,
                line.max(t.line),
            ));
        }
    }
}

fn property_page(p: &Property, owner: &TypeDef) -> String {
    p.sources
        .iter()
        .next()
        .or(owner.sources.first())
        .cloned()
        .unwrap_or_default()
}

fn properties(name: &str, before: &TypeDef, after: &TypeDef, out: &mut Vec<Change>) {
    for (p_name, p) in &before.properties {
        if !after.properties.contains_key(p_name) {
            let subject = format!("{name}.{p_name}");
            out.push(change(
                Kind::PropertyRemoved,
                subject,
                true,
                "",
                &property_page(p, before),
                p.line,
            ));
        }
    }
    for (p_name, p) in &after.properties {
        let subject = format!("{name}.{p_name}");
        let page = property_page(p, after);
        let Some(old) = before.properties.get(p_name) else {
            out.push(change(
                Kind::PropertyAdded,
                subject,
                false,
                "",
                &page,
                p.line,
            ));
            continue;
        };
        let (was, is) = (
            show(Some(&old.ty), old.collection),
            show(Some(&p.ty), p.collection),
        );
        if was != is {
            out.push(
                change(Kind::PropertyTypeChanged, &subject, true, "", &page, p.line)
                    .of_value("", was, is),
            );
        }
        let nullable = |p: &Property| p.nullable != Some(false);
        if nullable(old) != nullable(p) {
            // Values that were never null may now be: clients that relied on it break.
            let (detail, breaking) = if nullable(p) {
                ("now nullable", true)
            } else {
                ("no longer nullable", false)
            };
            out.push(change(
                Kind::PropertyNullabilityChanged,
                &subject,
                breaking,
                detail,
                &page,
                p.line,
            ));
        }
    }
}

/// The most characters a GitHub pull-request comment holds.
pub const COMMENT_LIMIT: usize = 65_536;
/// Lines of a group shown open; a group of more is folded in `<details>`.
const OPEN_LINES: usize = 30;
/// Members named on the one line of an enum's added or removed members.
const MEMBERS_NAMED: usize = 12;

/// The changes as a pull-request comment of at most [`COMMENT_LIMIT`] characters.
pub fn markdown(changes: &[Change]) -> String {
    markdown_within(changes, COMMENT_LIMIT, &Links::default())
}

/// Where the pages are browsed, for locations as links: `head` for the new docs, `base` for the
/// base docs (a removal); each a URL the page's path is appended to
/// (`https://github.com/o/r/blob/<sha>/docs`), its line as `#L12`.
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub head: Option<String>,
    pub base: Option<String>,
}

/// One line of the comment and how many changes it stands for.
struct Line {
    text: String,
    changes: usize,
}

/// Where a change is stated: `page:line`, `base:` before it for a removal (the base docs), a
/// link where its tree has a URL.
fn location(c: &Change, links: &Links) -> String {
    let (tree, url) = if c.kind.is_removal() {
        ("base:", &links.base)
    } else {
        ("", &links.head)
    };
    let text = format!("{tree}{}:{}", c.page, c.line);
    match url {
        Some(url) => format!(
            "[{text}]({}/{}#L{})",
            url.trim_end_matches('/'),
            crate::report::uri_path(&c.page),
            c.line
        ),
        None => text,
    }
}

fn line_of(c: &Change, links: &Links) -> Line {
    let mark = if c.breaking { "**breaking** " } else { "" };
    let detail = if c.detail.is_empty() {
        String::new()
    } else {
        format!(": {}", c.detail)
    };
    Line {
        text: format!(
            "- {mark}{} `{}`{detail} ({})\n",
            c.kind.verb(),
            c.subject.replace('`', "'"),
            location(c, links)
        ),
        changes: 1,
    }
}

/// The lines of a group's changes: each its own, but the members one enum gains or loses,
/// which are one line with their count and the first few names.
fn group_lines(changes: &[&Change], links: &Links) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut members: BTreeMap<(Kind, &str), Vec<&Change>> = BTreeMap::new();
    for c in changes {
        let enum_member = matches!(c.kind, Kind::EnumMemberAdded | Kind::EnumMemberRemoved);
        match c.subject.rsplit_once('.') {
            Some((owner, _)) if enum_member => members.entry((c.kind, owner)).or_default().push(c),
            _ => lines.push(line_of(c, links)),
        }
    }
    for ((kind, owner), all) in members {
        if all.len() == 1 {
            lines.push(line_of(all[0], links));
            continue;
        }
        let mut names: Vec<String> = (all.iter().take(MEMBERS_NAMED))
            .map(|c| format!("`{}`", c.subject[owner.len() + 1..].replace('`', "'")))
            .collect();
        if all.len() > MEMBERS_NAMED {
            names.push("…".to_owned());
        }
        let mark = if all[0].breaking { "**breaking** " } else { "" };
        lines.push(Line {
            text: format!(
                "- {mark}{} {} members of `{}`: {} ({})\n",
                kind.verb(),
                all.len(),
                owner.replace('`', "'"),
                names.join(", "),
                location(all[0], links)
            ),
            changes: all.len(),
        });
    }
    lines
}

/// [`markdown`] within `limit` characters: a summary table, then every breaking change, then
/// the other changes by group, a group of many lines folded; past the limit, a cut that says
/// how many changes it leaves out and where the whole report is.
pub fn markdown_within(changes: &[Change], limit: usize, links: &Links) -> String {
    let mut out = String::from("## API changes\n\n");
    if changes.is_empty() {
        out.push_str("No change to routes, types, properties, enum members or scopes.\n");
        return out;
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let plural = if changes.len() == 1 { "" } else { "s" };
    let _ = writeln!(
        out,
        "{} change{plural}, **{breaking} breaking**. Each is located in the new docs, or in the \
         base docs (`base:`) for a removal.\n",
        changes.len()
    );
    out.push_str("| | added | removed | changed | breaking |\n|---|---:|---:|---:|---:|\n");
    let mut groups: Vec<&str> = Vec::new();
    for c in changes {
        if !groups.contains(&c.kind.group()) {
            groups.push(c.kind.group());
        }
    }
    for group in &groups {
        let of = |verb: &str| {
            (changes.iter())
                .filter(|c| c.kind.group() == *group && c.kind.verb() == verb)
                .count()
        };
        let broken = (changes.iter())
            .filter(|c| c.kind.group() == *group && c.breaking)
            .count();
        let _ = writeln!(
            out,
            "| {group} | {} | {} | {} | {broken} |",
            of("added"),
            of("removed"),
            of("changed")
        );
    }
    // Sections: a heading and its lines, folded when there are many.
    let mut sections: Vec<(String, Vec<Line>)> = Vec::new();
    let breaking_ones: Vec<Line> = (changes.iter().filter(|c| c.breaking))
        .map(|c| line_of(c, links))
        .collect();
    if !breaking_ones.is_empty() {
        sections.push(("Breaking changes".to_owned(), breaking_ones));
    }
    for group in &groups {
        let rest: Vec<&Change> = (changes.iter())
            .filter(|c| c.kind.group() == *group && !c.breaking)
            .collect();
        if !rest.is_empty() {
            sections.push(((*group).to_owned(), group_lines(&rest, links)));
        }
    }
    let total: usize = sections
        .iter()
        .flat_map(|(_, l)| l)
        .map(|l| l.changes)
        .sum();
    let mut shown = 0;
    // Room kept for closing a fold and for the cut's note.
    const RESERVE: usize = 400;
    'sections: for (heading, lines) in &sections {
        let folded = lines.len() > OPEN_LINES;
        let head = if folded {
            let n: usize = lines.iter().map(|l| l.changes).sum();
            format!("\n### {heading}\n\n<details><summary>{n} changes</summary>\n\n")
        } else {
            format!("\n### {heading}\n\n")
        };
        if out.len() + head.len() + RESERVE > limit {
            break;
        }
        out.push_str(&head);
        for line in lines {
            if out.len() + line.text.len() + RESERVE > limit {
                if folded {
                    out.push_str("\n</details>\n");
                }
                break 'sections;
            }
            out.push_str(&line.text);
            shown += line.changes;
        }
        if folded {
            out.push_str("\n</details>\n");
        }
    }
    if shown < total {
        let _ = write!(
            out,
            "\n**The comment ends here:** {} more changes are left out to fit a comment of {limit} \
             characters. The whole report: `graphdoc-codegen diff --format json`.\n",
            total - shown
        );
    }
    out
}

/// The changes for machines: each with its `before` and `after` values where a value changed,
/// and the breaking ones listed apart by their index in `changes`.
pub fn json(changes: &[Change]) -> String {
    let breaking: Vec<usize> = (changes.iter().enumerate())
        .filter(|(_, c)| c.breaking)
        .map(|(i, _)| i)
        .collect();
    let document = serde_json::json!({
        "changes": changes,
        "breaking": breaking,
        "summary": summary(changes),
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// A count per kind, breaking ones apart: the summary a snapshot keeps.
pub fn summary(changes: &[Change]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for c in changes {
        let kind = serde_json::to_value(c.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let key = if c.breaking {
            format!("{kind} (breaking)")
        } else {
            kind
        };
        *counts.entry(key).or_default() += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Source;

    const FRONT: &str = "---\ntitle: t\n---\n\n";

    fn resource(name: &str, rows: &[(&str, &str, &str)], base: Option<&str>) -> Source {
        let mut page = format!(
            "{FRONT}# {name} resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n"
        );
        for (p, t, d) in rows {
            page.push_str(&format!("| {p} | {t} | {d} |\n"));
        }
        let base = base.map_or_else(String::new, |b| {
            format!(", \"baseType\": \"microsoft.graph.{b}\"")
        });
        page.push_str(&format!("\n## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"keyProperty\": \"id\"{base}, \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n```json\n{{}}\n```\n"));
        Source::new(format!("resources/{name}.md"), page)
    }

    fn enumeration(members: &[&str]) -> Source {
        let mut page = format!(
            "{FRONT}# color enum type\n\nNamespace: microsoft.graph\n\n| Member | Description |\n|:--|:--|\n"
        );
        for m in members {
            page.push_str(&format!("| {m} | x |\n"));
        }
        Source::new("resources/color.md", page)
    }

    fn api(route: &str, query: &[(&str, &str)], scopes: &str, response: &str) -> Source {
        let mut page = format!(
            "{FRONT}# Get thing\n\nNamespace: microsoft.graph\n\n## Permissions\n\n| Permission type | Permissions (from least to most privileged) |\n|:--|:--|\n| Delegated (work or school account) | {scopes} |\n\n## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{route}\n```\n\n"
        );
        if !query.is_empty() {
            page.push_str(
                "## Query parameters\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n",
            );
            for (q, d) in query {
                page.push_str(&format!("| {q} | String | {d} |\n"));
            }
            page.push('\n');
        }
        page.push_str(&format!("## Response\n\nIf successful, this method returns a `200 OK` response code and a {response} object in the response body.\n"));
        Source::new("api/thing-get.md", page)
    }

    fn model(sources: &[Source]) -> Model {
        crate::model::build(crate::parse_pages(sources)).0
    }

    fn changes(base: &[Source], head: &[Source]) -> Vec<Change> {
        diff(&model(base), &model(head))
    }

    fn one(changes: &[Change], kind: Kind) -> &Change {
        let found: Vec<&Change> = changes.iter().filter(|c| c.kind == kind).collect();
        assert_eq!(found.len(), 1, "{kind:?} in {changes:#?}");
        found[0]
    }

    fn thing(rows: &[(&str, &str, &str)]) -> Source {
        resource("thing", rows, None)
    }

    const ID: (&str, &str, &str) = ("id", "String", "The key.");

    #[test]
    fn routes_added_and_removed() {
        let base = [
            thing(&[ID]),
            api(
                "GET /things/{id}",
                &[],
                "Thing.Read",
                "[thing](../resources/thing.md)",
            ),
        ];
        let head = [thing(&[ID])];
        let c = changes(&base, &head);
        let removed = one(&c, Kind::RouteRemoved);
        assert!(
            removed.breaking
                && removed.subject == "GET /things/{thing-id}"
                && removed.page == "api/thing-get.md"
        );
        let back = changes(&head, &base);
        let added = one(&back, Kind::RouteAdded);
        assert!(!added.breaking && added.line > 1);
    }

    #[test]
    fn parameters_added_removed_and_changed() {
        let route = "GET /things/{id}";
        let base = [
            thing(&[ID]),
            api(
                route,
                &[("$top", "x")],
                "A",
                "[thing](../resources/thing.md)",
            ),
        ];
        let head = [
            thing(&[ID]),
            api(
                route,
                &[("$skip", "x")],
                "A",
                "[thing](../resources/thing.md)",
            ),
        ];
        let c = changes(&base, &head);
        assert!(one(&c, Kind::ParameterRemoved).breaking);
        assert!(!one(&c, Kind::ParameterAdded).breaking);
        let required = [
            thing(&[ID]),
            api(
                route,
                &[("$top", "Required. x")],
                "A",
                "[thing](../resources/thing.md)",
            ),
        ];
        let c = changes(&base, &required);
        let changed = one(&c, Kind::ParameterChanged);
        assert!(
            changed.breaking && changed.detail.contains("now required"),
            "{changed:?}"
        );
    }

    #[test]
    fn response_types_change() {
        let route = "GET /things/{id}";
        let base = [
            thing(&[ID]),
            resource("other", &[ID], None),
            api(route, &[], "A", "[thing](../resources/thing.md)"),
        ];
        let head = [
            thing(&[ID]),
            resource("other", &[ID], None),
            api(route, &[], "A", "[other](../resources/other.md)"),
        ];
        let c = one(&changes(&base, &head), Kind::ResponseChanged).clone();
        assert!(
            c.breaking && c.detail.contains("microsoft.graph.other"),
            "{c:?}"
        );
    }

    #[test]
    fn scopes_added_and_removed() {
        let route = "GET /things/{id}";
        let base = [
            thing(&[ID]),
            api(
                route,
                &[],
                "Thing.Read, Thing.ReadWrite",
                "[thing](../resources/thing.md)",
            ),
        ];
        let head = [
            thing(&[ID]),
            api(
                route,
                &[],
                "Thing.Read, Thing.Read.All",
                "[thing](../resources/thing.md)",
            ),
        ];
        let c = changes(&base, &head);
        let removed = one(&c, Kind::ScopeRemoved);
        assert!(removed.breaking && removed.detail.contains("Thing.ReadWrite"));
        assert!(!one(&c, Kind::ScopeAdded).breaking);
    }

    #[test]
    fn types_added_removed_and_rebased() {
        let base = [thing(&[ID]), resource("base", &[ID], None)];
        let head = [
            resource("thing", &[ID], Some("base")),
            resource("base", &[ID], None),
            resource("fresh", &[ID], None),
        ];
        let c = changes(&base, &head);
        assert!(!one(&c, Kind::TypeAdded).breaking);
        assert!(one(&c, Kind::BaseTypeChanged).breaking);
        let back = changes(&head, &base);
        assert!(one(&back, Kind::TypeRemoved).breaking);
    }

    #[test]
    fn type_kind_changes() {
        let complex = |page: Source| {
            Source::new(
                page.path.clone(),
                page.text.replace(", \"keyProperty\": \"id\"", ""),
            )
        };
        let base = [thing(&[ID])];
        let head = [complex(thing(&[("name", "String", "x")]))];
        let c = changes(&base, &head);
        let kind = one(&c, Kind::TypeKindChanged);
        assert!(
            kind.breaking && kind.detail == "`entity` → `complex`",
            "{kind:?}"
        );
        assert!(one(&c, Kind::PropertyRemoved).breaking);
    }

    #[test]
    fn properties_added_removed_retyped_and_nullability() {
        let base = [thing(&[
            ID,
            ("size", "Int32", "x"),
            ("gone", "String", "x"),
            ("note", "String", "Not nullable."),
        ])];
        let head = [thing(&[
            ID,
            ("size", "Int64", "x"),
            ("fresh", "String", "x"),
            ("note", "String", "x"),
        ])];
        let c = changes(&base, &head);
        let retyped = one(&c, Kind::PropertyTypeChanged);
        assert!(
            retyped.breaking && retyped.detail.contains("Edm.Int64"),
            "{retyped:?}"
        );
        let removed = one(&c, Kind::PropertyRemoved);
        assert!(removed.breaking && removed.subject == "microsoft.graph.thing.gone");
        let added = one(&c, Kind::PropertyAdded);
        assert!(!added.breaking && added.line > 1);
        let nullable = one(&c, Kind::PropertyNullabilityChanged);
        assert!(nullable.breaking && nullable.detail == "now nullable");
    }

    #[test]
    fn enum_members_added_and_removed() {
        let c = changes(
            &[enumeration(&["red", "green"])],
            &[enumeration(&["red", "blue"])],
        );
        assert!(one(&c, Kind::EnumMemberRemoved).breaking);
        assert!(!one(&c, Kind::EnumMemberAdded).breaking);
    }

    #[test]
    fn the_markdown_summarizes_then_groups() {
        let c = changes(
            &[enumeration(&["red", "green"])],
            &[enumeration(&["red", "blue"])],
        );
        let text = markdown(&c);
        assert!(
            text.starts_with("## API changes\n\n2 changes, **1 breaking**. "),
            "{text}"
        );
        assert!(text.contains("| Enum members | 1 | 1 | 0 | 1 |"), "{text}");
        assert!(
            text.contains(
                "### Breaking changes\n\n- **breaking** removed `microsoft.graph.color.green`"
            ),
            "{text}"
        );
        assert_eq!(
            markdown(&[]),
            "## API changes\n\nNo change to routes, types, properties, enum members or scopes.\n"
        );
    }

    #[test]
    fn a_renamed_path_parameter_is_one_change_that_breaks_nothing() {
        let at = |route: &str| {
            [
                thing(&[ID]),
                api(route, &[], "A", "[thing](../resources/thing.md)"),
            ]
        };
        let base = at("GET /things/templateId={template-Id}");
        let head = at("GET /things/templateId={templateId}");
        let c = changes(&base, &head);
        assert_eq!(c.len(), 1, "{c:?}");
        let renamed = one(&c, Kind::PathParametersRenamed);
        assert!(!renamed.breaking);
        assert_eq!(
            renamed.before.as_deref(),
            Some("/things/templateId={template-Id}")
        );
        assert_eq!(
            renamed.after.as_deref(),
            Some("/things/templateId={templateId}")
        );
    }

    #[test]
    fn json_carries_values_and_the_breaking_ones() {
        let c = changes(
            &[thing(&[("size", "Int32", "")])],
            &[thing(&[("size", "String", "")])],
        );
        let doc: serde_json::Value = serde_json::from_str(&json(&c)).expect("JSON");
        let changed = &doc["changes"][0];
        assert_eq!(changed["before"], "Edm.Int32");
        assert_eq!(changed["after"], "Edm.String");
        assert_eq!(doc["breaking"], serde_json::json!([0]));
    }

    fn synthetic(n: usize, kind: Kind, breaking: bool) -> Vec<Change> {
        (0..n)
            .map(|i| {
                change(
                    kind,
                    format!("microsoft.graph.big.member{i:06}"),
                    breaking,
                    "",
                    "resources/big.md",
                    i as u32 + 1,
                )
            })
            .collect()
    }

    #[test]
    fn a_huge_diff_fits_a_comment_and_says_what_it_left_out() {
        let mut c = synthetic(100_000, Kind::PropertyAdded, false);
        c.extend(synthetic(3, Kind::PropertyRemoved, true));
        let text = markdown(&c);
        assert!(text.len() <= COMMENT_LIMIT, "{}", text.len());
        // Breaking changes first and in full.
        let breaking = text
            .find("### Breaking changes")
            .expect("a breaking section");
        assert!(breaking < text.find("### Properties").expect("properties"));
        assert_eq!(text.matches("**breaking** removed").count(), 3);
        assert!(text.contains("<details><summary>100000 changes</summary>"));
        assert_eq!(
            text.matches("<details>").count(),
            text.matches("</details>").count()
        );
        assert!(
            text.contains("more changes are left out"),
            "{}",
            &text[text.len() - 300..]
        );
        assert!(text.contains("--format json"));
        // Every change shown or counted as left out.
        let shown = text.matches("\n- ").count();
        let left: usize = text
            .split("**The comment ends here:** ")
            .nth(1)
            .and_then(|t| t.split(' ').next())
            .and_then(|n| n.parse().ok())
            .expect("a count");
        assert_eq!(shown + left, c.len());
    }

    #[test]
    fn the_members_of_one_enum_are_one_line() {
        let c = synthetic(791, Kind::EnumMemberAdded, false);
        let links = Links {
            head: Some("https://example.com/docs/".into()),
            base: None,
        };
        let text = markdown_within(&c, COMMENT_LIMIT, &links);
        assert!(
            text.contains("([resources/big.md:1](https://example.com/docs/resources/big.md#L1))"),
            "{text}"
        );
        assert!(
            text.contains("- added 791 members of `microsoft.graph.big`: `member000000`, "),
            "{text}"
        );
        assert_eq!(text.matches("\n- ").count(), 1);
    }
}
