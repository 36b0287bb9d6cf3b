//! What a value and a whole body read into.

use proc_macro2::TokenStream;
use quote::quote;

use super::RustView;
use crate::model::Route;
use crate::vocab::Primitive;

/// What a value deserializes into.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A struct: an entity or complex type, by qualified name.
    Struct(String),
    /// An enum type, by qualified name.
    Enum(String),
    Primitive(Primitive),
    /// `serde_json::Value`: untyped JSON, or a type no page defines.
    Any,
}

impl Target {
    /// The name a case gives the type it reads: qualified, or the primitive's.
    pub fn name(&self) -> Option<String> {
        match self {
            Target::Struct(name) | Target::Enum(name) => Some(name.clone()),
            Target::Primitive(p) => Some(p.to_string()),
            Target::Any => None,
        }
    }
}

/// How a whole body is read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BodyShape {
    /// The body is the object itself.
    Object(String),
    /// The OData envelope `{ "value": [...] }`.
    Collection(Target),
    /// The OData envelope of a single primitive or enum value, `{ "value": x }`.
    Value(Target),
    /// A body the Request body table describes row by row (an action's parameters, or the
    /// properties an update may send): each documented key through its type, single or a
    /// collection, `null` allowed. Other keys are not judged: on update and create pages the
    /// table lists only some of the type's properties.
    Parameters(Vec<(String, Target, bool)>),
    /// Any JSON.
    Any,
}

impl BodyShape {
    /// How the route's request body is read.
    pub fn request(view: &RustView, route: &Route) -> BodyShape {
        let Some(body) = &route.request_body else {
            return BodyShape::Any;
        };
        match body.ty.as_ref().map(|t| view.target(t)) {
            Some(Target::Struct(name)) => BodyShape::Object(name),
            Some(_) => BodyShape::Any,
            None if body.parameters.is_empty() => BodyShape::Any,
            None => {
                let mut parameters: Vec<(String, Target, bool)> = body
                    .parameters
                    .iter()
                    .map(|p| {
                        let target = p.ty.as_ref().map_or(Target::Any, |t| view.target(t));
                        (p.name.clone(), target, p.collection)
                    })
                    .collect();
                parameters.sort_by(|a, b| a.0.cmp(&b.0));
                parameters.dedup_by(|a, b| a.0 == b.0);
                BodyShape::Parameters(parameters)
            }
        }
    }

    /// How the route's response body is read; `annotated_collection` when the example's
    /// annotation says it is a collection.
    pub fn response(view: &RustView, route: &Route, annotated_collection: bool) -> BodyShape {
        let Some(response) = &route.response else {
            return BodyShape::Any;
        };
        let target = response.ty.as_ref().map_or(Target::Any, |t| view.target(t));
        match target {
            Target::Any => BodyShape::Any,
            t if response.collection || annotated_collection => BodyShape::Collection(t),
            Target::Struct(name) => BodyShape::Object(name),
            t => BodyShape::Value(t),
        }
    }

    /// The Rust type a body is read into from the case tests' module, whose `support` module
    /// holds the envelopes.
    pub fn rust_type(&self, view: &RustView) -> TokenStream {
        match self {
            // Parameters are checked one by one.
            BodyShape::Any | BodyShape::Parameters(_) => quote! { ::serde_json::Value },
            BodyShape::Object(name) => view.rust_type(&Target::Struct(name.clone())),
            BodyShape::Collection(t) => {
                let item = view.rust_type(t);
                quote! { support::Collection<#item> }
            }
            BodyShape::Value(t) => {
                let item = view.rust_type(t);
                quote! { support::Single<#item> }
            }
        }
    }
}

/// The Rust type of a primitive, from inside a module beside the namespace modules.
pub fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String | Primitive::Duration | Primitive::Stream => {
            quote! { ::std::string::String }
        }
        Primitive::Boolean => quote! { bool },
        Primitive::Byte => quote! { u8 },
        Primitive::SByte => quote! { i8 },
        Primitive::Int16 => quote! { i16 },
        Primitive::Int32 => quote! { i32 },
        Primitive::Int64 => quote! { i64 },
        Primitive::Single => quote! { f32 },
        Primitive::Double | Primitive::Decimal => quote! { f64 },
        Primitive::Guid => quote! { ::uuid::Uuid },
        Primitive::DateTimeOffset => quote! { ::chrono::DateTime<::chrono::FixedOffset> },
        Primitive::Date => quote! { ::chrono::NaiveDate },
        Primitive::TimeOfDay => quote! { ::chrono::NaiveTime },
        Primitive::Binary => quote! { super::helpers::Base64 },
        Primitive::Untyped => quote! { ::serde_json::Value },
    }
}
