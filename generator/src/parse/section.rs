//! What a heading means. Classification is by the heading's whole text against exact patterns,
//! never by substring: "List group members" (an H1) is not an enum heading, and an enum heading
//! that mentions permissions is not a permissions table.

use super::PageKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// `## Properties`, `## Command properties` (owner `command`), `## Instance attributes`.
    Properties {
        owner: Option<String>,
    },
    Relationships,
    RequestBody,
    PathParameters,
    FunctionParameters,
    QueryParameters,
    RequestHeaders,
    ResponseHeaders,
    Permissions,
    HttpRequest,
    Response,
    Examples,
    JsonRepresentation,
    Methods,
    /// `### ageGroup values`, `## Members` on an enum page; `name` is the enum's name when the
    /// heading gives it.
    Enum {
        name: Option<String>,
        flags: bool,
    },
    ErrorCodes,
    /// `## Derived types` on a base type's page: a table whose first column links the types
    /// that derive from it.
    DerivedTypes,
}

/// Lowercased heading text without emphasis, code marks or a trailing colon.
pub fn normalize(text: &str) -> String {
    let mut t = String::with_capacity(text.len());
    t.extend(
        (text.chars())
            .filter(|c| !matches!(c, '*' | '`' | '_'))
            .map(|c| c.to_ascii_lowercase()),
    );
    let end = t.trim_end().trim_end_matches(':').trim_end().len();
    t.truncate(end);
    let start = t.len() - t.trim_start().len();
    t.drain(..start);
    t
}

pub fn role(text: &str, level: u8, page: PageKind) -> Option<Role> {
    let n = normalize(text);
    let role = match n.as_str() {
        "properties" | "instance attributes" | "properties and relationships" => {
            Role::Properties { owner: None }
        }
        "relationships" | "navigation properties" => Role::Relationships,
        "request body"
        | "request body parameters"
        | "body parameters"
        | "request body properties" => Role::RequestBody,
        "path parameters" | "url parameters" => Role::PathParameters,
        "function parameters" | "parameters" | "method parameters" => Role::FunctionParameters,
        "query parameters"
        | "optional query parameters"
        | "query string parameters"
        | "optional query parameter" => Role::QueryParameters,
        "request headers"
        | "optional request headers"
        | "request header"
        | "optional request header" => Role::RequestHeaders,
        "response headers" | "response header" => Role::ResponseHeaders,
        "permissions" => Role::Permissions,
        "http request" | "http requests" => Role::HttpRequest,
        "response" | "responses" => Role::Response,
        "example" | "examples" => Role::Examples,
        "json representation" => Role::JsonRepresentation,
        "methods" | "functions" | "actions" => Role::Methods,
        "members" | "values" | "enum values" | "enumeration values" | "enumerations"
        | "enum members" => Role::Enum {
            name: None,
            flags: false,
        },
        "error response" | "error responses" | "error codes" | "errors" => Role::ErrorCodes,
        "derived types" => Role::DerivedTypes,
        _ => return heading_with_name(text, &n, level, page),
    };
    Some(role)
}

/// Headings that name something: `### ageGroup values`, `## Command properties`,
/// `# x enum type`, `### Example 2: Create a user`.
fn heading_with_name(text: &str, normalized: &str, level: u8, page: PageKind) -> Option<Role> {
    if normalized.starts_with("example") {
        return Some(Role::Examples);
    }
    // `### Properties of a token lifetime policy definition`: the table under it describes
    // something else than the page's type (here, the JSON inside a string property). It
    // belongs to the type it names, if it names one.
    if let Some(what) = normalized
        .strip_prefix("properties of ")
        .filter(|_| level > 1)
    {
        let what = ["a ", "an ", "the "]
            .iter()
            .find_map(|article| what.strip_prefix(article))
            .unwrap_or(what)
            .trim();
        let named = text
            .trim()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or_default();
        let owner = if !what.contains(char::is_whitespace) && super::typecell::is_type_name(named) {
            lower_first(named)
        } else {
            what.to_owned()
        };
        return Some(Role::Properties { owner: Some(owner) });
    }
    // `ageGroup values`: one name, then a phrase in the (already lowercased) normalized text.
    let (name, _) = text.trim().split_once(char::is_whitespace)?;
    let (_, rest) = normalized.split_once(char::is_whitespace)?;
    let rest = rest.trim();
    let name = name.trim_matches(['*', '`']);
    if !super::typecell::is_type_name(name) {
        return None;
    }
    match rest {
        "values" | "enumeration" | "enumeration values" | "enum values" | "enum" | "members"
        | "enum type" | "enum members" => {
            // An H1 names the page; only an enum page's H1 is an enum heading.
            (level > 1 || page == PageKind::Enum).then(|| Role::Enum {
                name: Some(lower_first(name)),
                flags: false,
            })
        }
        "flags" | "flags values" => (level > 1).then(|| Role::Enum {
            name: Some(lower_first(name)),
            flags: true,
        }),
        "properties" | "resource properties" if level > 1 => Some(Role::Properties {
            owner: Some(lower_first(name)),
        }),
        _ => None,
    }
}

pub fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_come_from_whole_headings() {
        let api = PageKind::Api;
        assert_eq!(role("List group members", 1, api), None);
        assert_eq!(
            role("Members", 2, PageKind::Enum),
            Some(Role::Enum {
                name: None,
                flags: false
            })
        );
        assert_eq!(
            role("ageGroup values", 3, PageKind::Resource),
            Some(Role::Enum {
                name: Some("ageGroup".into()),
                flags: false
            })
        );
        assert_eq!(
            role("AgeGroup values", 3, PageKind::Resource),
            Some(Role::Enum {
                name: Some("ageGroup".into()),
                flags: false
            })
        );
        assert_eq!(role("Permissions", 2, api), Some(Role::Permissions));
        assert_eq!(
            role("Permissions values", 3, api),
            Some(Role::Enum {
                name: Some("permissions".into()),
                flags: false
            })
        );
        assert_eq!(role("HTTP Request", 2, api), Some(Role::HttpRequest));
        // A table of what a string property holds is no table of the page's type.
        assert_eq!(
            role("Properties of a token lifetime policy definition", 3, api),
            Some(Role::Properties {
                owner: Some("token lifetime policy definition".into())
            })
        );
        assert_eq!(
            role("Properties of an educationRoot", 3, api),
            Some(Role::Properties {
                owner: Some("educationRoot".into())
            })
        );
        assert_eq!(
            role("Command properties ", 2, api),
            Some(Role::Properties {
                owner: Some("command".into())
            })
        );
        assert_eq!(role("Example 1: Get a user", 3, api), Some(Role::Examples));
        assert_eq!(
            role("Optional query parameters", 2, api),
            Some(Role::QueryParameters)
        );
        assert_eq!(role("**Request body**", 2, api), Some(Role::RequestBody));
        assert_eq!(
            role("x enum type", 1, PageKind::Enum),
            Some(Role::Enum {
                name: Some("x".into()),
                flags: false
            })
        );
        assert_eq!(role("x enum type", 1, api), None);
    }
}
