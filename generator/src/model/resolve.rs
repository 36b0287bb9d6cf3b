//! What names and links in type cells refer to. A link resolves to the type its target page
//! declares (link texts are often capitalised or abbreviated); a bare name to the type of that
//! name, preferring the page's own namespace.

use std::collections::{BTreeMap, HashMap};

use super::{TypeRef, short_name};
use crate::diag::{Code, Location, Sink};
use crate::parse::{TypeCell, TypeSpec};

/// The types each page declares, and every declared type by lowercased short name.
#[derive(Debug, Default)]
pub struct Index {
    /// Lowercased page path → the types it declares, primary first.
    pub page_types: HashMap<String, Vec<String>>,
    /// (lowercased page path, anchor slug) → enum type.
    pub anchors: HashMap<(String, String), String>,
    /// Lowercased short name → qualified names.
    pub by_short_name: BTreeMap<String, Vec<String>>,
    /// Lowercased paths of every page, declaring types or not.
    pub pages: HashMap<String, String>,
    pub default_namespace: String,
}

pub struct Resolved {
    pub ty: TypeRef,
    pub collection: bool,
    /// Values listed by an `Enumeration` cell.
    pub values: Vec<String>,
}

impl Index {
    pub fn declare(&mut self, page: &str, qualified: &str) {
        let types = self
            .page_types
            .entry(page.to_ascii_lowercase())
            .or_default();
        if !types.iter().any(|t| t == qualified) {
            types.push(qualified.to_owned());
        }
        let short = short_name(qualified).to_ascii_lowercase();
        let names = self.by_short_name.entry(short).or_default();
        if !names.iter().any(|t| t == qualified) {
            names.push(qualified.to_owned());
        }
    }

    /// Qualifies a name as written on a page (`user`, `microsoft.graph.user`, `#x`).
    pub fn qualify(&self, name: &str, namespace: Option<&str>) -> String {
        let name = name.trim().trim_start_matches('#');
        if name.contains('.') {
            name.to_owned()
        } else {
            format!("{}.{name}", namespace.unwrap_or(&self.default_namespace))
        }
    }

    /// A declared type by name: exact qualified name, or a short name matched without case,
    /// preferring `namespace`.
    pub fn lookup(&self, name: &str, namespace: Option<&str>) -> Option<String> {
        let name = name.trim().trim_start_matches('#');
        let short = short_name(name).to_ascii_lowercase();
        let candidates = self.by_short_name.get(&short)?;
        if name.contains('.') {
            return candidates
                .iter()
                .find(|c| c.eq_ignore_ascii_case(name))
                .cloned();
        }
        let ns = namespace.unwrap_or(&self.default_namespace);
        let in_ns = |c: &&String| c.rsplit_once('.').is_some_and(|(n, _)| n == ns);
        let exact = |c: &&String| short_name(c) == name;
        candidates
            .iter()
            .find(|c| in_ns(c) && exact(c))
            .or_else(|| candidates.iter().find(in_ns))
            .or_else(|| candidates.iter().find(exact))
            .or_else(|| candidates.first())
            .cloned()
    }

    /// The type an annotation or JSON value names (`@odata.type`): a primitive (`Edm.String`,
    /// `String`), a declared type, or else the name qualified as written. A name that is not
    /// one (`/etc/passwd`, `thing)`) is [`TypeRef::Unknown`], for the caller to report.
    pub fn named(&self, name: &str, namespace: Option<&str>) -> TypeRef {
        if let Some(p) = crate::vocab::Primitive::parse(name) {
            return TypeRef::Primitive(p);
        }
        if !crate::ident::is_qualified_name(name) {
            return TypeRef::Unknown(name.to_owned());
        }
        TypeRef::Named(
            self.lookup(name, namespace)
                .unwrap_or_else(|| self.qualify(name, namespace)),
        )
    }

    /// Resolves a type cell, reporting dangling links and undefined names at `at`.
    pub fn resolve(
        &self,
        spec: &TypeSpec,
        page: &str,
        namespace: Option<&str>,
        at: &Location,
        sink: &mut Sink,
    ) -> Resolved {
        let collection = spec.collection;
        let named = |ty: String| Resolved {
            ty: TypeRef::Named(ty),
            collection,
            values: Vec::new(),
        };
        match &spec.cell {
            TypeCell::Primitive(p) => Resolved {
                ty: TypeRef::Primitive(*p),
                collection,
                values: Vec::new(),
            },
            // Each name is resolved (and reported when no page defines it); the first stands
            // for now, and the builder puts the common base in its place once bases are known.
            TypeCell::Either(names) => {
                let mut resolved = names.iter().map(|name| {
                    let spec = TypeSpec {
                        cell: TypeCell::Name(name.clone()),
                        collection,
                    };
                    self.resolve(&spec, page, namespace, at, sink)
                });
                let first = resolved.next();
                resolved.for_each(drop);
                first.unwrap_or(Resolved {
                    ty: TypeRef::Unknown(names.join(" or ")),
                    collection,
                    values: Vec::new(),
                })
            }
            TypeCell::Json => match self.lookup(crate::model::JSON_TYPE, namespace) {
                Some(found) => named(found),
                None => Resolved {
                    ty: TypeRef::Primitive(crate::vocab::Primitive::Untyped),
                    collection,
                    values: Vec::new(),
                },
            },
            TypeCell::Enumeration { members } => Resolved {
                ty: TypeRef::Primitive(crate::vocab::Primitive::String),
                collection,
                values: members.clone(),
            },
            TypeCell::Name(name) => match self.lookup(name, namespace) {
                Some(found) => named(found),
                None => {
                    let qualified = self.qualify(name, namespace);
                    sink.push(
                        at.clone(),
                        Code::TypeUndefined,
                        format!("`{name}` is not a type any page defines"),
                    );
                    named(qualified)
                }
            },
            TypeCell::Link {
                text,
                target,
                anchor,
            } => Resolved {
                ty: self.link(
                    text,
                    target.as_deref(),
                    anchor.as_deref(),
                    (page, namespace),
                    at,
                    sink,
                ),
                collection,
                values: Vec::new(),
            },
        }
    }

    /// The type a link names: by its anchor, the page it links to (the type the text names
    /// there, else the page's own), or else the text; dangling links and links to the wrong
    /// page reported at `at`.
    fn link(
        &self,
        text: &str,
        target: Option<&str>,
        anchor: Option<&str>,
        (page, namespace): (&str, Option<&str>),
        at: &Location,
        sink: &mut Sink,
    ) -> TypeRef {
        let target_page = target.map_or_else(|| page.to_ascii_lowercase(), str::to_ascii_lowercase);
        if let Some(anchor) = anchor {
            if let Some(found) = self.anchors.get(&(target_page.clone(), anchor.to_owned())) {
                return TypeRef::Named(found.clone());
            }
        }
        if let Some(types) = self.page_types.get(&target_page) {
            // A page may declare several types (enum tables beside its resource): the
            // one the link text names, else the page's primary type.
            let by_text = types
                .iter()
                .find(|t| short_name(t).eq_ignore_ascii_case(text));
            // `[invitationParticipantInfo](participantinfo.md)`: text that names
            // another defined type than the page's is a link to the wrong page. Only
            // a compound name counts (`[message](chatmessage.md)` is a word), and not
            // one the page's type name ends with (`[servicePrincipal]` for
            // provisioningServicePrincipal names it loosely).
            let compound = text.chars().skip(1).any(|c| c.is_ascii_uppercase());
            let loose = types.first().is_some_and(|t| {
                let short = short_name(t).to_ascii_lowercase();
                short.ends_with(&text.to_ascii_lowercase())
            });
            if by_text.is_none() && anchor.is_none() && compound && !loose {
                if let Some(found) = self.lookup(text, namespace).filter(|f| !types.contains(f)) {
                    let shown = target.unwrap_or(page);
                    let declared = types.first().map(String::as_str).unwrap_or_default();
                    sink.push(
                        at.clone(),
                        Code::LinkTypeMismatch,
                        format!("`[{text}]` links to `{shown}`, which declares `{declared}`; the type the text names, `{found}`, is used"),
                    );
                    return TypeRef::Named(found);
                }
            }
            let chosen = if anchor.is_some() {
                by_text
            } else {
                by_text.or(types.first())
            };
            if let Some(found) = chosen {
                return TypeRef::Named(found.clone());
            }
        }
        let shown = target.unwrap_or(page);
        let shown_anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        if target.is_some() && !self.pages.contains_key(&target_page) {
            sink.push(
                at.clone(),
                Code::LinkDangling,
                format!("`[{text}]` links to `{shown}`, which is not among the docs"),
            );
        } else {
            sink.push(
                at.clone(),
                Code::LinkNoType,
                format!("`[{text}]` links to `{shown}{shown_anchor}`, which declares no such type"),
            );
        }
        match self.lookup(text, namespace) {
            Some(found) => TypeRef::Named(found),
            None if crate::parse::typecell::is_type_name(text) => {
                TypeRef::Named(self.qualify(text, namespace))
            }
            // `[get the status of the copy operation](..)` names no type at all.
            None => TypeRef::Unknown(text.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        let mut index = Index {
            default_namespace: "microsoft.graph".into(),
            ..Index::default()
        };
        index.declare("resources/user.md", "microsoft.graph.user");
        index.declare(
            "resources/callrecords-session.md",
            "microsoft.graph.callRecords.session",
        );
        index.declare("resources/session.md", "microsoft.graph.session");
        index
            .pages
            .insert("resources/user.md".into(), "resources/user.md".into());
        index
    }

    fn link(text: &str, target: &str) -> TypeSpec {
        TypeSpec {
            cell: TypeCell::Link {
                text: text.into(),
                target: Some(target.into()),
                anchor: None,
            },
            collection: false,
        }
    }

    #[test]
    fn names_are_found_in_the_pages_namespace_first_whatever_their_case() {
        let index = index();
        assert_eq!(
            index.lookup("User", None).as_deref(),
            Some("microsoft.graph.user")
        );
        assert_eq!(
            index
                .lookup("session", Some("microsoft.graph.callRecords"))
                .as_deref(),
            Some("microsoft.graph.callRecords.session")
        );
        assert_eq!(
            index.lookup("session", None).as_deref(),
            Some("microsoft.graph.session")
        );
        assert_eq!(index.qualify("#thing", None), "microsoft.graph.thing");
        assert!(matches!(
            index.named("/etc/passwd", None),
            TypeRef::Unknown(_)
        ));
    }

    #[test]
    fn links_resolve_to_the_type_their_page_declares_or_are_reported() {
        let index = index();
        let at = Location::at("api/x.md", 3);
        let mut sink = Sink::default();
        let resolved = index.resolve(
            &link("User", "resources/user.md"),
            "api/x.md",
            None,
            &at,
            &mut sink,
        );
        assert_eq!(resolved.ty, TypeRef::Named("microsoft.graph.user".into()));
        assert!(sink.diagnostics.is_empty());
        let dangling = link("user", "resources/gone.md");
        let resolved = index.resolve(&dangling, "api/x.md", None, &at, &mut sink);
        // Reported, and still typed by the link's text.
        assert_eq!(resolved.ty, TypeRef::Named("microsoft.graph.user".into()));
        assert_eq!(sink.diagnostics[0].code, Code::LinkDangling);
        assert_eq!(sink.diagnostics[0].location, at);
    }
}
