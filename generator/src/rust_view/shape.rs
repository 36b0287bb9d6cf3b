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
pub enum Shape {
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

impl Shape {
    /// How the route's request body is read.
    pub fn request(view: &RustView, route: &Route) -> Shape {
        let Some(body) = &route.request_body else {
            return Shape::Any;
        };
        match body.ty.as_ref().map(|t| view.target(t)) {
            Some(Target::Struct(name)) => Shape::Object(name),
            Some(_) => Shape::Any,
            None if body.parameters.is_empty() => Shape::Any,
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
                Shape::Parameters(parameters)
            }
        }
    }

    /// How the route's response body is read; `annotated_collection` when the example's
    /// annotation says it is a collection.
    pub fn response(view: &RustView, route: &Route, annotated_collection: bool) -> Shape {
        let Some(response) = &route.response else {
            return Shape::Any;
        };
        let target = response.ty.as_ref().map_or(Target::Any, |t| view.target(t));
        match target {
            Target::Any => Shape::Any,
            t if response.collection || annotated_collection => Shape::Collection(t),
            Target::Struct(name) => Shape::Object(name),
            t => Shape::Value(t),
        }
    }

    /// The Rust type a body is read into from the case tests' module, whose `support` module
    /// holds the envelopes.
    pub fn rust_type(&self, view: &RustView) -> TokenStream {
        match self {
            // Parameters are checked one by one.
            Shape::Any | Shape::Parameters(_) => quote! { ::serde_json::Value },
            Shape::Object(name) => view.rust_type(&Target::Struct(name.clone())),
            Shape::Collection(t) => {
                let item = view.rust_type(t);
                quote! { support::Collection<#item> }
            }
            Shape::Value(t) => {
                let item = view.rust_type(t);
                quote! { support::Single<#item> }
            }
        }
    }
}
