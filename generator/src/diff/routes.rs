//! Changes to routes: added, removed, renamed parameters, parameters, bodies, scopes.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, ChangeKind, change, show};
use crate::model::{Model, Parameter, Route};
use crate::vocab::Method;

pub(super) fn routes(base: &Model, head: &Model, out: &mut Vec<Change>) {
    // Routes are matched with their parameters' names taken out, as oasdiff matches paths: a
    // renamed parameter is the same URL.
    fn by_shape(model: &Model) -> BTreeMap<(String, Method), (&str, &Route)> {
        model
            .all_routes()
            .map(|(p, m, r)| {
                let shape = crate::model::spelling::without_parameter_names(p);
                ((shape, m), (p, r))
            })
            .collect()
    }
    let (old, new) = (by_shape(base), by_shape(head));
    for (key, (path, route)) in &old {
        if !new.contains_key(key) {
            let subject = format!("{} {path}", key.1);
            out.push(change(
                ChangeKind::RouteRemoved,
                subject,
                true,
                "",
                &route.page,
                route.line,
            ));
        }
    }
    for (key, (path, route)) in &new {
        let method = key.1;
        let subject = format!("{method} {path}");
        let Some((old_path, before)) = old.get(key) else {
            out.push(change(
                ChangeKind::RouteAdded,
                subject,
                false,
                "",
                &route.page,
                route.line,
            ));
            continue;
        };
        if old_path != path {
            out.push(
                change(
                    ChangeKind::PathParametersRenamed,
                    &subject,
                    false,
                    "",
                    &route.page,
                    route.line,
                )
                .of_value("", (*old_path).to_owned(), (*path).to_owned()),
            );
        }
        let at = (route.page.as_str(), route.line);
        parameters(
            &subject,
            &before.query_parameters,
            &route.query_parameters,
            "query",
            at,
            out,
        );
        parameters(&subject, &before.headers, &route.headers, "header", at, out);
        let body = |r: &Route| r.request_body.as_ref().map(|b| show(b.ty.as_ref(), false));
        if body(before) != body(route) {
            out.push(
                change(
                    ChangeKind::RequestBodyChanged,
                    &subject,
                    true,
                    "",
                    at.0,
                    at.1,
                )
                .of_value(
                    "",
                    body(before).unwrap_or_else(|| "none".into()),
                    body(route).unwrap_or_else(|| "none".into()),
                ),
            );
        }
        let response = |r: &Route| {
            r.response
                .as_ref()
                .map(|x| show(x.ty.as_ref(), x.collection))
        };
        if response(before) != response(route) {
            out.push(
                change(ChangeKind::ResponseChanged, &subject, true, "", at.0, at.1).of_value(
                    "",
                    response(before).unwrap_or_else(|| "none".into()),
                    response(route).unwrap_or_else(|| "none".into()),
                ),
            );
        }
        scopes(&subject, before, route, out);
    }
}

fn parameters(
    subject: &str,
    old: &[Parameter],
    new: &[Parameter],
    location: &str,
    (page, line): (&str, u32),
    out: &mut Vec<Change>,
) {
    // Authorization and content negotiation are the protocol's, not the operation's.
    let own = |p: &&Parameter| {
        !["authorization", "content-type", "accept"].contains(&p.name.to_ascii_lowercase().as_str())
    };
    let old: BTreeMap<&str, &Parameter> = old
        .iter()
        .filter(own)
        .map(|p| (p.name.as_str(), p))
        .collect();
    let new: BTreeMap<&str, &Parameter> = new
        .iter()
        .filter(own)
        .map(|p| (p.name.as_str(), p))
        .collect();
    for name in old.keys().filter(|n| !new.contains_key(*n)) {
        let detail = format!("{location} parameter `{name}`");
        out.push(change(
            ChangeKind::ParameterRemoved,
            subject,
            true,
            detail,
            page,
            line,
        ));
    }
    for (name, p) in &new {
        let required = p.required == Some(true);
        match old.get(name) {
            None => {
                let detail = format!(
                    "{}{location} parameter `{name}`",
                    if required { "required " } else { "" }
                );
                out.push(change(
                    ChangeKind::ParameterAdded,
                    subject,
                    required,
                    detail,
                    page,
                    line,
                ));
            }
            Some(before) => {
                let (was, is) = (
                    show(before.ty.as_ref(), before.collection),
                    show(p.ty.as_ref(), p.collection),
                );
                if was != is {
                    let what = format!("{location} parameter `{name}`: ");
                    out.push(
                        change(ChangeKind::ParameterChanged, subject, true, "", page, line)
                            .of_value(&what, was, is),
                    );
                }
                if required && before.required != Some(true) {
                    let detail = format!("{location} parameter `{name}` is now required");
                    out.push(change(
                        ChangeKind::ParameterChanged,
                        subject,
                        true,
                        detail,
                        page,
                        line,
                    ));
                }
            }
        }
    }
}

fn scopes(subject: &str, before: &Route, route: &Route, out: &mut Vec<Change>) {
    let all = |r: &Route| -> BTreeSet<(&'static str, String)> {
        let p = &r.permissions;
        let kinds: [(&'static str, &Vec<String>); 3] = [
            ("delegated (work or school)", &p.delegated_work),
            ("delegated (personal)", &p.delegated_personal),
            ("application", &p.application),
        ];
        kinds
            .into_iter()
            .flat_map(|(kind, scopes)| scopes.iter().map(move |s| (kind, s.clone())))
            .collect()
    };
    let (old, new) = (all(before), all(route));
    for (kind, scope) in old.difference(&new) {
        // A caller may hold just the scope that is gone.
        let detail = format!("{kind} `{scope}`");
        out.push(change(
            ChangeKind::ScopeRemoved,
            subject,
            true,
            detail,
            &route.page,
            route.line,
        ));
    }
    for (kind, scope) in new.difference(&old) {
        let detail = format!("{kind} `{scope}`");
        out.push(change(
            ChangeKind::ScopeAdded,
            subject,
            false,
            detail,
            &route.page,
            route.line,
        ));
    }
}
