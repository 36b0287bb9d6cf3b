//! Every documented request/response example as a test case, in two forms:
//!
//! - `cases.yaml`, which any tool can replay: the concrete URL and the route template it
//!   matches, headers, bodies, the expected status, the annotations that matter, and the docs
//!   defect a case is known to fail on;
//! - `rust/src/cases.rs`, one `#[test]` per case: the URL against the route, each body through
//!   the route's model type (a collection through the OData `value` envelope), re-serialized
//!   without losing a field, and nothing the docs do not declare.
//!
//! What a case's test will find is decided here from the model ([`round_trip`](crate::check::round_trip)), so a case the
//! docs contradict is recorded as a known failure with the defect's diagnostic, and its test
//! asserts that it still fails that way. An example that cannot become a case is not dropped
//! silently: it was reported when the model was built (`example-unpaired`, `example-no-route`,
//! `example-foreign-host`, `example-json`), and is counted here by reason.

use std::collections::BTreeMap;
use std::str::FromStr;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde::Serialize;
use serde_json::Value;

use super::rust::syntax::{self as rust_syntax, module_of, print};
use crate::check::case;
use crate::check::round_trip::ProblemKind;
use crate::diag::Code;
use crate::ident::{self, Name, Scope};
use crate::model::{Example, Fit, Model, Route};
use crate::rust_view::{BodyShape, RustView, Target};
use crate::vocab::{Body, Method};

/// The code every case test runs, parsed and re-printed into `cases.rs`: the template, then
/// the generator's own path matching (`vocab/path.rs`, the one copy).
const SUPPORT: &str = concat!(
    include_str!("../../templates/case_support.rs"),
    include_str!("../vocab/path.rs")
);

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
    kind: ProblemKind,
    path: String,
    message: String,
}

/// What the Rust test of a case needs beyond the portable fields.
#[derive(Debug, Default)]
struct TestParts<'m> {
    request_path: Option<&'m str>,
    route_method: Option<Method>,
    request: Option<(BodyShape, &'m Value)>,
    response: Option<(BodyShape, &'m Value)>,
}

/// Every example that becomes a case, by its unique name, from the model and the checks'
/// verdict on each example.
fn collect<'m>(model: &'m Model, verdicts: &case::CaseVerdicts) -> BTreeMap<String, Case<'m>> {
    let builder = Builder {
        verdicts: &verdicts.by_example,
    };
    let mut cases: BTreeMap<String, Case> = BTreeMap::new();
    let mut suffixes = std::collections::HashMap::new();
    let routed = model
        .all_routes()
        .map(|(path, method, route)| (Some(path), Some(method), route));
    let routeless = model.routeless.values().map(|route| (None, None, route));
    for (template, method, route) in routed.chain(routeless) {
        for example in &route.examples {
            if let Some(case) = builder.case(template, method, route, example) {
                let name = unique_name(&cases, &mut suffixes, example);
                cases.insert(name, case);
            }
        }
    }
    cases
}

struct Builder<'v> {
    verdicts: &'v std::collections::HashMap<(String, u32), case::CaseVerdict>,
}

impl Builder<'_> {
    fn case<'m>(
        &self,
        template: Option<&'m str>,
        route_method: Option<Method>,
        route: &'m Route,
        example: &'m Example,
    ) -> Option<Case<'m>> {
        // An example the checks gave no verdict is no case (they say why, and count it).
        let verdict = self.verdicts.get(&(example.page.clone(), example.line))?;
        let request = example.request.as_ref();
        let response = example.response.as_ref();
        let method = request.map(|r| r.method).or(route_method)?;
        let json = |b: Option<&'m Body>| match b {
            Some(Body::Json(v)) => Some(v),
            _ => None,
        };
        let request_body = request.and_then(|r| json(r.body.as_ref()));
        let response_body = response
            .filter(|r| !r.expect_error)
            .and_then(|r| json(r.body.as_ref()));
        let (request_shape, response_shape) = (
            verdict.request_shape.clone(),
            verdict.response_shape.clone(),
        );
        let known_failure = verdict.problems.first().map(|p| KnownFailure {
            code: p.code,
            kind: p.kind,
            message: p.to_string(),
            path: p.path.clone(),
        });
        let named = |shape: &BodyShape| match shape {
            BodyShape::Object(name) => Some(name.clone()),
            BodyShape::Collection(t) | BodyShape::Value(t) => Target::name(t),
            BodyShape::Parameters(_) => Some("parameters".to_owned()),
            BodyShape::Any => None,
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
            response_is_collection: matches!(response_shape, BodyShape::Collection(_)),
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
                request_path: request.and_then(|r| r.path.as_deref()),
                route_method,
                request: request_body.map(|b| (request_shape, b)),
                response: response_body.map(|b| (response_shape, b)),
            },
        })
    }
}

/// The docs' example name, made unique with the page's name when two pages use it, and then
/// with a number. `suffixes` keeps the last number each page-qualified name took, so a name
/// used a thousand times is not counted up from 2 a thousand times.
fn unique_name(
    cases: &BTreeMap<String, Case>,
    suffixes: &mut std::collections::HashMap<String, u32>,
    example: &Example,
) -> String {
    if !cases.contains_key(&example.name) {
        return example.name.clone();
    }
    let stem = example
        .page
        .rsplit('/')
        .next()
        .unwrap_or(&example.page)
        .trim_end_matches(".md");
    let qualified = format!("{stem}.{}", example.name);
    if !cases.contains_key(&qualified) {
        return qualified;
    }
    let n = suffixes.entry(qualified).or_insert(1);
    loop {
        *n += 1;
        let name = format!("{stem}.{}.{n}", example.name);
        if !cases.contains_key(&name) {
            return name;
        }
    }
}

/// `cases.rs`: one test per case, named after it, and the support code they share.
fn tests(cases: &BTreeMap<String, Case>, view: &RustView, label: &crate::Label) -> String {
    use rayon::prelude::*;
    let mut scope = Scope::default();
    let named: Vec<(&String, &Case, Name)> = cases
        .iter()
        .map(|(name, case)| (name, case, scope.add(ident::field(name)).0))
        .collect();
    let mut out = format!(
        "{}\n// One test per documented example: `cargo test` in the models crate runs them.\n\n",
        super::header("//", label)
    );
    // Each test is parsed as soon as it is built and printed on its own (prettyplease prints an
    // item the same whatever its neighbours), on every core: the syntax tree of the whole file
    // never exists.
    let printed: Vec<String> = named
        .par_iter()
        .map_init(
            || TestSyntax::new(view),
            |syntax, (name, case, function)| {
                print(vec![syn::Item::Fn(syntax.test(name, case, function))])
            },
        )
        .collect();
    out.extend(printed);
    let mut support = match syn::parse_file(SUPPORT) {
        Ok(file) => file.items,
        Err(e) => {
            let message = e.to_string();
            vec![syn::parse_quote! { compile_error!(#message); }]
        }
    };
    support.push(derived_table(view));
    let module = syn::parse_quote! {
        /// What every case test runs; which envelopes a docs tree needs varies.
        #[allow(dead_code)]
        pub(crate) mod support {}
    };
    out.push_str(&print(vec![module_of(module, support)]));
    out
}

/// `derived`, in the support module: each documented type derived from another, by the name
/// an `@odata.type` gives it in lower case, with its bases and its [`as_derived`] read; the
/// types [`RustView::derived`] reads an object again as, so the tests and the
/// [`round_trip`](crate::check::round_trip) check agree.
fn derived_table(view: &RustView) -> syn::Item {
    let arms: Vec<TokenStream> = view
        .derived_types()
        .filter_map(|s| {
            let path = view.path(&s.qualified)?;
            let name = crate::vocab::odata_type::type_key(&s.qualified);
            let bases = (s.inherited.iter()).filter(|b| !view.is_extern(b));
            Some(quote! { #name => Some((&[#(#bases),*], as_derived::<super::#path>)), })
        })
        .collect();
    let doc = [
        " Each documented type derived from another, by the name an `@odata.type` gives it in",
        " lower case: its bases, and its read.",
    ];
    if arms.is_empty() {
        return syn::parse_quote! {
            #(#[doc = #doc])*
            fn derived(_: &str) -> Option<(&'static [&'static str], Read)> {
                None
            }
        };
    }
    syn::parse_quote! {
        #(#[doc = #doc])*
        fn derived(named: &str) -> Option<(&'static [&'static str], Read)> {
            match super::super::helpers::type_key(named).as_str() {
                #(#arms)*
                _ => None,
            }
        }
    }
}

/// The syntax of case tests, on one thread: a test of placeholders parsed once, which each
/// case clones and fills in, and the Rust types of bodies and parameters, each parsed the
/// first time it is met.
struct TestSyntax<'v, 'm> {
    template: syn::ItemFn,
    view: &'v RustView<'m>,
    body_types: std::collections::HashMap<BodyShape, syn::Type>,
    /// `support::parameter::<T>` for a parameter's target, single or a collection.
    parameters: std::collections::HashMap<(Target, bool), syn::Expr>,
}

impl<'v, 'm> TestSyntax<'v, 'm> {
    fn new(view: &'v RustView<'m>) -> Self {
        let template: syn::ItemFn = syn::parse_quote! {
            #[doc = ""]
            #[test]
            fn graphdoc_case() {
                support::run::<GraphdocRequest, GraphdocResponse>(&support::Case {
                    page: (),
                    example: (),
                    request_line: (),
                    route: (),
                    request: (),
                    request_parameters: (),
                    response: (),
                    known_failure: (),
                });
            }
        };
        TestSyntax {
            template,
            view,
            body_types: Default::default(),
            parameters: Default::default(),
        }
    }

    /// The test of one case.
    fn test(&mut self, name: &str, case: &Case, function: &Name) -> syn::ItemFn {
        let doc = format!(
            " `{}`: {}.{}",
            rust_syntax::doc_text(name),
            rust_syntax::doc_text(case.page),
            if case.ignored {
                " The docs annotate it `ignored`."
            } else {
                ""
            }
        );
        let parts = &case.test;
        let method = lit(Literal::string(case.method.as_str()));
        let request_line = match (case.url, parts.request_path) {
            (Some(_), Some(path)) => some(tuple(vec![method, lit(Literal::string(path))])),
            // A URL that is not a path never fits a route.
            (Some(url), None) => some(tuple(vec![method, lit(Literal::string(url))])),
            _ => none(),
        };
        let route = match (parts.route_method, case.route) {
            (Some(m), Some(t)) => some(tuple(vec![
                lit(Literal::string(m.as_str())),
                lit(Literal::string(t)),
            ])),
            _ => none(),
        };
        let body = |part: &Option<(BodyShape, &Value)>| match part {
            Some((_, value)) => some(lit(raw_string(
                &serde_json::to_string_pretty(value).unwrap_or_default(),
            ))),
            None => none(),
        };
        let parameters = match &parts.request {
            Some((BodyShape::Parameters(parameters), _)) => parameters
                .iter()
                .map(|(name, target, collection)| {
                    tuple(vec![
                        lit(Literal::string(name)),
                        self.parameter(target, *collection),
                    ])
                })
                .collect(),
            _ => Vec::new(),
        };
        let known_failure = match &case.known_failure {
            Some(k) => some(tuple(vec![
                lit(Literal::string(k.kind.as_str())),
                lit(Literal::string(k.path.as_str())),
            ])),
            None => none(),
        };
        let mut fill = Fill {
            doc,
            function: function.ident(),
            request_type: self.body_type(&parts.request),
            response_type: self.body_type(&parts.response),
            fields: vec![
                ("page", lit(Literal::string(case.page))),
                ("example", lit(Literal::string(name))),
                ("request_line", request_line),
                ("route", route),
                ("request", body(&parts.request)),
                ("request_parameters", slice(parameters)),
                ("response", body(&parts.response)),
                ("known_failure", known_failure),
            ],
        };
        let mut test = self.template.clone();
        syn::visit_mut::VisitMut::visit_item_fn_mut(&mut fill, &mut test);
        test
    }

    /// The type a body is read into; untyped JSON when there is no body.
    fn body_type(&mut self, part: &Option<(BodyShape, &Value)>) -> syn::Type {
        let Some((shape, _)) = part else {
            return syn::parse_quote! { ::serde_json::Value };
        };
        let view = self.view;
        (self.body_types.entry(shape.clone()))
            .or_insert_with(|| parse_type(shape.rust_type(view)))
            .clone()
    }

    /// `support::parameter::<T>` for a parameter of `target`, single or a collection.
    fn parameter(&mut self, target: &Target, collection: bool) -> syn::Expr {
        let view = self.view;
        (self.parameters.entry((target.clone(), collection)))
            .or_insert_with(|| {
                let item = view.rust_type(target);
                let ty = if collection {
                    quote! { ::std::option::Option<::std::vec::Vec<#item>> }
                } else {
                    quote! { ::std::option::Option<#item> }
                };
                syn::parse2(quote! { support::parameter::<#ty> }).unwrap_or_else(
                    |_| syn::parse_quote! { support::parameter::<::serde_json::Value> },
                )
            })
            .clone()
    }
}

/// What a case puts in place of the test template's placeholders.
struct Fill {
    doc: String,
    function: syn::Ident,
    request_type: syn::Type,
    response_type: syn::Type,
    /// The `support::Case` fields' values, by name.
    fields: Vec<(&'static str, syn::Expr)>,
}

impl syn::visit_mut::VisitMut for Fill {
    fn visit_item_fn_mut(&mut self, item: &mut syn::ItemFn) {
        item.sig.ident = self.function.clone();
        if let Some(syn::Meta::NameValue(doc)) = item.attrs.first_mut().map(|a| &mut a.meta) {
            doc.value = lit(Literal::string(&self.doc));
        }
        syn::visit_mut::visit_item_fn_mut(self, item);
    }

    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let syn::Type::Path(path) = ty {
            if path.path.is_ident("GraphdocRequest") {
                *ty = self.request_type.clone();
                return;
            }
            if path.path.is_ident("GraphdocResponse") {
                *ty = self.response_type.clone();
                return;
            }
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }

    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        if let syn::Member::Named(name) = &field.member {
            if let Some((_, value)) = self.fields.iter_mut().find(|(n, _)| name == n) {
                field.expr = std::mem::replace(value, none());
            }
        }
    }
}

/// Tokens of a type as its syntax; untyped JSON if they do not parse.
fn parse_type(tokens: TokenStream) -> syn::Type {
    syn::parse2(tokens).unwrap_or_else(|_| syn::parse_quote! { ::serde_json::Value })
}

/// A literal as an expression.
fn lit(literal: Literal) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(literal),
    })
}

/// `None`.
fn none() -> syn::Expr {
    path_expr("None")
}

/// A path of one identifier as an expression.
fn path_expr(name: &str) -> syn::Expr {
    syn::Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: syn::Ident::new(name, proc_macro2::Span::call_site()).into(),
    })
}

/// `Some(expr)`.
fn some(expr: syn::Expr) -> syn::Expr {
    syn::Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(path_expr("Some")),
        paren_token: Default::default(),
        args: std::iter::once(expr).collect(),
    })
}

/// `(a, b, ...)`.
fn tuple(items: Vec<syn::Expr>) -> syn::Expr {
    syn::Expr::Tuple(syn::ExprTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: items.into_iter().collect(),
    })
}

/// `&[a, b, ...]`.
fn slice(items: Vec<syn::Expr>) -> syn::Expr {
    syn::Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(syn::Expr::Array(syn::ExprArray {
            attrs: Vec::new(),
            bracket_token: Default::default(),
            elems: items.into_iter().collect(),
        })),
    })
}

/// A raw string literal holding `text`, with as many `#` as it needs; an escaped literal when
/// the text holds what a raw string cannot (a bare CR, a direction override).
fn raw_string(text: &str) -> Literal {
    if rust_syntax::has_unsafe_in_source(text) {
        return Literal::string(text);
    }
    // One more `#` than the longest run that follows a quote.
    let longest = (text.match_indices('"'))
        .map(|(at, _)| text[at + 1..].bytes().take_while(|&b| b == b'#').count())
        .max()
        .unwrap_or(0);
    let fence = "#".repeat(longest + 1);
    Literal::from_str(&format!("r{fence}\"{text}\"{fence}"))
        .unwrap_or_else(|_| Literal::string(text))
}

/// `cases.yaml` and the models crate's `rust/src/cases.rs`.
pub struct CaseFiles;

impl super::Emit for CaseFiles {
    fn name(&self) -> &'static str {
        "cases.yaml"
    }

    fn emit(
        &self,
        input: &super::Input,
        files: &mut dyn super::Files,
    ) -> Result<Vec<crate::diag::Diagnostic>, crate::Error> {
        let cases = collect(input.model, &input.verdicts.cases);
        let header = super::header("#", input.label);
        // The tests are built while `cases.yaml` is written.
        let (tests, written) = rayon::join(
            || tests(&cases, input.view, input.label),
            || {
                files.write("cases.yaml", &mut |w| {
                    crate::yaml::write(w, &header, &cases)
                })
            },
        );
        written?;
        files.bytes("rust/src/cases.rs", tests.as_bytes())?;
        Ok(Vec::new())
    }
}
