//! Type cells of property and parameter tables: `String`, `Int32 collection`,
//! `[user](../resources/user.md)`, `Collection(microsoft.graph.x)`, `[ageGroup](#agegroup-values)`,
//! `Enumeration` with "Possible values are: `a`, `b`" in the description.

use crate::vocab::Primitive;

use super::markdown::Inline;
use super::{odata_collection, strip_prefix_ci, strip_suffix_ci};

/// What a type cell names, before links are resolved against other pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeCell {
    Primitive(Primitive),
    /// `[text](target#anchor)`: `target` is the linked page's path relative to the docs root,
    /// or `None` for an anchor on the same page.
    Link {
        text: String,
        target: Option<String>,
        anchor: Option<String>,
    },
    /// A bare or qualified type name: `plannerAssignments`, `microsoft.graph.user`.
    Name(String),
    /// `Enumeration` (or `enum`), with the values listed in the description.
    Enumeration {
        members: Vec<String>,
    },
    /// `Json`, `JSON object`, `Untyped JSON object`: the docs' `Json` type where they define
    /// it, else untyped JSON.
    Json,
    /// `appHostedMediaConfig or serviceHostedMediaConfig`: any of these types, which is their
    /// nearest common base type.
    Either(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeSpec {
    pub cell: TypeCell,
    pub collection: bool,
}

/// Reads a type cell. `Err` carries the raw text of a cell that is none of the forms.
pub fn parse(cell: &Inline, description: &str, page_path: &str) -> Result<TypeSpec, String> {
    let raw = cell.text.trim();
    let (core, collection) = strip_collection(raw.trim_matches('`'));
    let core = core.trim().trim_matches('`').trim();
    if let [link] = cell.links.as_slice() {
        // The link must be the whole core (`[x](x.md)`), possibly inside the collection marker.
        if core == link.text || core.trim_matches(['`', '*']) == link.text.trim_matches(['`', '*'])
        {
            let (target, anchor) = resolve_link(&link.dest, page_path);
            let text = link.text.trim_matches(['`', '*']).to_owned();
            return Ok(TypeSpec {
                cell: TypeCell::Link {
                    text,
                    target,
                    anchor,
                },
                collection,
            });
        }
    }
    // `[x](x.md` with its closing parenthesis lost is no link to the markdown reader; it
    // still names `x` and its page.
    if cell.links.is_empty() {
        if let Some((text, dest)) = core
            .strip_prefix('[')
            .and_then(|rest| rest.split_once("]("))
            .filter(|(text, dest)| is_type_name(text) && !dest.contains([')', ' ']))
        {
            let (target, anchor) = resolve_link(dest, page_path);
            return Ok(TypeSpec {
                cell: TypeCell::Link {
                    text: text.to_owned(),
                    target,
                    anchor,
                },
                collection,
            });
        }
    }
    let core = core.trim_matches('*').trim();
    let core = strip_suffix_ci(core, " enum").unwrap_or(core).trim();
    let (core, qualifier) = strip_qualifier(core);
    if qualifier.eq_ignore_ascii_case("timestamp")
        && Primitive::parse(core) == Some(Primitive::String)
    {
        return Ok(TypeSpec {
            cell: TypeCell::Primitive(Primitive::DateTimeOffset),
            collection,
        });
    }
    let core = [" resource", " object", " resource type", " complex type"]
        .iter()
        .find_map(|s| strip_suffix_ci(core, s).filter(|rest| is_type_name(rest.trim())))
        .map_or(core, str::trim);
    if [
        "json",
        "json object",
        "untyped json object",
        "microsoft.graph.json",
    ]
    .iter()
    .any(|name| core.eq_ignore_ascii_case(name))
    {
        return Ok(TypeSpec {
            cell: TypeCell::Json,
            collection,
        });
    }
    if let Some(p) = Primitive::parse(core) {
        return Ok(TypeSpec {
            cell: TypeCell::Primitive(p),
            collection,
        });
    }
    if core.eq_ignore_ascii_case("enumeration") || core.eq_ignore_ascii_case("enum") {
        let members = possible_values(description);
        return Ok(TypeSpec {
            cell: TypeCell::Enumeration { members },
            collection,
        });
    }
    if is_type_name(core) {
        return Ok(TypeSpec {
            cell: TypeCell::Name(core.trim_start_matches('#').to_owned()),
            collection,
        });
    }
    let either: Vec<&str> = core.split(" or ").map(str::trim).collect();
    // Of named types only: "String or Int32" offers no type to derive from.
    let named = |name: &&str| is_type_name(name) && Primitive::parse(name).is_none();
    if either.len() > 1 && either.iter().all(named) {
        return Ok(TypeSpec {
            cell: TypeCell::Either(either.iter().map(|n| (*n).to_owned()).collect()),
            collection,
        });
    }
    Err(raw.to_owned())
}

/// `String (optional)`, `(Optional) String`, `string (url)` → the type and the qualifier.
fn strip_qualifier(text: &str) -> (&str, &str) {
    if let Some(open) = text.rfind(" (") {
        if let Some(inner) = text[open + 2..].strip_suffix(')') {
            return (text[..open].trim(), inner.trim());
        }
    }
    if let Some(rest) = text.strip_prefix('(') {
        if let Some((inner, after)) = rest.split_once(')') {
            return (after.trim(), inner.trim());
        }
    }
    (text, "")
}

/// `X collection`, `Collection(X)`, `collection of X`, `X[]`.
fn strip_collection(text: &str) -> (&str, bool) {
    if let Some(inner) = odata_collection(text) {
        return (inner, true);
    }
    if let Some(rest) = strip_prefix_ci(text, "collection of ") {
        return (rest, true);
    }
    if let Some(rest) = strip_suffix_ci(text, " collection") {
        return (rest, true);
    }
    if let Some(rest) = text.strip_suffix("[]") {
        return (rest, true);
    }
    (text, false)
}

/// `user`, `microsoft.graph.callRecords.session`: identifier characters and dots only.
pub fn is_type_name(text: &str) -> bool {
    crate::ident::is_qualified_name(text.trim_start_matches('#'))
}

/// The values listed after "Possible values are:" (or "values are", "Allowed values:") in
/// backticks: "Possible values are: `notStarted`, `running`."
pub fn possible_values(description: &str) -> Vec<String> {
    let lower = description.to_ascii_lowercase();
    let Some(at) = [
        "possible values",
        "allowed values",
        "supported values",
        "values are",
    ]
    .iter()
    .filter_map(|marker| lower.find(marker))
    .min() else {
        return Vec::new();
    };
    let rest = &description[at..];
    // The list ends with the sentence: the first ". " outside backticks.
    let mut values = Vec::new();
    let mut in_code = false;
    let mut current = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '`' {
            if in_code {
                let value = current.trim();
                if !value.is_empty() && !values.iter().any(|v| v == value) {
                    values.push(value.to_owned());
                }
                current.clear();
            }
            in_code = !in_code;
        } else if in_code {
            current.push(c);
        } else if c == '.' && chars.peek().is_none_or(|n| n.is_whitespace()) && !values.is_empty() {
            break;
        }
    }
    values
}

/// Resolves a link destination against the page that holds it: returns the linked page's path
/// relative to the docs root (`resources/user.md`) and the anchor. Absolute docs URLs such as
/// `/graph/api/resources/user?view=graph-rest-1.0` map to the same paths.
pub fn resolve_link(dest: &str, page_path: &str) -> (Option<String>, Option<String>) {
    let dest = dest.trim().trim_start_matches('<').trim_end_matches('>');
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_ascii_lowercase())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() {
        return (None, anchor);
    }
    let lower = path.to_ascii_lowercase();
    // `/graph/api/resources/user`, `https://docs.microsoft.com/graph/api/resources/user`
    if let Some(at) = lower
        .find("/api/resources/")
        .or_else(|| lower.find("/api/"))
    {
        let api = &path[at + "/api/".len()..];
        return (Some(with_md(api)), anchor);
    }
    if lower.contains("://") || path.starts_with('/') {
        return (Some(with_md(path.trim_start_matches('/'))), anchor);
    }
    let mut parts: Vec<&str> = page_path.split('/').collect();
    parts.pop(); // the page's own file name
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    (Some(with_md(&parts.join("/"))), anchor)
}

fn with_md(path: &str) -> String {
    if path.to_ascii_lowercase().ends_with(".md") {
        path.to_owned()
    } else {
        format!("{path}.md")
    }
}

#[cfg(test)]
mod tests {
    use super::super::markdown::Link;
    use super::*;

    fn cell<'a>(text: &'a str, links: &[(&'a str, &'a str)]) -> Inline<'a> {
        Inline {
            text: text.into(),
            links: links
                .iter()
                .map(|(t, d)| Link {
                    text: (*t).into(),
                    dest: (*d).into(),
                })
                .collect(),
            all_strong: false,
            col: 1,
        }
    }

    fn spec(text: &str) -> TypeSpec {
        parse(&cell(text, &[]), "", "resources/x.md").unwrap()
    }

    #[test]
    fn primitives_in_any_case_and_spacing() {
        for (text, p) in [
            ("String", Primitive::String),
            ("string", Primitive::String),
            ("Edm.Int32", Primitive::Int32),
            (" Int64 ", Primitive::Int64),
            ("DateTimeOffset", Primitive::DateTimeOffset),
            ("Date Time Offset", Primitive::DateTimeOffset),
            ("edm.binary", Primitive::Binary),
            ("TimeOfDay", Primitive::TimeOfDay),
            ("Duration", Primitive::Duration),
            ("Guid", Primitive::Guid),
            ("Stream", Primitive::Stream),
            ("Single", Primitive::Single),
            ("Decimal", Primitive::Decimal),
        ] {
            assert_eq!(
                spec(text),
                TypeSpec {
                    cell: TypeCell::Primitive(p),
                    collection: false
                },
                "{text}"
            );
        }
    }

    #[test]
    fn collections() {
        for text in [
            "String collection",
            "Collection(String)",
            "collection of string",
            "String[]",
        ] {
            assert_eq!(
                spec(text),
                TypeSpec {
                    cell: TypeCell::Primitive(Primitive::String),
                    collection: true
                }
            );
        }
        assert_eq!(
            spec("Collection(microsoft.graph.user)"),
            TypeSpec {
                cell: TypeCell::Name("microsoft.graph.user".into()),
                collection: true
            }
        );
    }

    #[test]
    fn links_resolve_relative_to_the_page() {
        let t = parse(
            &cell("user collection", &[("user", "user.md")]),
            "",
            "resources/group.md",
        )
        .unwrap();
        assert!(t.collection);
        assert_eq!(
            t.cell,
            TypeCell::Link {
                text: "user".into(),
                target: Some("resources/user.md".into()),
                anchor: None
            }
        );
        let t = parse(
            &cell("ageGroup", &[("ageGroup", "#agegroup-values")]),
            "",
            "resources/user.md",
        )
        .unwrap();
        assert_eq!(
            t.cell,
            TypeCell::Link {
                text: "ageGroup".into(),
                target: None,
                anchor: Some("agegroup-values".into())
            }
        );
        let (target, anchor) =
            resolve_link("../resources/user.md#AgeGroup-values", "api/user-get.md");
        assert_eq!(
            (target.as_deref(), anchor.as_deref()),
            (Some("resources/user.md"), Some("agegroup-values"))
        );
        let (target, _) = resolve_link("/graph/api/resources/user?view=graph-rest-1.0", "api/x.md");
        assert_eq!(target.as_deref(), Some("resources/user.md"));
    }

    #[test]
    fn enumerations_take_their_values_from_the_description() {
        let t = parse(
            &cell("Enumeration", &[]),
            ". Possible values are: `NotStarted`, `Running`, `Completed`. Other `x`.",
            "api/x.md",
        )
        .unwrap();
        assert_eq!(
            t.cell,
            TypeCell::Enumeration {
                members: vec!["NotStarted".into(), "Running".into(), "Completed".into()]
            }
        );
    }

    #[test]
    fn qualifiers_and_nouns_around_types() {
        let p = |p| TypeSpec {
            cell: TypeCell::Primitive(p),
            collection: false,
        };
        assert_eq!(spec("String (optional)"), p(Primitive::String));
        assert_eq!(spec("(Optional) String"), p(Primitive::String));
        assert_eq!(spec("string (url)"), p(Primitive::String));
        assert_eq!(spec("string (timestamp)"), p(Primitive::DateTimeOffset));
        assert_eq!(
            spec("organizerMeetingInfo or tokenMeetingInfo").cell,
            TypeCell::Either(vec![
                "organizerMeetingInfo".into(),
                "tokenMeetingInfo".into()
            ])
        );
        for json in [
            "Untyped JSON object",
            "Json",
            "JSON object",
            "microsoft.graph.Json",
        ] {
            assert_eq!(spec(json).cell, TypeCell::Json, "{json}");
        }
        assert_eq!(
            spec("`collection(string)`"),
            TypeSpec {
                cell: TypeCell::Primitive(Primitive::String),
                collection: true
            }
        );
        assert_eq!(
            spec("itemAnalytics resource"),
            TypeSpec {
                cell: TypeCell::Name("itemAnalytics".into()),
                collection: false
            }
        );
    }

    #[test]
    fn an_unterminated_link_still_names_its_type() {
        assert_eq!(
            spec("[sharingDetail](sharingdetail.md"),
            TypeSpec {
                cell: TypeCell::Link {
                    text: "sharingDetail".into(),
                    target: Some("resources/sharingdetail.md".into()),
                    anchor: None,
                },
                collection: false,
            }
        );
        assert!(spec("Collection([sharingDetail](sharingdetail.md)").collection);
        assert!(parse(&cell("[two words](x.md", &[]), "", "resources/x.md").is_err());
    }

    #[test]
    fn unknown_cells_keep_their_text() {
        assert_eq!(
            parse(&cell("String or Int32", &[]), "", "x.md"),
            Err("String or Int32".into())
        );
    }
}
