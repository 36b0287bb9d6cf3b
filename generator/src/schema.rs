//! The model's types as OpenAPI 3.0 schemas: what the OpenAPI document publishes and what the
//! example check validates bodies against, built once here for both. A type is a component
//! schema keyed by its qualified name (`microsoft.graph.user`); a derived type is
//! `allOf: [base, own properties]`; a collection response is its item type's OData envelope;
//! errors share one OData error schema.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::model::{Model, Property, RequestBody, Route, TypeDef, TypeKind, TypeRef};
use crate::vocab::{Body, Method, Primitive};

/// Where component schemas are: a `$ref` is this and the name.
pub const SCHEMAS: &str = "#/components/schemas/";
/// The shared OData error schema.
pub const ERROR_SCHEMA: &str = "odata.error";

/// A component schema as a document writes it.
pub enum Component<'m> {
    /// Built whole: an envelope, a placeholder, the error shape, an enum.
    Built(Value),
    /// An entity or complex type, built as it is written.
    Type(&'m TypeDef),
}

/// The schema of a root type's `@odata.type`, which instances carry.
pub fn odata_type_property() -> Value {
    json!({ "type": "string" })
}

/// Builds schemas from one model, remembering the collection envelopes and the placeholders
/// (types referred to that no page defines) the schemas it built refer to.
pub struct Schemas<'m> {
    model: &'m Model,
    /// Referenced types that no page defines (the model reported each).
    placeholders: BTreeSet<String>,
    /// The collection envelope of each item type that a response returns a collection of.
    envelopes: BTreeMap<String, Value>,
}

impl<'m> Schemas<'m> {
    pub fn new(model: &'m Model) -> Schemas<'m> {
        Schemas {
            model,
            placeholders: BTreeSet::new(),
            envelopes: BTreeMap::new(),
        }
    }

    /// The schema a route's request body has: the Request body section's type or parameters,
    /// or, when it documents none but the examples send JSON, any JSON.
    pub fn request(&mut self, route: &Route) -> Option<Value> {
        let sends_json = || {
            route.examples.iter().any(|e| {
                e.request
                    .as_ref()
                    .is_some_and(|r| matches!(r.body, Some(Body::Json(_))))
            })
        };
        match route.request_body.as_ref() {
            // Any JSON: the examples show what is sent, the docs do not type it.
            None if sends_json() => Some(
                json!({ "description": "The docs document no request body type; the examples send JSON." }),
            ),
            None => None,
            Some(body) => Some(self.documented_body(body)),
        }
    }

    /// A route's one success status, and the schema of what it returns (none for 204).
    pub fn response(&mut self, method: Method, route: &Route) -> (u16, Option<Value>) {
        let documented = route.response.as_ref();
        let schema = documented.and_then(|r| {
            let ty = r.ty.as_ref()?;
            let item = self.type_ref(ty);
            Some(if r.collection {
                self.collection_response(ty, item)
            } else {
                item
            })
        });
        let status = success_status(method, documented.and_then(|r| r.status), schema.is_some());
        (status, schema.filter(|_| status != 204))
    }

    /// One component schema by name, built when asked. Where names clash the later kind wins,
    /// as in [`Schemas::component_names`]' order: the error shape, then a placeholder for a
    /// type referred to and defined nowhere, then a collection envelope a response built, then
    /// a type.
    pub fn component(&mut self, name: &str) -> Option<Value> {
        match self.component_to_write(name)? {
            Component::Built(schema) => Some(schema),
            Component::Type(ty) => Some(self.of_type(ty)),
        }
    }

    /// [`Schemas::component`] as a document writes it: a type's schema is left to be built
    /// as it is written ([`Schemas::type_schema_parts`], then each property), so that a type of
    /// a million properties never exists as one value.
    pub fn component_to_write(&mut self, name: &str) -> Option<Component<'m>> {
        if let Some(schema) = error_schema(name) {
            return Some(Component::Built(schema));
        }
        if self.placeholders.contains(name) {
            return Some(Component::Built(placeholder()));
        }
        if let Some(envelope) = self.envelopes.get(name) {
            return Some(Component::Built(envelope.clone()));
        }
        let model: &'m Model = self.model;
        let ty = model.get(name)?;
        Some(match ty.kind {
            TypeKind::Enum => Component::Built(self.of_type(ty)),
            _ => Component::Type(ty),
        })
    }

    /// What a structured type's schema holds besides its properties, as [`Schemas::of_type`]
    /// lays it out: the reference to its base (written `allOf: [base, own]`), and whether its
    /// own object has `properties` (the `@odata.type` of a root type, or its own).
    pub fn type_schema_parts(&mut self, ty: &TypeDef) -> (Option<Value>, bool) {
        let base = ty.base_type.as_ref().map(|base| self.reference(base));
        let has_properties = ty.base_type.is_none() || !ty.properties.is_empty();
        (base, has_properties)
    }

    /// The names of every component schema, in the document's order: each type, then the
    /// envelopes and placeholders the schemas built so far refer to (and those the types refer
    /// to), then the error shape; a name already listed keeps its place. Each schema is built
    /// when it is written ([`Schemas::component`]).
    pub fn component_names(&mut self) -> Vec<String> {
        let mut names = Vec::new();
        for (name, ty) in self.model.types() {
            // What the type's schema refers to: its base and its properties' types.
            let referred = ty
                .base_type
                .iter()
                .chain(ty.properties.values().filter_map(|p| match &p.ty {
                    TypeRef::Named(n) => Some(n),
                    _ => None,
                }));
            for referred in referred {
                if self.model.get(referred).is_none() {
                    self.placeholders.insert(referred.clone());
                }
            }
            names.push(name);
        }
        let mut listed: std::collections::HashSet<String> = names.iter().cloned().collect();
        let later = self
            .envelopes
            .keys()
            .chain(&self.placeholders)
            .cloned()
            .chain(ERROR_SCHEMAS.map(str::to_owned))
            .collect::<Vec<_>>();
        for name in later {
            if listed.insert(name.clone()) {
                names.push(name);
            }
        }
        names
    }

    pub fn of_type(&mut self, ty: &TypeDef) -> Value {
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
            properties.insert("@odata.type".into(), odata_type_property());
        }
        for (name, p) in &ty.properties {
            properties.insert(name.clone(), self.property(p));
        }
        if !properties.is_empty() {
            own.insert("properties".into(), Value::Object(properties));
        }
        match &ty.base_type {
            Some(base) => {
                let base_ref = self.reference(base);
                schema.insert(
                    "allOf".into(),
                    Value::Array(vec![base_ref, Value::Object(own)]),
                );
            }
            None => schema = own,
        }
        if let Some(d) = &ty.description {
            schema.insert("description".into(), json!(d));
        }
        Value::Object(schema)
    }

    pub fn property(&mut self, p: &Property) -> Value {
        let item = self.type_ref(&p.ty);
        let mut schema = if p.collection { array_of(item) } else { item };
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
            // Siblings of `$ref` are ignored in 3.0. A nullable reference is
            // `anyOf: [$ref, {enum: [null]}]`: the one form that JSON Schema validators (ajv in
            // Spectral and Prism), openapi-typescript (`X | null`) and progenitor (`Option<X>`)
            // all read as "null or the reference" (`allOf: [$ref]` with `nullable` demands
            // the referenced object all the same, and `nullable` without a `type` beside it is
            // refused). A reference with only a description or `readOnly` is `allOf: [$ref]`
            // beside them.
            schema = if extras.remove("nullable").is_some() {
                or_null(schema)
            } else {
                all_of(schema)
            };
        } else if schema.get("type").is_none() {
            extras.remove("nullable");
        }
        if let Value::Object(map) = &mut schema {
            map.extend(extras);
        }
        schema
    }

    pub fn type_ref(&mut self, ty: &TypeRef) -> Value {
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

    fn documented_body(&mut self, body: &RequestBody) -> Value {
        match &body.ty {
            Some(ty) => self.type_ref(ty),
            None => {
                let mut properties = Map::new();
                let mut required = Vec::new();
                for p in &body.parameters {
                    let item = match &p.ty {
                        Some(ty) => self.type_ref(ty),
                        None => json!({}),
                    };
                    let mut schema = if p.collection { array_of(item) } else { item };
                    if !p.description.is_empty() {
                        if schema.get("$ref").is_some() {
                            schema = all_of(schema);
                        }
                        schema["description"] = json!(p.description);
                    }
                    properties.insert(p.name.clone(), schema);
                    if p.required == Some(true) {
                        required.push(json!(p.name));
                    }
                }
                let mut object = Value::Object(Map::from_iter([
                    ("type".to_owned(), json!("object")),
                    ("properties".to_owned(), Value::Object(properties)),
                ]));
                if !required.is_empty() {
                    object["required"] = Value::Array(required);
                }
                object
            }
        }
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

fn placeholder() -> Value {
    json!({
        "type": "object",
        "description": "A placeholder: the docs refer to this type but no page defines it.",
        "x-placeholder": true,
    })
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

/// OData's `timeOfDayValue`: `hour ":" minute [ ":" second [ "." fractionalSeconds ] ]`.
pub const TIME_OF_DAY: &str = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$";
/// OData's `durationValue`: `[ sign ] "P" [ 1*DIGIT "D" ] [ "T" [ 1*DIGIT "H" ] [ 1*DIGIT "M" ]
/// [ 1*DIGIT [ "." 1*DIGIT ] "S" ] ]` (the pattern the OASIS tool `odata-openapi` writes).
pub const DURATION: &str = r"^-?P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?$";

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
        // OData's TimeOfDay and Duration as patterns of their ABNF, not as the `time` and
        // `duration` formats: those are RFC 3339's and ISO 8601's, and validators' formats
        // refuse what OData writes (`08:00` without seconds; `PT0.043S`, `-PT17.1S`).
        Primitive::TimeOfDay => return json!({ "type": "string", "pattern": TIME_OF_DAY }),
        Primitive::Duration => return json!({ "type": "string", "pattern": DURATION }),
        Primitive::Binary | Primitive::Stream => ("string", Some("base64url")),
        // `microsoft.graph.Json`, `Edm.Untyped`: a free-form object.
        Primitive::Untyped => return json!({ "type": "object" }),
    };
    match format {
        Some(f) => json!({ "type": ty, "format": f }),
        None => json!({ "type": ty }),
    }
}

/// The names of the shared OData error shape's schemas, in the document's order.
const ERROR_SCHEMAS: [&str; 3] = [ERROR_SCHEMA, "odata.mainError", "odata.errorDetail"];

/// One schema of the shared OData error shape, by name. The main error is a detail with the
/// details and the service's own inner error besides.
fn error_schema(name: &str) -> Option<Value> {
    let [error, main, detail] = ERROR_SCHEMAS;
    if name == error {
        return Some(json!({
            "type": "object",
            "required": ["error"],
            "properties": { "error": { "$ref": format!("{SCHEMAS}{main}") } },
        }));
    }
    if name != main && name != detail {
        return None;
    }
    let mut schema = json!({
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": { "type": "string" },
            "message": { "type": "string" },
            "target": { "type": "string", "nullable": true },
        },
    });
    if name == main {
        if let Some(Value::Object(properties)) = schema.get_mut("properties") {
            properties.insert(
                "details".into(),
                json!({ "type": "array", "items": { "$ref": format!("{SCHEMAS}{detail}") } }),
            );
            properties.insert(
                "innerError".into(),
                json!({ "type": "object", "description": "Service-specific details." }),
            );
        }
    }
    Some(schema)
}

/// `{ type: array, items }`, the item moved in (`json!` would serialize a copy).
fn array_of(items: Value) -> Value {
    Value::Object(Map::from_iter([
        ("type".to_owned(), json!("array")),
        ("items".to_owned(), items),
    ]))
}

/// `{ anyOf: [schema, { enum: [null] }] }`, the schema moved in: null or the schema.
fn or_null(schema: Value) -> Value {
    Value::Object(Map::from_iter([(
        "anyOf".to_owned(),
        Value::Array(vec![schema, json!({ "enum": [null] })]),
    )]))
}

/// `{ allOf: [schema] }`, the schema moved in.
fn all_of(schema: Value) -> Value {
    Value::Object(Map::from_iter([(
        "allOf".to_owned(),
        Value::Array(vec![schema]),
    )]))
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
}
