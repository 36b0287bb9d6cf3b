//! Real JSON objects from the v1.0 corpus's examples, through the models this crate generates
//! from docs-input/: every object of a type docs-input defines deserializes, re-serializes, and
//! loses no field (dates may be rewritten in another precision; a key is never dropped).

use crate::common;

use graph_docs::models::microsoft_graph as graph;
use graphdoc_codegen::vocab::Body;
use serde_json::Value;

/// Every key path of `original` is in `round_tripped`, and nulls stay null.
fn lost_fields(original: &Value, round_tripped: &Value, path: &str, lost: &mut Vec<String>) {
    match (original, round_tripped) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                match b.get(key) {
                    Some(other) => lost_fields(value, other, &format!("{path}/{key}"), lost),
                    None => lost.push(format!("{path}/{key}")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                lost_fields(x, y, &format!("{path}/{i}"), lost);
            }
        }
        (Value::Null, other) if !other.is_null() => lost.push(format!("{path} (null)")),
        (Value::Array(_), _) => lost.push(format!("{path} (array)")),
        _ => {}
    }
}

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(
    object: &Value,
) -> Result<Value, String> {
    let typed: T = serde_json::from_value(object.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

#[test]
fn sample_objects_survive_the_generated_models() {
    objects_survive_the_generated_models(&common::sample(), 1);
}

#[test]
fn corpus_objects_survive_the_generated_models() {
    if let Some(corpus) = common::corpus() {
        objects_survive_the_generated_models(&corpus, 5);
    }
}

/// At least `at_least` objects are checked, and at most a fifth as many refused.
fn objects_survive_the_generated_models(dir: &std::path::Path, at_least: usize) {
    // The model alone: what the generated models are checked against is the docs' examples.
    let (model, _) = graphdoc_codegen::build_model(dir).expect("the corpus reads");
    let mut checked = 0;
    let mut refused = Vec::new();
    for (path, _, route) in model.all_routes() {
        let Some(graphdoc_codegen::model::Response {
            ty: Some(graphdoc_codegen::model::TypeRef::Named(ty)),
            collection,
            ..
        }) = &route.response
        else {
            continue;
        };
        let request_type = route.request_body.as_ref().and_then(|b| match &b.ty {
            Some(graphdoc_codegen::model::TypeRef::Named(t)) => Some(t.as_str()),
            _ => None,
        });
        for example in &route.examples {
            let mut objects: Vec<(&str, &Value)> = Vec::new();
            if let Some(Body::Json(body)) = example.response.as_ref().and_then(|r| r.body.as_ref())
            {
                match (collection, body.get("value")) {
                    (true, Some(Value::Array(items))) => {
                        objects.extend(items.iter().map(|i| (ty.as_str(), i)))
                    }
                    (false, _) => objects.push((ty.as_str(), body)),
                    _ => {}
                }
            }
            // A request body that is "a JSON representation of the [x] object".
            if let (Some(t), Some(Body::Json(body))) = (
                request_type,
                example.request.as_ref().and_then(|r| r.body.as_ref()),
            ) {
                objects.push((t, body));
            }
            for (ty, object) in objects.into_iter().filter(|(_, o)| o.is_object()) {
                let result = match ty {
                    "microsoft.graph.device" => round_trip::<graph::Device>(object),
                    "microsoft.graph.operation" => round_trip::<graph::Operation>(object),
                    _ => continue,
                };
                match result {
                    Ok(back) => {
                        let mut lost = Vec::new();
                        lost_fields(object, &back, "", &mut lost);
                        assert!(lost.is_empty(), "{} {path}: lost {lost:?}", example.page);
                        checked += 1;
                    }
                    // A value the docs' own types reject (a placeholder where a date belongs).
                    Err(e) => refused.push(format!("{} ({path}): {e}", example.page)),
                }
            }
        }
    }
    eprintln!("{checked} objects round-tripped; refused: {refused:#?}");
    assert!(
        checked >= at_least,
        "only {checked} corpus objects were checked"
    );
    assert!(
        refused.len() * 5 <= checked,
        "too many refused: {refused:#?}"
    );
}
