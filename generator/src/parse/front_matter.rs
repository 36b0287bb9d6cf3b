//! YAML front matter:
//!
//! ```yaml
//! title: "Get a user"
//! doc_type: apiPageType
//! ```
//!
//! Nearly every page's front matter is flat `key: scalar` lines. Those are read by a strict fast
//! path that accepts only lines whose meaning cannot differ from YAML's (quoted strings without
//! escapes, plain words that are not numbers, booleans or nulls); anything else goes to
//! serde_yaml, which also reports invalid YAML. The fast path exists because YAML parsing was a
//! fifth of the parse stage; a corpus test checks that both readings agree on every page.

use super::FrontMatter;

/// The front matter read, or why it is not valid YAML (with the 1-based line within it).
pub enum Read {
    Valid(FrontMatter),
    Invalid {
        fallback: FrontMatter,
        line: Option<usize>,
        message: String,
    },
}

pub fn read(yaml: &str) -> Read {
    match fast_path(yaml) {
        Some(front_matter) => Read::Valid(front_matter),
        None => with_serde_yaml(yaml),
    }
}

/// The strict fast path; `None` when the text needs a real YAML parser.
pub fn fast_path(yaml: &str) -> Option<FrontMatter> {
    let mut front_matter = FrontMatter::default();
    // A handful of keys: a list is quicker than a set.
    let mut keys: Vec<&str> = Vec::with_capacity(16);
    for line in yaml.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let key_ok = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !key_ok || keys.contains(&key) || !(value.is_empty() || value.starts_with(' ')) {
            return None;
        }
        keys.push(key);
        let value = scalar(value.trim())?;
        let slot = match key {
            "title" => &mut front_matter.title,
            "description" => &mut front_matter.description,
            "doc_type" => &mut front_matter.doc_type,
            "ms.prod" => &mut front_matter.ms_prod,
            _ => continue,
        };
        *slot = value.map(|v| v.trim().to_owned());
    }
    Some(front_matter)
}

/// A scalar whose YAML meaning is its text: `Some(None)` for an empty value (null), `None`
/// when YAML might read it otherwise.
fn scalar(value: &str) -> Option<Option<&str>> {
    if value.is_empty() {
        return Some(None);
    }
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            let inner = inner.strip_suffix(quote)?;
            let escapes = inner.contains(quote) || (quote == '"' && inner.contains('\\'));
            return (!escapes).then_some(Some(inner));
        }
    }
    let special_start = value.starts_with(|c: char| "[]{}>|*&!%@`#,?-:~+.0123456789".contains(c));
    let special_word = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]
        .iter()
        .any(|word| word.eq_ignore_ascii_case(value));
    let special_inside = value
        .as_bytes()
        .windows(2)
        .any(|pair| pair == b": " || pair == b" #")
        || value.ends_with(':')
        || value.contains('\t');
    (!special_start && !special_word && !special_inside).then_some(Some(value))
}

/// The full YAML reading.
pub fn with_serde_yaml(yaml: &str) -> Read {
    match serde_yaml::from_str::<serde_yaml::Value>(yaml) {
        Ok(value) => {
            let get = |key: &str| {
                value.get(key).and_then(|v| match v {
                    serde_yaml::Value::String(s) => Some(s.trim().to_owned()),
                    serde_yaml::Value::Null => None,
                    other => serde_yaml::to_string(other)
                        .ok()
                        .map(|s| s.trim().to_owned()),
                })
            };
            Read::Valid(FrontMatter {
                title: get("title"),
                description: get("description"),
                doc_type: get("doc_type"),
                ms_prod: get("ms.prod"),
            })
        }
        Err(e) => {
            // Still take what `key: value` lines say.
            let mut fallback = FrontMatter::default();
            for l in yaml.lines() {
                if let Some((k, v)) = l.split_once(':') {
                    let v = Some(v.trim().trim_matches(['"', '\'']).to_owned())
                        .filter(|v| !v.is_empty());
                    match k.trim() {
                        "title" => fallback.title = v,
                        "description" => fallback.description = v,
                        "doc_type" => fallback.doc_type = v,
                        "ms.prod" => fallback.ms_prod = v,
                        _ => {}
                    }
                }
            }
            Read::Invalid {
                fallback,
                line: e.location().map(|l| l.line()),
                message: e.to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_path_reads_flat_front_matter() {
        let fm = fast_path("title: \"Get a user\"\ndescription: Retrieve a user.\ndoc_type: apiPageType\nms.prod: ''\nauthor:\n").unwrap();
        assert_eq!(fm.title.as_deref(), Some("Get a user"));
        assert_eq!(fm.description.as_deref(), Some("Retrieve a user."));
        assert_eq!(fm.doc_type.as_deref(), Some("apiPageType"));
        assert_eq!(fm.ms_prod.as_deref(), Some(""));
    }

    #[test]
    fn fast_path_declines_what_yaml_reads_differently() {
        for yaml in [
            "title: a: b",
            "title: \"unclosed",
            "title: \"esc\\\"aped\"",
            "title: 1.0",
            "title: yes",
            "title: [a, b]",
            "title: a #comment",
            "title: a\ntitle: b",
            "  nested: x",
            "- item",
        ] {
            assert!(fast_path(yaml).is_none(), "{yaml}");
        }
    }

    #[test]
    fn invalid_yaml_is_reported_with_what_could_be_read() {
        match read("title: \"Unclosed\ndoc_type: apiPageType") {
            Read::Invalid { fallback, .. } => {
                assert_eq!(fallback.doc_type.as_deref(), Some("apiPageType"))
            }
            Read::Valid(_) => panic!("accepted invalid YAML"),
        }
    }
}
