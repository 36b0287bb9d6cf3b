//! Pass 4, what request lines say about types: a type a GET by key returns is an entity, and
//! a root segment no GET types is typed by the type whose properties follow it.

use super::Builder;
use super::container::root_segment;
use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Code, Location, Sink};
use crate::model::{TypeKind, TypeRef};
use crate::parse::route;
use crate::vocab::{Method, path};

impl<'a> Builder<'_, 'a> {
    /// A type that a GET on `/things/{thing-id}` returns is addressed by key: an entity type, even
    /// when its resource block omits `keyProperty`. Its key is its `id` property.
    pub(super) fn entities_addressed_by_key(&mut self) {
        let mut quiet = Sink::default();
        let mut addressed = BTreeSet::new();
        // What an action's response example is annotated with (`call-cancelmediaprocessing.md`
        // says commsOperation in prose, cancelMediaProcessingOperation on its example): an
        // entity too when it has an `id` of its own.
        for (page, types) in self.docs.pages.iter().zip(&self.docs.example_types) {
            if !page.routes.iter().any(|r| r.method == Method::Post) {
                continue;
            }
            for t in types {
                let t = t.trim_start_matches('#');
                if self.identified(t) {
                    addressed.insert(t.to_owned());
                }
            }
        }
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
            // What an action returns (`POST /calls/{id}/playPrompt` a playPromptOperation) is
            // an entity when it has an `id` of its own.
            let by_action = page.routes.iter().any(|r| r.method == Method::Post);
            if !by_key && !by_action {
                continue;
            }
            let at = Location::at(page.path.clone(), 1);
            if let TypeRef::Named(t) = self
                .docs
                .index
                .resolve(spec, &page.path, page.namespace.as_deref(), &at, &mut quiet)
                .ty
            {
                if by_key || self.identified(&t) {
                    addressed.insert(t);
                }
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

    /// Whether a type has an `id` that its JSON representation marks as its identifier
    /// (`"id": "String (identifier)"`): what an action returns is an entity then (a call's
    /// playPromptOperation), and a value otherwise (`"id": "string"` of a workbook session).
    fn identified(&self, t: &str) -> bool {
        let Some(ty) = self
            .types
            .get(t)
            .filter(|ty| ty.properties.contains_key("id"))
        else {
            return false;
        };
        let Some(page) = ty.sources.first() else {
            return false;
        };
        let described = self.docs.pages_at(page).iter();
        described.flat_map(|p| &p.resources).any(|block| {
            let id = block.json.as_ref().and_then(|j| j.get("id"));
            id.and_then(|v| v.as_str())
                .is_some_and(|v| v.to_ascii_lowercase().contains("(identifier)"))
        })
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
        let operations = self.root_operations();
        let listing = self.types_listing();
        let mut firsts: BTreeSet<&str> = next.keys().copied().collect();
        firsts.extend(operations.keys().copied());
        for first in firsts {
            if keyed.contains(first) || typed.contains(first) {
                continue;
            }
            let properties = next.get(first).cloned().unwrap_or_default();
            let documented = operations.get(first).map_or(&[][..], Vec::as_slice);
            let found = self
                .type_documenting(&listing, documented, &properties)
                .or_else(|| self.root_type(&candidates, first, &properties).cloned());
            if let Some(name) = found {
                roots.insert(first.to_owned(), name);
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
        let documented = roots.len();
        let addressed: BTreeSet<String> = keyed
            .iter()
            .chain(&typed)
            .map(|s| (*s).to_owned())
            .collect();
        self.evidence.roots_documented = documented;
        self.infer_root_types(&mut roots, &addressed);
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

    /// The pages of operations called on a root itself (`POST /search/query`), by root.
    fn root_operations(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut found: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for page in &self.docs.pages {
            for line in &page.routes {
                let segments = path::segments(&line.template.path);
                let operation = match segments.as_slice() {
                    [_, second] => line.method == Method::Post || second.contains('('),
                    _ => false,
                };
                if let Some(first) = root_segment(&segments).filter(|_| operation) {
                    let pages = found.entry(first).or_default();
                    if !pages.contains(&page.path.as_str()) {
                        pages.push(&page.path);
                    }
                }
            }
        }
        found
    }

    /// The one type whose page's Methods table links one of `pages` (`searchEntity` lists
    /// `api/search-query.md`), when it has every property that follows the root. `listing` is
    /// each linked file's listing types ([`Builder::types_listing`]).
    fn type_documenting(
        &self,
        listing: &BTreeMap<&str, Vec<&String>>,
        pages: &[&str],
        properties: &BTreeSet<&str>,
    ) -> Option<String> {
        // Each type whose page lists the operations, and whether that page has a JSON
        // representation (a page without one is an overview more often than a type).
        let mut documenting: Vec<(&String, bool)> = pages
            .iter()
            .filter_map(|p| listing.get(crate::model::file_name(p).as_str()))
            .flatten()
            .filter(|name| properties.iter().all(|p| self.has_property(name, p)))
            .map(|name| {
                let page = self.types[*name].sources.first();
                let described = page.map_or(&[][..], |p| self.docs.pages_at(p));
                (*name, described.iter().any(|p| !p.resources.is_empty()))
            })
            .collect();
        documenting.sort();
        documenting.dedup();
        let one = |found: Vec<&String>| match found.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        };
        one(documenting.iter().map(|(n, _)| *n).collect()).or_else(|| {
            one(documenting
                .iter()
                .filter(|(_, r)| *r)
                .map(|(n, _)| *n)
                .collect())
        })
    }

    /// The types whose page's Methods table lists each file (`search-query.md`).
    fn types_listing(&self) -> BTreeMap<&str, Vec<&String>> {
        let mut listing: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
        for (name, t) in &self.types {
            if t.kind != TypeKind::Enum {
                for file in &t.methods {
                    listing.entry(file.as_str()).or_default().push(name);
                }
            }
        }
        listing
    }

    /// Roots no page types: `/education/classes/{id}` and `/education/schools` say a singleton
    /// `education` whose type has `classes` and `schools`, and when no type is found for it one
    /// is inferred (`educationRoot`), an entity below the entity root, marked as inferred and
    /// reported at the root's first request line. A first segment that is another root's
    /// spelling or a near miss of a commoner one (`/user/{id}` beside `/users`) is no root.
    fn infer_root_types(
        &mut self,
        roots: &mut BTreeMap<String, String>,
        addressed: &BTreeSet<String>,
    ) {
        let Some((entity, _)) = self.entity_root() else {
            return;
        };
        // Each first segment with its number of request lines and its first one.
        let mut firsts: BTreeMap<&str, (usize, &str, u32)> = BTreeMap::new();
        let mut alone: BTreeSet<&str> = BTreeSet::new();
        for page in &self.docs.pages {
            for line in &page.routes {
                let segments = path::segments(&line.template.path);
                if let Some(first) = root_segment(&segments) {
                    let entry = firsts.entry(first).or_insert((0, &page.path, line.line));
                    entry.0 += 1;
                    if segments.len() == 1 {
                        alone.insert(first);
                    }
                }
            }
        }
        let known = |name: &str| addressed.contains(name) || roots.contains_key(name);
        // The first segments by their lowercase spelling and each one-letter deletion of it:
        // two names one typo apart share one of these, so each name meets only its near
        // misses, not every other root.
        let mut neighbours: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for &first in firsts.keys() {
            for key in typo_keys(first) {
                neighbours.entry(key).or_default().push(first);
            }
        }
        let mut inferred = Vec::new();
        for (&first, &(uses, page, line)) in &firsts {
            // A root addressed alone (`POST /invitations`) is an entity set's or a typed
            // singleton's: the container reads it.
            if known(first) || alone.contains(first) {
                continue;
            }
            let respelled = typo_keys(first)
                .iter()
                .filter_map(|key| neighbours.get(key))
                .flatten()
                .any(|&other| {
                    let other_uses = firsts.get(other).map_or(0, |f| f.0);
                    other != first
                        && (other.eq_ignore_ascii_case(first)
                            || (other_uses > uses && near_miss(other, first)))
                });
            if respelled {
                continue;
            }
            let singular = route::singular(first);
            let ns = self.docs.index.default_namespace.clone();
            let name = format!("{ns}.{singular}Root");
            if self.types.contains_key(&name) {
                continue;
            }
            inferred.push((first.to_owned(), name, page.to_owned(), line));
        }
        for (first, name, page, line) in inferred {
            self.sink.push(
                Location::at(page.clone(), line),
                Code::RootTypeInferred,
                format!("no page documents the type of the root `/{first}`; inferred as `{name}` from its request lines"),
            );
            let mut ty = crate::model::TypeDef::inferred(page, line);
            ty.base_type = Some(entity.clone());
            self.types.insert(name.clone(), ty);
            self.evidence.roots_inferred += 1;
            roots.insert(first, name);
        }
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

/// A name's lowercase spelling and, for names [`near_miss`] compares (five to 64 letters),
/// each of its spellings with one letter left out.
fn typo_keys(name: &str) -> Vec<String> {
    let lower = name.to_ascii_lowercase();
    let mut keys = vec![lower.clone()];
    if (5..=64).contains(&lower.len()) && lower.is_ascii() {
        keys.extend((0..lower.len()).map(|i| format!("{}{}", &lower[..i], &lower[i + 1..])));
    }
    keys
}

/// Whether two names are one typo apart: one edit (a letter added, dropped or changed, or two
/// neighbours swapped), ignoring case, in names of five to 64 letters.
fn near_miss(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().min(b.len()) < 5 || a.len().max(b.len()) > 64 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ra, rb) = (a.len() - prefix - suffix, b.len() - prefix - suffix);
    match (ra, rb) {
        (0, 1) | (1, 0) | (1, 1) => true,
        (2, 2) => a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::pages::{api, entity_root, model, resource};
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
        let entity = entity_root();
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

    #[test]
    fn a_root_no_page_types_gets_an_inferred_type_and_one_a_methods_table_lists_gets_that() {
        let entity = entity_root();
        let hall = resource(
            "hall",
            "\"baseType\": \"microsoft.graph.entity\"",
            &[],
            "{}",
        );
        let halls = api(
            "campus-list-halls",
            &["GET /campus/halls", "GET /campus/halls/{id}"],
            "If successful, this method returns a `200 OK` response code and a collection of [hall](../resources/hall.md) objects in the response body.",
            "",
        );
        let query = api("finder-query", &["POST /finder/query"], "", "");
        let (path, text) = resource(
            "finderEntity",
            "\"baseType\": \"microsoft.graph.entity\"",
            &[],
            "{}",
        );
        let finder = (
            path,
            text.replace(
                "## Properties",
                "## Methods\n\n| Method | Return type | Description |\n|:--|:--|:--|\n| [query](../api/finder-query.md) | None | Finds. |\n\n## Properties",
            ),
        );
        let (model, diagnostics) = model(&[entity, hall, halls.clone(), query, finder]);
        let singletons = &model.container.singletons;
        assert_eq!(
            singletons.get("campus").map(String::as_str),
            Some("microsoft.graph.campusRoot")
        );
        assert_eq!(
            singletons.get("finder").map(String::as_str),
            Some("microsoft.graph.finderEntity")
        );
        let campus = model.get("microsoft.graph.campusRoot").unwrap();
        assert!(campus.inferred && campus.properties["halls"].navigation);
        assert!(super::super::pages::said(
            &diagnostics,
            crate::diag::Code::RootTypeInferred,
            &halls.0,
            "`/campus`"
        ));
        assert_eq!(model.evidence.roots_inferred, 1);
    }

    #[test]
    fn near_misses_are_one_typo_apart() {
        assert!(super::near_miss("policies", "polices"));
        assert!(super::near_miss("education", "eudcation"));
        assert!(super::near_miss("groups", "gruops"));
        assert!(!super::near_miss("identity", "identityGovernance"));
        assert!(!super::near_miss("me", "my"));
    }
}
