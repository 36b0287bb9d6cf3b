//! Pass 11, what the finished model reports: types referred to and defined nowhere, names that
//! are not identifiers.

use std::collections::BTreeMap;

use crate::diag::{Code, Location, Sink};
use crate::model::{Model, TypeRef};

/// Types referenced but defined nowhere, each reported once where first referenced (types,
/// then routes, in order). The references themselves were reported where they stand
/// (`type-undefined`, `link-dangling`); this says what every output does about them.
pub(super) fn report_placeholders(model: &Model, sink: &mut Sink) {
    let mut first: BTreeMap<String, Location> = BTreeMap::new();
    let mut note = |ty: Option<&TypeRef>, page: &str, line: u32| {
        if let Some(TypeRef::Named(name)) = ty {
            if model.get(name).is_none() && !first.contains_key(name) {
                first.insert(name.clone(), Location::at(page.to_owned(), line));
            }
        }
    };
    for (_, ty) in model.types() {
        for p in ty.properties.values() {
            note(
                Some(&p.ty),
                p.sources.iter().next().map_or("", String::as_str),
                p.line,
            );
        }
    }
    for (_, _, route) in model.all_routes() {
        let body = route.request_body.as_ref();
        let parameters = route
            .query_parameters
            .iter()
            .chain(&route.headers)
            .chain(body.into_iter().flat_map(|b| &b.parameters))
            .map(|p| p.ty.as_ref());
        let types = parameters
            .chain(route.parameters.iter().map(|p| p.ty.as_ref()))
            .chain([
                body.and_then(|b| b.ty.as_ref()),
                route.response.as_ref().and_then(|r| r.ty.as_ref()),
            ]);
        for ty in types {
            note(ty, &route.page, 1);
        }
    }
    for (name, at) in first {
        let message = format!(
            "`{name}` is referenced but defined nowhere; the generated documents use a placeholder"
        );
        sink.push(at, Code::SchemaPlaceholder, message);
    }
}

/// Property and enum member names that are not identifiers (`x²`, `٣abc`): JSON carries them,
/// so the model keeps them; the CSDL document leaves them out and the Rust models give them a
/// cleaned identifier with the wire name in `#[serde(rename)]`.
pub(super) fn report_invalid_names(model: &Model, sink: &mut Sink) {
    for (qualified, ty) in model.types() {
        let page = ty.sources.first().map_or("", String::as_str);
        for (name, p) in &ty.properties {
            if crate::ident::is_identifier(name) {
                continue;
            }
            let page = p.sources.iter().next().map_or(page, String::as_str);
            let message = format!(
                "`{name}` on `{qualified}` is not an identifier; the CSDL document leaves it out and the Rust models rename it"
            );
            sink.push(Location::at(page, p.line), Code::NameInvalid, message);
        }
        for m in &ty.members {
            if !crate::ident::is_identifier(&m.name) {
                let message = format!(
                    "`{}` in the enum `{qualified}` is not an identifier; the CSDL document leaves it out",
                    m.name
                );
                sink.push(Location::at(page, 1), Code::NameInvalid, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::pages::{model, resource, said};
    use crate::diag::Code;

    #[test]
    fn a_type_referred_to_and_defined_nowhere_is_reported_once() {
        let (path, text) = resource(
            "widget",
            "",
            &[
                "part | [part](part.md) | A part.",
                "spare | [part](part.md) | Another.",
                "x² | String | Not an identifier.",
            ],
            "{}",
        );
        let (_, diagnostics) = model(&[(path.clone(), text)]);
        let placeholders = diagnostics
            .iter()
            .filter(|d| d.code == Code::SchemaPlaceholder)
            .count();
        assert_eq!(placeholders, 1);
        assert!(said(&diagnostics, Code::NameInvalid, &path, "`x²`"));
    }
}
