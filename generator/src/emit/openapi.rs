//! `openapi.yaml`: an OpenAPI 3.0.3 document, from the model only.
//!
//! Schemas are keyed by the qualified names the docs declare (`microsoft.graph.user`), as in
//! Microsoft's own published Graph OpenAPI. A derived type is `allOf: [base, own properties]`;
//! a collection response is the OData envelope (`value` and `@odata.nextLink`); errors share one
//! OData error schema; the Permissions tables become OAuth2 scopes per operation.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::model::{Model, Parameter, Route, TypeDef};
use crate::schema::{Component, ERROR_SCHEMA, SCHEMAS, Schemas};
use crate::vocab::{Body, Method};

/// Settings of the document that the docs do not state.
#[derive(Debug, Clone)]
pub struct OpenApiOptions {
    /// The server URL; by default the base URL most examples use.
    pub server_url: Option<String>,
    /// The identity platform's authorization and token endpoints for the OAuth2 schemes.
    pub authorization_url: String,
    pub token_url: String,
}

impl Default for OpenApiOptions {
    fn default() -> Self {
        OpenApiOptions {
            server_url: None,
            authorization_url: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
                .into(),
            token_url: "https://login.microsoftonline.com/common/oauth2/v2.0/token".into(),
        }
    }
}

/// The three kinds of permission the Permissions tables list, as security scheme names.
const DELEGATED_WORK: &str = "delegatedWorkOrSchool";
const DELEGATED_PERSONAL: &str = "delegatedPersonal";
const APPLICATION: &str = "application";

/// The scopes each security scheme needs, by scheme name.
type Scopes = BTreeMap<&'static str, BTreeSet<String>>;

/// Example bodies the document leaves out: those that fail their own schema (the checks'
/// verdict), which linters report as errors.
pub type Excluded = crate::check::examples::Failed;

/// Writes the document as YAML after the generated-file header. Each path item and each
/// component schema is built when it is written and dropped after: the document never exists
/// whole in memory.
pub fn write(
    out: &mut dyn std::io::Write,
    model: &Model,
    docs_label: &crate::Label,
    options: &OpenApiOptions,
    excluded: &Excluded,
) -> std::io::Result<()> {
    let document = Document::new(model, docs_label, options, excluded);
    crate::yaml::write(out, &super::header("#", docs_label), &document)
}

/// The document, serialized member by member in the order its members are written: `openapi`,
/// `info`, `servers`, `security`, `tags`, `paths` (each path item built as it is written, the
/// scopes, envelopes and placeholders it uses recorded), then `components` (built from what
/// the paths recorded).
struct Document<'m> {
    emitter: std::cell::RefCell<Emitter<'m>>,
    options: &'m OpenApiOptions,
    label: &'m crate::Label,
}

impl<'m> Document<'m> {
    fn new(
        model: &'m Model,
        label: &'m crate::Label,
        options: &'m OpenApiOptions,
        excluded: &'m Excluded,
    ) -> Self {
        Document {
            emitter: std::cell::RefCell::new(Emitter {
                model,
                schemas: Schemas::new(model),
                excluded,
                scopes: BTreeMap::new(),
                ids: operation_ids(model),
            }),
            options,
            label,
        }
    }
}

/// A map whose entries are built one at a time as they are written.
struct LazyMap<I>(std::cell::RefCell<Option<I>>);

impl<I: Iterator<Item = (String, V)>, V: serde::Serialize> serde::Serialize for LazyMap<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        if let Some(entries) = self.0.borrow_mut().take() {
            for (key, value) in entries {
                map.serialize_entry(&key, &value)?;
            }
        }
        map.end()
    }
}

impl serde::Serialize for Document<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let model = self.emitter.borrow().model;
        let docs_label = self.label;
        let server = self
            .options
            .server_url
            .clone()
            .or_else(|| model.base_url.clone())
            .unwrap_or_else(|| "/".to_owned());
        let version = server
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .filter(|v| v.starts_with('v') || *v == "beta")
            .unwrap_or("1.0")
            .to_owned();
        let tags: BTreeSet<String> = model.routes.keys().map(|p| tag_of(p)).collect();
        let mut document = serializer.serialize_map(None)?;
        document.serialize_entry("openapi", "3.0.3")?;
        document.serialize_entry(
            "info",
            &json!({
                "title": format!("API described by {docs_label}"),
                "description": format!("Generated from the markdown pages in `{docs_label}/` by graphdoc-codegen."),
                "version": version,
            }),
        )?;
        document.serialize_entry("servers", &json!([{ "url": server }]))?;
        // Every call needs a token; operations whose Permissions table names scopes say which.
        document.serialize_entry(
            "security",
            &json!([{ DELEGATED_WORK: [] }, { DELEGATED_PERSONAL: [] }, { APPLICATION: [] }]),
        )?;
        let tags: Vec<Value> = tags.iter().map(|t| json!({ "name": t })).collect();
        document.serialize_entry("tags", &tags)?;
        let paths = model.routes.iter().map(|(path, by_method)| {
            (
                path.clone(),
                self.emitter.borrow_mut().path_item(path, by_method),
            )
        });
        document.serialize_entry("paths", &LazyMap(std::cell::RefCell::new(Some(paths))))?;
        // The paths are written: the components include the envelopes and scopes they used.
        document.serialize_entry("components", &Components(self))?;
        document.end()
    }
}

/// `components`, written after the paths: the schemas, each built when it is written, the
/// error response, and the security schemes with the scopes the operations named.
struct Components<'d, 'm>(&'d Document<'m>);

impl serde::Serialize for Components<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let emitter = &self.0.emitter;
        let names = emitter.borrow_mut().schemas.component_names();
        let schemas = names.into_iter().filter_map(|name| {
            let schema = match emitter.borrow_mut().schemas.component_to_write(&name)? {
                Component::Built(schema) => ComponentSchema::Built(schema),
                Component::Type(ty) => ComponentSchema::Type(TypeSchema { emitter, ty }),
            };
            Some((name, schema))
        });
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("schemas", &LazyMap(std::cell::RefCell::new(Some(schemas))))?;
        map.serialize_entry(
            "responses",
            &json!({
                "error": {
                    "description": "An OData error",
                    "content": { "application/json": { "schema": { "$ref": format!("{SCHEMAS}{ERROR_SCHEMA}") } } },
                },
            }),
        )?;
        let schemes = security_schemes(&emitter.borrow().scopes, self.0.options);
        map.serialize_entry("securitySchemes", &schemes)?;
        map.end()
    }
}

/// A component schema as it is written: built, or a type's, built property by property.
enum ComponentSchema<'e, 'm> {
    Built(Value),
    Type(TypeSchema<'e, 'm>),
}

impl serde::Serialize for ComponentSchema<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ComponentSchema::Built(schema) => schema.serialize(serializer),
            ComponentSchema::Type(ty) => ty.serialize(serializer),
        }
    }
}

/// An entity or complex type's schema, laid out as [`Schemas::of_type`] builds it, each
/// property's schema built as it is written and dropped after.
struct TypeSchema<'e, 'm> {
    emitter: &'e std::cell::RefCell<Emitter<'m>>,
    ty: &'m TypeDef,
}

impl serde::Serialize for TypeSchema<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        let (base, has_properties) = (self.emitter.borrow_mut().schemas).type_schema_parts(self.ty);
        let own = OwnSchema {
            schema: self,
            has_properties,
        };
        let mut map = serializer.serialize_map(None)?;
        match base {
            Some(base) => {
                struct AllOf<'a, 'e, 'm>(Value, &'a OwnSchema<'a, 'e, 'm>);
                impl serde::Serialize for AllOf<'_, '_, '_> {
                    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                        let mut seq = s.serialize_seq(Some(2))?;
                        seq.serialize_element(&self.0)?;
                        seq.serialize_element(self.1)?;
                        seq.end()
                    }
                }
                map.serialize_entry("allOf", &AllOf(base, &own))?;
            }
            None => own.entries(&mut map)?,
        }
        if let Some(d) = &self.ty.description {
            map.serialize_entry("description", d)?;
        }
        map.end()
    }
}

/// A type's own object: `type: object` and its properties.
struct OwnSchema<'a, 'e, 'm> {
    schema: &'a TypeSchema<'e, 'm>,
    has_properties: bool,
}

impl OwnSchema<'_, '_, '_> {
    fn entries<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry("type", "object")?;
        if self.has_properties {
            map.serialize_entry("properties", &Properties(self.schema))?;
        }
        Ok(())
    }
}

impl serde::Serialize for OwnSchema<'_, '_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        self.entries(&mut map)?;
        map.end()
    }
}

/// A type's `properties`: its root's `@odata.type`, then each own property.
struct Properties<'a, 'e, 'm>(&'a TypeSchema<'e, 'm>);

impl serde::Serialize for Properties<'_, '_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let TypeSchema { emitter, ty } = self.0;
        let mut map = serializer.serialize_map(None)?;
        if ty.base_type.is_none() {
            map.serialize_entry("@odata.type", &crate::schema::odata_type_property())?;
        }
        for (name, p) in &ty.properties {
            let schema = emitter.borrow_mut().schemas.property(p);
            map.serialize_entry(name, &schema)?;
        }
        map.end()
    }
}

/// Builds the operations, recording the scopes, envelopes and placeholders they use.
struct Emitter<'m> {
    model: &'m Model,
    schemas: Schemas<'m>,
    excluded: &'m Excluded,
    /// The scopes each security scheme needs, as the operations written so far name them.
    scopes: Scopes,
    ids: BTreeMap<(&'m str, Method), String>,
}

impl Emitter<'_> {
    /// One path item: its operations, by method.
    fn path_item(&mut self, path: &str, by_method: &BTreeMap<Method, Route>) -> Value {
        let mut item = Map::new();
        for (method, route) in by_method {
            let id = self.ids.get(&(path, *method)).cloned().unwrap_or_default();
            let operation = self.operation(path, *method, route, id, tag_of(path));
            item.insert(method.as_str().to_ascii_lowercase(), operation);
        }
        Value::Object(item)
    }

    fn operation(
        &mut self,
        path: &str,
        method: Method,
        route: &Route,
        id: String,
        tag: String,
    ) -> Value {
        let mut op = Map::new();
        op.insert("tags".into(), json!([tag]));
        if let Some(s) = &route.summary {
            op.insert("summary".into(), json!(s));
        }
        if let Some(d) = &route.description {
            op.insert("description".into(), json!(d));
        }
        op.insert("operationId".into(), json!(id));
        let parameters = self.parameters(path, route);
        if !parameters.is_empty() {
            op.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(body) = self.request_body(route) {
            op.insert("requestBody".into(), body);
        }
        op.insert("responses".into(), self.responses(method, route));
        let security = security(route, &mut self.scopes);
        if !security.is_empty() {
            op.insert("security".into(), Value::Array(security));
        }
        op.insert("x-source".into(), json!(route.page));
        Value::Object(op)
    }

    fn parameters(&mut self, path: &str, route: &Route) -> Vec<Value> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        // Every `{name}` of the template, in order, whether or not the route lists it.
        for name in crate::model::spelling::parameter_names(path) {
            if !seen.insert(("path", name.to_owned())) {
                continue;
            }
            let documented = route.parameters.iter().find(|p| p.name == name);
            let mut p = json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } });
            if let Some(d) = documented.filter(|d| !d.description.is_empty()) {
                p["description"] = json!(d.description);
            }
            out.push(p);
        }
        for q in &route.query_parameters {
            if seen.insert(("query", q.name.clone())) {
                out.push(self.parameter(q, "query"));
            }
        }
        for h in &route.headers {
            // OpenAPI ignores these as header parameters: security and content types cover them.
            let reserved = ["authorization", "content-type", "accept"]
                .contains(&h.name.to_ascii_lowercase().as_str());
            if !reserved && seen.insert(("header", h.name.to_ascii_lowercase())) {
                out.push(self.parameter(h, "header"));
            }
        }
        out
    }

    fn parameter(&mut self, p: &Parameter, location: &str) -> Value {
        let schema = match &p.ty {
            Some(ty) => {
                let item = self.schemas.type_ref(ty);
                if p.collection {
                    json!({ "type": "array", "items": item })
                } else {
                    item
                }
            }
            None => json!({ "type": "string" }),
        };
        let mut v = json!({ "name": p.name, "in": location, "schema": schema });
        if p.required == Some(true) {
            v["required"] = json!(true);
        }
        if !p.description.is_empty() {
            v["description"] = json!(p.description);
        }
        v
    }

    /// The request body: its schema (see [`Schemas::request`]) and the examples.
    fn request_body(&mut self, route: &Route) -> Option<Value> {
        let schema = self.schemas.request(route)?;
        Some(self.with_examples(route, schema))
    }

    fn with_examples(&mut self, route: &Route, schema: Value) -> Value {
        let mut media = object([("schema", schema)]);
        let examples = examples(
            route
                .examples
                .iter()
                .filter_map(|e| Some((e, e.request.as_ref()?.body.as_ref()?))),
            "request",
            self.excluded,
        );
        if !examples.is_empty() {
            media["examples"] = Value::Object(examples);
        }
        object([
            ("required", Value::Bool(true)),
            ("content", object([("application/json", media)])),
        ])
    }

    /// One success response with at most one schema, and errors as `4XX` and `5XX`: a
    /// client generator takes every other status as a possible success (`default` included).
    fn responses(&mut self, method: Method, route: &Route) -> Value {
        let (status, schema) = self.schemas.response(method, route);
        let mut response = json!({ "description": crate::vocab::status::reason_phrase(status).unwrap_or("Success") });
        if let Some(schema) = schema {
            let mut media = object([("schema", schema)]);
            let examples = examples(
                route.examples.iter().filter_map(|e| {
                    let r = e.response.as_ref()?;
                    let answers = r
                        .status
                        .is_none_or(|s| s == status || (200..300).contains(&s));
                    (answers && !r.expect_error).then_some((e, r.body.as_ref()?))
                }),
                "response",
                self.excluded,
            );
            if !examples.is_empty() {
                media["examples"] = Value::Object(examples);
            }
            response["content"] = object([("application/json", media)]);
        }
        let headers: Map<String, Value> = route
            .response_headers
            .iter()
            .map(|h| {
                let mut header = json!({ "schema": { "type": "string" } });
                if !h.description.is_empty() {
                    header["description"] = json!(h.description);
                }
                (h.name.clone(), header)
            })
            .collect();
        if !headers.is_empty() {
            response["headers"] = Value::Object(headers);
        }
        let error = json!({ "$ref": "#/components/responses/error" });
        Value::Object(Map::from_iter([
            (status.to_string(), response),
            ("4XX".to_owned(), error.clone()),
            ("5XX".to_owned(), error),
        ]))
    }
}

/// An object of `entries`, in their order, the values moved in (`json!` would serialize a copy
/// of each).
fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

/// JSON bodies as named examples, but the excluded ones; names the docs repeat get a numeric
/// suffix.
fn examples<'a>(
    bodies: impl Iterator<Item = (&'a crate::model::Example, &'a Body)>,
    side: &'static str,
    excluded: &Excluded,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (example, body) in bodies {
        let Body::Json(value) = body else { continue };
        if excluded.contains(&(example.page.clone(), example.line.max(1), side)) {
            continue;
        }
        let name = example.name.as_str();
        let mut key = name.to_owned();
        let mut n = 1;
        while out.contains_key(&key) {
            n += 1;
            key = format!("{name}-{n}");
        }
        out.insert(key, object([("value", value.clone())]));
    }
    out
}

/// The resource a route acts on: its first segment (`users`, `me`, `groups`).
fn tag_of(path: &str) -> String {
    let first = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    let first = first.split('(').next().unwrap_or(first);
    if first.is_empty() {
        "root".to_owned()
    } else {
        first.to_owned()
    }
}

/// Readable, unique, stable operation ids: the page's name (`user-get`), and when the page
/// documents several routes, the route's literal segments (`user-get.me`). A clash left after
/// that (two pages with one name) gets the method and a number, in path order.
fn operation_ids(model: &Model) -> BTreeMap<(&str, Method), String> {
    let mut per_page: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, route) in model.all_routes() {
        *per_page.entry(route.page.as_str()).or_default() += 1;
    }
    let mut ids = BTreeMap::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for (path, method, route) in model.all_routes() {
        let stem = route
            .page
            .rsplit('/')
            .next()
            .unwrap_or(&route.page)
            .trim_end_matches(".md");
        let mut id = if per_page.get(route.page.as_str()).copied().unwrap_or(0) > 1 {
            format!("{stem}.{}", path_slug(path))
        } else {
            stem.to_owned()
        };
        if used.contains(&id) {
            id = format!("{id}.{}", method.as_str().to_ascii_lowercase());
        }
        let base = id.clone();
        let mut n = 1;
        while used.contains(&id) {
            n += 1;
            id = format!("{base}{n}");
        }
        used.insert(id.clone());
        ids.insert((path, method), id);
    }
    ids
}

/// `/users/{user-id}/photo/$value` → `users.user-id.photo.value`.
fn path_slug(path: &str) -> String {
    let parts: Vec<String> = crate::vocab::path::segments(path)
        .into_iter()
        .map(|s| {
            s.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        "root".to_owned()
    } else {
        parts.join(".")
    }
}

/// Alternatives (any one suffices): delegated work or school, delegated personal, application.
fn security(route: &Route, scopes: &mut Scopes) -> Vec<Value> {
    let mut out = Vec::new();
    for (scheme, list) in [
        (DELEGATED_WORK, &route.permissions.delegated_work),
        (DELEGATED_PERSONAL, &route.permissions.delegated_personal),
        (APPLICATION, &route.permissions.application),
    ] {
        if list.is_empty() {
            continue;
        }
        scopes
            .entry(scheme)
            .or_default()
            .extend(list.iter().cloned());
        out.push(json!({ scheme: list }));
    }
    out
}

fn security_schemes(scopes: &Scopes, options: &OpenApiOptions) -> Value {
    let scope_map = |scheme: &str| -> Map<String, Value> {
        scopes
            .get(scheme)
            .into_iter()
            .flatten()
            .map(|s| (s.clone(), json!(s)))
            .collect()
    };
    let code_flow = |scheme: &str| {
        json!({
            "authorizationCode": {
                "authorizationUrl": options.authorization_url,
                "tokenUrl": options.token_url,
                "scopes": scope_map(scheme),
            }
        })
    };
    json!({
        DELEGATED_WORK: {
            "type": "oauth2",
            "description": "Delegated permissions, work or school account",
            "flows": code_flow(DELEGATED_WORK),
        },
        DELEGATED_PERSONAL: {
            "type": "oauth2",
            "description": "Delegated permissions, personal Microsoft account",
            "flows": code_flow(DELEGATED_PERSONAL),
        },
        APPLICATION: {
            "type": "oauth2",
            "description": "Application permissions",
            "flows": { "clientCredentials": { "tokenUrl": options.token_url, "scopes": scope_map(APPLICATION) } },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_tags() {
        assert_eq!(
            path_slug("/users/{user-id}/photo/$value"),
            "users.user-id.photo.value"
        );
        assert_eq!(tag_of("/users/{user-id}"), "users");
        assert_eq!(tag_of("/reports/getX(period={period})"), "reports");
    }
}

/// `openapi.yaml`, without the examples the checks found failing their schema.
pub struct OpenApi;

impl super::Emit for OpenApi {
    fn name(&self) -> &'static str {
        "openapi.yaml"
    }

    fn emit(
        &self,
        input: &super::Input,
        files: &mut dyn super::Files,
    ) -> Result<Vec<crate::diag::Diagnostic>, crate::Error> {
        let failed = &input.verdicts.examples.failed;
        files.write(self.name(), &mut |w| {
            write(w, input.model, input.label, input.openapi, failed)
        })?;
        Ok(Vec::new())
    }
}
