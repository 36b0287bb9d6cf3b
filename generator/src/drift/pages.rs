//! The pages' side of a drift: the model as `csdl.xml` states it (the same rules: navigation
//! properties are those whose target is an entity, the key is a property, names CSDL cannot
//! carry are out, JSON of no documented type is the writer's open `Untyped` type, referenced
//! types no page defines are placeholders), each thing at its page and line.

use std::collections::BTreeMap;

use super::{Addressed, Enumeration, Member, Operation, Place, Shape, Structured, TypeName};
use crate::ident::is_identifier;
use crate::model::service::{self, OperationKind};
use crate::model::{Model, TypeDef, TypeKind, TypeRef, split_qualified};

/// The pages' shape of the service.
pub fn shape(model: &Model) -> Shape {
    let service = service::derive(model);
    let mut shape = Shape::default();
    let mut placeholders: BTreeMap<String, Place> = BTreeMap::new();
    for (ns, namespace) in &model.namespaces {
        for (name, ty) in &namespace.types {
            let qualified = format!("{ns}.{name}");
            if ty.kind == TypeKind::Enum {
                shape.enums.insert(qualified, enumeration(ty));
            } else {
                let structured = structured(model, &service, &qualified, ty, &mut placeholders);
                shape.types.insert(qualified, structured);
            }
        }
    }
    for op in service.operations.values() {
        let ns = split_qualified(&op.binding.0).map_or("", |(ns, _)| ns);
        let at = page_place(Some(&op.page), op.line);
        for (_, ty, _) in &op.parameters {
            note_placeholder(model, &mut placeholders, ty, &at);
        }
        if let Some((ty, _)) = &op.return_type {
            note_placeholder(model, &mut placeholders, ty, &at);
        }
        let function = op.kind == OperationKind::Function;
        // The writer gives a function of no documented return type one of any JSON.
        let returns = match &op.return_type {
            Some((ty, collection)) => Some((type_name(ty), *collection)),
            None if function => Some((TypeName::Any, false)),
            None => None,
        };
        shape.operations.insert(
            (format!("{ns}.{}", op.name), Some(op.binding.clone())),
            Operation {
                function,
                parameters: (op.parameters.iter())
                    .map(|(name, ty, collection)| (name.clone(), type_name(ty), *collection))
                    .collect(),
                returns,
                description: None,
                at,
            },
        );
    }
    for (qualified, at) in placeholders {
        shape.types.insert(
            qualified,
            Structured {
                at,
                ..Structured::default()
            },
        );
    }
    shape.types.insert(
        crate::emit::csdl::untyped_name(model),
        Structured {
            synthetic: true,
            ..Structured::default()
        },
    );
    container(model, &mut shape);
    shape
}

/// How the writer names a type: JSON of no documented type is `Any`.
fn type_name(ty: &TypeRef) -> TypeName {
    match ty {
        TypeRef::Primitive(crate::vocab::Primitive::Untyped) | TypeRef::Unknown(_) => TypeName::Any,
        TypeRef::Primitive(p) => TypeName::Named(p.to_string()),
        TypeRef::Named(n) => TypeName::Named(n.clone()),
    }
}

/// A referenced type no page defines, which the writer declares as a placeholder: at the
/// first place that names it.
fn note_placeholder(
    model: &Model,
    placeholders: &mut BTreeMap<String, Place>,
    ty: &TypeRef,
    at: &Place,
) {
    if let TypeRef::Named(n) = ty {
        if model.get(n).is_none() {
            placeholders.entry(n.clone()).or_insert_with(|| at.clone());
        }
    }
}

fn enumeration(ty: &TypeDef) -> Enumeration {
    let members = (ty.members.iter())
        .filter(|m| is_identifier(&m.name))
        .map(|m| (m.name.clone(), page_place(ty.sources.first(), m.line)))
        .collect();
    Enumeration {
        flags: ty.flags,
        members,
        description: ty.description.clone(),
        at: type_place(ty),
    }
}

/// An entity or complex type as the writer states it: the key it adds when no row lists it,
/// each property whose name CSDL can carry, navigation where the target is an entity.
fn structured(
    model: &Model,
    service: &service::Service,
    qualified: &str,
    ty: &TypeDef,
    placeholders: &mut BTreeMap<String, Place>,
) -> Structured {
    let at = type_place(ty);
    let entity = ty.kind == TypeKind::Entity;
    let key = ty.key.clone().filter(|_| entity && ty.base_type.is_none());
    let mut members = BTreeMap::new();
    if let Some(key) = key.as_ref().filter(|k| !ty.properties.contains_key(*k)) {
        // The writer adds the key the docs name but list no row for.
        members.insert(
            key.clone(),
            Member {
                ty: TypeName::Named("Edm.String".to_owned()),
                collection: false,
                nullable: Some(false),
                navigation: false,
                contains_target: false,
                description: None,
                at: at.clone(),
            },
        );
    }
    for (property, p) in &ty.properties {
        if !is_identifier(property) {
            continue;
        }
        let page = (p.sources.iter())
            .find(|s| ty.sources.first() == Some(*s))
            .or_else(|| p.sources.first())
            .or(ty.sources.first());
        let place = page_place(page, p.line);
        note_placeholder(model, placeholders, &p.ty, &place);
        let target_is_entity = matches!(&p.ty, TypeRef::Named(t) if model.get(t).is_some_and(|t| t.kind == TypeKind::Entity));
        let is_key = key.as_deref() == Some(property.as_str());
        let not_null = is_key || (p.nullable == Some(false) && !(target_is_entity && p.collection));
        let contains_target = match &p.ty {
            TypeRef::Named(target) if target_is_entity => {
                service.contains_target(model, qualified, property, target)
            }
            _ => false,
        };
        members.insert(
            property.clone(),
            Member {
                ty: type_name(&p.ty),
                collection: p.collection,
                nullable: if not_null {
                    Some(false)
                } else {
                    p.nullable.filter(|n| *n)
                },
                navigation: target_is_entity,
                contains_target,
                description: (!p.description.is_empty()).then(|| p.description.clone()),
                at: place,
            },
        );
    }
    Structured {
        entity,
        base: ty.base_type.clone(),
        key: key.into_iter().collect(),
        members,
        description: ty.description.clone(),
        synthetic: false,
        at,
    }
}

/// The entity sets and singletons, each stated by the first request line that starts at it.
fn container(model: &Model, shape: &mut Shape) {
    let mut first_line: BTreeMap<&str, Place> = BTreeMap::new();
    for (path, _, route) in model.all_routes() {
        let root = crate::vocab::path::segments(path).first().copied();
        if let Some(root) = root {
            first_line
                .entry(root)
                .or_insert_with(|| page_place(Some(&route.page), route.line));
        }
    }
    for (names, container) in [
        (&mut shape.entity_sets, &model.container.entity_sets),
        (&mut shape.singletons, &model.container.singletons),
    ] {
        for (name, ty) in container {
            let at = first_line.get(name.as_str()).cloned().unwrap_or_default();
            names.insert(name.clone(), Addressed { ty: ty.clone(), at });
        }
    }
}

fn type_place(ty: &TypeDef) -> Place {
    page_place(ty.sources.first(), ty.line)
}

fn page_place(page: Option<&String>, line: u32) -> Place {
    match page {
        Some(path) => Place::Page {
            path: path.clone(),
            line: line.max(1),
        },
        None => Place::Nowhere,
    }
}
