//! Every documented request/response example as a test case, in two forms:
//!
//! - `cases.yaml`, which any tool can replay: the concrete URL and the route template it
//!   matches, headers, bodies, the expected status, the annotations that matter, and the docs
//!   defect a case is known to fail on;
//! - `rust/src/cases.rs`, one `#[test]` per case: the URL against the route, each body through
//!   the route's model type (a collection through the OData `value` envelope), re-serialized
//!   without losing a field, and nothing the docs do not declare.
//!
//! What a case's test will find is decided here from the model ([`round_trip`]), so a case the
//! docs contradict is recorded as a known failure with the defect's diagnostic, and its test
//! asserts that it still fails that way. An example that cannot become a case is not dropped
//! silently: it was reported when the model was built (`example-unpaired`, `example-no-route`,
//! `example-foreign-host`, `example-json`), and is counted here by reason.

use std::collections::{BTreeMap, HashSet};
use std::str::FromStr;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde::Serialize;
use serde_json::Value;

use super::round_trip::{self, Kind, Problem, Shape, Target};
use super::rust::{module_of, parse_items, print};
use crate::diag::{Code, Diagnostic, Location};
use crate::ident::{self, Name, Scope};
use crate::model::{self, Example, Fit, Model, Route};
use crate::vocab::{Body, Method, path};

/// The code every case test runs, parsed and re-printed into `cases.rs`: the template, then
/// the generator's own path matching (`vocab/path.rs`, the one copy).
const SUPPORT: &str = concat!(
    include_str!("../../templates/case_support.rs"),
    include_str!("../vocab/path.rs")
);

/// Why an example is not a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Refusal {
    /// A response that answers no request, on a page without exactly one route.
    NoRequest,
    /// A request whose URL matches no documented route, on a page without a route of its
    /// method.
    NoRoute,
    /// A request addressed to another host than the API's (a callback, an upload URL).
    ForeignHost,
    /// A body that looks like JSON but is not.
    BodyNotJson,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseCounts {
    pub made: usize,
    /// Cases whose example the docs contradict: expected to fail, with the defect's code.
    pub known_failures: usize,
    pub refused: BTreeMap<Refusal, usize>,
    /// Cases with at least one JSON body read into a model type.
    pub typed: usize,
    /// Of those, the cases whose bodies deserialize and re-serialize without losing a field.
    pub round_trip: usize,
    /// `made` of all examples, in percent.
    pub share_made: String,
    /// `round_trip` of `typed`, in percent.
    pub share_round_trip: String,
}

impl CaseCounts {
    pub fn refused_total(&self) -> usize {
        self.refused.values().sum()
    }

    fn finish(&mut self) {
        let percent = |part: usize, whole: usize| {
            if whole == 0 {
                "-".to_owned()
            } else {
                format!("{:.1}%", part as f64 * 100.0 / whole as f64)
            }
        };
        self.share_made = percent(self.made, self.made + self.refused_total());
        self.share_round_trip = percent(self.round_trip, self.typed);
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Case<'m> {
    page: &'m str,
    method: Method,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'m str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    route: Option<&'m str>,
    #[serde(skip_serializing_if = "Fit::is_exact")]
    fit: Fit,
    /// The docs annotate the example `ignored`, keeping it out of their own checks.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    ignored: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_type: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    response_is_collection: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    request_headers: &'m [(String, String)],
    #[serde(skip_serializing_if = "Option::is_none")]
    request_body: Option<&'m Body>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_body: Option<&'m Body>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    truncated: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    expect_error: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    known_failure: Option<KnownFailure>,
    /// For the Rust test: not part of the portable file.
    #[serde(skip)]
    test: TestParts<'m>,
}

#[derive(Debug, Serialize)]
struct KnownFailure {
    code: Code,
    kind: Kind,
    path: String,
    message: String,
}

/// What the Rust test of a case needs beyond the portable fields.
#[derive(Debug, Default)]
struct TestParts<'m> {
    line: u32,
    request_path: Option<&'m str>,
    route_method: Option<Method>,
    request: Option<(Shape, &'m Value)>,
    response: Option<(Shape, &'m Value)>,
}

pub struct Cases {
    pub yaml: String,
    /// `cases.rs`: the Rust tests, a module beside the models' namespace modules.
    pub tests: String,
    pub counts: CaseCounts,
    /// The docs defects the cases found that no earlier check reported.
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the cases. `reported` holds the body mismatches the OpenAPI example check already
/// reported (page, line, path), so a defect is reported once; `paths` are the Rust models'
/// type paths.
pub fn build(
    model: &Model,
    reported: &HashSet<(String, u32, String)>,
    paths: &BTreeMap<String, (Name, Name)>,
    docs_label: &crate::Label,
) -> Result<Cases, serde_yaml::Error> {
    let mut builder = Builder {
        model,
        reported,
        counts: CaseCounts::default(),
        diagnostics: Vec::new(),
    };
    let mut cases: BTreeMap<String, Case> = BTreeMap::new();
    let routed = model
        .all_routes()
        .map(|(path, method, route)| (Some(path), Some(method), route));
    let routeless = model.routeless.values().map(|route| (None, None, route));
    for (template, method, route) in routed.chain(routeless) {
        for example in &route.examples {
            if let Some(case) = builder.case(template, method, route, example) {
                let name = unique_name(&cases, example);
                cases.insert(name, case);
            }
        }
    }
    for examples in model.unrouted_examples.values() {
        for example in examples {
            let reason = match &example.request {
                Some(r) if model::foreign_host(&r.url, model.base_url.as_deref()).is_some() => {
                    Refusal::ForeignHost
                }
                Some(_) => Refusal::NoRoute,
                None => Refusal::NoRequest,
            };
            *builder.counts.refused.entry(reason).or_default() += 1;
        }
    }
    let mut yaml = super::header("#", docs_label);
    yaml.push_str(&super::yaml::for_yaml_1_1_readers(&serde_yaml::to_string(
        &cases,
    )?));
    let tests = tests(&cases, paths, docs_label);
    builder.counts.finish();
    Ok(Cases {
        yaml,
        tests,
        counts: builder.counts,
        diagnostics: builder.diagnostics,
    })
}

struct Builder<'m, 'r> {
    model: &'m Model,
    reported: &'r HashSet<(String, u32, String)>,
    counts: CaseCounts,
    diagnostics: Vec<Diagnostic>,
}

impl<'m> Builder<'m, '_> {
    fn case(
        &mut self,
        template: Option<&'m str>,
        route_method: Option<Method>,
        route: &'m Route,
        example: &'m Example,
    ) -> Option<Case<'m>> {
        let request = example.request.as_ref();
        let response = example.response.as_ref();
        let looks_json =
            |b: &Body| matches!(b, Body::Text(t) if t.starts_with('{') || t.starts_with('['));
        if request
            .and_then(|r| r.body.as_ref())
            .is_some_and(looks_json)
            || response
                .and_then(|r| r.body.as_ref())
                .is_some_and(looks_json)
        {
            *self.counts.refused.entry(Refusal::BodyNotJson).or_default() += 1;
            return None;
        }
        let method = request.map(|r| r.method).or(route_method)?;
        let json = |b: Option<&'m Body>| match b {
            Some(Body::Json(v)) => Some(v),
            _ => None,
        };
        let model = self.model;
        let request_body = request.and_then(|r| json(r.body.as_ref()));
        let response_body = response
            .filter(|r| !r.expect_error)
            .and_then(|r| json(r.body.as_ref()));
        let annotated_collection = response.is_some_and(|r| r.is_collection);
        let request_shape = Shape::request(model, route);
        let response_shape = Shape::response(model, route, annotated_collection);

        let mut problems: Vec<Problem> = Vec::new();
        if let Some(r) = request {
            let fits = match (template, r.path.as_deref()) {
                (Some(t), Some(path)) => {
                    route_method == Some(r.method)
                        && path::match_segments(&path::segments(t), &path::segments(path)).is_some()
                }
                _ => false,
            };
            if !fits {
                let code = match example.fit {
                    Fit::NoRoute => Code::HttpRequestEmpty,
                    _ => Code::ExampleNoRoute,
                };
                let detail = match template {
                    Some(t) => format!("`{} {}` is not an instance of `{t}`", r.method, r.url),
                    None => "the page documents no route".to_owned(),
                };
                problems.push(Problem {
                    kind: Kind::Url,
                    path: "url".to_owned(),
                    code,
                    detail,
                });
            }
        }
        let mut typed = false;
        for (root, shape, body) in [
            ("request", &request_shape, request_body),
            ("response", &response_shape, response_body),
        ] {
            let Some(body) = body else { continue };
            typed |= *shape != Shape::Any;
            for mut problem in round_trip::check(model, shape, body, root) {
                problem.code = self.report(example, &problem);
                problems.push(problem);
            }
        }
        if typed {
            self.counts.typed += 1;
            let lossless = problems
                .iter()
                .all(|p| !matches!(p.kind, Kind::Type | Kind::Lost));
            self.counts.round_trip += usize::from(lossless);
        }
        let known_failure = problems.into_iter().next().map(|p| KnownFailure {
            code: p.code,
            kind: p.kind,
            message: p.to_string(),
            path: p.path,
        });
        self.counts.made += 1;
        self.counts.known_failures += usize::from(known_failure.is_some());
        let named = |shape: &Shape| match shape {
            Shape::Object(name) => Some(name.clone()),
            Shape::Collection(t) | Shape::Value(t) => target_name(t),
            Shape::Parameters(_) => Some("parameters".to_owned()),
            Shape::Any => None,
        };
        let documented = route.response.as_ref();
        Some(Case {
            page: &example.page,
            method,
            url: request.map(|r| r.url.as_str()),
            route: template,
            fit: example.fit,
            ignored: example.ignored,
            request_type: named(&request_shape),
            response_type: named(&response_shape),
            response_is_collection: matches!(response_shape, Shape::Collection(_)),
            request_headers: request.map_or(&[][..], |r| r.headers.as_slice()),
            request_body: request.and_then(|r| r.body.as_ref()),
            status: response
                .and_then(|r| r.status)
                .or_else(|| documented.and_then(|r| r.status)),
            response_body: response.and_then(|r| r.body.as_ref()),
            truncated: request.is_some_and(|r| r.truncated)
                || response.is_some_and(|r| r.truncated),
            expect_error: response.is_some_and(|r| r.expect_error),
            known_failure,
            test: TestParts {
                line: example.line.max(1),
                request_path: request.and_then(|r| r.path.as_deref()),
                route_method,
                request: request_body.map(|b| (request_shape, b)),
                response: response_body.map(|b| (response_shape, b)),
            },
        })
    }

    /// The code of a body problem's diagnostic: the OpenAPI example check's when it reported
    /// the same path, else the problem's own, reported here.
    fn report(&mut self, example: &Example, problem: &Problem) -> Code {
        let line = example.line.max(1);
        let key = (example.page.clone(), line, problem.path.clone());
        if self.reported.contains(&key) {
            return Code::ExampleSchema;
        }
        let code = problem.code;
        let (body, at) = problem.path.split_once('/').unwrap_or((&problem.path, ""));
        let message = format!(
            "the {body} body at `/{at}` does not fit the model: {}",
            problem.detail
        );
        // At the value in the body when it can be found, else at the body's block.
        let (block, source) = match (body, &example.response, &example.request) {
            ("response", Some(r), _) => (r.line.max(line), r.body_source.as_ref()),
            ("request", _, Some(r)) => (line, r.body_source.as_ref()),
            _ => (line, None),
        };
        let pointer = if at.is_empty() {
            String::new()
        } else {
            format!("/{at}")
        };
        let location = match source.and_then(|s| s.position(&pointer)) {
            Some((line, col)) => Location {
                path: example.page.clone(),
                line,
                col,
            },
            None => Location::at(example.page.clone(), block),
        };
        self.diagnostics.push(Diagnostic {
            location,
            code,
            message,
        });
        code
    }
}

fn target_name(target: &Target) -> Option<String> {
    match target {
        Target::Struct(name) | Target::Enum(name) => Some(name.clone()),
        Target::Primitive(p) => Some(p.to_string()),
        Target::Any => None,
    }
}

/// The docs' example name, made unique with the page's name when two pages use it.
fn unique_name(cases: &BTreeMap<String, Case>, example: &Example) -> String {
    if !cases.contains_key(&example.name) {
        return example.name.clone();
    }
    let stem = example
        .page
        .rsplit('/')
        .next()
        .unwrap_or(&example.page)
        .trim_end_matches(".md");
    let mut name = format!("{stem}.{}", example.name);
    let mut n = 1;
    while cases.contains_key(&name) {
        n += 1;
        name = format!("{stem}.{}.{n}", example.name);
    }
    name
}

/// `cases.rs`: one test per case, named after it, and the support code they share.
fn tests(
    cases: &BTreeMap<String, Case>,
    paths: &BTreeMap<String, (Name, Name)>,
    label: &crate::Label,
) -> String {
    let mut scope = Scope::default();
    let functions = cases.iter().map(|(name, case)| {
        let (function, _) = scope.add(ident::field(name));
        let function = function.ident();
        let doc = format!(
            " `{}`: {}, line {}.{}",
            super::rust::doc_text(name),
            super::rust::doc_text(case.page),
            case.test.line,
            if case.ignored {
                " The docs annotate it `ignored`."
            } else {
                ""
            }
        );
        let parts = &case.test;
        let (page, line) = (case.page, parts.line);
        let request_line = match (case.url, parts.request_path) {
            (Some(_), Some(path)) => {
                let method = case.method.as_str();
                quote! { Some((#method, #path)) }
            }
            // A URL that is not a path never fits a route.
            (Some(url), None) => {
                let method = case.method.as_str();
                quote! { Some((#method, #url)) }
            }
            _ => quote! { None },
        };
        let route = match (parts.route_method, case.route) {
            (Some(m), Some(t)) => {
                let m = m.as_str();
                quote! { Some((#m, #t)) }
            }
            _ => quote! { None },
        };
        let body = |part: &Option<(Shape, &Value)>| match part {
            Some((_, value)) => {
                let text = raw_string(&serde_json::to_string_pretty(value).unwrap_or_default());
                quote! { Some(#text) }
            }
            None => quote! { None },
        };
        let (request, response) = (body(&parts.request), body(&parts.response));
        let ty = |part: &Option<(Shape, &Value)>| match part {
            Some((shape, _)) => shape_type(shape, paths),
            None => quote! { ::serde_json::Value },
        };
        let (request_type, response_type) = (ty(&parts.request), ty(&parts.response));
        let parameters = match &parts.request {
            Some((Shape::Parameters(parameters), _)) => {
                let checks = parameters.iter().map(|(name, target, collection)| {
                    let item = target_type(target, paths);
                    let ty = if *collection {
                        quote! { ::std::option::Option<::std::vec::Vec<#item>> }
                    } else {
                        quote! { ::std::option::Option<#item> }
                    };
                    quote! { (#name, support::parameter::<#ty>) }
                });
                quote! { &[#(#checks),*] }
            }
            _ => quote! { &[] },
        };
        let known_failure = match &case.known_failure {
            Some(k) => {
                let (kind, path) = (k.kind.as_str(), k.path.as_str());
                quote! { Some((#kind, #path)) }
            }
            None => quote! { None },
        };
        quote! {
            #[doc = #doc]
            #[test]
            fn #function() {
                support::run::<#request_type, #response_type>(&support::Case {
                    page: #page,
                    line: #line,
                    request_line: #request_line,
                    route: #route,
                    request: #request,
                    request_parameters: #parameters,
                    response: #response,
                    known_failure: #known_failure,
                });
            }
        }
    });
    // Each test is parsed as soon as it is built (see `rust::build`).
    let mut items: Vec<syn::Item> = functions.flat_map(parse_items).collect();
    let support = match syn::parse_file(SUPPORT) {
        Ok(file) => file.items,
        Err(e) => {
            let message = e.to_string();
            vec![syn::parse_quote! { compile_error!(#message); }]
        }
    };
    let module = syn::parse_quote! {
        /// What every case test runs; which envelopes a docs tree needs varies.
        #[allow(dead_code)]
        pub(crate) mod support {}
    };
    items.push(module_of(module, support));
    let body = print(items);
    format!(
        "{}\n// One test per documented example: `cargo test` in the models crate runs them.\n\n{body}",
        super::header("//", label)
    )
}

/// The Rust type a body is read into, from inside the module beside the namespace modules.
fn shape_type(shape: &Shape, paths: &BTreeMap<String, (Name, Name)>) -> TokenStream {
    match shape {
        // Parameters are checked one by one (`request_parameters`).
        Shape::Any | Shape::Parameters(_) => quote! { ::serde_json::Value },
        Shape::Object(name) => target_type(&Target::Struct(name.clone()), paths),
        Shape::Collection(t) => {
            let item = target_type(t, paths);
            quote! { support::Collection<#item> }
        }
        Shape::Value(t) => {
            let item = target_type(t, paths);
            quote! { support::Single<#item> }
        }
    }
}

fn target_type(target: &Target, paths: &BTreeMap<String, (Name, Name)>) -> TokenStream {
    match target {
        Target::Struct(name) | Target::Enum(name) => match paths.get(name) {
            Some((module, ty)) => {
                let (module, ty) = (module.ident(), ty.ident());
                quote! { super::#module::#ty }
            }
            None => quote! { ::serde_json::Value },
        },
        Target::Primitive(p) => super::rust::primitive(*p),
        Target::Any => quote! { ::serde_json::Value },
    }
}

/// A raw string literal holding `text`, with as many `#` as it needs; an escaped literal when
/// the text holds what a raw string cannot (a bare CR, a direction override).
fn raw_string(text: &str) -> Literal {
    if text.chars().any(super::rust::unsafe_in_source) {
        return Literal::string(text);
    }
    // One more `#` than the longest run that follows a quote.
    let (mut longest, mut run) = (0, None::<usize>);
    for c in text.chars() {
        run = match (c, run) {
            ('"', _) => Some(0),
            ('#', Some(n)) => Some(n + 1),
            _ => None,
        };
        longest = longest.max(run.unwrap_or(0));
    }
    let fence = "#".repeat(longest + 1);
    Literal::from_str(&format!("r{fence}\"{text}\"{fence}"))
        .unwrap_or_else(|_| Literal::string(text))
}
