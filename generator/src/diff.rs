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
            Kind::RouteAdded | Kind::RouteRemoved => "Routes",
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
    pub detail: String,
    /// The page and line that state it: in the new docs, or in the base for a removal.
    pub page: String,
    pub line: u32,
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
    let old: BTreeMap<(&str, Method), &Route> =
        base.all_routes().map(|(p, m, r)| ((p, m), r)).collect();
    let new: BTreeMap<(&str, Method), &Route> =
        head.all_routes().map(|(p, m, r)| ((p, m), r)).collect();
    for (&(path, method), route) in &old {
        if !new.contains_key(&(path, method)) {
            let subject = format!("{method} {path}");
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
    for (&(path, method), route) in &new {
        let subject = format!("{method} {path}");
        let Some(before) = old.get(&(path, method)) else {
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
            let detail = format!(
                "`{}` → `{}`",
                body(before).unwrap_or_else(|| "none".into()),
                body(route).unwrap_or_else(|| "none".into())
            );
            out.push(change(
                Kind::RequestBodyChanged,
                &subject,
                true,
                detail,
                at.0,
                at.1,
            ));
        }
        let response = |r: &Route| {
            r.response
                .as_ref()
                .map(|x| show(x.ty.as_ref(), x.collection))
        };
        if response(before) != response(route) {
            let detail = format!(
                "`{}` → `{}`",
                response(before).unwrap_or_else(|| "none".into()),
                response(route).unwrap_or_else(|| "none".into())
            );
            out.push(change(
                Kind::ResponseChanged,
                &subject,
                true,
                detail,
                at.0,
                at.1,
            ));
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
                    let detail = format!("{location} parameter `{name}`: `{was}` → `{is}`");
                    out.push(change(
                        Kind::ParameterChanged,
                        subject,
                        true,
                        detail,
                        page,
                        line,
                    ));
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
            out.push(change(Kind::TypeRemoved, name, true, "", &page(t), 1));
        }
    }
    for (name, t) in &new {
        let Some(before) = old.get(name) else {
            out.push(change(Kind::TypeAdded, name, false, "", &page(t), 1));
            continue;
        };
        let at = page(t);
        if before.base_type != t.base_type {
            let detail = format!(
                "`{}` → `{}`",
                before.base_type.as_deref().unwrap_or("none"),
                t.base_type.as_deref().unwrap_or("none")
            );
            out.push(change(Kind::BaseTypeChanged, name, true, detail, &at, 1));
        }
        if before.kind != t.kind {
            let detail = format!("{:?} → {:?}", before.kind, t.kind).to_lowercase();
            out.push(change(Kind::TypeKindChanged, name, true, detail, &at, 1));
        }
        properties(name, before, t, out);
        let members = |t: &TypeDef| -> BTreeSet<String> {
            t.members.iter().map(|m| m.name.clone()).collect()
        };
        let (was, is) = (members(before), members(t));
        for m in was.difference(&is) {
            let subject = format!("{name}.{m}");
            out.push(change(
                Kind::EnumMemberRemoved,
                subject,
                true,
                "",
                &page(before),
                1,
            ));
        }
        for m in is.difference(&was) {
            let subject = format!("{name}.{m}");
            out.push(change(Kind::EnumMemberAdded, subject, false, "", &at, 1));
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
            let detail = format!("`{was}` → `{is}`");
            out.push(change(
                Kind::PropertyTypeChanged,
                &subject,
                true,
                detail,
                &page,
                p.line,
            ));
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

/// The changes as a pull-request comment: a summary table, then the changes grouped by kind,
/// breaking ones first in each group.
pub fn markdown(changes: &[Change]) -> String {
    let mut out = String::from("## API changes\n\n");
    if changes.is_empty() {
        out.push_str("No change to routes, types, properties, enum members or scopes.\n");
        return out;
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let _ = writeln!(out, "{} changes, **{breaking} breaking**.\n", changes.len());
    out.push_str("| | added | removed | changed | breaking |\n|---|---:|---:|---:|---:|\n");
    let mut groups: Vec<&str> = Vec::new();
    for c in changes {
        if !groups.contains(&c.kind.group()) {
            groups.push(c.kind.group());
        }
    }
    for group in &groups {
        let of = |verb: &str| {
            changes
                .iter()
                .filter(|c| c.kind.group() == *group && c.kind.verb() == verb)
                .count()
        };
        let broken = changes
            .iter()
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
    for group in &groups {
        let _ = writeln!(out, "\n### {group}\n");
        let mut in_group: Vec<&Change> = changes
            .iter()
            .filter(|c| c.kind.group() == *group)
            .collect();
        in_group.sort_by_key(|c| !c.breaking);
        for c in in_group {
            let mark = if c.breaking { "**breaking** " } else { "" };
            let detail = if c.detail.is_empty() {
                String::new()
            } else {
                format!(": {}", c.detail)
            };
            let _ = writeln!(
                out,
                "- {mark}{} `{}`{detail} ({}:{})",
                c.kind.verb(),
                c.subject.replace('`', "'"),
                c.page,
                c.line
            );
        }
    }
    out
}

/// The changes for machines.
pub fn json(changes: &[Change]) -> String {
    let document = serde_json::json!({
        "changes": changes,
        "breaking": changes.iter().filter(|c| c.breaking).count(),
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
            kind.breaking && kind.detail == "entity → complex",
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
            text.starts_with("## API changes\n\n2 changes, **1 breaking**."),
            "{text}"
        );
        assert!(text.contains("| Enum members | 1 | 1 | 0 | 1 |"), "{text}");
        assert!(
            text.contains(
                "### Enum members\n\n- **breaking** removed `microsoft.graph.color.green`"
            ),
            "{text}"
        );
        assert_eq!(
            markdown(&[]),
            "## API changes\n\nNo change to routes, types, properties, enum members or scopes.\n"
        );
    }
}
