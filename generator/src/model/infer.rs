//! Types read off JSON representation values, for properties that only the JSON block lists:
//! `"String (timestamp)"` is a DateTimeOffset, `1024` an Int32, `{"@odata.type": "x"}` an x.

use serde_json::Value;

use super::TypeRef;
use crate::vocab::Primitive;

/// The type a JSON representation value stands for, and whether it is a collection. Named
/// types come back unqualified as written; the caller resolves them.
pub fn infer(value: &Value) -> (TypeRef, bool) {
    match value {
        Value::Array(items) => match items.first() {
            Some(first) => (infer(first).0, true),
            None => (TypeRef::Primitive(Primitive::String), true),
        },
        other => (scalar(other), false),
    }
}

fn scalar(value: &Value) -> TypeRef {
    match value {
        Value::Bool(_) => TypeRef::Primitive(Primitive::Boolean),
        Value::Number(n) if n.is_i64() || n.is_u64() => TypeRef::Primitive(Primitive::Int32),
        Value::Number(_) => TypeRef::Primitive(Primitive::Double),
        Value::String(s) => TypeRef::Primitive(string_type(s)),
        Value::Object(map) => match map.get("@odata.type").and_then(Value::as_str) {
            Some(t) => {
                let t = t.trim_start_matches('#');
                match Primitive::parse(t) {
                    Some(p) => TypeRef::Primitive(p),
                    None if crate::ident::is_qualified_name(t) => TypeRef::Named(t.to_owned()),
                    None => TypeRef::Unknown(t.to_owned()),
                }
            }
            None => TypeRef::Primitive(Primitive::Untyped),
        },
        Value::Null | Value::Array(_) => TypeRef::Primitive(Primitive::Untyped),
    }
}

/// `"String (timestamp)"`, `"Guid"`, `"Edm.Binary"`, `"string"`.
fn string_type(s: &str) -> Primitive {
    let lower = s.to_ascii_lowercase();
    if let Some(p) = Primitive::parse(s) {
        return p;
    }
    if lower.contains("timestamp") || lower.contains("datetime") {
        Primitive::DateTimeOffset
    } else if lower.contains("timeofday") || lower.contains("time of day") {
        Primitive::TimeOfDay
    } else if lower.contains("(date)") || lower == "date" {
        Primitive::Date
    } else if lower.contains("guid") || lower.contains("uuid") {
        Primitive::Guid
    } else if lower.contains("duration") || lower.contains("timespan") {
        Primitive::Duration
    } else if lower.contains("binary") || lower.contains("base64") {
        Primitive::Binary
    } else {
        Primitive::String
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn representation_values() {
        let p = |p| (TypeRef::Primitive(p), false);
        assert_eq!(
            infer(&json!("String (timestamp)")),
            p(Primitive::DateTimeOffset)
        );
        assert_eq!(infer(&json!("string")), p(Primitive::String));
        assert_eq!(infer(&json!(1024)), p(Primitive::Int32));
        assert_eq!(infer(&json!(1.5)), p(Primitive::Double));
        assert_eq!(infer(&json!(true)), p(Primitive::Boolean));
        assert_eq!(
            infer(&json!({"@odata.type": "Edm.Binary"})),
            p(Primitive::Binary)
        );
        assert_eq!(
            infer(&json!(["string"])),
            (TypeRef::Primitive(Primitive::String), true)
        );
        assert_eq!(
            infer(&json!({"@odata.type": "thing)"})),
            (TypeRef::Unknown("thing)".into()), false)
        );
        assert_eq!(
            infer(&json!([{"@odata.type": "microsoft.graph.x"}])),
            (TypeRef::Named("microsoft.graph.x".into()), true)
        );
    }
}
