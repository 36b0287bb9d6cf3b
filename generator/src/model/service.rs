//! The service's shape as the routes imply it, the way OData describes a service: entity sets
//! and singletons (`/users/{id}` makes `users` an entity set, `/me` alone a singleton), bound
//! actions and functions (a last segment that is no property), and navigation properties whose
//! targets are addressed through their parent (`/users/{id}/messages/{id}`: contained).

use std::collections::{BTreeMap, BTreeSet};

use super::walk::{Matching, Step, Walk};
use super::{Model, Route, TypeRef, split_qualified};
use crate::vocab::{Method, path};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OperationKind {
    Function,
    Action,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BoundOperation {
    pub kind: OperationKind,
    pub name: String,
    /// The type it is bound to, and whether to a collection of it.
    pub binding: (String, bool),
    pub parameters: Vec<(String, TypeRef, bool)>,
    pub return_type: Option<(TypeRef, bool)>,
    /// The page and request line of the route it was found on.
    pub page: String,
    pub line: u32,
}

/// What the routes imply beyond the entity container (which the model holds).
#[derive(Debug, Default)]
pub struct Service {
    /// By (binding type, name, bound to a collection).
    pub operations: BTreeMap<(String, String, bool), BoundOperation>,
    /// (declaring type, navigation property) addressed by key through the parent.
    pub addressed_through_parent: BTreeSet<(String, String)>,
}

impl Service {
    /// Whether a navigation property's target lives in its parent rather than in an entity set
    /// of its own.
    pub fn contains_target(
        &self,
        model: &Model,
        owner: &str,
        property: &str,
        target: &str,
    ) -> bool {
        if !self
            .addressed_through_parent
            .contains(&(owner.to_owned(), property.to_owned()))
        {
            return false;
        }
        let in_a_set = model
            .container
            .entity_sets
            .values()
            .any(|set| model.ancestors(target).any(|(t, _)| t == set));
        !in_a_set
    }
}

/// The simple identifiers CSDL names must be.
use crate::ident::is_identifier;

pub fn derive(model: &Model) -> Service {
    let mut service = Service::default();
    let mut found: Vec<BoundOperation> = Vec::new();
    for (path, method, route) in model.all_routes() {
        let segments = path::segments(path);
        let reached = walk(model, &segments, &mut service.addressed_through_parent);
        let Some((prefix, last)) = reached else {
            continue;
        };
        let Some(op) = operation(model, method, route, prefix, last) else {
            continue;
        };
        // Each page that documents the route may document it for another type
        // (`POST /managedAppPolicies/{id}/assign` on targetedManagedAppProtection's page and
        // windowsInformationProtection's): one candidate per page, bound below.
        for page in &route.also_documented_in {
            found.push(BoundOperation {
                page: page.clone(),
                ..op.clone()
            });
        }
        found.push(op);
    }
    rebind_to_documenting_types(model, &mut found);
    // `checkMemberGroups` bound to directoryObject applies to users, groups and contacts too:
    // an overload bound to a derived type that takes and returns the same is the same
    // operation, and is dropped for the one bound to the base.
    let signature = |op: &BoundOperation| {
        format!(
            "{:?} {} {} {:?} {:?}",
            op.kind, op.name, op.binding.1, op.parameters, op.return_type
        )
    };
    let signatures: Vec<String> = found.iter().map(signature).collect();
    // Each signature with the types it is bound to.
    let mut bound: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (op, signature) in found.iter().zip(&signatures) {
        bound.entry(signature).or_default().insert(&op.binding.0);
    }
    let candidates: Vec<BoundOperation> = found
        .iter()
        .zip(&signatures)
        .filter(|(op, signature)| {
            let types = bound.get(signature.as_str());
            let on_a_base = |(base, _): (&str, _)| types.is_some_and(|t| t.contains(base));
            !model.ancestors(&op.binding.0).skip(1).any(on_a_base)
        })
        .map(|(op, _)| op.clone())
        .collect();
    // In a schema, types and operations share names, and all overloads of a name are of one
    // kind: names of types are out, and a name used both ways keeps its commoner kind.
    let mut kinds: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for op in &candidates {
        let ns = split_qualified(&op.binding.0)
            .map_or("", |(ns, _)| ns)
            .to_owned();
        let entry = kinds.entry((ns, op.name.clone())).or_default();
        match op.kind {
            OperationKind::Function => entry.0 += 1,
            OperationKind::Action => entry.1 += 1,
        }
    }
    for op in candidates {
        let ns = split_qualified(&op.binding.0)
            .map_or("", |(ns, _)| ns)
            .to_owned();
        if model.get(&format!("{ns}.{}", op.name)).is_some() {
            continue;
        }
        let (functions, actions) = kinds
            .get(&(ns, op.name.clone()))
            .copied()
            .unwrap_or_default();
        let kind = if functions > actions {
            OperationKind::Function
        } else {
            OperationKind::Action
        };
        if op.kind != kind {
            continue;
        }
        let key = (op.binding.0.clone(), op.name.clone(), op.binding.1);
        service.operations.entry(key).or_insert(op);
    }
    service
}

/// Binds each operation to the type whose page documents it, in the inheritance chain of the
/// type its route addresses: `POST /managedAppPolicies/{id}/assign` documented by
/// targetedManagedAppProtection's page is bound there, and an operation a base type's page
/// lists (its own page, or one named for the operation: `...-approve.md`) is bound to the
/// most general such base. An operation no page in the chain lists stays where it was found.
fn rebind_to_documenting_types(model: &Model, found: &mut [BoundOperation]) {
    // Each linked file with the types whose page lists it.
    let mut listing: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (name, t) in model.types() {
        for file in &t.methods {
            listing.entry(file.as_str()).or_default().push(name.clone());
        }
    }
    let lists = |t: &str, page: &str| {
        model
            .get(t)
            .is_some_and(|t| t.methods.iter().any(|m| m == page))
    };
    for op in found.iter_mut() {
        let page = super::file_name(&op.page);
        let named = format!("-{}.md", op.name.to_ascii_lowercase());
        // The type and its bases, most general first.
        let mut chain: Vec<String> = model
            .ancestors(&op.binding.0)
            .map(|(n, _)| n.to_owned())
            .collect();
        chain.reverse();
        let up = chain.iter().find(|t| lists(t, &page)).or_else(|| {
            chain.iter().take(chain.len().saturating_sub(1)).find(|t| {
                model
                    .get(t)
                    .is_some_and(|d| d.methods.iter().any(|m| m.ends_with(&named)))
            })
        });
        if let Some(t) = up {
            op.binding.0.clone_from(t);
            continue;
        }
        // Below: the one derived type (at any depth) whose page lists it, and only when the
        // page is named for it (`...targetedmanagedappprotection-assign.md`) rather than for
        // the type addressed.
        let below: Vec<&String> = (listing.get(page.as_str()).into_iter().flatten())
            .filter(|t| **t != op.binding.0)
            .filter(|t| model.ancestors(t).any(|(a, _)| a == op.binding.0))
            .collect();
        let named_for = |t: &str| page.contains(&crate::model::short_name(t).to_ascii_lowercase());
        if let [one] = below.as_slice() {
            if named_for(one) {
                op.binding.0.clone_from(one);
            }
        }
    }
}

/// Walks a path from its first segment. Returns the type reached just before the last segment
/// (when the last segment resolves to nothing: an operation candidate) and that segment.
fn walk<'p>(
    model: &Model,
    segments: &[&'p str],
    addressed: &mut BTreeSet<(String, String)>,
) -> Option<((String, bool), &'p str)> {
    let mut walk = Walk::start(model, segments.first()?)?;
    // The navigation property the previous segment named, to mark it addressed by key.
    let mut via: Option<(String, String)> = None;
    for (i, segment) in segments.iter().enumerate().skip(1) {
        let last = i == segments.len() - 1;
        let candidate =
            |walk: &Walk, name: &'p str| last.then(|| ((walk.ty.clone(), walk.collection), name));
        if path::is_key_segment(segment) {
            if !walk.collection {
                return None;
            }
            if let Some(nav) = via.take() {
                addressed.insert(nav);
            }
            walk.step(segment, Matching::Exact);
            continue;
        }
        via = None;
        if segment.starts_with('$') {
            return None;
        }
        let name = segment.split('(').next().unwrap_or(segment);
        if segment.contains('(') || segment.contains(':') {
            return candidate(&walk, name);
        }
        // A cast (`/users/{id}/memberOf/microsoft.graph.group`) may follow a collection; only
        // keys, casts and operations do.
        let cast = name.contains('.') && model.get(name).is_some();
        if walk.collection && !cast {
            // `/sort/fields/icon`: a property of the members, not an operation on the
            // collection.
            if model
                .ancestors(&walk.ty)
                .any(|(_, t)| t.properties.contains_key(name))
            {
                return None;
            }
            return candidate(&walk, name);
        }
        let before = walk.clone();
        match walk.step(name, Matching::Exact) {
            Step::Key | Step::Cast => {}
            Step::Property {
                owner,
                name,
                property,
            } => match property.ty {
                TypeRef::Named(_) => via = Some((owner, name.to_owned())),
                _ => return None,
            },
            Step::Unknown => return candidate(&before, name),
        }
    }
    None
}

fn operation(
    model: &Model,
    method: Method,
    route: &Route,
    binding: (String, bool),
    name: &str,
) -> Option<BoundOperation> {
    if !is_identifier(name) || model.get(&binding.0).is_none() {
        return None;
    }
    let path_params = || {
        route
            .parameters
            .iter()
            .filter(|p| !p.name.ends_with("-id"))
            .map(|p| {
                (
                    p.name.clone(),
                    p.ty.clone()
                        .unwrap_or(TypeRef::Primitive(crate::vocab::Primitive::String)),
                    p.collection,
                )
            })
            .filter(|(n, _, _)| is_identifier(n))
            .collect::<Vec<_>>()
    };
    let (kind, parameters) = match method {
        Method::Get => (OperationKind::Function, path_params()),
        Method::Post => {
            let body = route.request_body.as_ref().map(|b| {
                b.parameters
                    .iter()
                    .filter(|p| is_identifier(&p.name))
                    .map(|p| {
                        (
                            p.name.clone(),
                            p.ty.clone()
                                .unwrap_or(TypeRef::Primitive(crate::vocab::Primitive::Untyped)),
                            p.collection,
                        )
                    })
                    .collect::<Vec<_>>()
            });
            (OperationKind::Action, body.unwrap_or_default())
        }
        _ => return None,
    };
    let return_type = route
        .response
        .as_ref()
        .and_then(|r| r.ty.clone().map(|t| (t, r.collection)));
    Some(BoundOperation {
        kind,
        name: name.to_owned(),
        binding,
        parameters,
        return_type,
        page: route.page.clone(),
        line: route.line,
    })
}

#[cfg(test)]
mod tests {
    use crate::model::pages::{api, get_by_key, model, resource};

    fn bindings(pages: &[(String, String)], name: &str) -> Vec<String> {
        let (model, _) = model(pages);
        assert_eq!(
            model.container.entity_sets.len(),
            2,
            "{:?}",
            model.container
        );
        let service = super::derive(&model);
        service
            .operations
            .values()
            .filter(|op| op.name == name)
            .map(|op| op.binding.0.clone())
            .collect()
    }

    #[test]
    fn an_overload_on_a_derived_type_is_the_base_types_operation() {
        let entity = resource(
            "entity",
            "\"keyProperty\": \"id\"",
            &["id | String | The key."],
            "{}",
        );
        let base = resource(
            "directoryObject",
            "\"baseType\": \"microsoft.graph.entity\"",
            &["deletedDateTime | DateTimeOffset | When."],
            "{}",
        );
        let user = resource(
            "user",
            "\"baseType\": \"microsoft.graph.directoryObject\"",
            &["displayName | String | The name."],
            "{}",
        );
        // `GET /users/{id}` returning a user: `users` is an entity set of users.
        let lists = [
            get_by_key("directoryObjects", "directoryObject"),
            get_by_key("users", "user"),
        ];
        let check = |lines: &[&str]| api("checkmembergroups", lines, "", "");
        // One page addressing the base and the derived type: bound once, to the base.
        let pages = [
            entity.clone(),
            base.clone(),
            user.clone(),
            lists[0].clone(),
            lists[1].clone(),
            check(&[
                "POST /directoryObjects/{id}/checkMemberGroups",
                "POST /users/{id}/checkMemberGroups",
            ]),
        ];
        assert_eq!(
            bindings(&pages, "checkMemberGroups"),
            ["microsoft.graph.directoryObject"]
        );
        // Only the derived type addressed: bound to it.
        let pages = [
            entity,
            base,
            user,
            lists[0].clone(),
            lists[1].clone(),
            check(&["POST /users/{id}/checkMemberGroups"]),
        ];
        assert_eq!(
            bindings(&pages, "checkMemberGroups"),
            ["microsoft.graph.user"]
        );
    }

    #[test]
    fn an_operation_binds_to_the_base_whose_page_documents_it() {
        let entity = resource(
            "entity",
            "\"keyProperty\": \"id\"",
            &["id | String | The key."],
            "{}",
        );
        let (path, text) = resource(
            "shiftRequest",
            "\"baseType\": \"microsoft.graph.entity\"",
            &["note | String | Why."],
            "{}",
        );
        let base = (
            path,
            text.replace(
                "## Properties",
                "## Methods\n\n| Method | Return type | Description |\n|:--|:--|:--|\n| [Approve](../api/shiftrequest-approve.md) | None | Approves. |\n\n## Properties",
            ),
        );
        let offer = resource(
            "offerRequest",
            "\"baseType\": \"microsoft.graph.shiftRequest\"",
            &["to | String | Whom."],
            "{}",
        );
        let approve = api(
            "offerrequest-approve",
            &["POST /offerRequests/{id}/approve"],
            "",
            "",
        );
        let pages = [
            entity,
            base,
            offer,
            get_by_key("shiftRequests", "shiftRequest"),
            get_by_key("offerRequests", "offerRequest"),
            approve,
        ];
        assert_eq!(
            bindings(&pages, "approve"),
            ["microsoft.graph.shiftRequest"]
        );
    }
}
