//! Every documented JSON example checked against the schema of its operation (the schemas the
//! OpenAPI document publishes, built by [`crate::schema`]), with a JSON Schema validator. A
//! mismatch is a diagnostic naming the page, the line of the example and the JSON path.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value, json};

use crate::diag::{Code, Diagnostic, Location};
use crate::model::Model;
use crate::schema::Schemas;
use crate::vocab::Body;

/// Example bodies that fail their schema, as (page, line of the example, `request` or
/// `response`): the OpenAPI document leaves them out, as linters report them as errors.
pub type Failed = HashSet<(String, u32, &'static str)>;

/// The diagnostics, and the mismatches they report as (page, line of the example, JSON path
/// prefixed with `request` or `response`), so other checks of the same bodies can tell what
/// was already said.
#[derive(Debug, Default)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub reported: HashSet<(String, u32, String)>,
    /// The bodies that fail their schema.
    pub failed: Failed,
}

pub fn check(model: &Model) -> Checked {
    let mut checker = Checker {
        schemas: Schemas::new(model),
        pending: BTreeMap::new(),
    };
    for (_, method, route) in model.all_routes() {
        let request_schema = checker.schemas.request(route);
        let response_schema = checker.schemas.response(method, route).1;
        for example in &route.examples {
            let at = Location::at(example.page.clone(), example.line);
            if let (Some(schema), Some(request)) = (&request_schema, &example.request) {
                if let Some(Body::Json(body)) = &request.body {
                    checker.add_at(
                        "request",
                        schema,
                        body,
                        &at,
                        at.clone(),
                        request.body_source.as_ref(),
                    );
                }
            }
            let Some(response) = &example.response else {
                continue;
            };
            let Some(Body::Json(body)) = &response.body else {
                continue;
            };
            if response.expect_error {
                continue;
            }
            // An example answers the one success response, whatever status it shows.
            if let Some(schema) = &response_schema {
                // Reported at the response block; keyed, like the request, by the example.
                let block = Location::at(example.page.clone(), response.line.max(example.line));
                checker.add_at(
                    "response",
                    schema,
                    body,
                    &at,
                    block,
                    response.body_source.as_ref(),
                );
            }
        }
    }
    checker.check()
}

/// One body to check against one schema.
struct Pending<'a> {
    what: &'static str,

    /// How a mismatch names the schema.
    target_name: String,
    body: &'a Value,
    /// The example's location: the key of what was reported and what failed.
    at: Location,
    /// Where the body's block is, which diagnostics point at when the value cannot be found.
    block: Location,
    /// The body's text, to point at the value at fault.
    source: Option<&'a crate::vocab::BodySource>,
}

struct Checker<'a> {
    /// The component schemas, built when a checked body first reaches them: a model of a
    /// million properties that no example uses is not converted.
    schemas: Schemas<'a>,
    /// The bodies to check, by the text of their target schema, with that schema in JSON
    /// Schema form.
    pending: BTreeMap<String, (Value, Vec<Pending<'a>>)>,
}

impl<'a> Checker<'a> {
    /// A body keyed by its example's `at`, reported at `block`.
    fn add_at(
        &mut self,
        what: &'static str,
        schema: &Value,
        body: &'a Value,
        at: &Location,
        block: Location,
        source: Option<&'a crate::vocab::BodySource>,
    ) {
        let target = to_json_schema(schema);
        let bodies = &mut self
            .pending
            .entry(target.to_string())
            .or_insert_with(|| (target, Vec::new()))
            .1;
        bodies.push(Pending {
            what,
            target_name: schema_name(schema),
            body,
            at: at.clone(),
            block,
            source,
        });
    }

    /// Compiles every target schema once, in one validator, and checks the bodies on every
    /// core. The targets are the properties of one root schema, named by their index, beside
    /// every definition they reach, so a definition that many targets reach is compiled once;
    /// each body is checked as the one member of an object under its target's name, and the
    /// name is taken off the paths of what it finds.
    fn check(mut self) -> Checked {
        use rayon::prelude::*;
        let pending = std::mem::take(&mut self.pending);
        let mut targets = Map::new();
        let mut jobs = Vec::with_capacity(pending.len());
        let mut refs = Vec::new();
        for (index, (target, bodies)) in pending.into_values().enumerate() {
            let name = index.to_string();
            collect_refs(&target, &mut refs);
            targets.insert(name.clone(), target);
            jobs.extend(bodies.into_iter().map(|body| (name.clone(), body)));
        }
        let root = Value::Object(Map::from_iter([
            ("properties".to_owned(), Value::Object(targets)),
            ("$defs".to_owned(), Value::Object(self.definitions(refs))),
        ]));
        // Formats are checked as the validators that read the document check them (ajv's
        // formats, in Spectral and Prism): `2021-01-01` is no date-time, and an `int32` holds 32
        // bits ([`to_json_schema`]). The document gives TimeOfDay and Duration as patterns.
        let options = jsonschema::options().should_validate_formats(true);
        let Ok(validator) = options.build(&root) else {
            return Checked::default();
        };
        drop(root);
        jobs.into_par_iter()
            .map(|(name, body)| check_body(&validator, &name, body))
            .reduce(Checked::default, |mut a, b| {
                a.diagnostics.extend(b.diagnostics);
                a.reported.extend(b.reported);
                a.failed.extend(b.failed);
                a
            })
    }

    /// The definitions that `pending` names reach, in JSON Schema form, by name.
    fn definitions(&mut self, mut pending: Vec<String>) -> Map<String, Value> {
        let mut defs = Map::new();
        while let Some(name) = pending.pop() {
            if defs.contains_key(&name) {
                continue;
            }
            let def = self
                .schemas
                .component(&name)
                .map_or_else(|| json!({}), |schema| to_json_schema(&schema));
            collect_refs(&def, &mut pending);
            defs.insert(name, def);
        }
        defs
    }
}

/// Checks one body against the target named `name` in `validator`'s root.
fn check_body(validator: &jsonschema::Validator, name: &str, pending: Pending<'_>) -> Checked {
    let Pending {
        what,
        target_name,
        body,
        at,
        block,
        source,
    } = pending;
    let mut checked = Checked::default();
    let instance = Value::Object(Map::from_iter([(name.to_owned(), body.clone())]));
    let prefix = format!("/{name}");
    for error in validator.iter_errors(&instance) {
        checked.failed.insert((at.path.clone(), at.line, what));
        let full = error.instance_path().to_string();
        let path = full.strip_prefix(&prefix).unwrap_or(&full);
        checked
            .reported
            .insert((at.path.clone(), at.line, format!("{what}{path}")));
        let shown = if path.is_empty() { "/" } else { path };
        let message = format!("the {what} body at `{shown}` does not match {target_name}: {error}");
        let location = source.and_then(|s| s.position(path)).map_or_else(
            || block.clone(),
            |(line, col)| Location {
                path: block.path.clone(),
                line,
                col,
            },
        );
        checked.diagnostics.push(Diagnostic {
            location,
            code: Code::ExampleSchema,
            message,
        });
    }
    checked
}

/// How a mismatch names the schema: the type for a `$ref`, else "the documented schema".
fn schema_name(schema: &Value) -> String {
    let reference = schema
        .get("$ref")
        .or_else(|| schema.pointer("/properties/value/items/$ref"))
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next());
    reference.map_or_else(
        || "the documented schema".to_owned(),
        |name| format!("`{name}`"),
    )
}

fn collect_refs(schema: &Value, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
            {
                out.push(name.to_owned());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// An OpenAPI 3.0 schema as JSON Schema, read as the validators that read the document read it
/// (ajv's OpenAPI mode, in Spectral and Prism): `nullable: true` adds `null` to the `type` beside
/// it (and to its `enum`) and does nothing where there is no `type`, so `allOf: [$ref]` with
/// `nullable` still demands the reference; an `int32` number is bounded to 32 bits, as
/// ajv-formats checks it; component references point into `$defs`.
pub fn to_json_schema(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    let mut nullable = false;
    for (key, value) in map {
        match key.as_str() {
            "nullable" => nullable = value == &Value::Bool(true),
            "$ref" => {
                let target = value
                    .as_str()
                    .unwrap_or_default()
                    .replace("#/components/schemas/", "#/$defs/");
                out.insert(key.clone(), Value::String(target));
            }
            "properties" => {
                let props = value.as_object().map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), to_json_schema(v)))
                        .collect()
                });
                out.insert(key.clone(), Value::Object(props.unwrap_or_default()));
            }
            "items" | "additionalProperties" | "not" => {
                out.insert(key.clone(), to_json_schema(value));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let items = value
                    .as_array()
                    .map(|a| a.iter().map(to_json_schema).collect())
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Array(items));
            }
            "format" if value == "int32" => {
                out.insert(key.clone(), value.clone());
                out.insert("minimum".into(), json!(i32::MIN));
                out.insert("maximum".into(), json!(i32::MAX));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    // `anyOf: [x, {enum: [null]}]`, null or `x`, as `if null then accept else x`: the same
    // instances, and a mismatch inside `x` is reported at its own path rather than as "not
    // valid under anyOf" at the property.
    if let Some(Value::Array(branches)) = out.get("anyOf") {
        if let [other, null] = branches.as_slice() {
            if null == &json!({ "enum": [null] }) {
                let other = other.clone();
                out.remove("anyOf");
                out.insert("if".into(), json!({ "type": "null" }));
                out.insert("then".into(), Value::Bool(true));
                out.insert("else".into(), other);
            }
        }
    }
    if let (true, Some(Value::String(t))) = (nullable, out.get("type").cloned()) {
        out.insert("type".into(), json!([t, "null"]));
        if let Some(Value::Array(members)) = out.get_mut("enum") {
            members.push(Value::Null);
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_and_refs_translate_as_ajv_reads_them() {
        let s = to_json_schema(&json!({
            "type": "object",
            "properties": {
                "a": { "type": "string", "nullable": true },
                "e": { "type": "string", "enum": ["x"], "nullable": true },
                "or": { "anyOf": [{ "$ref": "#/components/schemas/x.y" }, { "enum": [null] }] },
                "all": { "allOf": [{ "$ref": "#/components/schemas/x.y" }], "nullable": true },
                "n": { "type": "integer", "format": "int32" },
            }
        }));
        let p = &s["properties"];
        assert_eq!(p["a"]["type"], json!(["string", "null"]));
        assert_eq!(p["e"]["enum"], json!(["x", null]));
        assert_eq!(
            p["or"],
            json!({ "if": { "type": "null" }, "then": true, "else": { "$ref": "#/$defs/x.y" } })
        );
        // `nullable` without a `type` adds nothing: the reference is still demanded.
        assert_eq!(p["all"], json!({ "allOf": [{ "$ref": "#/$defs/x.y" }] }));
        assert_eq!(p["n"]["maximum"], json!(i32::MAX));
    }
}
