//! The YAML writer of every YAML output: a serde serializer that writes block-style YAML as it
//! is serialized, in one pass, with nothing built in memory but the line being written.
//!
//! It writes what serde_yaml writes (its emitter is libyaml's, and this one decides every
//! scalar's style, indentation and line break by libyaml's rules, with serde_yaml's settings: no
//! line width, Unicode as is, two-space indents), with one difference: plain scalars that YAML
//! 1.1 readers (PyYAML, openapi-spec-validator among them) read as something other than a
//! string, and YAML 1.2 readers do not (`on`, `no`, `y`, `1:20`, `1_000`), are single-quoted.
//! A parameter named `on` would otherwise be read as `name: true`.
//!
//! The tests hold it to serde_yaml: its output is serde_yaml's byte for byte wherever no such
//! scalar occurs, and serde_yaml reads every document it writes back equal to what was written.
//!
//! Only what the outputs serialize is supported: scalars, sequences, mappings whose keys are
//! scalars, structs. Enum variants with data (which serde_yaml writes as YAML tags) and byte
//! strings are errors.

use std::fmt::Display;
use std::io::Write;

use serde::ser::{self, Serialize};

mod emitter;
mod scalar;
mod serialize;

pub use emitter::Serializer;

/// Writes `value` as YAML, after `header`, into `out`.
pub fn write<T: Serialize + ?Sized>(
    out: &mut dyn Write,
    header: &str,
    value: &T,
) -> std::io::Result<()> {
    let mut serializer = Serializer::new(out);
    serializer.buf.extend_from_slice(header.as_bytes());
    value
        .serialize(&mut serializer)
        .map_err(std::io::Error::other)?;
    serializer.finish()
}

/// What cannot be written as YAML.
#[derive(Debug)]
pub struct YamlError(String);

impl Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for YamlError {}

impl ser::Error for YamlError {
    fn custom<T: Display>(message: T) -> Self {
        YamlError(message.to_string())
    }
}

fn unsupported(what: &str) -> YamlError {
    YamlError(format!("the YAML writer does not write {what}"))
}

#[cfg(test)]
mod tests {
    use super::scalar::ambiguous_in_yaml_1_1;
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    /// `value` as a YAML document, through the outputs' own entry point.
    fn to_string<T: Serialize + ?Sized>(value: &T) -> std::io::Result<String> {
        let mut out = Vec::new();
        write(&mut out, "", value)?;
        String::from_utf8(out).map_err(std::io::Error::other)
    }

    #[test]
    fn quotes_what_yaml_1_1_misreads() {
        let value = json!({"name": "on", "enum": ["yes", "no", "maybe"], "on": 1, "at": "1:20",
            "count": "10", "key": "value: x", "text": "on\nno"});
        let text = to_string(&value).unwrap();
        assert_eq!(
            text,
            "name: 'on'\nenum:\n- 'yes'\n- 'no'\n- maybe\n'on': 1\nat: '1:20'\ncount: '10'\n\
             key: 'value: x'\ntext: |-\n  on\n  no\n"
        );
        let back: Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn writes_what_serde_yaml_writes() {
        let long_key = "k".repeat(129);
        let value = json!({
            "plain": "a b", "empty": "", "null": null, "list": [], "map": {},
            "nested": [[1, 2], {"a": [true, 1.5]}, [], "- x", "#x", "x #y", "a: b", "~"],
            "literal": "line\n\n  indented\n", "kept": "a\n\n", "lead": "\nx",
            "quoted": "tab\there", "bom": "\u{feff}x", "nel": "a\u{85}b", "ls": "a\u{2028}b",
            "multi key\nline": 1, long_key: {"x": [1]}, "0123": "0x1F", "-.5": "1e5",
            "emoji 😀": "😀", "nul\u{0}": "\u{1b}\u{7f}\u{9f}\u{fffe}\u{10ffff}",
            "trailing ": " leading", "'q'": "\"dq\"", "back\\slash": "it's"
        });
        let ours = to_string(&value).unwrap();
        assert_eq!(ours, serde_yaml::to_string(&value).unwrap());
        let back: Value = serde_yaml::from_str(&ours).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn refuses_what_it_cannot_write() {
        #[derive(serde::Serialize)]
        enum E {
            V(u8),
        }
        assert!(to_string(&E::V(1)).is_err());
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1], 1);
        assert!(to_string(&map).is_err());
    }

    const PIECES: &[&str] = &[
        "a", "b", " ", "  ", "\n", ":", ": ", "#", " #", "-", "- ", "?", "'", "\"", "\\", "\t",
        "\r", "é", "\u{2028}", "\u{85}", "\u{feff}", "0", "1", ".", "...", "---", "[", "{", "!",
        "|", ">", "on", "y", "\0", "😀", "~", "null", "true", "0x1F", "1e3", "_", "1:2", "%", "@",
        "`", ",", "&", "*", "\u{a0}", "\u{1}", "’", "\u{fffe}", "\u{9f}", "\u{2029}", "a:", ":b",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..7).prop_map(|p| p.concat())
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            text().prop_map(Value::String),
            any::<i64>().prop_map(Value::from),
            any::<bool>().prop_map(Value::from),
            Just(Value::Null),
            (-1e6f64..1e6).prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((text(), inner), 0..5)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    /// Whether serde_yaml would write some scalar of `v` plain where YAML 1.1 misreads it.
    fn has_ambiguous(v: &Value) -> bool {
        match v {
            Value::String(s) => ambiguous_in_yaml_1_1(s),
            Value::Array(items) => items.iter().any(has_ambiguous),
            Value::Object(map) => map
                .iter()
                .any(|(k, v)| ambiguous_in_yaml_1_1(k) || has_ambiguous(v)),
            _ => false,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// serde_yaml reads back what was written, and wherever YAML 1.1 has nothing to
        /// misread, the bytes are serde_yaml's own.
        #[test]
        fn reads_back_equal_and_matches_serde_yaml(v in value()) {
            let ours = to_string(&v).unwrap();
            let back: Value = serde_yaml::from_str(&ours).unwrap();
            prop_assert_eq!(&back, &v, "{}", ours);
            if !has_ambiguous(&v) {
                prop_assert_eq!(ours, serde_yaml::to_string(&v).unwrap());
            }
        }
    }
}
