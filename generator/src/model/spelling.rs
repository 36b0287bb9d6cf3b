//! Path segments spelled as the model declares them. Request lines carry the docs' typos in
//! letter case (`/auditLogs/directoryaudits`, `/directoryroles`), and the service answers a
//! misspelled segment with 404: a segment that differs from what it names only in case takes
//! the declared spelling, and the page's spelling is a diagnostic at its request line.
//!
//! Roots are named by the request lines alone, so among the spellings of a root the one most
//! routes use wins (ties go to the one with capitals: the camelCase of `directoryRoles`); below
//! the root, a segment takes the spelling of the navigation property it walks; a bound action
//! or function (`checkMemberGroups`, `getByPath(path='…')`) is declared by the routes that call
//! it, so it takes the spelling most of them use, like a root.

use std::collections::BTreeMap;

use super::walk::{Matching, Step, Walk};
use super::{Model, Route, TypeRef};
use crate::diag::{Code, Location, Sink};
use crate::vocab::{Method, path};

/// Respells the first segment of every route to the commonest spelling of its root.
pub fn respell_roots(model: &mut Model, sink: &mut Sink) {
    let chosen = commonest(spellings(model, |_, segments| {
        let first = *segments.first()?;
        literal_root(first).then_some(first)
    }));
    if chosen.is_empty() {
        return;
    }
    respell(model, sink, |_, segments| {
        let first = segments.first()?;
        let best = chosen.get(&first.to_ascii_lowercase())?;
        (best != first).then(|| vec![(0, best.clone())])
    });
}

/// Respells each segment below a root that differs from the navigation property it walks only
/// in letter case.
pub fn respell_segments(model: &mut Model, sink: &mut Sink) {
    respell(model, sink, |model, segments| {
        let changes = navigation_spellings(model, segments);
        (!changes.is_empty()).then_some(changes)
    });
}

/// Respells each bound action or function to the spelling most routes use for it.
pub fn respell_operations(model: &mut Model, sink: &mut Sink) {
    let chosen = commonest(spellings(model, |model, segments| {
        operation_segment(model, segments).map(|(_, name)| name)
    }));
    if chosen.is_empty() {
        return;
    }
    respell(model, sink, |model, segments| {
        let (i, name) = operation_segment(model, segments)?;
        let best = chosen.get(&name.to_ascii_lowercase())?;
        if best == name {
            return None;
        }
        let segment = segments.get(i)?;
        Some(vec![(i, format!("{best}{}", &segment[name.len()..]))])
    });
}

/// Among the spellings of each lowercased name, the one with the most uses (ties: the one with
/// capitals, then the first in order), for the names spelled more than one way.
fn commonest(spellings: BTreeMap<String, BTreeMap<String, usize>>) -> BTreeMap<String, String> {
    spellings
        .into_iter()
        .filter(|(_, by_spelling)| by_spelling.len() > 1)
        .filter_map(|(lower, by_spelling)| {
            let best = by_spelling.iter().max_by(|a, b| {
                let capitals = |s: &str| s.chars().any(|c| c.is_ascii_uppercase());
                a.1.cmp(b.1)
                    .then(capitals(a.0).cmp(&capitals(b.0)))
                    .then(b.0.cmp(a.0))
            })?;
            Some((lower, best.0.clone()))
        })
        .collect()
}

/// The last segment of a route when it names a bound action or function: a call, or a name
/// that is no navigation property of the type the path reaches. Its index and name.
fn operation_segment<'s>(model: &Model, segments: &[&'s str]) -> Option<(usize, &'s str)> {
    let last = segments.len().checked_sub(1)?;
    let segment = *segments.get(last)?;
    if last == 0 || path::is_key_segment(segment) || segment.starts_with(['$', '{']) {
        return None;
    }
    let name = segment.split('(').next().unwrap_or(segment);
    if name.is_empty() || name.contains([':', '.', '=']) || !crate::ident::is_identifier(name) {
        return None;
    }
    if segment.contains('(') {
        return Some((last, name));
    }
    // A name after a key or a single-valued navigation: an operation unless the type reached
    // declares it.
    let reached = reached_type(model, &segments[..last])?;
    let declared = model
        .ancestors(&reached)
        .any(|(_, t)| t.properties.keys().any(|p| p.eq_ignore_ascii_case(name)));
    (!declared).then_some((last, name))
}

/// The type a path's segments reach, walking entity sets, singletons, keys and navigation
/// properties (ignoring case); `None` when the walk leaves the model.
fn reached_type(model: &Model, segments: &[&str]) -> Option<String> {
    let mut walk = Walk::start(model, segments.first()?)?;
    for segment in &segments[1..] {
        match walk.step(segment, Matching::IgnoringCase) {
            Step::Key | Step::Cast => {}
            Step::Property { property, .. } if matches!(property.ty, TypeRef::Named(_)) => {}
            Step::Property { .. } | Step::Unknown => return None,
        }
    }
    Some(walk.ty)
}

/// Whether a first segment is a literal that can name a root.
fn literal_root(first: &str) -> bool {
    !first.is_empty() && !path::is_key_segment(first) && !first.contains(['(', ':', '$', '.', '{'])
}

/// Lowercased name → spelling → how many routes use it, for the name `name_of` reads off each
/// route's segments.
fn spellings(
    model: &Model,
    name_of: impl for<'s> Fn(&Model, &[&'s str]) -> Option<&'s str>,
) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut spellings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (path, by_method) in &model.routes {
        let segments = path::segments(path);
        if let Some(name) = name_of(model, &segments) {
            *spellings
                .entry(name.to_ascii_lowercase())
                .or_default()
                .entry(name.to_owned())
                .or_default() += by_method.len();
        }
    }
    spellings
}

/// The segments (index, declared spelling) whose spelling differs from the declared one.
fn navigation_spellings(model: &Model, segments: &[&str]) -> Vec<(usize, String)> {
    let mut changes = Vec::new();
    let Some(mut walk) = segments.first().and_then(|first| Walk::start(model, first)) else {
        return changes;
    };
    for (i, segment) in segments.iter().enumerate().skip(1) {
        if !path::is_key_segment(segment) {
            // Operations and keys follow a collection; functions and paths end the walk, and
            // so does a dotted name that is no type.
            let ends = walk.collection
                || segment.contains(['(', ':', '$', '{'])
                || (segment.contains('.') && model.get(segment).is_none());
            if ends {
                break;
            }
        }
        match walk.step(segment, Matching::ExactElseOnlyIgnoringCase) {
            Step::Key | Step::Cast => {}
            Step::Property { name, property, .. } => {
                if name != *segment {
                    changes.push((i, name.to_owned()));
                }
                if !matches!(property.ty, TypeRef::Named(_)) {
                    break;
                }
            }
            Step::Unknown => break,
        }
    }
    changes
}

/// Moves every route whose path `change` respells, reporting each at its request line. A route
/// that lands on one already documented joins it as another page documenting it.
fn respell(
    model: &mut Model,
    sink: &mut Sink,
    change: impl Fn(&Model, &[&str]) -> Option<Vec<(usize, String)>>,
) {
    let mut moves: Vec<(String, String)> = Vec::new();
    for path in model.routes.keys() {
        let segments = path::segments(path);
        let Some(changes) = change(model, &segments) else {
            continue;
        };
        let mut respelled: Vec<String> = segments.iter().map(|s| (*s).to_owned()).collect();
        for (i, spelling) in changes {
            if let Some(s) = respelled.get_mut(i) {
                *s = spelling;
            }
        }
        let new_path = format!("/{}", respelled.join("/"));
        if new_path != *path {
            moves.push((path.clone(), new_path));
        }
    }
    for (old, new) in moves {
        let Some(by_method) = model.routes.remove(&old) else {
            continue;
        };
        for (method, route) in by_method {
            report(sink, &old, &new, method, &route);
            land(model, &new, method, route);
        }
    }
}

/// Files a moved route under `path`: a route that lands on one already documented joins it as
/// another page documenting it.
fn land(model: &mut Model, path: &str, method: Method, route: Route) {
    let target = model.routes.entry(path.to_owned()).or_default();
    match target.get_mut(&method) {
        Some(existing) => {
            if existing.page != route.page && !existing.also_documented_in.contains(&route.page) {
                existing.also_documented_in.push(route.page.clone());
            }
            existing.examples.extend(route.examples);
            existing
                .examples
                .sort_by(|a, b| (a.page.as_str(), a.line).cmp(&(b.page.as_str(), b.line)));
        }
        None => {
            target.insert(method, route);
        }
    }
}

/// Makes paths that differ only in the names of their parameters one path, as OpenAPI requires
/// (`/me/contactFolders/{contactFolder-id}` and `{contactfolder-id}`): at each place, the name
/// most routes of the model use wins (ties: the one with capitals, then the first in order), and
/// the routes of the other spellings move onto it, each reported at its request line.
pub fn respell_parameters(model: &mut Model, sink: &mut Sink) {
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_shape: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (path, by_method) in &model.routes {
        for name in parameter_names(path) {
            *uses.entry(name).or_default() += by_method.len();
        }
        by_shape
            .entry(without_parameter_names(path))
            .or_default()
            .push(path);
    }
    let mut moves: Vec<(String, String, BTreeMap<String, String>)> = Vec::new();
    for paths in by_shape.values().filter(|paths| paths.len() > 1) {
        let names: Vec<Vec<&str>> = paths.iter().map(|p| parameter_names(p)).collect();
        let capitals = |s: &str| s.chars().any(|c| c.is_ascii_uppercase());
        let chosen: Vec<&str> = (0..names[0].len())
            .filter_map(|i| {
                names
                    .iter()
                    .filter_map(|n| n.get(i).copied())
                    .max_by(|a, b| {
                        (uses.get(a).cmp(&uses.get(b)))
                            .then(capitals(a).cmp(&capitals(b)))
                            .then(b.cmp(a))
                    })
            })
            .collect();
        let target = with_parameter_names(paths[0], &chosen);
        for (path, names) in paths.iter().zip(&names) {
            if *path == target {
                continue;
            }
            let renames = (names.iter().zip(&chosen))
                .filter(|(old, new)| old != new)
                .map(|(old, new)| ((*old).to_owned(), (*new).to_owned()))
                .collect();
            moves.push(((*path).to_owned(), target.clone(), renames));
        }
    }
    for (old, new, renames) in moves {
        let Some(by_method) = model.routes.remove(&old) else {
            continue;
        };
        for (method, mut route) in by_method {
            sink.push(
                Location::at(route.page.clone(), route.line),
                Code::RouteParameterName,
                format!("`{method} {old}` is `{new}` with other names for its parameters, which OpenAPI does not allow beside it; the documents use the names most routes use"),
            );
            for p in &mut route.parameters {
                if let Some(name) = renames.get(&p.name) {
                    p.name.clone_from(name);
                }
            }
            land(model, &new, method, route);
        }
    }
}

fn report(sink: &mut Sink, old: &str, new: &str, method: Method, route: &Route) {
    sink.push(
        Location::at(route.page.clone(), route.line),
        Code::RouteSegmentCase,
        format!("`{method} {old}` is spelled `{new}` where the API declares it; the documents use that spelling"),
    );
}

/// The names of a template's parameters, in order: `/a/{x}/b(c={y})/{z}:` → `x`, `y`, `z`.
pub(crate) fn parameter_names(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    out
}

/// A template with each parameter's name taken out: `/a/{x}/b` → `/a/{}/b`.
pub(crate) fn without_parameter_names(template: &str) -> String {
    with_parameter_names(template, &[])
}

/// A template with its parameters named `names` in order (a parameter past their end is left
/// without a name).
fn with_parameter_names(template: &str, names: &[&str]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    let mut names = names.iter();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..=open]);
        out.push_str(names.next().copied().unwrap_or_default());
        out.push('}');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Container, Namespace, Property, TypeDef, TypeKind};

    fn route(page: &str) -> Route {
        Route {
            parameters: Vec::new(),
            query_parameters: Vec::new(),
            headers: Vec::new(),
            response_headers: Vec::new(),
            request_body: None,
            response: None,
            permissions: Default::default(),
            examples: Vec::new(),
            summary: None,
            description: None,
            page: page.to_owned(),
            line: 7,
            also_documented_in: Vec::new(),
        }
    }

    fn property(ty: &str, collection: bool) -> Property {
        Property::navigation(ty.to_owned(), collection, None, 1)
    }

    #[test]
    fn roots_take_their_commonest_spelling() {
        let mut model = Model::default();
        for path in [
            "/directoryRoles",
            "/directoryRoles/{id}",
            "/directoryroles/{id}/members",
        ] {
            model
                .routes
                .entry(path.to_owned())
                .or_default()
                .insert(Method::Get, route("a.md"));
        }
        let mut sink = Sink::default();
        respell_roots(&mut model, &mut sink);
        let paths: Vec<&str> = model.routes.keys().map(String::as_str).collect();
        assert_eq!(
            paths,
            [
                "/directoryRoles",
                "/directoryRoles/{id}",
                "/directoryRoles/{id}/members"
            ]
        );
        assert_eq!(sink.diagnostics.len(), 1);
        assert_eq!(sink.diagnostics[0].code, Code::RouteSegmentCase);
        assert_eq!(sink.diagnostics[0].location.line, 7);
    }

    #[test]
    fn operations_take_their_commonest_spelling() {
        let mut model = Model::default();
        model
            .container
            .entity_sets
            .insert("users".to_owned(), "x.user".to_owned());
        for path in [
            "/users/{id}/checkMemberGroups",
            "/users/{id}/manager/checkMemberGroups",
            "/users/{id}/checkmembergroups",
            "/users/{id}/drive/root/delta()",
        ] {
            model
                .routes
                .entry(path.to_owned())
                .or_default()
                .insert(Method::Post, route("d.md"));
        }
        let mut sink = Sink::default();
        respell_operations(&mut model, &mut sink);
        assert!(model.routes.contains_key("/users/{id}/checkMemberGroups"));
        assert!(!model.routes.contains_key("/users/{id}/checkmembergroups"));
        assert_eq!(sink.diagnostics.len(), 1, "{:?}", sink.diagnostics);
    }

    #[test]
    fn segments_take_the_navigation_property_spelling() {
        let mut model = Model::default();
        let mut ns = Namespace::default();
        let mut root = TypeDef {
            kind: TypeKind::Entity,
            base_type: None,
            key: Some("id".to_owned()),
            r#abstract: false,
            open_type: false,
            has_stream: false,
            flags: false,
            description: None,
            properties: Default::default(),
            members: Vec::new(),
            sources: Vec::new(),
            line: 1,
            inferred: false,
            methods: Vec::new(),
        };
        root.properties
            .insert("directoryAudits".to_owned(), property("x.audit", true));
        ns.types.insert("auditLogRoot".to_owned(), root);
        model.namespaces.insert("x".to_owned(), ns);
        model.container = Container::default();
        model
            .container
            .singletons
            .insert("auditLogs".to_owned(), "x.auditLogRoot".to_owned());
        model
            .routes
            .entry("/auditLogs/directoryaudits/{id}".to_owned())
            .or_default()
            .insert(Method::Get, route("b.md"));
        model
            .routes
            .entry("/auditLogs/directoryAudits".to_owned())
            .or_default()
            .insert(Method::Get, route("c.md"));
        let mut sink = Sink::default();
        respell_segments(&mut model, &mut sink);
        assert!(model.routes.contains_key("/auditLogs/directoryAudits/{id}"));
        assert!(!model.routes.contains_key("/auditLogs/directoryaudits/{id}"));
        assert_eq!(sink.diagnostics.len(), 1);
        assert!(sink.diagnostics[0].message.contains("directoryAudits/{id}"));
    }

    #[test]
    fn parameter_names_in_a_template() {
        assert_eq!(parameter_names("/a/{x}/b(c={y})/{z}:"), ["x", "y", "z"]);
        assert_eq!(without_parameter_names("/a/{x}/b(c={y})"), "/a/{}/b(c={})");
        assert_eq!(with_parameter_names("/a/{}/b/{}", &["p"]), "/a/{p}/b/{}");
    }

    #[test]
    fn paths_that_differ_in_parameter_names_are_one() {
        let mut model = Model::default();
        let mut with_parameter = |path: &str, method, name: &str, page: &str| {
            let mut r = route(page);
            r.parameters.push(crate::model::PathParameter {
                name: name.to_owned(),
                documented: name.to_owned(),
                ty: None,
                collection: false,
                description: String::new(),
            });
            model
                .routes
                .entry(path.to_owned())
                .or_default()
                .insert(method, r);
        };
        with_parameter("/me/folders/{folder-id}", Method::Get, "folder-id", "a.md");
        with_parameter(
            "/me/folders/{folder-id}",
            Method::Delete,
            "folder-id",
            "a.md",
        );
        with_parameter(
            "/me/folders/{folder-id}/items",
            Method::Get,
            "folder-id",
            "a.md",
        );
        with_parameter(
            "/me/folders/{Folder-id}",
            Method::Patch,
            "Folder-id",
            "b.md",
        );
        with_parameter("/me/folders/{Folder-id}", Method::Get, "Folder-id", "b.md");
        let mut sink = Sink::default();
        respell_parameters(&mut model, &mut sink);
        let paths: Vec<&str> = model.routes.keys().map(String::as_str).collect();
        // The name more routes use wins over the one with capitals.
        assert_eq!(
            paths,
            ["/me/folders/{folder-id}", "/me/folders/{folder-id}/items"]
        );
        let one = &model.routes["/me/folders/{folder-id}"];
        assert_eq!(one.len(), 3);
        assert_eq!(one[&Method::Patch].parameters[0].name, "folder-id");
        // The GET both pages document is one route, documented on both.
        assert_eq!(one[&Method::Get].also_documented_in, ["b.md"]);
        assert_eq!(sink.diagnostics.len(), 2);
        assert!(
            sink.diagnostics
                .iter()
                .all(|d| d.code == Code::RouteParameterName)
        );
        assert_eq!(sink.diagnostics[0].location.path, "b.md");
    }
}
