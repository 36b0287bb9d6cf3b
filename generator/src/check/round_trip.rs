//! How an example body fares through the generated Rust models, decided from the model alone:
//! whether it deserializes into the route's type, re-serializes without losing a field, and
//! uses only the fields and enum values the docs declare. The generated case tests
//! (`cases.rs`) check the same three things by running the models; every case test asserts
//! that the two agree, so this module is what `cases.yaml` and the summary report as a case's
//! expected outcome.
//!
//! The rules mirror the models exactly: every field is an `Option`, and a `null` reads as
//! `None` and is written back as `null` (the struct's `nulls`): nothing is lost; unknown keys
//! land in `additional_properties` (undocumented unless the type is open or the object names
//! another type in `@odata.type`); strings are parsed by the same crates the models use
//! (chrono, uuid, base64). An object whose `@odata.type` names a documented type derived from
//! the one it is read as is then read again as that type, as the case tests do through
//! `helpers::Derived`.

use std::fmt;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::Serialize;
use serde_json::Value;

use crate::diag::Code;
use crate::rust_view::{BodyShape, RustView, Target};
use crate::vocab::Primitive;
use crate::vocab::odata_type::same_type;

/// Why a case fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The request's URL is not an instance of the route's template.
    Url,
    /// The value cannot be deserialized into its type.
    Type,
    /// The value deserializes, but re-serializing drops it (`null` in a non-nullable field).
    Lost,
    /// A field or enum value the docs do not declare.
    Undocumented,
}

impl ProblemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Url => "url",
            ProblemKind::Type => "type",
            ProblemKind::Lost => "lost",
            ProblemKind::Undocumented => "undocumented",
        }
    }
}

/// One way a case fails: what, where (`response/value/0/id`), the diagnostic code of the docs
/// defect, and why in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub path: String,
    pub code: Code,
    pub detail: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at `{}`: {}",
            self.kind.as_str(),
            self.path,
            self.detail
        )
    }
}

/// Checks one body read as `shape`; `root` names it (`request`, `response`). Every problem is
/// listed, so one type error does not hide the others; values that cannot be deserialized come
/// first, in document order, the first being where serde stops.
///
/// An object whose `@odata.type` names a type derived from the one it is read as is read as
/// that type too, as the case tests read it again (`helpers::Derived` in the models): after the
/// body has deserialized, each such object (outermost first) as its own type. One that does
/// not deserialize so is one `type` problem at the object; below it nothing more is judged.
pub fn check(view: &RustView, shape: &BodyShape, body: &Value, root: &str) -> BodyVerdict {
    let mut checker = Checker::new(view);
    checker.body(shape, body, root);
    let mut problems = std::mem::take(&mut checker.failures);
    if !problems.is_empty() {
        // Deserializing the body stops at its first failure: nothing is read again.
        problems.extend(checker.problems);
        return BodyVerdict {
            problems,
            derived: 0,
        };
    }
    problems.append(&mut checker.problems);
    // Each object is read again once: one read as its base does not look inside it.
    let mut queue = std::collections::VecDeque::from(std::mem::take(&mut checker.derived));
    let mut derived = 0;
    while let Some(Derived { name, value, path }) = queue.pop_front() {
        derived += 1;
        let mut again = Checker::new(view);
        again.structure(name, value, &path);
        match again.failures.first() {
            Some(first) => problems.push(Problem {
                kind: ProblemKind::Type,
                detail: format!(
                    "as `{name}`, the type its `@odata.type` names: at `{}`, {}",
                    first.path.strip_prefix(&path).unwrap_or(&first.path),
                    first.detail
                ),
                path,
                code: Code::ExampleSchema,
            }),
            None => {
                problems.append(&mut again.problems);
                queue.extend(again.derived);
            }
        }
    }
    BodyVerdict { problems, derived }
}

/// What [`check`] finds in a body.
pub struct BodyVerdict {
    /// Every problem, the first failure first.
    pub problems: Vec<Problem>,
    /// How many objects were read again as the derived type their `@odata.type` names.
    pub derived: usize,
}

struct Checker<'v, 'm, 'b> {
    view: &'v RustView<'m>,
    /// The values that do not deserialize, in document order.
    failures: Vec<Problem>,
    problems: Vec<Problem>,
    /// The objects to read again as the derived type their `@odata.type` names.
    derived: Vec<Derived<'v, 'b>>,
    /// Inside such an object, read as its base: only what deserializing finds is judged
    /// (a failure, a value lost), not what the docs leave out.
    inside_derived: bool,
}

/// An object to read again as a derived type: the type, the object and its path.
struct Derived<'v, 'b> {
    name: &'v str,
    value: &'b Value,
    path: String,
}

impl<'v, 'm, 'b> Checker<'v, 'm, 'b> {
    fn new(view: &'v RustView<'m>) -> Self {
        Checker {
            view,
            failures: Vec::new(),
            problems: Vec::new(),
            derived: Vec::new(),
            inside_derived: false,
        }
    }

    fn fail(&mut self, path: &str, detail: String) {
        self.failures.push(Problem {
            kind: ProblemKind::Type,
            path: path.to_owned(),
            code: Code::ExampleSchema,
            detail,
        });
    }

    fn note(&mut self, kind: ProblemKind, code: Code, path: &str, detail: String) {
        if self.inside_derived && kind == ProblemKind::Undocumented {
            return;
        }
        self.problems.push(Problem {
            kind,
            path: path.to_owned(),
            code,
            detail,
        });
    }

    fn body(&mut self, shape: &BodyShape, body: &'b Value, root: &str) {
        match shape {
            BodyShape::Any => {}
            BodyShape::Object(name) => self.structure(name, body, root),
            BodyShape::Parameters(parameters) => {
                let Value::Object(map) = body else {
                    return self.fail(root, format!("expected an object, found {}", kind(body)));
                };
                for (name, target, collection) in parameters {
                    match map.get(name) {
                        None | Some(Value::Null) => {}
                        Some(value) if *collection => {
                            self.collection(target, value, &format!("{root}/{name}"))
                        }
                        Some(value) => self.value(target, value, &format!("{root}/{name}")),
                    }
                }
            }
            BodyShape::Collection(target) | BodyShape::Value(target) => {
                let Value::Object(map) = body else {
                    return self.fail(root, format!("expected an object, found {}", kind(body)));
                };
                let Some(value) = map.get("value") else {
                    return self.fail(root, "missing field `value`".to_owned());
                };
                let path = format!("{root}/value");
                if matches!(shape, BodyShape::Collection(_)) {
                    self.collection(target, value, &path);
                } else if value.is_null() && *target != Target::Any {
                    self.fail(&path, "expected a value, found null".to_owned());
                } else {
                    self.value(target, value, &path);
                }
                for key in map.keys().filter(|k| *k != "value" && !k.contains('@')) {
                    let detail = "the OData envelope has no such field".to_owned();
                    self.note(
                        ProblemKind::Undocumented,
                        Code::ExampleSchema,
                        &format!("{root}/{key}"),
                        detail,
                    );
                }
            }
        }
    }

    fn collection(&mut self, target: &Target, value: &'b Value, path: &str) {
        let Value::Array(items) = value else {
            return self.fail(path, format!("expected an array, found {}", kind(value)));
        };
        for (i, item) in items.iter().enumerate() {
            let path = format!("{path}/{i}");
            if item.is_null() && *target != Target::Any {
                self.fail(&path, "expected a value, found null".to_owned());
            } else {
                self.value(target, item, &path);
            }
        }
    }

    /// A non-null value (or `null` for [`Target::Any`]).
    fn value(&mut self, target: &Target, value: &'b Value, path: &str) {
        match target {
            Target::Any => {}
            Target::Struct(name) => self.structure(name, value, path),
            Target::Enum(name) => {
                let Some(text) = value.as_str() else {
                    return self.fail(path, format!("expected a string, found {}", kind(value)));
                };
                if !self.is_member(name, text) {
                    let detail = format!("`{text}` is not a member of `{name}`");
                    self.note(ProblemKind::Undocumented, Code::ExampleSchema, path, detail);
                }
            }
            Target::Primitive(p) => {
                if let Err(expected) = primitive(*p, value) {
                    self.fail(path, format!("expected {expected}, found {}", kind(value)));
                } else if *p == Primitive::Single
                    && value
                        .as_f64()
                        .is_some_and(|x| x.abs() > f64::from(f32::MAX))
                {
                    let detail = "out of the range of a Single".to_owned();
                    self.note(ProblemKind::Lost, Code::ExampleSchema, path, detail);
                }
            }
        }
    }

    fn is_member(&self, name: &str, text: &str) -> bool {
        (self.view.enumeration(name)).is_none_or(|e| e.is_documented(text))
    }

    fn structure(&mut self, name: &str, value: &'b Value, path: &str) {
        let Value::Object(map) = value else {
            return self.fail(path, format!("expected an object, found {}", kind(value)));
        };
        let view = self.view;
        let Some(structure) = view.structure(name) else {
            return;
        };
        let named = map.get("@odata.type").and_then(Value::as_str);
        let outside_derived = !self.inside_derived;
        if let Some(derived) = named
            .and_then(|t| view.derived(t, name))
            .filter(|_| outside_derived)
        {
            let path = path.to_owned();
            let name = derived.qualified.as_str();
            self.derived.push(Derived { name, value, path });
            self.inside_derived = true;
        }
        let mut unknown: Vec<&str> = Vec::new();
        for (key, item) in map {
            let at = format!("{path}/{key}");
            if key == "@odata.type" {
                match item {
                    Value::String(_) | Value::Null => {}
                    other => self.fail(&at, format!("expected a string, found {}", kind(other))),
                }
            } else if let Some(field) = structure.field(key) {
                if !item.is_null() {
                    if field.collection() {
                        self.collection(&field.target, item, &at);
                    } else {
                        self.value(&field.target, item, &at);
                    }
                }
            } else {
                unknown.push(key);
            }
        }
        self.inside_derived = !outside_derived;
        let open = structure.def.open_type;
        let names_other = named.is_some_and(|t| !same_type(t, name));
        if open || names_other {
            return;
        }
        for key in unknown.into_iter().filter(|k| !k.contains('@')) {
            let spelled = (structure.fields.iter())
                .find(|f| f.wire.eq_ignore_ascii_case(key))
                .map(|f| f.wire);
            let (code, detail) = match spelled {
                Some(spelled) => (
                    Code::PropertyCaseMismatch,
                    format!("`{name}` spells it `{spelled}`"),
                ),
                None => (
                    Code::PropertyNotInResource,
                    format!("`{name}` has no such property"),
                ),
            };
            self.note(
                ProblemKind::Undocumented,
                code,
                &format!("{path}/{key}"),
                detail,
            );
        }
    }
}

/// Whether a non-null JSON value deserializes into the Rust type of a primitive; the error is
/// what was expected.
fn primitive(p: Primitive, value: &Value) -> Result<(), &'static str> {
    let int = |min: i64, max: i64| {
        let fits = value.as_i64().is_some_and(|n| n >= min && n <= max)
            || (max == i64::MAX && value.as_u64().is_some_and(|n| i64::try_from(n).is_ok()));
        if fits {
            Ok(())
        } else {
            Err("an integer in range")
        }
    };
    let text = |parses: fn(&str) -> bool, expected: &'static str| match value.as_str() {
        Some(s) if parses(s) => Ok(()),
        _ => Err(expected),
    };
    match p {
        Primitive::String | Primitive::Duration | Primitive::Stream => text(|_| true, "a string"),
        Primitive::Boolean => value.is_boolean().then_some(()).ok_or("a boolean"),
        Primitive::Byte => int(0, 255),
        Primitive::SByte => int(-128, 127),
        Primitive::Int16 => int(i64::from(i16::MIN), i64::from(i16::MAX)),
        Primitive::Int32 => int(i64::from(i32::MIN), i64::from(i32::MAX)),
        Primitive::Int64 => int(i64::MIN, i64::MAX),
        Primitive::Single | Primitive::Double | Primitive::Decimal => {
            value.is_number().then_some(()).ok_or("a number")
        }
        Primitive::Guid => text(|s| s.parse::<uuid::Uuid>().is_ok(), "a GUID"),
        Primitive::DateTimeOffset => text(
            |s| s.parse::<chrono::DateTime<chrono::FixedOffset>>().is_ok(),
            "an RFC 3339 date and time",
        ),
        Primitive::Date => text(|s| s.parse::<chrono::NaiveDate>().is_ok(), "a date"),
        Primitive::TimeOfDay => text(|s| s.parse::<chrono::NaiveTime>().is_ok(), "a time of day"),
        Primitive::Binary => text(|s| base64(s).is_some(), "base64 text"),
        Primitive::Untyped => Ok(()),
    }
}

/// Base64 as the models read it: padding written or not, standard or URL-safe alphabet.
fn base64(text: &str) -> Option<Vec<u8>> {
    let lenient =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let text = text.trim_end_matches('=');
    GeneralPurpose::new(&base64::alphabet::STANDARD, lenient)
        .decode(text)
        .or_else(|_| GeneralPurpose::new(&base64::alphabet::URL_SAFE, lenient).decode(text))
        .ok()
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::model::{EnumMember, Model, Namespace, Property, TypeDef, TypeKind, TypeRef};

    fn property(ty: TypeRef, collection: bool, nullable: Option<bool>) -> Property {
        Property {
            ty,
            line: 1,
            collection,
            navigation: false,
            nullable,
            read_only: false,
            values: Vec::new(),
            description: String::new(),
            sources: Default::default(),
        }
    }

    fn def(kind: TypeKind, properties: BTreeMap<String, Property>) -> TypeDef {
        TypeDef {
            kind,
            base_type: None,
            key: None,
            r#abstract: false,
            open_type: false,
            has_stream: false,
            flags: false,
            description: None,
            properties,
            members: Vec::new(),
            sources: vec!["resources/thing.md".into()],
            line: 1,
            inferred: false,
            methods: Vec::new(),
        }
    }

    /// `thing { name: String not null, tags: String collection, when: DateTimeOffset,
    /// color: color, part: thing }` and `color { red, blue }`.
    fn model() -> Model {
        let p = |ty: TypeRef, collection, nullable| property(ty, collection, nullable);
        let thing = def(
            TypeKind::Complex,
            BTreeMap::from([
                (
                    "name".into(),
                    p(TypeRef::Primitive(Primitive::String), false, Some(false)),
                ),
                (
                    "tags".into(),
                    p(TypeRef::Primitive(Primitive::String), true, None),
                ),
                (
                    "when".into(),
                    p(TypeRef::Primitive(Primitive::DateTimeOffset), false, None),
                ),
                (
                    "color".into(),
                    p(TypeRef::Named("x.color".into()), false, None),
                ),
                (
                    "part".into(),
                    p(TypeRef::Named("x.thing".into()), false, None),
                ),
            ]),
        );
        let mut color = def(TypeKind::Enum, BTreeMap::new());
        color.members = ["red", "blue"]
            .map(|name| EnumMember {
                name: name.into(),
                value: None,
                description: String::new(),
                line: 0,
            })
            .to_vec();
        // `special`, derived from `thing`, adds `level: Int32`.
        let mut special = def(
            TypeKind::Complex,
            BTreeMap::from([(
                "level".into(),
                p(TypeRef::Primitive(Primitive::Int32), false, None),
            )]),
        );
        special.base_type = Some("x.thing".into());
        let mut model = Model::default();
        model.namespaces.insert(
            "x".into(),
            Namespace {
                types: BTreeMap::from([
                    ("thing".into(), thing),
                    ("color".into(), color),
                    ("special".into(), special),
                ]),
            },
        );
        model
    }

    fn problems(body: Value) -> Vec<String> {
        let model = model();
        let view = RustView::new(&model);
        check(
            &view,
            &BodyShape::Object("x.thing".into()),
            &body,
            "response",
        )
        .problems
        .iter()
        .map(|p| format!("{} {}", p.kind.as_str(), p.path))
        .collect()
    }

    #[test]
    fn a_documented_body_has_no_problem() {
        let body = json!({ "name": "a", "tags": ["b"], "when": "2021-07-01T10:00:00.1234567+03:00",
            "color": "red", "part": { "name": "c", "when": null }, "@odata.etag": "W/1" });
        assert_eq!(problems(body), Vec::<String>::new());
    }

    #[test]
    fn every_problem_is_listed_the_first_failure_first() {
        // One type error hides nothing else: serde stops at `when`, the reader sees all three.
        let body = json!({ "nope": 1, "when": "datetime-value", "name": 5 });
        assert_eq!(
            problems(body),
            [
                "type response/when",
                "type response/name",
                "undocumented response/nope"
            ]
        );
        assert_eq!(
            problems(json!({ "tags": [null] })),
            ["type response/tags/0"]
        );
        assert_eq!(problems(json!("text")), ["type response"]);
    }

    #[test]
    fn a_null_reads_as_absent_and_is_not_lost() {
        let body = json!({ "@odata.type": null, "name": null, "tags": null, "when": null });
        assert_eq!(problems(body), Vec::<String>::new());
        // A null item of a collection is no value of the item type.
        assert_eq!(
            problems(json!({ "tags": [null] })),
            ["type response/tags/0"]
        );
    }

    #[test]
    fn undeclared_fields_and_enum_values_are_undocumented_at_every_depth() {
        let body = json!({ "Name": "a", "color": "green", "part": { "extra": 1 } });
        assert_eq!(
            problems(body),
            [
                "undocumented response/color",
                "undocumented response/part/extra",
                "undocumented response/Name"
            ]
        );
        // An object that names another type in `@odata.type` is not judged by this one.
        let derived = json!({ "@odata.type": "#x.other", "extra": 1 });
        assert_eq!(problems(derived), Vec::<String>::new());
    }

    #[test]
    fn an_object_naming_a_derived_type_is_read_again_as_that_type() {
        // Its own members are documented there; the base's are read twice, judged once.
        let special = json!({ "@odata.type": "#X.Special", "level": 3, "name": "a",
            "part": { "@odata.type": "#x.special", "level": 4 } });
        assert_eq!(problems(special), Vec::<String>::new());
        // What the derived type does not declare, at any depth, each object judged once.
        let body = json!({ "part": { "@odata.type": "#x.special", "extra": 1, "color": "green",
            "part": { "@odata.type": "#x.special", "more": 2 } } });
        assert_eq!(
            problems(body),
            [
                "undocumented response/part/color",
                "undocumented response/part/extra",
                "undocumented response/part/part/more"
            ]
        );
        // A value the derived type refuses: one problem at the object, nothing below it.
        let body = json!({ "part": { "@odata.type": "#x.special", "level": "high", "x": 1 } });
        assert_eq!(problems(body), ["type response/part"]);
        // A failure of the base's read stops everything, as deserializing the body does.
        let body = json!({ "name": 5, "part": { "@odata.type": "#x.special", "x": 1 } });
        assert_eq!(problems(body), ["type response/name"]);
        // A type that is not derived from the one read is no reason to read again.
        let body = json!({ "part": { "@odata.type": "#x.color", "x": 1 } });
        assert_eq!(problems(body), Vec::<String>::new());
    }

    #[test]
    fn collections_and_single_values_go_through_the_envelope() {
        let model = model();
        let view = RustView::new(&model);
        let shape = BodyShape::Collection(Target::Struct("x.thing".into()));
        let run = |body: Value| {
            check(&view, &shape, &body, "response")
                .problems
                .iter()
                .map(|p| format!("{} {}", p.kind.as_str(), p.path))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            run(json!({ "value": [{ "name": "a" }], "@odata.nextLink": "x" })),
            Vec::<String>::new()
        );
        assert_eq!(run(json!({ "items": [] })), ["type response"]);
        assert_eq!(
            run(json!({ "value": [], "count": 1 })),
            ["undocumented response/count"]
        );
    }
}
