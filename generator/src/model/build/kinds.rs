//! Pass 11, entity or complex by how the docs use a type: a navigation property's target is
//! an entity (only entities are navigated to), and a family of types the docs declare as
//! entities (`"keyProperty": "id"`) but only ever hold as values of other types' properties,
//! never navigate to, address or return, is complex.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Code, Location, Sink};
use crate::model::{Model, TypeKind, TypeRef};

/// What the pass changed, for the evidence counts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Kinds {
    /// Complex types made entities because a navigation property targets them.
    pub entities_from_navigation: usize,
    /// Declared entities made complex because the docs only use them as values.
    pub complex_from_use: usize,
}

/// `root` is the entity root, the base of entities that state no other
/// ([`super::Builder::entity_root`]).
pub(super) fn kinds_from_use(model: &mut Model, root: Option<String>, sink: &mut Sink) -> Kinds {
    let mut kinds = Kinds::default();
    let mut navigated: BTreeSet<String> = BTreeSet::new();
    let mut values: BTreeSet<String> = BTreeSet::new();
    for (_, t) in model.types() {
        for p in t.properties.values() {
            if let TypeRef::Named(target) = &p.ty {
                if p.navigation {
                    navigated.insert(target.clone());
                } else {
                    values.insert(target.clone());
                }
            }
        }
    }
    // Types the routes address, send or return, and the container's.
    let mut addressed: BTreeSet<String> = navigated.clone();
    for (_, _, route) in model.all_routes() {
        let returned = route.response.as_ref().and_then(|r| r.ty.as_ref());
        let sent = route.request_body.as_ref().and_then(|b| b.ty.as_ref());
        for ty in returned.into_iter().chain(sent) {
            if let TypeRef::Named(t) = ty {
                addressed.insert(t.clone());
            }
        }
    }
    let container = &model.container;
    addressed.extend(container.entity_sets.values().cloned());
    addressed.extend(container.singletons.values().cloned());

    // A complex type a navigation property targets, on its own (no base), joins the entities
    // below the root.
    if let Some(root) = &root {
        for target in &navigated {
            let Some(t) = model.get_mut(target) else {
                continue;
            };
            if t.kind == TypeKind::Complex && t.base_type.is_none() && target != root {
                t.kind = TypeKind::Entity;
                t.base_type = Some(root.clone());
                t.properties.remove("id");
                kinds.entities_from_navigation += 1;
            }
        }
    }

    // Each family of entities under the root: a top type (based on the root, or on nothing)
    // and what derives from it.
    let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, t) in model.types() {
        if let Some(base) = &t.base_type {
            children.entry(base.clone()).or_default().push(name);
        }
    }
    let tops: Vec<String> = model
        .types()
        .filter(|(name, t)| {
            t.kind == TypeKind::Entity
                && Some(name) != root.as_ref()
                && t.base_type
                    .as_ref()
                    .is_none_or(|b| Some(b) == root.as_ref())
        })
        .map(|(name, _)| name)
        .collect();
    for top in tops {
        let mut family = vec![top.clone()];
        let mut i = 0;
        while let Some(name) = family.get(i) {
            family.extend(children.get(name).into_iter().flatten().cloned());
            i += 1;
        }
        let used_as_entity = family.iter().any(|t| addressed.contains(t));
        let used_as_value = family.iter().any(|t| values.contains(t));
        if used_as_entity || !used_as_value {
            continue;
        }
        // The root's properties (its key) become the top's own.
        let inherited = root
            .as_ref()
            .filter(|r| model.get(&top).and_then(|t| t.base_type.as_ref()) == Some(*r))
            .and_then(|r| model.get(r))
            .map(|r| r.properties.clone())
            .unwrap_or_default();
        for name in &family {
            let Some(t) = model.get_mut(name) else {
                continue;
            };
            t.kind = TypeKind::Complex;
            t.key = None;
            if *name == top {
                t.base_type = None;
                for (p, property) in &inherited {
                    t.properties
                        .entry(p.clone())
                        .or_insert_with(|| property.clone());
                }
            }
            let page = t.sources.first().cloned().unwrap_or_default();
            sink.push(
                Location::at(page, t.line),
                Code::KindConflict,
                format!("`{name}` is declared an entity, but the docs only hold it as a value of other types' properties (never navigate to, address or return it): read as a complex type"),
            );
            kinds.complex_from_use += 1;
        }
    }
    kinds
}
