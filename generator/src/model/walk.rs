//! The one walk of a URL path through the model: from an entity set or a singleton, through
//! keys, casts and the properties the types declare. Its users (the respelling of segments,
//! the service's bound operations, the navigations request lines imply) each decide what a
//! step means to them; how a segment is matched and where the walk stands is decided here.

use super::{Model, Property, TypeDef, TypeRef};
use crate::vocab::path;

/// How a segment is matched with a declared property's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    /// As written.
    Exact,
    /// Letter case aside: the first property, nearest type first, that matches.
    IgnoringCase,
    /// As written, else the one property that matches letter case aside (two that differ only
    /// in case: the spelling decides, so neither).
    ExactElseOnlyIgnoringCase,
}

/// Where a walk stands: the type reached, and whether a collection of it.
#[derive(Debug, Clone)]
pub struct Walk<'m> {
    model: &'m Model,
    pub ty: String,
    pub collection: bool,
}

/// What one segment is, seen from where the walk stands.
#[derive(Debug)]
pub enum Step<'m> {
    /// A key (`{id}`, `('x')`): the walk moves to one member of the collection.
    Key,
    /// A cast to a type the model defines (`microsoft.graph.group`): the walk moves to it.
    Cast,
    /// A property the type reached (or a base) declares, with the type that declares it and
    /// its declared name; the walk moves to its type when that is a named one.
    Property {
        owner: String,
        name: &'m str,
        property: &'m Property,
    },
    /// None of these.
    Unknown,
}

impl<'m> Walk<'m> {
    /// The walk at a path's first segment: an entity set (a collection) or a singleton.
    pub fn start(model: &'m Model, first: &str) -> Option<Walk<'m>> {
        let container = &model.container;
        let (ty, collection) = match container.entity_sets.get(first) {
            Some(t) => (t.clone(), true),
            None => (container.singletons.get(first)?.clone(), false),
        };
        Some(Walk {
            model,
            ty,
            collection,
        })
    }

    /// The walk at one value of `ty`, or a collection of them.
    pub fn at(model: &'m Model, ty: String, collection: bool) -> Walk<'m> {
        Walk {
            model,
            ty,
            collection,
        }
    }

    /// Takes one segment: what it is, and the walk moved past it.
    pub fn step(&mut self, segment: &str, matching: Matching) -> Step<'m> {
        if path::is_key_segment(segment) {
            self.collection = false;
            return Step::Key;
        }
        if segment.contains('.') && self.model.get(segment).is_some() {
            segment.clone_into(&mut self.ty);
            return Step::Cast;
        }
        let Some((owner, name, property)) = self.declared(segment, matching) else {
            return Step::Unknown;
        };
        if let TypeRef::Named(target) = &property.ty {
            target.clone_into(&mut self.ty);
            self.collection = property.collection;
        }
        Step::Property {
            owner,
            name,
            property,
        }
    }

    /// The property `segment` names on the type reached or a base, nearest first.
    fn declared(
        &self,
        segment: &str,
        matching: Matching,
    ) -> Option<(String, &'m str, &'m Property)> {
        let model: &'m Model = self.model;
        let own = model.get(&self.ty)?;
        if let Some((name, property)) = named(own, segment, matching) {
            return Some((self.ty.clone(), name.as_str(), property));
        }
        // The bases' names are the model's, so what they declare is found in one pass.
        let base: &'m str = own.base_type.as_deref()?;
        model.ancestors(base).find_map(|(owner, t)| {
            let (name, property) = named(t, segment, matching)?;
            Some((owner.to_owned(), name.as_str(), property))
        })
    }
}

/// The property of `t` (its own, not a base's) that `segment` names.
fn named<'t>(
    t: &'t TypeDef,
    segment: &str,
    matching: Matching,
) -> Option<(&'t String, &'t Property)> {
    match matching {
        Matching::Exact => t.properties.get_key_value(segment),
        Matching::IgnoringCase => {
            (t.properties.iter()).find(|(name, _)| name.eq_ignore_ascii_case(segment))
        }
        Matching::ExactElseOnlyIgnoringCase => t.properties.get_key_value(segment).or_else(|| {
            let mut matches =
                (t.properties.iter()).filter(|(name, _)| name.eq_ignore_ascii_case(segment));
            let one = matches.next()?;
            matches.next().is_none().then_some(one)
        }),
    }
}
