//! The documented examples as a contract with a running service: what a request to each route
//! must look like and what it answers, built once from the model. The mock server
//! ([`mock`]) answers requests with it; a replay ([`replay`]) sends each documented case to a
//! service and judges the answer with it. Neither knows HTTP: the CLI carries the bytes.

pub mod mock;
pub mod replay;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

use crate::check::examples::to_json_schema;
use crate::model::{Model, Route};
use crate::schema::Schemas;
use crate::vocab::{Body, Method, path};

/// Where templates whose drive path spans segments (`root:/{item-path}:`) are filed in
/// [`Contract`]'s index: they match paths of any length.
const SPANNING: usize = usize::MAX;

/// One documented request and the answer the docs show for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The example's name (its annotation's `name`).
    pub name: String,
    pub page: String,
    /// The example's line on its page (0 when read from a cases file, which has none).
    pub line: u32,
    pub method: Method,
    /// The path and query after the API's base URL, as documented: `/users/{id}?$select=x`.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Body>,
    /// The documented status, when the example shows one.
    pub status: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    pub response_body: Option<Body>,
    /// The route the example is an instance of: an index into [`Contract::routes`].
    pub route: Option<usize>,
    /// Why the docs themselves say this case cannot pass (no route, a body that fails its
    /// schema): a failure of it is expected.
    pub known_failure: Option<String>,
}

/// One operation: a path template and a method.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub template: String,
    pub method: Method,
    /// The one success status the docs give it.
    pub status: u16,
    /// The schema of its request body, in the validator, and how messages name it.
    request: Option<(String, String)>,
    /// The schema of what it returns.
    response: Option<(String, String)>,
    /// A body built from the response schema, for a route without an example response.
    pub fallback: Option<Value>,
    /// The type it returns, and whether a collection of it, to find members the model lacks.
    pub returns: Option<(String, bool)>,
    /// The type its request body represents, whose members alone a request may set.
    pub takes: Option<String>,
    /// Its cases: indices into [`Contract::cases`].
    pub cases: Vec<usize>,
}

/// What failed in a body: where, and what the schema expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// A JSON pointer into the body (`/size`); empty for the whole body.
    pub pointer: String,
    pub message: String,
}

/// The routes, their schemas compiled once, and the cases.
pub struct Contract {
    pub routes: Vec<Endpoint>,
    pub cases: Vec<Case>,
    /// (segment count) → routes by their template's segments.
    by_length: HashMap<usize, Vec<(usize, Vec<String>)>>,
    validator: Option<jsonschema::Validator>,
    /// Type → its properties and its ancestors', for members the model lacks; none for an
    /// open type (any member is its own).
    members: HashMap<String, HashSet<String>>,
    /// The API's base URL the examples use (`https://graph.microsoft.com/v1.0`).
    pub base_url: Option<String>,
}

/// `/users/{id}?$top=1` from a documented URL: the base URL (or any host and version) off, a
/// relative URL made absolute.
pub fn target_of(url: &str, base_url: Option<&str>) -> String {
    let url = url.trim();
    if let Some(rest) = base_url.and_then(|b| url.strip_prefix(b)) {
        return if rest.starts_with('/') {
            rest.to_owned()
        } else {
            format!("/{rest}")
        };
    }
    if let Some((_, rest)) = url.split_once("://") {
        // Host, then the version segment.
        let mut parts = rest.splitn(3, '/');
        let _host = parts.next();
        let _version = parts.next();
        return format!("/{}", parts.next().unwrap_or_default());
    }
    if url.starts_with('/') {
        url.to_owned()
    } else {
        format!("/{url}")
    }
}

impl Contract {
    /// The contract of a model: its routes and the cases its examples give.
    pub fn new(model: &Model) -> Contract {
        let failed = crate::check::examples::check(model).failed;
        let mut schemas = Schemas::new(model);
        let mut targets = Map::new();
        let mut routes = Vec::new();
        let mut cases = Vec::new();
        for (template, method, route) in model.all_routes() {
            let index = routes.len();
            let mut operation =
                operation(&mut schemas, &mut targets, template, method, route, index);
            for example in &route.examples {
                let Some(request) = &example.request else {
                    continue;
                };
                let response = example.response.as_ref();
                let mut known = None;
                if example.fit != crate::model::Fit::Exact {
                    known = Some(format!(
                        "the example's URL is not an instance of `{template}` ({:?})",
                        example.fit
                    ));
                }
                for what in ["request", "response"] {
                    if failed.contains(&(example.page.clone(), example.line, what)) {
                        known = Some(format!(
                            "the documented {what} body does not match its schema (example-schema)"
                        ));
                    }
                }
                let schema_of_request = operation.request.is_some();
                if schema_of_request && matches!(request.body, Some(Body::Text(_))) {
                    known =
                        Some("the documented request body is not JSON (example-json)".to_owned());
                }
                if response.is_some_and(|r| r.expect_error) {
                    known = Some("the docs show an error response".to_owned());
                }
                operation.cases.push(cases.len());
                cases.push(Case {
                    name: example.name.clone(),
                    page: example.page.clone(),
                    line: example.line,
                    method: request.method,
                    target: target_of(&request.url, model.base_url.as_deref()),
                    headers: request.headers.clone(),
                    body: request.body.clone(),
                    status: response.and_then(|r| r.status),
                    response_headers: response.map(|r| r.headers.clone()).unwrap_or_default(),
                    response_body: response.and_then(|r| r.body.clone()),
                    route: Some(index),
                    known_failure: known,
                });
            }
            routes.push(operation);
        }
        let validator = compile(&mut schemas, targets);
        let mut by_length: HashMap<usize, Vec<(usize, Vec<String>)>> = HashMap::new();
        for (i, op) in routes.iter().enumerate() {
            let segments: Vec<String> = path::segments(&op.template)
                .into_iter()
                .map(str::to_owned)
                .collect();
            let spans = segments
                .iter()
                .any(|s| s.starts_with('{') && s.ends_with("}:"));
            let length = if spans { SPANNING } else { segments.len() };
            by_length.entry(length).or_default().push((i, segments));
        }
        let mut members: HashMap<String, HashSet<String>> = HashMap::new();
        for (ns, namespace) in &model.namespaces {
            for name in namespace.types.keys() {
                let qualified = format!("{ns}.{name}");
                if model.ancestors(&qualified).any(|(_, t)| t.open_type) {
                    continue;
                }
                let all = model
                    .ancestors(&qualified)
                    .flat_map(|(_, t)| t.properties.keys().cloned())
                    .collect();
                members.insert(qualified, all);
            }
        }
        let mut contract = Contract {
            routes,
            cases,
            by_length,
            validator,
            members,
            base_url: model.base_url.clone(),
        };
        contract.know_failing_bodies();
        contract
    }

    /// Cases whose documented bodies fail their operation's schemas cannot pass as
    /// documented: each is a known failure, and the mock serves another where it can.
    fn know_failing_bodies(&mut self) {
        for i in 0..self.cases.len() {
            let case = &self.cases[i];
            if case.known_failure.is_some() {
                continue;
            }
            let Some(operation) = case.route else {
                continue;
            };
            let mut why = None;
            if let Some(Body::Json(body)) = &case.body {
                why = self.request_problems(operation, body).into_iter().next();
            }
            if let (None, Some(Body::Json(body))) = (&why, &case.response_body) {
                why = self
                    .check_response(operation, body)
                    .into_iter()
                    .next()
                    .map(|m| m.message);
            }
            if let Some(m) = why {
                self.cases[i].known_failure = Some(format!(
                    "the documented body is not what its operation takes or returns: {m}"
                ));
            }
        }
    }

    /// The operations whose template a concrete path is an instance of, best first (most
    /// literal segments), any method. The path is read as the docs' example URLs are
    /// (`tables('2')` is `tables/{table-id}`).
    pub fn operations_at(&self, concrete: &str) -> Vec<usize> {
        let normalized = crate::parse::route::normalize(concrete).map(|t| t.path);
        let concrete = normalized.as_deref().unwrap_or(concrete);
        let segments = path::segments(concrete);
        // Templates of as many segments; one fewer (a type cast may follow a route); and
        // those whose drive path spans segments (filed under length 0).
        let lengths = [
            Some(segments.len()),
            segments.len().checked_sub(1),
            Some(SPANNING),
        ];
        let mut found: Vec<(usize, usize)> = (lengths.iter().flatten())
            .filter_map(|n| self.by_length.get(n))
            .flatten()
            .filter_map(|(i, template)| {
                let template: Vec<&str> = template.iter().map(String::as_str).collect();
                path::match_segments(&template, &segments).map(|literal| (literal, *i))
            })
            .collect();
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        found.dedup_by_key(|f| f.1);
        found.into_iter().map(|(_, i)| i).collect()
    }

    /// The operation of a method at a concrete path.
    pub fn operation(&self, method: Method, concrete: &str) -> Option<usize> {
        self.operations_at(concrete)
            .into_iter()
            .find(|i| self.routes[*i].method == method)
    }

    /// What is wrong with a request body for an operation (nothing when it documents none).
    pub fn check_request(&self, operation: usize, body: &Value) -> Vec<Mismatch> {
        match &self.routes[operation].request {
            Some((target, name)) => self.check(target, name, "request", body),
            None => Vec::new(),
        }
    }

    /// What is wrong with a response body for an operation.
    pub fn check_response(&self, operation: usize, body: &Value) -> Vec<Mismatch> {
        match &self.routes[operation].response {
            Some((target, name)) => self.check(target, name, "response", body),
            None => Vec::new(),
        }
    }

    fn check(&self, target: &str, name: &str, what: &str, body: &Value) -> Vec<Mismatch> {
        let Some(validator) = &self.validator else {
            return Vec::new();
        };
        let instance = Value::Object(Map::from_iter([(target.to_owned(), body.clone())]));
        let prefix = format!("/{target}");
        validator
            .iter_errors(&instance)
            .map(|error| {
                let full = error.instance_path().to_string();
                let pointer = full.strip_prefix(&prefix).unwrap_or(&full).to_owned();
                let shown = if pointer.is_empty() {
                    "/"
                } else {
                    pointer.as_str()
                };
                Mismatch {
                    message: format!("the {what} body at `{shown}` does not match {name}: {error}"),
                    pointer,
                }
            })
            .collect()
    }

    /// What is wrong with a request body, as a service would refuse it: members the type it
    /// represents does not have, then values its schema does not take.
    pub fn request_problems(&self, operation: usize, body: &Value) -> Vec<String> {
        let ty = self.routes[operation].takes.as_deref().unwrap_or_default();
        let unknown = self.unknown_request_members(operation, body).into_iter();
        unknown
            .map(|member| format!("the request body sets `{member}`, which `{ty}` does not have"))
            .chain(
                self.check_request(operation, body)
                    .into_iter()
                    .map(|m| m.message),
            )
            .collect()
    }

    /// Members a request body sets that the type it represents does not declare (an OData
    /// service refuses them): their names.
    pub fn unknown_request_members(&self, operation: usize, body: &Value) -> Vec<String> {
        let (Some(ty), Value::Object(map)) = (&self.routes[operation].takes, body) else {
            return Vec::new();
        };
        let named = map
            .get("@odata.type")
            .and_then(Value::as_str)
            .map(|t| t.trim_start_matches('#'));
        let Some(known) = named
            .and_then(|t| self.members.get(t))
            .or_else(|| self.members.get(ty))
        else {
            return Vec::new();
        };
        map.keys()
            .filter(|k| !k.contains('@') && !known.contains(*k))
            .cloned()
            .collect()
    }

    /// Members of a response body that the type it returns does not declare (OData clients
    /// accept them; a replay reports them): JSON pointers.
    pub fn unknown_members(&self, operation: usize, body: &Value) -> Vec<String> {
        let Some((ty, collection)) = &self.routes[operation].returns else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut look = |pointer: String, value: &Value| {
            let Value::Object(map) = value else {
                return;
            };
            // A derived type's members are its own: judged by the type the value names.
            let named = map
                .get("@odata.type")
                .and_then(Value::as_str)
                .map(|t| t.trim_start_matches('#'));
            let Some(known) = named
                .and_then(|t| self.members.get(t))
                .or_else(|| self.members.get(ty))
            else {
                return;
            };
            for key in map.keys() {
                if !key.contains('@') && !known.contains(key) {
                    found.push(format!(
                        "{pointer}/{}",
                        key.replace('~', "~0").replace('/', "~1")
                    ));
                }
            }
        };
        match body.get("value").and_then(Value::as_array) {
            Some(items) if *collection => {
                for (i, item) in items.iter().enumerate() {
                    look(format!("/value/{i}"), item);
                }
            }
            _ => look(String::new(), body),
        }
        found
    }
}

/// An operation's schemas, registered as targets of the one validator.
fn operation(
    schemas: &mut Schemas<'_>,
    targets: &mut Map<String, Value>,
    template: &str,
    method: Method,
    route: &Route,
    index: usize,
) -> Endpoint {
    let mut register = |prefix: &str, schema: Value| -> (String, String) {
        let name = schema_name(&schema);
        let target = format!("{prefix}{index}");
        targets.insert(target.clone(), to_json_schema(&schema));
        (target, name)
    };
    let request = schemas.request(route).map(|s| register("q", s));
    let (status, response_schema) = schemas.response(method, route);
    let fallback = response_schema.as_ref().map(sample);
    let response = response_schema.map(|s| register("s", s));
    let takes = route.request_body.as_ref().and_then(|b| match &b.ty {
        Some(crate::model::TypeRef::Named(t)) => Some(t.clone()),
        _ => None,
    });
    let returns = route.response.as_ref().and_then(|r| match &r.ty {
        Some(crate::model::TypeRef::Named(t)) => Some((t.clone(), r.collection)),
        _ => None,
    });
    Endpoint {
        template: template.to_owned(),
        method,
        status,
        request,
        response,
        fallback,
        returns,
        takes,
        cases: Vec::new(),
    }
}

/// How a mismatch names a schema: its type for a reference.
fn schema_name(schema: &Value) -> String {
    let reference = schema
        .get("$ref")
        .or_else(|| schema.pointer("/properties/value/items/$ref"))
        .or_else(|| schema.pointer("/anyOf/0/$ref"))
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next());
    reference.map_or_else(
        || "the documented schema".to_owned(),
        |name| format!("`{name}`"),
    )
}

/// A body that a schema accepts, from its shape alone: `{}` for an object, `{"value": []}`
/// for a collection, an empty value of a primitive.
fn sample(schema: &Value) -> Value {
    if schema.pointer("/properties/value/items").is_some() {
        return serde_json::json!({ "value": [] });
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => Value::String(String::new()),
        Some("integer" | "number") => Value::from(0),
        Some("boolean") => Value::Bool(false),
        Some("array") => Value::Array(Vec::new()),
        _ => Value::Object(Map::new()),
    }
}

/// One validator for every target, beside the definitions they reach.
fn compile(
    schemas: &mut Schemas<'_>,
    targets: Map<String, Value>,
) -> Option<jsonschema::Validator> {
    let mut refs = Vec::new();
    for target in targets.values() {
        collect_refs(target, &mut refs);
    }
    let mut defs = Map::new();
    while let Some(name) = refs.pop() {
        if defs.contains_key(&name) {
            continue;
        }
        let def = schemas
            .component(&name)
            .map_or_else(|| serde_json::json!({}), |schema| to_json_schema(&schema));
        collect_refs(&def, &mut refs);
        defs.insert(name, def);
    }
    let root = Value::Object(Map::from_iter([
        ("properties".to_owned(), Value::Object(targets)),
        ("$defs".to_owned(), Value::Object(defs)),
    ]));
    jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .ok()
}

fn collect_refs(schema: &Value, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(name) =
                (map.get("$ref").and_then(Value::as_str)).and_then(|r| r.strip_prefix("#/$defs/"))
            {
                out.push(name.to_owned());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Cases from a committed `cases.yaml`, their routes found in the contract by their `route`
/// and method.
pub fn cases_from_yaml(text: &str, contract: &Contract) -> Result<Vec<Case>, String> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Written {
        page: String,
        method: String,
        url: String,
        #[serde(default)]
        route: Option<String>,
        #[serde(default)]
        request_headers: Vec<(String, String)>,
        #[serde(default)]
        request_body: Option<WrittenBody>,
        #[serde(default)]
        status: Option<u16>,
        #[serde(default)]
        response_headers: Vec<(String, String)>,
        #[serde(default)]
        response_body: Option<WrittenBody>,
        #[serde(default)]
        known_failure: Option<serde_yaml::Value>,
        #[serde(default)]
        truncated: bool,
    }
    #[derive(serde::Deserialize)]
    struct WrittenBody {
        kind: String,
        value: serde_yaml::Value,
    }
    let body = |b: Option<WrittenBody>| -> Result<Option<Body>, String> {
        let Some(b) = b else { return Ok(None) };
        let value: Value = serde_json::to_value(&b.value).map_err(|e| e.to_string())?;
        Ok(Some(match (b.kind.as_str(), value) {
            ("json", v) => Body::Json(v),
            (_, Value::String(s)) => Body::Text(s),
            (_, v) => Body::Text(v.to_string()),
        }))
    };
    let written: BTreeMap<String, Written> =
        serde_yaml::from_str(text).map_err(|e| format!("not a cases file: {e}"))?;
    let mut cases = Vec::with_capacity(written.len());
    for (name, w) in written {
        let method = Method::parse(&w.method)
            .ok_or_else(|| format!("case `{name}`: `{}` is not a method", w.method))?;
        let route = w.route.as_deref().and_then(|template| {
            (contract.routes.iter()).position(|r| r.template == template && r.method == method)
        });
        let known_failure = match (&w.known_failure, route, w.truncated) {
            (Some(k), _, _) => Some(
                k.get("message")
                    .and_then(|m| m.as_str())
                    .unwrap_or("a known failure")
                    .to_owned(),
            ),
            (None, None, _) => Some("no documented route".to_owned()),
            (None, _, true) => Some("the documented body is cut short in the docs".to_owned()),
            _ => None,
        };
        cases.push(Case {
            name,
            page: w.page,
            line: 0,
            method,
            target: target_of(&w.url, contract.base_url.as_deref()),
            headers: w.request_headers,
            body: body(w.request_body)?,
            status: w.status,
            response_headers: w.response_headers,
            response_body: body(w.response_body)?,
            route,
            known_failure,
        });
    }
    Ok(cases)
}
