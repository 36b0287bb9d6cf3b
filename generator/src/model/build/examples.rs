//! Pass 9, the examples: each filed under the route its URL is an instance of, or its page's
//! routeless operation, or left unrouted with the reason reported.

use super::routes::Router;
use std::collections::{BTreeMap, HashMap};

use crate::diag::Code;
use crate::model::{Example, ExampleRequest, ExampleResponse, Fit, Model, Route};
use crate::parse::{self, PageKind};
use crate::vocab::{Method, path};

/// A template and its segments, which borrow from the model's route keys.
pub(super) type SplitTemplate<'m> = (&'m str, Vec<&'m str>);

/// Route templates split into segments, by method and segment count, so matching an example
/// looks only at templates of its length.
pub(super) struct RouteIndex<'m> {
    pub(super) by_shape: HashMap<(Method, usize), Vec<SplitTemplate<'m>>>,
}

impl<'m> RouteIndex<'m> {
    pub(super) fn new(routes: &'m BTreeMap<String, BTreeMap<Method, Route>>) -> RouteIndex<'m> {
        let mut by_shape: HashMap<(Method, usize), Vec<SplitTemplate<'m>>> = HashMap::new();
        for (path, by_method) in routes {
            let segments = path::segments(path);
            for &method in by_method.keys() {
                by_shape
                    .entry((method, segments.len()))
                    .or_default()
                    .push((path, segments.clone()));
            }
        }
        RouteIndex { by_shape }
    }

    /// The template that fits best (most literal segments; ties to the first in order).
    pub(super) fn best(&self, method: Method, concrete: &[&str]) -> Option<String> {
        let candidates = self.by_shape.get(&(method, concrete.len()))?;
        candidates
            .iter()
            .filter_map(|(t, segments)| path::match_segments(segments, concrete).map(|s| (s, t)))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)))
            .map(|(_, t)| (*t).to_owned())
    }
}

impl<'a> Router<'_, 'a> {
    /// Files an example under the route [`Builder::route_of`] found for it.
    pub(super) fn attach_example(
        &mut self,
        model: &mut Model,
        page: usize,
        example: parse::PageExample,
        filed: Option<(String, Method, Fit)>,
    ) {
        let p = self.docs.pages[page];
        if let Some((template, method, fit)) = filed {
            if let Some(route) = model
                .routes
                .get_mut(&template)
                .and_then(|by| by.get_mut(&method))
            {
                if fit == Fit::Exact {
                    self.check_example(page, &example, route);
                }
                let mut example = convert(&p.path, example);
                example.fit = fit;
                route.examples.push(example);
                return;
            }
        }
        // A page whose HTTP request section yields no route: its examples are still filed,
        // under the operation the rest of the page documents.
        let routeless =
            p.kind == PageKind::Api && p.routes.is_empty() && p.has_http_request_section;
        if let (true, Some(request)) = (routeless, &example.request) {
            if !model.routeless.contains_key(&p.path) {
                let sends_body =
                    matches!(request.method, Method::Post | Method::Patch | Method::Put);
                let route = Route {
                    request_body: if sends_body {
                        self.request_body(page)
                    } else {
                        None
                    },
                    response: self.response(page),
                    ..Route::documented(p, example.line)
                };
                model.routeless.insert(p.path.clone(), route);
            }
            if let Some(route) = model.routeless.get_mut(&p.path) {
                let mut example = convert(&p.path, example);
                example.fit = Fit::NoRoute;
                route.examples.push(example);
                return;
            }
        }
        model
            .unrouted_examples
            .entry(p.path.clone())
            .or_default()
            .push(convert(&p.path, example));
    }

    /// The route an example is filed under. A request goes to the route its URL is an instance
    /// of: among the page's own routes first, then any route; the most literal match wins. A
    /// request that matches none is reported, and filed under the page's own route of its
    /// method when there is one. A response without a request goes to its page's only route.
    pub(super) fn route_of(
        &mut self,
        model: &Model,
        index: &RouteIndex,
        page: usize,
        example: &parse::PageExample,
        own_routes: &[(String, Method)],
    ) -> Option<(String, Method, Fit)> {
        let Some(request) = example.request.as_ref() else {
            let mut distinct: Vec<&(String, Method)> = own_routes.iter().collect();
            distinct.dedup();
            return match distinct.as_slice() {
                [(t, m)] => Some((t.clone(), *m, Fit::ResponseOnly)),
                _ => None,
            };
        };
        if let Some(host) = crate::model::foreign_host(&request.url, model.base_url.as_deref()) {
            let message = format!(
                "`{} {}` is addressed to `{host}`, not to the API: it is not a request to a documented route",
                request.method, request.url
            );
            self.sink.push(
                self.docs.at(page, request.line),
                Code::ExampleForeignHost,
                message,
            );
            return None;
        }
        let concrete = request.path.as_ref()?;
        let segments = path::segments(&concrete.path);
        let own = own_routes
            .iter()
            .filter(|(_, m)| *m == request.method)
            .filter_map(|(t, _)| {
                path::match_segments(&path::segments(t), &segments).map(|s| (s, t))
            })
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)))
            .map(|(_, t)| t.clone());
        if let Some(t) = own.or_else(|| index.best(request.method, &segments)) {
            return Some((t, request.method, Fit::Exact));
        }
        // The page's route of the same method that names the same thing last (`children`
        // for `/me/drive/root/children` and `/drives/{drive-id}/items/{item-id}/children`).
        let last = last_literal(&segments);
        let fallback = own_routes.iter().find(|(t, m)| {
            *m == request.method && last.is_some() && last_literal(&path::segments(t)) == last
        });
        let message = match fallback {
            Some((t, _)) => format!(
                "`{} {}` matches no documented route; filed under `{} {t}`, the page's route of that method",
                request.method, concrete.path, request.method
            ),
            None => format!(
                "`{} {}` matches no documented route",
                request.method, concrete.path
            ),
        };
        self.sink.push(
            self.docs.at(page, request.line),
            Code::ExampleNoRoute,
            message,
        );
        fallback.map(|(t, m)| (t.clone(), *m, Fit::UrlMismatch))
    }

    /// An example's status against the one the Response section documents. (Its bodies are
    /// checked against the types when it becomes a test case.)
    pub(super) fn check_example(
        &mut self,
        page: usize,
        example: &parse::PageExample,
        route: &Route,
    ) {
        let Some(resp) = &example.response else {
            return;
        };
        if let (Some(documented), Some(actual)) =
            (route.response.as_ref().and_then(|r| r.status), resp.status)
        {
            if documented != actual && !resp.annotation.expect_error && actual < 300 {
                let message = format!(
                    "the example returns {actual} but the Response section documents {documented}"
                );
                self.sink.push(
                    self.docs.at(page, resp.line),
                    Code::ExampleStatusMismatch,
                    message,
                );
            }
        }
    }
}

/// A page's example as the model keeps it, moved rather than copied.
pub(super) fn convert(page: &str, example: parse::PageExample) -> Example {
    Example {
        name: example.name,
        ignored: example.ignored,
        page: page.to_owned(),
        line: example.line,
        request: example.request.map(|r| ExampleRequest {
            method: r.method,
            url: r.url,
            path: r.path.map(|t| t.path),
            headers: r.headers,
            body: r.body,
            truncated: r.elided,
            body_source: r.body_source,
        }),
        response: example.response.map(|r| ExampleResponse {
            status: r.status,
            headers: r.headers,
            body: r.body,
            truncated: r.truncated,
            is_collection: r.annotation.is_collection,
            is_empty: r.annotation.is_empty,
            expect_error: r.annotation.expect_error,
            odata_type: r.annotation.odata_type,
            line: r.line,
            body_source: r.body_source,
        }),
        fit: Fit::Exact,
    }
}

/// The last segment of a path that names something: not a key, not `$ref`/`$value`/`$count`,
/// a function by its name; lower-cased.
pub(super) fn last_literal(segments: &[&str]) -> Option<String> {
    segments
        .iter()
        .rev()
        .find(|s| !path::is_key_segment(s) && !s.starts_with('$'))
        .map(|s| {
            let name = s.split('(').next().unwrap_or(s);
            name.trim_end_matches(':').to_ascii_lowercase()
        })
}

#[cfg(test)]
mod tests {
    use super::super::pages::{api, example, model, said};
    use crate::diag::Code;
    use crate::model::Fit;
    use crate::vocab::Method;

    #[test]
    fn an_example_goes_to_the_most_literal_route_it_is_an_instance_of() {
        let examples = [
            example(
                "by_key",
                "GET https://api.example.com/v1.0/widgets/42",
                "200 OK",
                "x",
                "{}",
            ),
            example(
                "delta",
                "GET https://api.example.com/v1.0/widgets/delta()",
                "200 OK",
                "x",
                "{}",
            ),
            example(
                "stray",
                "GET https://api.example.com/v1.0/gadgets",
                "200 OK",
                "x",
                "{}",
            ),
        ]
        .join("\n");
        let page = api(
            "widgets",
            &["GET /widgets/{id}", "GET /widgets/delta()"],
            "",
            &examples,
        );
        let (model, diagnostics) = model(&[page.clone()]);
        let names = |path: &str| -> Vec<String> {
            model.routes[path][&Method::Get]
                .examples
                .iter()
                .map(|e| e.name.clone())
                .collect()
        };
        assert_eq!(names("/widgets/{widget-id}"), ["by_key"]);
        assert_eq!(names("/widgets/delta()"), ["delta"]);
        assert!(said(
            &diagnostics,
            Code::ExampleNoRoute,
            &page.0,
            "/gadgets"
        ));
        let unrouted = model.unrouted_examples.get(&page.0).map_or(0, Vec::len)
            + model
                .all_routes()
                .flat_map(|(_, _, r)| &r.examples)
                .filter(|e| e.fit != Fit::Exact)
                .count();
        assert_eq!(unrouted, 1, "the stray example is kept, not dropped");
    }
}
