//! HTML-comment annotations: `<!-- { "blockType": "request", "name": "update_user" } -->`.
//!
//! Real pages write them by hand, so the JSON is often sloppy (trailing commas, smart quotes,
//! `"abstract": "true"`). Strict JSON is tried first, then JSON5 after repairs; what still fails
//! is reported by the caller.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum BlockType {
    Resource,
    Request,
    Response,
    Example,
    Ignored,
    Samples,
    SimulatedResponse,
    TestParams,
    Permissions,
    /// A page annotation (`"type": "#page.annotation"`) rather than a block annotation.
    Page,
}

impl BlockType {
    fn parse(value: &str) -> Option<BlockType> {
        let mut buf = [0u8; 32];
        Some(
            match super::ascii_lowercase_in(value.trim().chars(), &mut buf)? {
                "resource" => BlockType::Resource,
                "request" => BlockType::Request,
                "response" => BlockType::Response,
                "example" => BlockType::Example,
                "ignored" => BlockType::Ignored,
                "samples" => BlockType::Samples,
                "simulatedresponse" => BlockType::SimulatedResponse,
                "testparams" => BlockType::TestParams,
                "permissions" => BlockType::Permissions,
                _ => return None,
            },
        )
    }
}

/// The keys of an annotation the generator acts on; the rest are kept in `other`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Annotation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_type: Option<BlockType>,
    /// A blockType value the dialect does not define, kept for the diagnostic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown_block_type: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub name: Vec<String>,
    /// `@odata.type` without a leading `#` and without `Collection(...)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_collection: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_property: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub open_type: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub r#abstract: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_media_entity: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub optional_properties: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nullable_properties: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_empty: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub expect_error: bool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, Value>,
}

/// How an annotation was read.
#[derive(Debug)]
pub enum Parsed {
    Strict(Annotation),
    /// Not valid JSON, but readable after repairs; the error says what was wrong and where.
    Recovered(Annotation, JsonError),
    Failed(JsonError),
    /// A comment that is not an annotation at all (`<!-- uuid: ... -->`).
    NotAnnotation,
}

/// What was wrong with an annotation's JSON, and where the reader stopped: a line (1-based) and
/// column of the comment's inside, as serde_json counts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub message: String,
    pub at: (usize, usize),
}

impl JsonError {
    /// serde_json's error, its position moved from the JSON's start to the comment's: the JSON
    /// starts `start` bytes into `comment`. A trailing comma is placed on the comma, not on the
    /// bracket after it where the reader noticed.
    fn new(error: &serde_json::Error, comment: &str, start: usize) -> JsonError {
        let message = error.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(what, _)| what)
            .to_owned();
        let json = &comment[start..];
        let mut offset = start + offset_of(json, error.line(), error.column());
        if message == "trailing comma" {
            let before = comment[..offset].trim_end_matches(|c: char| c.is_whitespace());
            if before.ends_with(',') {
                offset = before.len() - 1;
            }
        }
        let before = &comment[..offset];
        let line = 1 + bytecount::count(before.as_bytes(), b'\n');
        let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        JsonError {
            message,
            at: (line, col),
        }
    }
}

/// The byte offset in `text` of serde_json's (line, column): lines from 1, columns in bytes from
/// 1, 0 meaning the line's start; clamped to the text.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let mut offset = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Reads the inside of an HTML comment.
pub fn parse(comment: &str) -> Parsed {
    // An annotation is a comment that is a JSON object; `<!-- GET /groups/{id} -->` is not.
    let trimmed = comment.trim_start();
    let (true, Some(end)) = (trimmed.starts_with('{'), trimmed.rfind('}')) else {
        return Parsed::NotAnnotation;
    };
    let start = comment.len() - trimmed.len();
    let end = start + end;
    let json = &comment[start..=end];
    match serde_json::from_str::<Entries>(json) {
        Ok(entries) => Parsed::Strict(from_entries(entries)),
        Err(strict_error) => {
            // The lenient reader recurses without a limit.
            let error = JsonError::new(&strict_error, comment, start);
            if super::http::nested_deeper_than(json, crate::vocab::body::MAX_JSON_DEPTH) {
                return Parsed::Failed(error);
            }
            let repaired = repair(json);
            match json5::from_str::<Entries>(&repaired) {
                Ok(entries) => Parsed::Recovered(from_entries(entries), error),
                Err(_) => Parsed::Failed(error),
            }
        }
    }
}

/// Fixes what hand-written annotations get wrong and JSON5 does not forgive: typographic quotes,
/// line breaks inside strings, and missing commas between `"a": 1` and `"b": 2` on separate lines.
fn repair(json: &str) -> String {
    let mut in_string = false;
    let mut escaped = false;
    let text: String = json
        .chars()
        .map(|c| {
            let c = match c {
                '\u{201C}' | '\u{201D}' | '\u{201E}' => '"',
                '\u{2018}' | '\u{2019}' => '\'',
                c => c,
            };
            if in_string && c.is_control() {
                return ' ';
            }
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = in_string;
            } else if c == '"' {
                in_string = !in_string;
            }
            c
        })
        .collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous_ends_value = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if previous_ends_value && trimmed.starts_with('"') {
            out.push(',');
        }
        out.push('\n');
        out.push_str(line);
        previous_ends_value = trimmed.ends_with(['"', ']', '}'])
            || trimmed.ends_with("true")
            || trimmed.ends_with("false")
            || trimmed.ends_with(|c: char| c.is_ascii_digit());
        if trimmed.ends_with('{') || trimmed.ends_with('[') || trimmed.ends_with(',') {
            previous_ends_value = false;
        }
    }
    out
}

/// An annotation's entries in the order written. Each key is read once, so they are not put in
/// a map, which would hash every key for nothing; a repeated key keeps its first place and its
/// last value, as in a map.
struct Entries(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;

        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(4));
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    match entries.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, earlier)) => *earlier = value,
                        None => entries.push((key, value)),
                    }
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor)
    }
}

fn from_entries(Entries(entries): Entries) -> Annotation {
    let mut a = Annotation::default();
    let mut buf = [0u8; 32];
    for (key, value) in entries {
        // Keys come in any case; one too long to lowercase here is none the generator reads.
        match super::ascii_lowercase_in(key.chars(), &mut buf).unwrap_or_default() {
            "blocktype" => match value.as_str().and_then(BlockType::parse) {
                Some(bt) => a.block_type = Some(bt),
                None => a.unknown_block_type = Some(value_text(&value)),
            },
            "type"
                if value
                    .as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case("#page.annotation")) =>
            {
                a.block_type = Some(BlockType::Page);
            }
            "name" => a.name = strings(&value),
            "@odata.type" | "@type" => {
                if let Some(t) = value.as_str() {
                    let (name, collection) = odata_type(t);
                    a.odata_type = Some(name);
                    a.is_collection |= collection;
                }
            }
            "iscollection" => a.is_collection |= truthy(&value),
            "basetype" => {
                a.base_type = value
                    .as_str()
                    .map(|s| s.trim().trim_start_matches('#').to_owned())
            }
            "keyproperty" => a.key_property = value.as_str().map(|s| s.trim().to_owned()),
            "opentype" => a.open_type = truthy(&value),
            "abstract" => a.r#abstract = truthy(&value),
            "ismediaentity" => a.is_media_entity = truthy(&value),
            "optionalproperties" => a.optional_properties = strings(&value),
            "nullableproperties" => a.nullable_properties = strings(&value),
            "truncated" => a.truncated = truthy(&value),
            "isempty" => a.is_empty = truthy(&value),
            "expecterror" => a.expect_error = truthy(&value),
            _ => {
                a.other.insert(key, value);
            }
        }
    }
    a
}

/// `#microsoft.graph.user` → (`microsoft.graph.user`, false);
/// `Collection(microsoft.graph.user)` → (`microsoft.graph.user`, true).
pub fn odata_type(raw: &str) -> (String, bool) {
    let t = raw.trim().trim_start_matches('#');
    if let Some(inner) = super::odata_collection(t) {
        return (inner.trim().trim_start_matches('#').to_owned(), true);
    }
    (t.to_owned(), false)
}

/// `true`, `"true"`, `"True"` are all true: the dialect writes booleans both ways.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::String(s) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    }
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.trim().to_owned()],
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim().to_owned())
            .collect(),
        _ => Vec::new(),
    }
}

fn value_text(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict(s: &str) -> Annotation {
        match parse(s) {
            Parsed::Strict(a) => a,
            other => panic!("expected strict, got {other:?}"),
        }
    }

    #[test]
    fn reads_keys_case_insensitively() {
        let a = strict(
            r##" { "blockType": "Resource", "@odata.type": "#microsoft.graph.user", "keyProperty": "id", "abstract": "true", "custom": 1 } "##,
        );
        assert_eq!(a.block_type, Some(BlockType::Resource));
        assert_eq!(a.odata_type.as_deref(), Some("microsoft.graph.user"));
        assert_eq!(a.key_property.as_deref(), Some("id"));
        assert!(a.r#abstract);
        assert_eq!(a.other.get("custom"), Some(&Value::from(1)));
    }

    #[test]
    fn a_repeated_key_takes_its_last_value() {
        let a = strict(
            r#"{"@odata.type":"Collection(microsoft.graph.user)","blockType":"response","@odata.type":"microsoft.graph.group"}"#,
        );
        assert_eq!(a.odata_type.as_deref(), Some("microsoft.graph.group"));
        assert!(!a.is_collection);
        assert_eq!(a.block_type, Some(BlockType::Response));
    }

    #[test]
    fn collection_types_and_name_lists() {
        let a = strict(
            r#"{"blockType":"response","@odata.type":"Collection(microsoft.graph.user)","name":["a","b"]}"#,
        );
        assert!(a.is_collection);
        assert_eq!(a.odata_type.as_deref(), Some("microsoft.graph.user"));
        assert_eq!(a.name, ["a", "b"]);
    }

    #[test]
    fn recovers_sloppy_json() {
        for sloppy in [
            "{ \"blockType\": \"request\", \"name\": \"x\", }",
            "{ \u{201C}blockType\u{201D}: \u{201C}request\u{201D} }",
            "{\n  \"blockType\": \"request\"\n  \"name\": \"x\"\n}",
            "{ \"blockType\": \"request\", \"suppressions\": [\"a line\n  and its continuation\"] }",
        ] {
            match parse(sloppy) {
                Parsed::Recovered(a, _) => {
                    assert_eq!(a.block_type, Some(BlockType::Request), "{sloppy}")
                }
                other => panic!("{sloppy}: {other:?}"),
            }
        }
    }

    #[test]
    fn reports_what_cannot_be_read() {
        assert!(matches!(
            parse(r#"{ "blockType": request" }"#),
            Parsed::Failed(_)
        ));
        assert!(matches!(
            parse(" uuid: 8fcb5dbc 2015-10-25 "),
            Parsed::NotAnnotation
        ));
        assert!(matches!(
            parse("\nGET /groups/{id}/events/{id}\n"),
            Parsed::NotAnnotation
        ));
    }

    #[test]
    fn errors_say_where_in_the_comment() {
        // The trailing comma: the reader stops at the `}` on the comment's third line.
        let Parsed::Recovered(_, error) = parse(" {\n  \"blockType\": \"request\",\n}") else {
            panic!("not recovered")
        };
        assert_eq!(error.message, "trailing comma");
        assert_eq!(error.at, (2, 25));
        // On the JSON's first line, columns count from the comment's start.
        let Parsed::Failed(error) = parse("   { \"blockType\": request\" }") else {
            panic!("not failed")
        };
        assert_eq!(error.at, (1, 19));
    }

    #[test]
    fn page_annotations_are_recognized() {
        let a = strict(r##"{ "type": "#page.annotation", "description": "x" }"##);
        assert_eq!(a.block_type, Some(BlockType::Page));
    }
}
