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
        // Formats are checked as linters check them (`2021-01-01` is no date-time), but `time`
        // and `duration` as OData writes them: TimeOfDay has no offset, and a Duration may be
        // negative and have fractional seconds (`-PT17.1357909S`).
        let options = jsonschema::options()
            .should_validate_formats(true)
            .with_format("time", is_time_of_day)
            .with_format("duration", is_duration);
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

/// OData's TimeOfDay: `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fffffff`, without an offset.
fn is_time_of_day(text: &str) -> bool {
    let (clock, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let parts: Vec<&str> = clock.split(':').collect();
    let two_digits = |s: &str, max: u32| {
        s.len() == 2
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| n <= max)
    };
    let fields_ok = match parts.as_slice() {
        [h, m] => two_digits(h, 23) && two_digits(m, 59),
        [h, m, s] => two_digits(h, 23) && two_digits(m, 59) && two_digits(s, 59),
        _ => false,
    };
    fields_ok && !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// OData's Duration (ISO 8601): `P1D`, `PT3M29.66S`, `-PT17.1S`, `P1Y2M3W`.
fn is_duration(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('-').unwrap_or(text).strip_prefix('P') else {
        return false;
    };
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    // Each part: numbers, each followed by one of its designators, in order.
    let part = |text: &str, designators: &str, fraction_on: char| -> Option<usize> {
        let mut count = 0;
        let mut allowed = designators.chars();
        let mut number = String::new();
        for c in text.chars() {
            if c.is_ascii_digit() || (c == '.' && !number.is_empty() && !number.contains('.')) {
                number.push(c);
                continue;
            }
            if number.is_empty() || number.ends_with('.') || !allowed.any(|d| d == c) {
                return None;
            }
            if number.contains('.') && c != fraction_on {
                return None;
            }
            number.clear();
            count += 1;
        }
        number.is_empty().then_some(count)
    };
    let Some(date_parts) = part(date, "YMWD", 'D') else {
        return false;
    };
    match time {
        None => date_parts > 0,
        Some(time) => part(time, "HMS", 'S').is_some_and(|n| n > 0),
    }
}

/// An OpenAPI 3.0 schema as JSON Schema: `nullable: true` becomes a `null` alternative and
/// component references point into `$defs`.
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
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    // `allOf: [$ref], nullable: true` is a nullable reference. As `if null then accept else
    // $ref`, a mismatch inside the reference is reported at its own path rather than as "not
    // valid under anyOf" at the property.
    if let (true, Some(Value::Array(branches))) = (nullable, map.get("allOf")) {
        if let [reference] = branches.as_slice() {
            if reference.get("$ref").is_some() {
                out.remove("allOf");
                // The `type` beside it is the reference's, for OpenAPI's `nullable`.
                out.remove("type");
                out.insert("if".into(), json!({ "type": "null" }));
                out.insert("then".into(), Value::Bool(true));
                out.insert("else".into(), to_json_schema(reference));
                return Value::Object(out);
            }
        }
    }
    if !nullable {
        return Value::Object(out);
    }
    match out.get("type").cloned() {
        Some(Value::String(t)) => {
            out.insert("type".into(), json!([t, "null"]));
            if let Some(Value::Array(members)) = out.get_mut("enum") {
                members.push(Value::Null);
            }
            Value::Object(out)
        }
        _ => Value::Object(Map::from_iter([(
            "anyOf".to_owned(),
            Value::Array(vec![Value::Object(out), json!({ "type": "null" })]),
        )])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_of_day() {
        for ok in ["08:00", "08:00:00", "23:59:59.1234567"] {
            assert!(is_time_of_day(ok), "{ok}");
        }
        for bad in ["8:00", "24:00", "08:00:00Z", "08:00:00.", "noon", ""] {
            assert!(!is_time_of_day(bad), "{bad}");
        }
    }

    #[test]
    fn durations() {
        for ok in [
            "P1D",
            "PT3M29.6631862S",
            "-PT17.1357909S",
            "P1Y2M3W4DT5H6M7S",
            "PT0S",
        ] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in [
            "P",
            "PT",
            "1D",
            "P1S",
            "PT1D",
            "PT1.5M",
            "P1D2Y",
            "duration-value",
            "",
        ] {
            assert!(!is_duration(bad), "{bad}");
        }
    }

    #[test]
    fn nullable_and_refs_translate() {
        let s = to_json_schema(&json!({
            "type": "object",
            "properties": {
                "a": { "type": "string", "nullable": true },
                "nullable": { "allOf": [{ "$ref": "#/components/schemas/x.y" }], "nullable": true },
            }
        }));
        assert_eq!(s["properties"]["a"]["type"], json!(["string", "null"]));
        assert_eq!(
            s["properties"]["nullable"],
            json!({ "if": { "type": "null" }, "then": true, "else": { "$ref": "#/$defs/x.y" } })
        );
        let r = to_json_schema(&json!({
            "allOf": [{ "$ref": "#/components/schemas/x" }],
            "nullable": true,
            "description": "d",
        }));
        let expected = json!({ "if": { "type": "null" }, "then": true, "else": { "$ref": "#/$defs/x" }, "description": "d" });
        assert_eq!(r, expected);
    }
}
