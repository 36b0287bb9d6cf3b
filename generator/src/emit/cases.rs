//! `cases.yaml`: every documented request/response example as a test case any tool can replay:
//! the concrete URL and the route template it matches, headers, bodies, the expected status,
//! the annotations that matter, and the docs defect a case is known to fail on. An example that
//! cannot become a case is not dropped silently: it was reported when the model was built
//! (`example-unpaired`, `example-no-route`, `example-json`), and is counted here by reason.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::diag::{Code, Diagnostic};
use crate::model::{Example, Model, Route, TypeRef};
use crate::parse::{Body, Method};

/// Why an example is not a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Refusal {
    /// A response that answers no request.
    NoRequest,
    /// A request whose URL matches no documented route.
    NoRoute,
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
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Case<'m> {
    page: &'m str,
    method: Method,
    url: &'m str,
    route: &'m str,
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
    known_failure: Option<KnownFailure<'m>>,
}

#[derive(Debug, Serialize)]
struct KnownFailure<'d> {
    code: Code,
    message: &'d str,
}

pub struct Cases {
    pub yaml: String,
    pub counts: CaseCounts,
}

/// Builds the cases; `diagnostics` are the run's, to mark the cases the docs contradict.
pub fn build(
    model: &Model,
    diagnostics: &[Diagnostic],
    docs_label: &str,
) -> Result<Cases, serde_yaml::Error> {
    // Mismatches between an example and its schema, by (page, line of the example).
    let mut defects: HashMap<(&str, u32), &Diagnostic> = HashMap::new();
    for d in diagnostics.iter().filter(|d| d.code == Code::ExampleSchema) {
        defects
            .entry((d.location.path.as_str(), d.location.line))
            .or_insert(d);
    }
    let mut counts = CaseCounts::default();
    let mut cases: BTreeMap<String, Case> = BTreeMap::new();
    for (path, method, route) in model.all_routes() {
        for example in &route.examples {
            let Some(case) = case(path, method, route, example, &defects, &mut counts) else {
                continue;
            };
            counts.made += 1;
            counts.known_failures += usize::from(case.known_failure.is_some());
            cases.insert(unique_name(&cases, example), case);
        }
    }
    for examples in model.unrouted_examples.values() {
        for example in examples {
            let reason = if example.request.is_some() {
                Refusal::NoRoute
            } else {
                Refusal::NoRequest
            };
            *counts.refused.entry(reason).or_default() += 1;
        }
    }
    let mut yaml = super::header("#", docs_label);
    yaml.push_str(&super::yaml::for_yaml_1_1_readers(&serde_yaml::to_string(
        &cases,
    )?));
    Ok(Cases { yaml, counts })
}

fn case<'m>(
    path: &'m str,
    method: Method,
    route: &'m Route,
    example: &'m Example,
    defects: &HashMap<(&str, u32), &'m Diagnostic>,
    counts: &mut CaseCounts,
) -> Option<Case<'m>> {
    let request = example.request.as_ref()?;
    let response = example.response.as_ref();
    let looks_json =
        |b: &Body| matches!(b, Body::Text(t) if t.starts_with('{') || t.starts_with('['));
    if request.body.as_ref().is_some_and(looks_json)
        || response
            .and_then(|r| r.body.as_ref())
            .is_some_and(looks_json)
    {
        *counts.refused.entry(Refusal::BodyNotJson).or_default() += 1;
        return None;
    }
    let named = |ty: &Option<TypeRef>| match ty {
        Some(TypeRef::Named(n)) => Some(n.clone()),
        Some(TypeRef::Primitive(p)) => Some(p.to_string()),
        _ => None,
    };
    let documented = route.response.as_ref();
    Some(Case {
        page: &example.page,
        method,
        url: &request.url,
        route: path,
        request_type: route.request_body.as_ref().and_then(|b| named(&b.ty)),
        response_type: documented.and_then(|r| named(&r.ty)),
        response_is_collection: documented.is_some_and(|r| r.collection)
            || response.is_some_and(|r| r.is_collection),
        request_headers: &request.headers,
        request_body: request.body.as_ref(),
        status: response
            .and_then(|r| r.status)
            .or_else(|| documented.and_then(|r| r.status)),
        response_body: response.and_then(|r| r.body.as_ref()),
        truncated: request.truncated || response.is_some_and(|r| r.truncated),
        expect_error: response.is_some_and(|r| r.expect_error),
        known_failure: defects
            .get(&(example.page.as_str(), example.line.max(1)))
            .map(|d| KnownFailure {
                code: d.code,
                message: &d.message,
            }),
    })
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
