// What every generated case test runs. It is parsed and re-printed into `cases.rs`, so only
// doc comments survive; this file is not compiled in the generator itself.

/// A documented example, as the generated test states it.
pub struct Case {
    pub page: &'static str,
    /// The example's name (its annotation's, made unique), by which its page names it: not its
    /// line, so that edits elsewhere on the page leave the tests as they are.
    pub example: &'static str,
    /// The request's method and its URL path (no host, version or query), if it has a request.
    pub request_line: Option<(&'static str, &'static str)>,
    /// The method and path template of the route the example is filed under, if any.
    pub route: Option<(&'static str, &'static str)>,
    pub request: Option<&'static str>,
    /// When the request body is an action's parameters: each one's name and check, by name.
    pub request_parameters: &'static [(&'static str, Check)],
    pub response: Option<&'static str>,
    /// The docs defect the case is known to fail on: its kind and JSON path.
    pub known_failure: Option<(&'static str, &'static str)>,
}

/// The problems found: kind and JSON path.
pub type Problems = ::std::vec::Vec<(::std::string::String, ::std::string::String)>;

/// Checks one value at a path; `false` when it does not deserialize (the check stops there).
pub type Check = fn(&::serde_json::Value, &str, &mut Problems) -> bool;

/// What a body is deserialized into: a model, an OData envelope, or any JSON.
pub trait Body:
    ::serde::de::DeserializeOwned + ::serde::Serialize + super::super::undocumented::Undocumented
{
}

impl<T> Body for T where
    T: ::serde::de::DeserializeOwned + ::serde::Serialize + super::super::undocumented::Undocumented
{
}

/// The OData envelope of a collection: `{ "value": [...] }`.
pub type Collection<T> = Envelope<::std::vec::Vec<T>>;

/// The OData envelope of one primitive or enum value: `{ "value": x }`.
pub type Single<T> = Envelope<T>;

#[derive(::serde::Serialize, ::serde::Deserialize)]
pub struct Envelope<T> {
    pub value: T,
    /// `@odata.context`, `@odata.nextLink` and other annotations.
    #[serde(flatten)]
    pub annotations: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
}

impl<T: super::super::undocumented::Undocumented> super::super::undocumented::Undocumented for Envelope<T> {
    fn undocumented(&self, path: &str, out: &mut super::super::undocumented::Found) {
        let fields = self.annotations.keys().filter(|k| !k.contains('@'));
        out.undocumented.extend(fields.map(|k| format!("{path}/{k}")));
        self.value.undocumented(&format!("{path}/value"), out);
    }
}

/// Runs a case: the URL against the route, each body through its type. A case expected to
/// pass must show no problem; a known failure must still show its problem.
pub fn run<Request: Body, Response: Body>(case: &Case) {
    let mut problems = Problems::new();
    if let Some((method, url)) = case.request_line {
        let fits = case.route.is_some_and(|(route_method, template)| {
            route_method == method && matches(template, url)
        });
        if !fits {
            problems.push(("url".to_owned(), "url".to_owned()));
        }
    }
    if let Some(body) = case.request {
        if case.request_parameters.is_empty() {
            check::<Request>(body, "request", &mut problems);
        } else {
            parameters(body, case.request_parameters, &mut problems);
        }
    }
    if let Some(body) = case.response {
        check::<Response>(body, "response", &mut problems);
    }
    let list = problems
        .iter()
        .map(|(kind, path)| format!("\n  {kind} at `{path}`"))
        .collect::<::std::string::String>();
    match case.known_failure {
        None => assert!(
            problems.is_empty(),
            "{} ({}): the example fails:{list}",
            case.page,
            case.example
        ),
        Some((kind, path)) => assert!(
            problems.iter().any(|(k, p)| k == kind && p == path),
            "{} ({}): the known failure ({kind} at `{path}`) is gone; the docs may be fixed: regenerate. Problems now:{list}",
            case.page,
            case.example
        ),
    }
}

/// Deserializes, re-serializes and compares one body, and lists what the docs do not declare.
fn check<T: Body>(
    body: &str,
    root: &str,
    problems: &mut Problems,
) {
    let deserializer = &mut ::serde_json::Deserializer::from_str(body);
    let typed: T = match ::serde_path_to_error::deserialize(deserializer) {
        Ok(typed) => typed,
        Err(error) => {
            problems.push(("type".to_owned(), join(root, error.path())));
            return;
        }
    };
    let original: ::serde_json::Value = match ::serde_json::from_str(body) {
        Ok(value) => value,
        Err(_) => return problems.push(("type".to_owned(), root.to_owned())),
    };
    match ::serde_json::to_value(&typed) {
        Ok(back) => compare(&original, Some(&back), root, problems),
        Err(_) => problems.push(("lost".to_owned(), root.to_owned())),
    }
    walk(&typed, root, problems);
}

/// Lists what the docs do not declare in a value read, then reads each object whose
/// `@odata.type` names a documented type derived from the one it was read as again as that
/// type ([`as_derived`]): each object once, below it the same way.
fn walk<T: Body>(typed: &T, path: &str, problems: &mut Problems) {
    let mut found = super::super::undocumented::Found::new(derives);
    super::super::undocumented::Undocumented::undocumented(typed, path, &mut found);
    problems.extend(found.undocumented.into_iter().map(|p| ("undocumented".to_owned(), p)));
    for (path, named, value) in found.derived {
        if let Some((_, read)) = derived(&named) {
            read(&value, &path, problems);
        }
    }
}

/// Reads an object again as a derived type.
pub type Read = fn(&::serde_json::Value, &str, &mut Problems);

/// An object read through its base, again as the derived type `T` its `@odata.type` names
/// (what `helpers::Derived::as_derived` does): every member it held comes back, and `T`
/// declares them all. One that does not deserialize as `T` is a `type` problem at the object.
pub fn as_derived<T: Body>(value: &::serde_json::Value, path: &str, problems: &mut Problems) {
    let typed: T = match ::serde::Deserialize::deserialize(value) {
        Ok(typed) => typed,
        Err(_) => return problems.push(("type".to_owned(), path.to_owned())),
    };
    match ::serde_json::to_value(&typed) {
        Ok(back) => compare(value, Some(&back), path, problems),
        Err(_) => problems.push(("lost".to_owned(), path.to_owned())),
    }
    walk(&typed, path, problems);
}

/// Whether an `@odata.type` names a documented type derived from `base` (a qualified name).
fn derives(named: &str, base: &str) -> bool {
    derived(named).is_some_and(|(bases, _)| bases.contains(&base))
}

/// A body described row by row (an action's parameters): each documented key through its
/// type, `null` allowed; other keys are not judged.
fn parameters(body: &str, checks: &[(&str, Check)], problems: &mut Problems) {
    let value: ::serde_json::Value = match ::serde_json::from_str(body) {
        Ok(value) => value,
        Err(_) => return problems.push(("type".to_owned(), "request".to_owned())),
    };
    let ::serde_json::Value::Object(map) = &value else {
        return problems.push(("type".to_owned(), "request".to_owned()));
    };
    for (name, check) in checks {
        if let Some(value) = map.get(*name)
            && !check(value, &format!("request/{name}"), problems)
        {
            return;
        }
    }
}

/// One parameter's value through its type and back.
pub fn parameter<T: Body>(value: &::serde_json::Value, path: &str, problems: &mut Problems) -> bool {
    let typed: T = match ::serde_path_to_error::deserialize(value) {
        Ok(typed) => typed,
        Err(error) => {
            problems.push(("type".to_owned(), join(path, error.path())));
            return false;
        }
    };
    match ::serde_json::to_value(&typed) {
        Ok(back) => compare(value, Some(&back), path, problems),
        Err(_) => problems.push(("lost".to_owned(), path.to_owned())),
    }
    walk(&typed, path, problems);
    true
}

/// A path below `root` from a deserialization error's path.
fn join(root: &str, at: &::serde_path_to_error::Path) -> ::std::string::String {
    let mut path = root.to_owned();
    for segment in at.iter() {
        match segment {
            ::serde_path_to_error::Segment::Map { key } => {
                path.push('/');
                path.push_str(key);
            }
            ::serde_path_to_error::Segment::Seq { index } => {
                path.push_str(&format!("/{index}"));
            }
            _ => {}
        }
    }
    path
}

/// Every value of `original` must come back, equal or only spelled differently (a date and
/// time with another offset notation, a GUID in lower case, base64 with padding).
fn compare(
    original: &::serde_json::Value,
    back: Option<&::serde_json::Value>,
    path: &str,
    problems: &mut Problems,
) {
    use ::serde_json::Value;
    let same = match (original, back) {
        // A `null` member comes back absent: to a reader the two are the same.
        (Value::Null, None) => true,
        (_, None) => false,
        (Value::Object(a), Some(Value::Object(b))) => {
            for (key, value) in a {
                compare(value, b.get(key), &format!("{path}/{key}"), problems);
            }
            true
        }
        (Value::Array(a), Some(Value::Array(b))) if a.len() == b.len() => {
            for (i, value) in a.iter().enumerate() {
                compare(value, b.get(i), &format!("{path}/{i}"), problems);
            }
            true
        }
        (Value::String(a), Some(Value::String(b))) => a == b || same_text(a, b),
        (Value::Number(a), Some(Value::Number(b))) => same_number(a, b),
        (a, Some(b)) => a == b,
    };
    if !same {
        problems.push(("lost".to_owned(), path.to_owned()));
    }
}

fn same_text(a: &str, b: &str) -> bool {
    fn same<T: ::std::str::FromStr + PartialEq>(a: &str, b: &str) -> bool {
        matches!((a.parse::<T>(), b.parse::<T>()), (Ok(x), Ok(y)) if x == y)
    }
    same::<::chrono::DateTime<::chrono::FixedOffset>>(a, b)
        || same::<::chrono::NaiveTime>(a, b)
        || same::<::uuid::Uuid>(a, b)
        || matches!(
            (
                ::serde_json::from_value::<super::super::helpers::Base64>(a.into()),
                ::serde_json::from_value::<super::super::helpers::Base64>(b.into()),
            ),
            (Ok(x), Ok(y)) if x == y
        )
}

fn same_number(a: &::serde_json::Number, b: &::serde_json::Number) -> bool {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x == y;
    }
    match (a.as_f64(), b.as_f64()) {
        // A Single keeps about seven digits.
        (Some(x), Some(y)) => x == y || (x - y).abs() <= 1e-6 * x.abs().max(y.abs()),
        _ => false,
    }
}
