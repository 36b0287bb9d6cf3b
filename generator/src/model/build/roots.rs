//! Pass 4, what request lines say about types: a type a GET by key returns is an entity, and
//! a root segment no GET types is typed by the type whose properties follow it.

use super::Builder;
use super::container::root_segment;
use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Location, Sink};
use crate::model::{TypeKind, TypeRef};
use crate::parse::route;
use crate::vocab::{Method, path};

impl<'a> Builder<'_, 'a> {
    /// A type that a GET on `/things/{thing-id}` returns is addressed by key: an entity type, even
    /// when its resource block omits `keyProperty`. Its key is its `id` property.
    pub(super) fn entities_addressed_by_key(&mut self) {
        let mut quiet = Sink::default();
        let mut addressed = BTreeSet::new();
        for page in &self.docs.pages {
            let Some(spec) = page.response.as_ref().and_then(|r| r.ty.as_ref()) else {
                continue;
            };
            if spec.collection {
                continue;
            }
            let by_key = page.routes.iter().any(|r| {
                r.method == Method::Get
                    && r.template
                        .path
                        .rsplit('/')
                        .next()
                        .is_some_and(|s| s.starts_with('{') && s.ends_with('}'))
            });
            if !by_key {
                continue;
            }
            let at = Location::at(page.path.clone(), 1);
            if let TypeRef::Named(t) = self
                .docs
                .index
                .resolve(spec, &page.path, page.namespace.as_deref(), &at, &mut quiet)
                .ty
            {
                addressed.insert(t);
            }
        }
        // Without an `id` of its own, it joins the entities below the root, whose key it has.
        let root = self.entity_root().map(|(root, _)| root);
        for t in addressed {
            if let Some(ty) = self.types.get_mut(&t) {
                if ty.kind != TypeKind::Complex || ty.key.is_some() || ty.base_type.is_some() {
                    continue;
                }
                if ty.properties.contains_key("id") {
                    ty.key = Some("id".to_owned());
                    ty.kind = TypeKind::Entity;
                } else if let Some(root) = root.as_ref().filter(|r| **r != t) {
                    ty.base_type = Some(root.clone());
                    ty.kind = TypeKind::Entity;
                }
            }
        }
    }

    /// The types of route roots that no `GET /x` types: `/education/classes/{id}` and
    /// `/education/schools` start at the type whose properties are `classes` and `schools`.
    /// Such a type is a singleton's, hence an entity: one that states no key joins the entity
    /// hierarchy below its root.
    pub(super) fn route_roots(&mut self) -> BTreeMap<String, String> {
        let (keyed, typed, next) = self.root_segments();
        let mut roots = BTreeMap::new();
        // Each type that could be a root, with its short name lowercase.
        let candidates: Vec<(String, &String)> = self
            .types
            .iter()
            .filter(|(_, t)| t.kind != TypeKind::Enum)
            .map(|(name, _)| {
                let short = crate::model::short_name(name);
                (short.to_ascii_lowercase(), name)
            })
            .collect();
        for (first, properties) in next {
            if keyed.contains(first) || typed.contains(first) {
                continue;
            }
            if let Some(name) = self.root_type(&candidates, first, &properties) {
                roots.insert(first.to_owned(), name.clone());
            }
        }
        // A type that other types hold as a value (`identity` in `createdBy`) is no root.
        let values: BTreeSet<String> = self
            .types
            .values()
            .flat_map(|t| t.properties.values())
            .filter(|p| !p.navigation)
            .filter_map(|p| match &p.ty {
                TypeRef::Named(n) => Some(n.clone()),
                _ => None,
            })
            .collect();
        roots.retain(|_, t| {
            self.types
                .get(t)
                .is_some_and(|ty| ty.kind == TypeKind::Entity || !values.contains(t))
        });
        let root = self.entity_root();
        for t in roots.values() {
            let Some(ty) = self.types.get_mut(t) else {
                continue;
            };
            if ty.kind == TypeKind::Complex && ty.key.is_none() && ty.base_type.is_none() {
                if let Some((root, _)) = root.as_ref().filter(|(r, _)| r != t) {
                    ty.base_type = Some(root.clone());
                    ty.kind = TypeKind::Entity;
                }
            }
        }
        roots
    }

    /// What the request lines say of each first segment: followed by a key somewhere, typed by
    /// a `GET` of it alone, and the segments that follow it.
    #[allow(clippy::type_complexity)]
    fn root_segments(
        &self,
    ) -> (
        BTreeSet<&str>,
        BTreeSet<&str>,
        BTreeMap<&str, BTreeSet<&str>>,
    ) {
        let mut keyed: BTreeSet<&str> = BTreeSet::new();
        let mut typed: BTreeSet<&str> = BTreeSet::new();
        let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for page in &self.docs.pages {
            for line in &page.routes {
                let segments = path::segments(&line.template.path);
                let Some(first) = root_segment(&segments) else {
                    continue;
                };
                match segments.get(1) {
                    Some(s) if s.starts_with('{') => {
                        keyed.insert(first);
                    }
                    // `POST /search/query` names an action, not a property of the root.
                    Some(s)
                        if crate::ident::is_identifier(s)
                            && (segments.len() > 2 || line.method == Method::Get) =>
                    {
                        next.entry(first).or_default().insert(s);
                    }
                    None if line.method == Method::Get
                        && page.response.as_ref().is_some_and(|r| r.ty.is_some()) =>
                    {
                        typed.insert(first);
                    }
                    _ => {}
                }
            }
        }
        (keyed, typed, next)
    }

    /// The type a root segment stands for, among `candidates` (each type's short name
    /// lowercase and its name): the one with most of the `properties` that follow it, then the
    /// closest name; none when two tie.
    fn root_type<'c>(
        &self,
        candidates: &'c [(String, &String)],
        first: &str,
        properties: &BTreeSet<&str>,
    ) -> Option<&'c String> {
        // Among the types named after the segment (`policies`: `policyRoot`, `education`:
        // `educationRoot`), the one with most of the properties that follow it, then the
        // closest name.
        let singular = route::singular(first).to_ascii_lowercase();
        let mut scores: Vec<(usize, usize, &String)> = candidates
            .iter()
            .filter_map(|&(ref short, name)| {
                let closeness = if *short == singular
                    || short.eq_ignore_ascii_case(first)
                    || short.strip_suffix("root") == Some(singular.as_str())
                {
                    3
                } else if short.starts_with(&singular) {
                    2
                } else if short.contains(&singular) {
                    1
                } else {
                    return None;
                };
                let score = properties
                    .iter()
                    .filter(|p| self.has_property(name, p))
                    .count();
                Some((score, closeness, name))
            })
            // A type named for the segment itself (`identityProtection`:
            // `identityProtectionRoot`) is a root even when the docs list none of its
            // properties.
            .filter(|(score, closeness, _)| *score > 0 || *closeness == 3)
            .collect();
        scores.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(b.1.cmp(&a.1))
                .then(a.2.len().cmp(&b.2.len()))
                .then(a.2.cmp(b.2))
        });
        match scores.as_slice() {
            [(score, closeness, name), rest @ ..]
                if rest
                    .first()
                    .is_none_or(|(s, c, _)| (s, c) < (score, closeness)) =>
            {
                Some(name)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::pages::{api, model, resource};
    use crate::model::TypeKind;

    #[test]
    fn a_type_a_get_by_key_returns_is_an_entity_keyed_by_its_id() {
        let widget = resource("widget", "", &["id | String | The id."], "{\"id\": \"1\"}");
        let get = api(
            "widget-get",
            &["GET /widgets/{id}"],
            "If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.",
            "",
        );
        let (model, _) = model(&[widget.clone(), get]);
        let ty = model.get("microsoft.graph.widget").expect("declared");
        assert_eq!((ty.kind, ty.key.as_deref()), (TypeKind::Entity, Some("id")));
        // Without the route, the same page is a complex type.
        let (alone, _) = super::super::pages::model(&[widget]);
        assert_eq!(
            alone.get("microsoft.graph.widget").unwrap().kind,
            TypeKind::Complex
        );
    }

    #[test]
    fn a_root_no_get_types_is_the_type_whose_properties_follow_it() {
        // A singleton's type is an entity: it joins the hierarchy below the entity root.
        let entity = resource(
            "entity",
            "\"keyProperty\": \"id\", \"abstract\": true",
            &["id | String | The key."],
            "{\"id\": \"1\"}",
        );
        let root = resource(
            "schoolRoot",
            "",
            &["classes | [class](class.md) collection | The classes."],
            "{}",
        );
        let class = resource("class", "", &["id | String | The id."], "{\"id\": \"1\"}");
        let list = api("classes-list", &["GET /school/classes"], "", "");
        let (model, _) = model(&[entity, root, class, list]);
        assert_eq!(
            model.container.singletons.get("school").map(String::as_str),
            Some("microsoft.graph.schoolRoot")
        );
        let root = model.get("microsoft.graph.schoolRoot").unwrap();
        assert_eq!(root.base_type.as_deref(), Some("microsoft.graph.entity"));
    }
}
