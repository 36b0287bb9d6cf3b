//! All naming goes through here.
//!
//! Whether a docs name is a valid identifier is one rule, Unicode's XID (the `unicode-ident`
//! crate), for every stage and output: [`is_identifier`] and [`is_qualified_name`]. OData's
//! SimpleIdentifier and Rust's identifiers are both XID.
//!
//! Generated Rust names are built from any wire name and never fail: heck for casing, characters
//! outside ASCII letters, digits and `_` become word breaks (rustc normalizes non-ASCII
//! identifiers to NFC and lints confusable and uncommon ones, so two distinct wire names could
//! become one identifier or a warning), leading digits prefixed, keywords escaped (`r#type`;
//! `self`, `Self`, `super`, `crate` and `_` cannot be raw and get a trailing `_`), and names that
//! collide after casing (`Status` and `status`) made distinct. Every name keeps its wire name,
//! so a renamed field gets `#[serde(rename = "...")]`.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's strict and reserved keywords, in every edition.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A generated name: the Rust identifier (as source text) and the name on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub rust: String,
    pub wire: String,
}

impl Name {
    /// Whether serde needs `rename` to map the identifier back to the wire name.
    pub fn renamed(&self) -> bool {
        self.rust.trim_start_matches("r#") != self.wire
    }

    /// The identifier. Every `Name` this module builds is a valid one; a hand-made `Name` that
    /// is not becomes `__invalid` rather than a panic in proc-macro2.
    pub fn ident(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        match self.rust.strip_prefix("r#") {
            Some(raw) if KEYWORDS.contains(&raw) && !NOT_RAW.contains(&raw) => {
                proc_macro2::Ident::new_raw(raw, span)
            }
            None if is_rust_identifier(&self.rust) => proc_macro2::Ident::new(&self.rust, span),
            _ => proc_macro2::Ident::new("__invalid", span),
        }
    }
}

/// A field name: `displayName` → `display_name`, `type` → `r#type`, `@odata.type` →
/// `odata_type`, `2fa` → `_2fa`.
pub fn field(wire: &str) -> Name {
    Name {
        rust: escape(&clean(wire).to_snake_case(), '_'),
        wire: wire.to_owned(),
    }
}

/// A type or variant name: `directoryObject` → `DirectoryObject`, `self` → `Self_`.
pub fn type_name(wire: &str) -> Name {
    Name {
        rust: escape(&clean(wire).to_upper_camel_case(), '_'),
        wire: wire.to_owned(),
    }
}

/// A module name for a namespace: `microsoft.graph.callRecords` → `microsoft_graph_call_records`.
pub fn module(namespace: &str) -> Name {
    let joined = namespace
        .split('.')
        .map(|part| clean(part).to_snake_case())
        .collect::<Vec<_>>()
        .join("_");
    // The names of the modules every models file has beside the namespaces.
    let joined = if RESERVED_MODULES.contains(&joined.as_str()) {
        format!("{joined}_ns")
    } else {
        joined
    };
    Name {
        rust: escape(&joined, '_'),
        wire: namespace.to_owned(),
    }
}

/// Modules of the models besides the namespaces' own: a namespace is never given their names.
pub const RESERVED_MODULES: [&str; 2] = ["helpers", "undocumented"];

/// Whether a name is an identifier: an XID start character or `_`, then XID continue
/// characters (`displayName`, `größe`; not `x²`, `٣abc`, `@odata.type` or `thing)`).
pub fn is_identifier(name: &str) -> bool {
    // Names in the docs are ASCII nearly always: those are judged byte by byte.
    if name.is_ascii() {
        let bytes = name.as_bytes();
        return bytes
            .first()
            .is_some_and(|b| *b == b'_' || b.is_ascii_alphabetic())
            && bytes
                .iter()
                .all(|b| *b == b'_' || b.is_ascii_alphanumeric());
    }
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || unicode_ident::is_xid_start(c))
        && chars.all(unicode_ident::is_xid_continue)
}

/// Whether a name is identifiers joined by dots: `microsoft.graph.user`, `user`.
pub fn is_qualified_name(name: &str) -> bool {
    name.split('.').all(is_identifier)
}

/// Whether `name` can be given to `proc_macro2::Ident::new` as it is: what this module builds.
fn is_rust_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && name != "_"
        && !KEYWORDS.contains(&name)
}

/// Characters that cannot be in a generated identifier become word breaks.
fn clean(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

fn escape(name: &str, prefix: char) -> String {
    let name = if name.is_empty() {
        "_".to_owned()
    } else {
        name.to_owned()
    };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    };
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Names in one scope (the fields of a struct, the variants of an enum, the types of a module),
/// made distinct: a name already taken gets a number, `status_2` for snake case names and
/// `Status2` for camel case ones, in order.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// The name, and the name it collided with when it had to change.
    pub fn add(&mut self, name: Name) -> (Name, Option<String>) {
        let base = name.rust.clone();
        let bare = base.trim_start_matches("r#").to_owned();
        if self.taken.insert(bare.clone()) {
            return (name, None);
        }
        let snake = !bare
            .trim_start_matches('_')
            .starts_with(|c: char| c.is_ascii_uppercase());
        let stem = bare.trim_end_matches('_');
        let mut n = 2;
        loop {
            let candidate = if snake {
                format!("{stem}_{n}")
            } else {
                format!("{stem}{n}")
            };
            if self.taken.insert(candidate.clone()) {
                return (
                    Name {
                        rust: candidate,
                        wire: name.wire,
                    },
                    Some(base),
                );
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_is_escaped() {
        for keyword in KEYWORDS {
            let name = field(keyword);
            let expected = if NOT_RAW.contains(keyword) {
                format!("{keyword}_")
            } else {
                format!("r#{keyword}")
            };
            // `Self` snake-cases to `self`: it is escaped as `self_`.
            let expected = if *keyword == "Self" {
                "self_".to_owned()
            } else {
                expected
            };
            assert_eq!(name.rust, expected, "{keyword}");
            // The identifier can be built, and parses.
            let ident = name.ident();
            syn::parse_str::<syn::Ident>(&ident.to_string())
                .unwrap_or_else(|e| panic!("{keyword}: {e}"));
        }
        assert_eq!(type_name("self").rust, "Self_");
        assert_eq!(type_name("crate").rust, "Crate");
    }

    #[test]
    fn casing_characters_and_digits() {
        assert_eq!(field("displayName").rust, "display_name");
        assert_eq!(field("@odata.type").rust, "odata_type");
        assert_eq!(field("2faEnabled").rust, "_2fa_enabled");
        assert_eq!(field("").rust, "__", "`_` alone is no field name");
        assert_eq!(type_name("directoryObject").rust, "DirectoryObject");
        assert_eq!(type_name("2dCode").rust, "_2dCode");
        assert_eq!(
            module("microsoft.graph.callRecords").rust,
            "microsoft_graph_call_records"
        );
        assert!(field("displayName").renamed());
        assert!(!field("id").renamed());
        assert!(!field("type").renamed(), "r#type is `type` on the wire");
    }

    #[test]
    fn the_identifier_rule_is_xid() {
        for valid in ["displayName", "_x", "größe", "名前", "a1", "é"] {
            assert!(is_identifier(valid), "{valid}");
        }
        for invalid in [
            "",
            "x²",
            "٣abc",
            "1a",
            "@odata.type",
            "thing)",
            "a b",
            "a-b",
            "/etc",
        ] {
            assert!(!is_identifier(invalid), "{invalid}");
        }
        assert!(is_qualified_name("microsoft.graph.user"));
        assert!(!is_qualified_name("microsoft.graph./etc/passwd"));
        assert!(!is_qualified_name("microsoft..graph"));
    }

    #[test]
    fn any_name_becomes_a_rust_identifier() {
        // Alphanumeric to Unicode but not identifier characters, or not ASCII: they panicked
        // proc-macro2 (`"x²" is not a valid Ident`).
        for wire in [
            "x²",
            "٣abc",
            "größe",
            "名前",
            "e\u{301}",
            "\u{202e}x",
            "Ⅻ",
            "_",
            "r#type",
            "$",
        ] {
            for name in [field(wire), type_name(wire), module(wire)] {
                let ident = name.ident();
                assert_ne!(ident, "__invalid", "{wire} → {}", name.rust);
                syn::parse_str::<syn::Ident>(&ident.to_string())
                    .unwrap_or_else(|e| panic!("{wire} → {ident}: {e}"));
            }
        }
        assert_eq!(field("x²").rust, "x");
        assert_eq!(field("٣abc").rust, "abc");
        let hand_made = Name {
            rust: "x²".into(),
            wire: "x²".into(),
        };
        assert_eq!(hand_made.ident(), "__invalid");
    }

    #[test]
    fn collisions_after_casing_are_made_distinct() {
        let mut scope = Scope::default();
        let (first, clash) = scope.add(field("status"));
        assert_eq!((first.rust.as_str(), clash), ("status", None));
        let (second, clash) = scope.add(field("Status"));
        assert_eq!(second.rust, "status_2");
        assert_eq!(second.wire, "Status");
        assert_eq!(clash.as_deref(), Some("status"));
        let (third, _) = scope.add(field("STATUS"));
        assert_eq!(third.rust, "status_3");
        let mut types = Scope::default();
        types.add(type_name("json"));
        assert_eq!(types.add(type_name("Json")).0.rust, "Json2");
    }
}
