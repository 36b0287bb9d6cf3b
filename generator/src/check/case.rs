//! The verdict on each documented example as a test case: the shapes its bodies are read
//! into, and every problem its test will meet (the URL against its route, then each body's
//! round trip through the models, [`super::round_trip`]), each a diagnostic unless the schema
//! check already reported the same place. The cases read these verdicts.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::round_trip::{self, Problem, ProblemKind};
use crate::diag::{Code, Diagnostic, Location};
use crate::model::{Example, Fit, Route};
use crate::rust_view::{BodyShape, RustView};
use crate::vocab::{Body, Method, path};

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
    /// Objects in the cases' bodies read again as the derived type their `@odata.type`
    /// names (a `user` among `directoryObject` members).
    pub derived: usize,
    /// `made` of all examples, in percent.
    pub share_made: String,
    /// `round_trip` of `typed`, in percent.
    pub share_round_trip: String,
}

impl CaseCounts {
    fn refuse(&mut self, why: Refusal) {
        *self.refused.entry(why).or_default() += 1;
    }

    pub fn refused_total(&self) -> usize {
        self.refused.values().sum()
    }

    pub(crate) fn finish(&mut self) {
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

/// What one example's case will find.
#[derive(Debug, Clone)]
pub struct CaseVerdict {
    pub request_shape: BodyShape,
    pub response_shape: BodyShape,
    /// Every problem, the first failure first: the URL, the request body, the response body.
    pub problems: Vec<Problem>,
    /// A body was read into a model type (not any JSON).
    pub typed: bool,
    /// Objects read again as the derived type their `@odata.type` names.
    pub derived: usize,
}

impl CaseVerdict {
    /// Nothing is lost or mistyped on the way through the models.
    pub fn lossless(&self) -> bool {
        self.problems
            .iter()
            .all(|p| !matches!(p.kind, ProblemKind::Type | ProblemKind::Lost))
    }
}

/// The verdicts by example (page, line), and the diagnostics of the problems no earlier check
/// reported.
#[derive(Debug, Default)]
pub struct CaseVerdicts {
    pub by_example: HashMap<(String, u32), CaseVerdict>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many examples become cases, and why the others do not.
    pub counts: CaseCounts,
}

/// A body that looks like JSON but is not: its example cannot become a case.
fn body_not_json(example: &Example) -> bool {
    let looks_json =
        |b: &Body| matches!(b, Body::Text(t) if t.starts_with('{') || t.starts_with('['));
    example
        .request
        .as_ref()
        .and_then(|r| r.body.as_ref())
        .is_some_and(looks_json)
        || example
            .response
            .as_ref()
            .and_then(|r| r.body.as_ref())
            .is_some_and(looks_json)
}

/// The verdict on every example filed under a route (or a page's routeless operation).
/// `reported` holds the body mismatches the schema check reported (page, line, path).
pub fn check(view: &RustView, reported: &HashSet<(String, u32, String)>) -> CaseVerdicts {
    use rayon::prelude::*;
    let model = view.model();
    let routed = model
        .all_routes()
        .map(|(path, method, route)| (Some(path), Some(method), route));
    let routeless = model.routeless.values().map(|route| (None, None, route));
    let examples: Vec<_> = routed
        .chain(routeless)
        .flat_map(|(template, method, route)| {
            route
                .examples
                .iter()
                .map(move |e| (template, method, route, e))
        })
        .collect();
    // Each example on its own, on every core; gathered in the examples' order.
    let checker = Checker { view, reported };
    let found: Vec<_> = examples
        .par_iter()
        .map(|&(template, method, route, example)| {
            if body_not_json(example) {
                return (example, Err(Refusal::BodyNotJson), Vec::new());
            }
            let mut diagnostics = Vec::new();
            let verdict = checker.example(template, method, route, example, &mut diagnostics);
            (example, Ok(verdict), diagnostics)
        })
        .collect();
    let mut verdicts = CaseVerdicts::default();
    for (example, verdict, diagnostics) in found {
        verdicts.diagnostics.extend(diagnostics);
        let verdict = match verdict {
            Err(refusal) => {
                verdicts.counts.refuse(refusal);
                continue;
            }
            Ok(None) => continue,
            Ok(Some(verdict)) => verdict,
        };
        let counts = &mut verdicts.counts;
        counts.made += 1;
        counts.known_failures += usize::from(!verdict.problems.is_empty());
        counts.derived += verdict.derived;
        if verdict.typed {
            counts.typed += 1;
            counts.round_trip += usize::from(verdict.lossless());
        }
        let key = (example.page.clone(), example.line);
        verdicts.by_example.insert(key, verdict);
    }
    for examples in model.unrouted_examples.values() {
        for example in examples {
            let reason = match &example.request {
                Some(r)
                    if crate::model::foreign_host(&r.url, model.base_url.as_deref()).is_some() =>
                {
                    Refusal::ForeignHost
                }
                Some(_) => Refusal::NoRoute,
                None => Refusal::NoRequest,
            };
            verdicts.counts.refuse(reason);
        }
    }
    verdicts.counts.finish();
    verdicts
}

struct Checker<'v, 'm, 'r> {
    view: &'v RustView<'m>,
    reported: &'r HashSet<(String, u32, String)>,
}

impl Checker<'_, '_, '_> {
    fn example(
        &self,
        template: Option<&str>,
        route_method: Option<Method>,
        route: &Route,
        example: &Example,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<CaseVerdict> {
        let request = example.request.as_ref();
        let response = example.response.as_ref();
        request.map(|r| r.method).or(route_method)?;
        fn json(b: Option<&Body>) -> Option<&serde_json::Value> {
            match b {
                Some(Body::Json(v)) => Some(v),
                _ => None,
            }
        }
        let view = self.view;
        let request_body = request.and_then(|r| json(r.body.as_ref()));
        let response_body = response
            .filter(|r| !r.expect_error)
            .and_then(|r| json(r.body.as_ref()));
        let annotated_collection = response.is_some_and(|r| r.is_collection);
        let request_shape = BodyShape::request(view, route);
        let response_shape = BodyShape::response(view, route, annotated_collection);

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
                    kind: ProblemKind::Url,
                    path: "url".to_owned(),
                    code,
                    detail,
                });
            }
        }
        let (mut typed, mut derived) = (false, 0);
        for (root, shape, body) in [
            ("request", &request_shape, request_body),
            ("response", &response_shape, response_body),
        ] {
            let Some(body) = body else { continue };
            typed |= *shape != BodyShape::Any;
            let checked = round_trip::check(view, shape, body, root);
            derived += checked.derived;
            for mut problem in checked.problems {
                problem.code = self.report(example, &problem, diagnostics);
                problems.push(problem);
            }
        }
        Some(CaseVerdict {
            request_shape,
            response_shape,
            problems,
            typed,
            derived,
        })
    }

    /// The code of a body problem's diagnostic: the OpenAPI example check's when it reported
    /// the same path, else the problem's own, reported here.
    fn report(
        &self,
        example: &Example,
        problem: &Problem,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Code {
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
        diagnostics.push(Diagnostic {
            location,
            code,
            message,
        });
        code
    }
}
