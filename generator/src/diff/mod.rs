//! What a docs change does to the API: the semantic changes between the model built from a
//! base folder and the one built from the new docs, each classified breaking or not and located
//! at its page and line (in the new docs; in the base for a removal).
//!
//! Breaking follows oasdiff's rules: removing a route, parameter, type, property or enum member,
//! changing a type, making something required, or dropping a scope a caller may hold breaks
//! existing clients; adding optional things does not.

mod render;
mod routes;
mod types;

use serde::Serialize;

pub use render::{COMMENT_LIMIT, Links, json, markdown, markdown_within, summary};

use crate::model::{Model, TypeRef};

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
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

impl ChangeKind {
    /// The group a change of this kind is listed under.
    pub fn group(self) -> Group {
        match self {
            ChangeKind::RouteAdded
            | ChangeKind::RouteRemoved
            | ChangeKind::PathParametersRenamed => Group::Routes,
            ChangeKind::ParameterAdded
            | ChangeKind::ParameterRemoved
            | ChangeKind::ParameterChanged => Group::Parameters,
            ChangeKind::RequestBodyChanged | ChangeKind::ResponseChanged => Group::Bodies,
            ChangeKind::ScopeAdded | ChangeKind::ScopeRemoved => Group::Scopes,
            ChangeKind::TypeAdded
            | ChangeKind::TypeRemoved
            | ChangeKind::BaseTypeChanged
            | ChangeKind::TypeKindChanged => Group::Types,
            ChangeKind::PropertyAdded
            | ChangeKind::PropertyRemoved
            | ChangeKind::PropertyTypeChanged
            | ChangeKind::PropertyNullabilityChanged => Group::Properties,
            ChangeKind::EnumMemberAdded | ChangeKind::EnumMemberRemoved => Group::EnumMembers,
        }
    }

    /// Whether the change is located in the base docs (what it removes is gone from the new).
    pub fn is_removal(self) -> bool {
        self.verb() == Verb::Removed
    }

    /// Whether it adds, removes or changes.
    pub fn verb(self) -> Verb {
        match self {
            ChangeKind::RouteAdded
            | ChangeKind::ParameterAdded
            | ChangeKind::ScopeAdded
            | ChangeKind::TypeAdded
            | ChangeKind::PropertyAdded
            | ChangeKind::EnumMemberAdded => Verb::Added,
            ChangeKind::RouteRemoved
            | ChangeKind::ParameterRemoved
            | ChangeKind::ScopeRemoved
            | ChangeKind::TypeRemoved
            | ChangeKind::PropertyRemoved
            | ChangeKind::EnumMemberRemoved => Verb::Removed,
            _ => Verb::Changed,
        }
    }
}

/// The groups of changes, in the order a reviewer reads them: routes first, enum members last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    Routes,
    Parameters,
    Bodies,
    Scopes,
    Types,
    Properties,
    EnumMembers,
}

impl Group {
    /// The group's heading.
    pub fn heading(self) -> &'static str {
        match self {
            Group::Routes => "Routes",
            Group::Parameters => "Parameters",
            Group::Bodies => "Request and response types",
            Group::Scopes => "Scopes",
            Group::Types => "Types",
            Group::Properties => "Properties",
            Group::EnumMembers => "Enum members",
        }
    }
}

/// What a change does to its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verb {
    Added,
    Removed,
    Changed,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Added => "added",
            Verb::Removed => "removed",
            Verb::Changed => "changed",
        }
    }
}

/// How `diff` prints the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DiffFormat {
    /// A pull-request comment.
    #[default]
    Markdown,
    /// The changes with their values before and after, for machines.
    Json,
}

impl std::str::FromStr for DiffFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<DiffFormat, String> {
        match s {
            "markdown" => Ok(DiffFormat::Markdown),
            "json" => Ok(DiffFormat::Json),
            other => Err(format!("`{other}` is not a diff format (markdown, json)")),
        }
    }
}

/// The class of changes `diff --fail-on` exits 1 on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Breaking,
}

impl std::str::FromStr for FailOn {
    type Err = String;

    fn from_str(s: &str) -> Result<FailOn, String> {
        match s {
            "breaking" => Ok(FailOn::Breaking),
            other => Err(format!("`{other}` is not a class of changes (breaking)")),
        }
    }
}

/// One semantic change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
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
    routes::routes(base, head, &mut changes);
    types::types(base, head, &mut changes);
    changes.sort_by(|a, b| {
        (a.kind.group(), &a.subject, a.kind, &a.detail).cmp(&(
            b.kind.group(),
            &b.subject,
            b.kind,
            &b.detail,
        ))
    });
    changes
}

pub(super) fn change(
    kind: ChangeKind,
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

pub(super) fn show(ty: Option<&TypeRef>, collection: bool) -> String {
    let name = ty.map_or_else(|| "nothing".to_owned(), ToString::to_string);
    if collection {
        format!("Collection({name})")
    } else {
        name
    }
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

    fn one(changes: &[Change], kind: ChangeKind) -> &Change {
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
        let removed = one(&c, ChangeKind::RouteRemoved);
        assert!(
            removed.breaking
                && removed.subject == "GET /things/{thing-id}"
                && removed.page == "api/thing-get.md"
        );
        let back = changes(&head, &base);
        let added = one(&back, ChangeKind::RouteAdded);
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
        assert!(one(&c, ChangeKind::ParameterRemoved).breaking);
        assert!(!one(&c, ChangeKind::ParameterAdded).breaking);
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
        let changed = one(&c, ChangeKind::ParameterChanged);
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
        let c = one(&changes(&base, &head), ChangeKind::ResponseChanged).clone();
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
        let removed = one(&c, ChangeKind::ScopeRemoved);
        assert!(removed.breaking && removed.detail.contains("Thing.ReadWrite"));
        assert!(!one(&c, ChangeKind::ScopeAdded).breaking);
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
        assert!(!one(&c, ChangeKind::TypeAdded).breaking);
        assert!(one(&c, ChangeKind::BaseTypeChanged).breaking);
        let back = changes(&head, &base);
        assert!(one(&back, ChangeKind::TypeRemoved).breaking);
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
        let kind = one(&c, ChangeKind::TypeKindChanged);
        assert!(
            kind.breaking && kind.detail == "`entity` → `complex`",
            "{kind:?}"
        );
        assert!(one(&c, ChangeKind::PropertyRemoved).breaking);
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
        let retyped = one(&c, ChangeKind::PropertyTypeChanged);
        assert!(
            retyped.breaking && retyped.detail.contains("Edm.Int64"),
            "{retyped:?}"
        );
        let removed = one(&c, ChangeKind::PropertyRemoved);
        assert!(removed.breaking && removed.subject == "microsoft.graph.thing.gone");
        let added = one(&c, ChangeKind::PropertyAdded);
        assert!(!added.breaking && added.line > 1);
        let nullable = one(&c, ChangeKind::PropertyNullabilityChanged);
        assert!(nullable.breaking && nullable.detail == "now nullable");
    }

    #[test]
    fn enum_members_added_and_removed() {
        let c = changes(
            &[enumeration(&["red", "green"])],
            &[enumeration(&["red", "blue"])],
        );
        assert!(one(&c, ChangeKind::EnumMemberRemoved).breaking);
        assert!(!one(&c, ChangeKind::EnumMemberAdded).breaking);
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
        let renamed = one(&c, ChangeKind::PathParametersRenamed);
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

    fn synthetic(n: usize, kind: ChangeKind, breaking: bool) -> Vec<Change> {
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
        let mut c = synthetic(100_000, ChangeKind::PropertyAdded, false);
        c.extend(synthetic(3, ChangeKind::PropertyRemoved, true));
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
        let c = synthetic(791, ChangeKind::EnumMemberAdded, false);
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
