//! `openapi.yaml`: an OpenAPI 3.0.3 document, from the model only.
//!
//! Schemas are keyed by the qualified names the docs declare (`microsoft.graph.user`), as in
//! Microsoft's own published Graph OpenAPI. A derived type is `allOf: [base, own properties]`;
//! a collection response is the OData envelope (`value` and `@odata.nextLink`); errors share one
//! OData error schema; the Permissions tables become OAuth2 scopes per operation.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::model::{Model, Parameter, Property, Route, TypeDef, TypeKind, TypeRef};
use crate::vocab::{Body, Method, Primitive};

/// Settings of the document that the docs do not state.
#[derive(Debug, Clone)]
pub struct Options {
    /// The server URL; by default the base URL most examples use.
    pub server_url: Option<String>,
    /// The identity platform's authorization and token endpoints for the OAuth2 schemes.
    pub authorization_url: String,
    pub token_url: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            server_url: None,
            authorization_url: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
                .into(),
            token_url: "https://login.microsoftonline.com/common/oauth2/v2.0/token".into(),
        }
    }
}

const SCHEMAS: &str = "#/components/schemas/";
const ERROR_SCHEMA: &str = "odata.error";
/// The three kinds of permission the Permissions tables list, as security scheme names.
const DELEGATED_WORK: &str = "delegatedWorkOrSchool";
const DELEGATED_PERSONAL: &str = "delegatedPersonal";
const APPLICATION: &str = "application";

/// The scopes each security scheme needs, by scheme name.
type Scopes = BTreeMap<&'static str, BTreeSet<String>>;

/// Example bodies the document leaves out, as (page, line of the example, `request` or
/// `response`): those that fail their own schema, which linters report as errors.
pub type Excluded = std::collections::HashSet<(String, u32, &'static str)>;

/// The document, with every documented example but the `excluded` ones.
pub fn build(
    model: &Model,
    docs_label: &crate::Label,
    options: &Options,
    excluded: &Excluded,
) -> Value {
    let mut emitter = Emitter {
        model,
        placeholders: BTreeSet::new(),
        envelopes: BTreeMap::new(),
        excluded,
    };
    let schemas = emitter.schemas();
    let (paths, scopes, tags) = emitter.paths();
    let mut schemas = schemas;
    for (name, schema) in std::mem::take(&mut emitter.envelopes) {
        schemas.insert(name, schema);
    }
    // The model reported these types; the document stands a placeholder in for each.
    for name in std::mem::take(&mut emitter.placeholders) {
        schemas.insert(
            name,
            json!({
                "type": "object",
                "description": "A placeholder: the docs refer to this type but no page defines it.",
                "x-placeholder": true,
            }),
        );
    }
    for (name, schema) in error_schemas() {
        schemas.insert(name.to_owned(), schema);
    }
    let server = options
        .server_url
        .clone()
        .or_else(|| model.base_url.clone())
        .unwrap_or_else(|| "/".to_owned());
    let version = server
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|v| v.starts_with('v') || *v == "beta")
        .unwrap_or("1.0");
    let document = json!({
        "openapi": "3.0.3",
        "info": {
            "title": format!("API described by {docs_label}"),
            "description": format!("Generated from the markdown pages in `{docs_label}/` by graphdoc-codegen."),
            "version": version,
        },
        "servers": [{ "url": server }],
        // Every call needs a token; operations whose Permissions table names scopes say which.
        "security": [{ DELEGATED_WORK: [] }, { DELEGATED_PERSONAL: [] }, { APPLICATION: [] }],
        "tags": tags.iter().map(|t| json!({ "name": t })).collect::<Vec<_>>(),
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {
                "error": {
                    "description": "An OData error",
                    "content": { "application/json": { "schema": { "$ref": format!("{SCHEMAS}{ERROR_SCHEMA}") } } },
                },
            },
            "securitySchemes": security_schemes(&scopes, options),
        },
    });
    document
}

/// The base URL most example requests use (`https://graph.microsoft.com/v1.0`); malformed
/// hosts (`graph.microsoft.com/docs\api`) do not count.
struct Emitter<'m> {
    model: &'m Model,
    /// Referenced types that no page defines (the model reported each).
    placeholders: BTreeSet<String>,
    /// The collection envelope of each item type that a response returns a collection of.
    envelopes: BTreeMap<String, Value>,
    excluded: &'m Excluded,
}

impl Emitter<'_> {
    fn schemas(&mut self) -> Map<String, Value> {
        let mut schemas = Map::new();
        for (name, ty) in self.model.types() {
            let schema = self.type_schema(ty);
            schemas.insert(name, schema);
        }
        schemas
    }

    fn type_schema(&mut self, ty: &TypeDef) -> Value {
        let mut schema = Map::new();
        if ty.kind == TypeKind::Enum {
            schema.insert("type".into(), json!("string"));
            schema.insert(
                "enum".into(),
                ty.members.iter().map(|m| json!(m.name)).collect(),
            );
            if let Some(d) = &ty.description {
                schema.insert("description".into(), json!(d));
            }
            return Value::Object(schema);
        }
        let mut own = Map::new();
        own.insert("type".into(), json!("object"));
        let mut properties = Map::new();
        // Instances say their type (`"@odata.type": "#microsoft.graph.user"`); derived types
        // inherit the property from their root.
        if ty.base_type.is_none() {
            properties.insert("@odata.type".into(), json!({ "type": "string" }));
        }
        for (name, p) in &ty.properties {
            properties.insert(name.clone(), self.property_schema(p));
        }
        if !properties.is_empty() {
            own.insert("properties".into(), Value::Object(properties));
        }
        match &ty.base_type {
            Some(base) => {
                let base_ref = self.reference(base);
                schema.insert("allOf".into(), json!([base_ref, Value::Object(own)]));
            }
            None => schema = own,
        }
        if let Some(d) = &ty.description {
            schema.insert("description".into(), json!(d));
        }
        Value::Object(schema)
    }

    fn property_schema(&mut self, p: &Property) -> Value {
        let item = self.type_ref_schema(&p.ty);
        let mut schema = if p.collection {
            json!({ "type": "array", "items": item })
        } else {
            item
        };
        // CSDL's default: nullable unless the docs say "Not nullable".
        let nullable = p.nullable != Some(false) && !p.collection;
        let mut extras = Map::new();
        if nullable {
            extras.insert("nullable".into(), json!(true));
        }
        if p.read_only {
            extras.insert("readOnly".into(), json!(true));
        }
        if !p.description.is_empty() {
            extras.insert("description".into(), json!(p.description));
        }
        if schema.get("$ref").is_some() && !extras.is_empty() {
            // Siblings of `$ref` are ignored in 3.0: a reference with a description, or a
            // nullable one, is `allOf: [$ref]` beside them (OpenAPI.OData's form; an `anyOf`
            // with a null object makes client generators define the type twice). `nullable`
            // needs a `type` beside it: the referenced type's.
            let nullable = extras.contains_key("nullable");
            schema = json!({ "allOf": [schema] });
            if nullable {
                let is_enum = matches!(&p.ty, TypeRef::Named(n) if self.model.get(n).is_some_and(|t| t.kind == TypeKind::Enum));
                schema["type"] = json!(if is_enum { "string" } else { "object" });
            }
        } else if schema.get("type").is_none() {
            extras.remove("nullable");
        }
        if let Value::Object(map) = &mut schema {
            map.extend(extras);
        }
        schema
    }

    fn type_ref_schema(&mut self, ty: &TypeRef) -> Value {
        match ty {
            TypeRef::Primitive(p) => primitive_schema(*p),
            TypeRef::Named(name) => self.reference(name),
            TypeRef::Unknown(raw) => {
                json!({ "description": format!("Documented as `{raw}`, which is not a type") })
            }
        }
    }

    /// A `$ref` to a schema, recording a placeholder when no page defines the type.
    fn reference(&mut self, name: &str) -> Value {
        if self.model.get(name).is_none() {
            self.placeholders.insert(name.to_owned());
        }
        json!({ "$ref": format!("{SCHEMAS}{name}") })
    }

    /// Paths, the scopes each security scheme needs, and the tags used.
    fn paths(&mut self) -> (Map<String, Value>, Scopes, BTreeSet<String>) {
        let mut paths = Map::new();
        let mut scopes: Scopes = BTreeMap::new();
        let mut tags = BTreeSet::new();
        let ids = operation_ids(self.model);
        for (path, by_method) in &self.model.routes {
            let mut item = Map::new();
            for (method, route) in by_method {
                let id = ids
                    .get(&(path.as_str(), *method))
                    .cloned()
                    .unwrap_or_default();
                let tag = tag_of(path);
                tags.insert(tag.clone());
                let operation = self.operation(path, *method, route, id, tag, &mut scopes);
                item.insert(method.as_str().to_ascii_lowercase(), operation);
            }
            paths.insert(path.clone(), Value::Object(item));
        }
        (paths, scopes, tags)
    }

    fn operation(
        &mut self,
        path: &str,
        method: Method,
        route: &Route,
        id: String,
        tag: String,
        scopes: &mut Scopes,
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
        let security = security(route, scopes);
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
        for name in template_parameters(path) {
            if !seen.insert(("path", name.clone())) {
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
                let item = self.type_ref_schema(ty);
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

    /// The body the Request body section documents, or, when it documents none but the
    /// examples send JSON, any JSON.
    fn request_body(&mut self, route: &Route) -> Option<Value> {
        let sends_json = || {
            route.examples.iter().any(|e| {
                e.request
                    .as_ref()
                    .is_some_and(|r| matches!(r.body, Some(Body::Json(_))))
            })
        };
        let schema = match route.request_body.as_ref() {
            // Any JSON: the examples show what is sent, the docs do not type it.
            None if sends_json() => {
                json!({ "description": "The docs document no request body type; the examples send JSON." })
            }
            None => return None,
            Some(body) => self.documented_body(body),
        };
        Some(self.with_examples(route, schema))
    }

    fn documented_body(&mut self, body: &crate::model::RequestBody) -> Value {
        match &body.ty {
            Some(ty) => self.type_ref_schema(ty),
            None => {
                let mut properties = Map::new();
                let mut required = Vec::new();
                for p in &body.parameters {
                    let item = match &p.ty {
                        Some(ty) => self.type_ref_schema(ty),
                        None => json!({}),
                    };
                    let mut schema = if p.collection {
                        json!({ "type": "array", "items": item })
                    } else {
                        item
                    };
                    if !p.description.is_empty() {
                        if schema.get("$ref").is_some() {
                            schema = json!({ "allOf": [schema] });
                        }
                        schema["description"] = json!(p.description);
                    }
                    properties.insert(p.name.clone(), schema);
                    if p.required == Some(true) {
                        required.push(json!(p.name));
                    }
                }
                let mut object = json!({ "type": "object", "properties": properties });
                if !required.is_empty() {
                    object["required"] = Value::Array(required);
                }
                object
            }
        }
    }

    fn with_examples(&mut self, route: &Route, schema: Value) -> Value {
        let mut media = json!({ "schema": schema });
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
        json!({ "required": true, "content": { "application/json": media } })
    }

    /// One success response with at most one schema, and errors as `4XX` and `5XX`: a
    /// client generator takes every other status as a possible success (`default` included).
    fn responses(&mut self, method: Method, route: &Route) -> Value {
        let documented = route.response.as_ref();
        let schema = documented.and_then(|r| {
            let ty = r.ty.as_ref()?;
            let item = self.type_ref_schema(ty);
            Some(if r.collection {
                self.collection_response(ty, item)
            } else {
                item
            })
        });
        let status = success_status(method, documented.and_then(|r| r.status), schema.is_some());
        let mut response = json!({ "description": crate::vocab::status::reason_phrase(status).unwrap_or("Success") });
        if let Some(schema) = schema.filter(|_| status != 204) {
            let mut media = json!({ "schema": schema });
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
            response["content"] = json!({ "application/json": media });
        }
        let error = json!({ "$ref": "#/components/responses/error" });
        json!({ status.to_string(): response, "4XX": error, "5XX": error })
    }

    /// `{ value: [item], @odata.nextLink, @odata.count }` as a schema of its own per item type,
    /// `microsoft.graph.userCollectionResponse`, as Microsoft's documents name them.
    fn collection_response(&mut self, ty: &TypeRef, item: Value) -> Value {
        let name = format!(
            "{}CollectionResponse",
            match ty {
                TypeRef::Primitive(p) => p.to_string(),
                TypeRef::Named(n) => n.clone(),
                TypeRef::Unknown(_) => "Edm.Untyped".to_owned(),
            }
        );
        self.envelopes
            .entry(name.clone())
            .or_insert_with(|| collection_envelope(item));
        json!({ "$ref": format!("{SCHEMAS}{name}") })
    }
}

/// The status of an operation's one success response: the documented one when it is a 2xx
/// (a `507` read off a page's prose is an error, not what success returns), else what the
/// method returns, 204 when nothing comes back.
fn success_status(method: Method, documented: Option<u16>, has_content: bool) -> u16 {
    match documented {
        Some(s) if (200..300).contains(&s) => s,
        _ if !has_content => 204,
        _ if method == Method::Post => 201,
        _ => 200,
    }
}

/// The OData envelope of a collection.
pub fn collection_envelope(item: Value) -> Value {
    json!({
        "type": "object",
        "properties": {
            "value": { "type": "array", "items": item },
            "@odata.count": { "type": "integer", "format": "int64", "nullable": true },
            "@odata.nextLink": { "type": "string", "nullable": true },
            "@odata.deltaLink": { "type": "string", "nullable": true },
        },
    })
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
        out.insert(key, json!({ "value": value }));
    }
    out
}

pub fn primitive_schema(p: Primitive) -> Value {
    let (ty, format) = match p {
        Primitive::String => ("string", None),
        Primitive::Boolean => ("boolean", None),
        Primitive::Byte => ("integer", Some("uint8")),
        Primitive::SByte => ("integer", Some("int8")),
        Primitive::Int16 => ("integer", Some("int16")),
        Primitive::Int32 => ("integer", Some("int32")),
        Primitive::Int64 => ("integer", Some("int64")),
        Primitive::Single => ("number", Some("float")),
        Primitive::Double => ("number", Some("double")),
        Primitive::Decimal => ("number", Some("decimal")),
        Primitive::Guid => ("string", Some("uuid")),
        Primitive::DateTimeOffset => ("string", Some("date-time")),
        Primitive::Date => ("string", Some("date")),
        Primitive::TimeOfDay => ("string", Some("time")),
        Primitive::Duration => ("string", Some("duration")),
        Primitive::Binary | Primitive::Stream => ("string", Some("base64url")),
        // `microsoft.graph.Json`, `Edm.Untyped`: a free-form object.
        Primitive::Untyped => return json!({ "type": "object" }),
    };
    match format {
        Some(f) => json!({ "type": ty, "format": f }),
        None => json!({ "type": ty }),
    }
}

/// `{name}` parameters of a path template, in order.
fn template_parameters(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
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

fn security_schemes(scopes: &Scopes, options: &Options) -> Value {
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

/// The shared OData error shape.
fn error_schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            ERROR_SCHEMA,
            json!({
                "type": "object",
                "required": ["error"],
                "properties": { "error": { "$ref": format!("{SCHEMAS}odata.mainError") } },
            }),
        ),
        (
            "odata.mainError",
            json!({
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": { "type": "string" },
                    "message": { "type": "string" },
                    "target": { "type": "string", "nullable": true },
                    "details": { "type": "array", "items": { "$ref": format!("{SCHEMAS}odata.errorDetail") } },
                    "innerError": { "type": "object", "description": "Service-specific details." },
                },
            }),
        ),
        (
            "odata.errorDetail",
            json!({
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": { "type": "string" },
                    "message": { "type": "string" },
                    "target": { "type": "string", "nullable": true },
                },
            }),
        ),
    ]
}

/// The document as YAML with the generated-file header.
pub fn to_yaml(document: &Value, docs_label: &crate::Label) -> Result<String, serde_yaml::Error> {
    let mut out = super::header("#", docs_label);
    out.push_str(&super::yaml::for_yaml_1_1_readers(&serde_yaml::to_string(
        document,
    )?));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_primitive_has_its_format() {
        let formats: Vec<(Primitive, Value)> = Primitive::ALL
            .iter()
            .map(|p| (*p, primitive_schema(*p)))
            .collect();
        let find = |p: Primitive| {
            formats
                .iter()
                .find(|(q, _)| *q == p)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(
            find(Primitive::Int64),
            json!({"type": "integer", "format": "int64"})
        );
        assert_eq!(
            find(Primitive::Byte),
            json!({"type": "integer", "format": "uint8"})
        );
        assert_eq!(
            find(Primitive::Guid),
            json!({"type": "string", "format": "uuid"})
        );
        assert_eq!(
            find(Primitive::Binary),
            json!({"type": "string", "format": "base64url"})
        );
        assert_eq!(find(Primitive::Untyped), json!({"type": "object"}));
    }

    #[test]
    fn template_parameters_and_slugs() {
        assert_eq!(template_parameters("/a/{x}/b(c={y})/{z}:"), ["x", "y", "z"]);
        assert_eq!(
            path_slug("/users/{user-id}/photo/$value"),
            "users.user-id.photo.value"
        );
        assert_eq!(tag_of("/users/{user-id}"), "users");
        assert_eq!(tag_of("/reports/getX(period={period})"), "reports");
    }
}
