//! Pass 8 (beside passes 2 to 7), the routes: each `HTTP request` line a route, with the page's
//! parameters, request body, response and permissions.

use super::PageSet;
use super::examples::RouteIndex;
use crate::diag::{Code, Sink};
use crate::model::{Model, Parameter, PathParameter, RequestBody, Response, Route, TypeRef};
use crate::parse::{self, Page, ParameterKind};
use crate::vocab::Method;

/// Builds the routes and files the examples under them. It reads the pages and the declared
/// names, never the types being built, so it runs beside the [`Builder`].
pub(super) struct Router<'d, 'a> {
    pub(super) docs: &'d PageSet<'a>,
    /// Each page's examples, by page index, until they move into the model.
    pub(super) examples: Vec<Vec<parse::PageExample>>,
    pub(super) sink: Sink,
}

impl<'a> Router<'_, 'a> {
    pub(super) fn parameter(&mut self, page: usize, p: &parse::ParameterRow) -> Parameter {
        let (ty, collection) = match &p.ty {
            Some(Ok(spec)) => {
                let r = self
                    .docs
                    .resolve_cell(spec, page, (p.line, p.ty_col), &mut self.sink);
                (Some(r.ty), r.collection)
            }
            Some(Err(raw)) => (Some(TypeRef::Unknown(raw.clone())), false),
            None => (None, false),
        };
        Parameter {
            name: p.name.clone(),
            ty,
            collection,
            required: p.required,
            description: p.description.clone(),
        }
    }

    pub(super) fn routes(&mut self, model: &mut Model) {
        // Which route each page's routes became, to attach its examples.
        let mut page_routes: Vec<Vec<(String, Method)>> = vec![Vec::new(); self.docs.pages.len()];
        for (i, own) in page_routes.iter_mut().enumerate() {
            let page: &'a Page = self.docs.pages[i];
            if page.routes.is_empty() {
                continue;
            }
            // The lines that add a route; the others restate one, here or on another page.
            let mut new_lines = Vec::new();
            // The routes those lines add, so a line restating one is found at once.
            let mut added: std::collections::HashSet<(Method, &str)> =
                std::collections::HashSet::new();
            for line in &page.routes {
                own.push((line.template.path.clone(), line.method));
                let existing = model
                    .routes
                    .get_mut(&line.template.path)
                    .and_then(|by_method| by_method.get_mut(&line.method));
                match existing {
                    Some(existing) if existing.page != page.path => {
                        if !existing.also_documented_in.contains(&page.path) {
                            existing.also_documented_in.push(page.path.clone());
                        }
                        let message = format!(
                            "`{} {}` is also documented by `{}`",
                            line.method, line.template.path, existing.page
                        );
                        self.sink
                            .push(self.docs.at(i, line.line), Code::RouteDuplicate, message);
                    }
                    Some(_) => {}
                    None if !added.insert((line.method, line.template.path.as_str())) => {}
                    None => new_lines.push(line),
                }
            }
            // Read even when every line restates a route: the page's tables are reported on.
            let mut of_kind = |kinds: &[ParameterKind]| -> Vec<Parameter> {
                page.parameters
                    .iter()
                    .filter(|p| kinds.contains(&p.kind))
                    .map(|p| self.parameter(i, p))
                    .collect()
            };
            let query = of_kind(&[ParameterKind::Query]);
            let headers = of_kind(&[ParameterKind::Header]);
            let response_headers = of_kind(&[ParameterKind::ResponseHeader]);
            let path_params = of_kind(&[ParameterKind::Path, ParameterKind::Function]);
            let request_body = self.request_body(i);
            let response = self.response(i);
            for line in new_lines {
                let parameters = line
                    .template
                    .params
                    .iter()
                    .map(|p| {
                        let documented = path_params.iter().find(|d| {
                            d.name.eq_ignore_ascii_case(&p.name)
                                || p.documented
                                    .split('|')
                                    .any(|a| a.trim().eq_ignore_ascii_case(&d.name))
                        });
                        PathParameter {
                            name: p.name.clone(),
                            documented: p.documented.clone(),
                            ty: documented.and_then(|d| d.ty.clone()),
                            collection: documented.is_some_and(|d| d.collection),
                            description: documented
                                .map(|d| d.description.clone())
                                .unwrap_or_default(),
                        }
                    })
                    .collect();
                // Only methods that send a body get the page's request body.
                let body = match line.method {
                    Method::Post | Method::Patch | Method::Put => request_body.clone(),
                    _ => None,
                };
                let route = Route {
                    parameters,
                    query_parameters: query.clone(),
                    headers: headers.clone(),
                    response_headers: response_headers.clone(),
                    request_body: body,
                    response: response.clone(),
                    ..Route::documented(page, line.line)
                };
                model
                    .routes
                    .entry(line.template.path.clone())
                    .or_default()
                    .insert(line.method, route);
            }
        }
        model.base_url = crate::model::base_url(
            self.examples
                .iter()
                .flatten()
                .filter_map(|e| Some(e.request.as_ref()?.url.as_str())),
        );
        // Each example's route is found first, against the finished routes; then the examples
        // move into them.
        let index = RouteIndex::new(&model.routes);
        let mut filed = Vec::new();
        for (i, own_routes) in page_routes.iter().enumerate() {
            let examples = self
                .examples
                .get_mut(i)
                .map(std::mem::take)
                .unwrap_or_default();
            for example in examples {
                let route = self.route_of(model, &index, i, &example, own_routes);
                filed.push((i, example, route));
            }
        }
        for (i, example, route) in filed {
            self.attach_example(model, i, example, route);
        }
    }

    pub(super) fn request_body(&mut self, page: usize) -> Option<RequestBody> {
        let p = self.docs.pages[page];
        // An operation's body table lists its parameters, whatever type the page says the
        // body represents ("supply a JSON representation of an [x]").
        let ty = (p.request_body_type.clone())
            .filter(|_| !p.operation_body_table())
            .map(|(spec, line)| self.docs.resolve(&spec, page, line, &mut self.sink).ty);
        let parameters: Vec<Parameter> = if ty.is_some() {
            Vec::new()
        } else {
            let body: Vec<parse::ParameterRow> = p
                .parameters
                .iter()
                .filter(|p| p.kind == ParameterKind::Body)
                .cloned()
                .collect();
            body.iter().map(|b| self.parameter(page, b)).collect()
        };
        (ty.is_some() || !parameters.is_empty()).then_some(RequestBody { ty, parameters })
    }

    pub(super) fn response(&mut self, page: usize) -> Option<Response> {
        let p = self.docs.pages[page];
        let documented = p.response.clone();
        let examples = self.examples.get(page).map_or(&[][..], Vec::as_slice);
        let from_example = examples.iter().find_map(|e| e.response.as_ref()).map(|r| {
            (
                r.annotation.odata_type.clone(),
                r.annotation.is_collection,
                r.line,
            )
        });
        let example_status = examples.iter().find_map(|e| e.response.as_ref()?.status);
        let (mut ty, mut collection) = match documented
            .as_ref()
            .and_then(|d| d.ty.clone().map(|t| (t, d.line)))
        {
            Some((spec, line)) => {
                let r = self.docs.resolve(&spec, page, line, &mut self.sink);
                (Some(r.ty), r.collection)
            }
            None => (None, false),
        };
        if let Some((odata_type, is_collection, line)) = from_example {
            if ty.is_none() {
                ty = odata_type.as_deref().map(|t| {
                    self.docs
                        .index
                        .named(&parse::annotation::odata_type(t).0, p.namespace.as_deref())
                });
                if let Some(TypeRef::Unknown(name)) = &ty {
                    let message = format!(
                        "`{name}` (the response's `@odata.type`) is not a type name; the response is left untyped"
                    );
                    self.sink
                        .push(self.docs.at(page, line), Code::NameInvalid, message);
                }
                collection |= is_collection;
            }
        }
        let status = documented
            .as_ref()
            .and_then(|d| d.status)
            .or(example_status);
        (status.is_some() || ty.is_some()).then_some(Response {
            status,
            ty,
            collection,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::pages::{api, model, resource, said};
    use crate::diag::Code;
    use crate::model::TypeRef;
    use crate::vocab::Method;

    #[test]
    fn request_lines_become_routes_and_a_second_page_restating_one_is_reported() {
        let widget = resource("widget", "", &["id | String | The id."], "{\"id\": \"1\"}");
        let get = api(
            "widget-get",
            &["GET /widgets/{id}", "GET /me/widget"],
            "If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.",
            "",
        );
        let again = api("widget-restate", &["GET /widgets/{widgetId}"], "", "");
        let (model, diagnostics) = model(&[widget, get, again.clone()]);
        let route = &model.routes["/widgets/{widget-id}"][&Method::Get];
        assert_eq!(route.page, "api/widget-get.md");
        assert_eq!(route.also_documented_in, ["api/widget-restate.md"]);
        assert_eq!(route.parameters[0].documented, "id");
        let response = route.response.as_ref().expect("documented");
        assert_eq!(response.status, Some(200));
        assert_eq!(
            response.ty,
            Some(TypeRef::Named("microsoft.graph.widget".into()))
        );
        assert!(model.routes.contains_key("/me/widget"));
        assert!(said(
            &diagnostics,
            Code::RouteDuplicate,
            &again.0,
            "also documented"
        ));
    }

    #[test]
    fn response_headers_are_the_responses_not_request_parameters() {
        let (path, text) = api("upload", &["PUT /uploads/{id}"], "", "");
        let text = text.replace(
            "## Response",
            "## Request headers\n\n| Name | Description |\n|:--|:--|\n| If-Match | The ETag. |\n\n## Response headers\n\n| Name | Description |\n|:--|:--|\n| Location | Where the upload is. |\n\n## Response",
        );
        let (model, _) = model(&[(path, text)]);
        let route = &model.routes["/uploads/{upload-id}"][&Method::Put];
        let names = |p: &[crate::model::Parameter]| -> Vec<String> {
            p.iter().map(|h| h.name.clone()).collect()
        };
        assert_eq!(names(&route.headers), ["If-Match"]);
        assert_eq!(names(&route.response_headers), ["Location"]);
    }
}
