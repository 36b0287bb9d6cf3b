//! The Rust side of the model, built once: what each model type becomes in the generated
//! crate. Every type gets a module path and a Rust name; every struct its members (own and
//! inherited, nearest declaration first), each with its wire name, Rust name, [`Target`] and
//! whether the case tests' aid walks it; every enum its variants and catch-all. Bodies are read
//! as a [`BodyShape`].
//!
//! The models emitter renders this view, the case tests take their types from it, and the
//! round-trip check interprets it: the three cannot decide a type, a box or a walk
//! differently. Names that collide once cased are made distinct here, each a `name-collision`
//! diagnostic.

mod shape;

use std::collections::{BTreeMap, HashMap};

use proc_macro2::TokenStream;
use quote::quote;

pub use shape::{BodyShape, Target};

use crate::diag::{Code, Diagnostic, Location};
use crate::ident::{self, Name, Scope};
use crate::model::{EnumMember, Model, Property, TypeDef, TypeKind, TypeRef};
use crate::vocab::odata_type::type_key;

/// The Rust view of a model.
pub struct RustView<'m> {
    model: &'m Model,
    /// Each namespace, in the model's order, with its module and its types' items.
    namespaces: Vec<Module<'m>>,
    /// Qualified name → (namespace, item) in `namespaces`.
    index: HashMap<String, (usize, usize)>,
    /// The same in lower case, as an `@odata.type` names a type: the first of names that
    /// differ only in case.
    by_odata_type: HashMap<String, (usize, usize)>,
    /// Types the user's crate provides (`Config::extern_path`): qualified name → Rust path.
    /// They are not generated; every reference names the user's type.
    externs: BTreeMap<String, String>,
    /// The names that had to change to stay distinct.
    pub diagnostics: Vec<Diagnostic>,
}

/// A namespace's module.
pub struct Module<'m> {
    /// `microsoft.graph`.
    pub namespace: &'m str,
    /// `microsoft_graph`.
    pub name: Name,
    /// Its types, in the model's order.
    pub items: Vec<RustItem<'m>>,
}

/// What a model type becomes.
pub enum RustItem<'m> {
    Struct(StructView<'m>),
    Enum(EnumView<'m>),
}

impl RustItem<'_> {
    /// The type's qualified name.
    pub fn qualified(&self) -> &str {
        match self {
            RustItem::Struct(s) => &s.qualified,
            RustItem::Enum(e) => &e.qualified,
        }
    }

    /// The Rust name of the type.
    pub fn name(&self) -> &Name {
        match self {
            RustItem::Struct(s) => &s.name,
            RustItem::Enum(e) => &e.name,
        }
    }
}

/// An entity or complex type as a struct.
pub struct StructView<'m> {
    /// `microsoft.graph.user`.
    pub qualified: String,
    pub name: Name,
    pub def: &'m TypeDef,
    /// The bases whose properties it holds as its own fields, nearest first.
    pub inherited: Vec<&'m str>,
    /// Its documented fields, own and inherited, by wire name.
    pub fields: Vec<FieldView<'m>>,
}

impl StructView<'_> {
    /// The field a member fills.
    pub fn field(&self, wire: &str) -> Option<&FieldView<'_>> {
        let at = self.fields.binary_search_by(|f| f.wire.cmp(wire)).ok()?;
        self.fields.get(at)
    }

    /// Whether any field is walked by the case tests' aid.
    pub fn walks_any(&self) -> bool {
        self.fields.iter().any(|f| f.walked)
    }
}

/// One documented field of a struct.
pub struct FieldView<'m> {
    pub wire: &'m str,
    pub name: Name,
    pub property: &'m Property,
    /// What one value reads into.
    pub target: Target,
    /// Whether its value may hold undocumented values of its own (a struct or an enum the
    /// models define, not one the user's crate provides), so the case tests' aid walks it.
    pub walked: bool,
}

impl FieldView<'_> {
    /// Whether the field holds a list of values.
    pub fn collection(&self) -> bool {
        self.property.collection
    }
}

/// An enumeration as an enum with a catch-all variant.
pub struct EnumView<'m> {
    pub qualified: String,
    pub name: Name,
    pub def: &'m TypeDef,
    /// The documented members, in the docs' order.
    pub variants: Vec<(Name, &'m EnumMember)>,
    /// The variant that keeps a value the docs do not list.
    pub other: Name,
    /// Whether a value is a comma-separated list of members (a flags enum with members).
    pub flags: bool,
}

impl EnumView<'_> {
    /// Whether a value reads as documented members.
    pub fn is_documented(&self, text: &str) -> bool {
        let member = |v: &str| self.variants.iter().any(|(name, _)| name.wire == v);
        member(text) || (self.flags && text.split(',').all(|part| member(part.trim())))
    }
}

impl<'m> RustView<'m> {
    /// The view of every type of `model`.
    pub fn new(model: &'m Model) -> RustView<'m> {
        RustView::with_extern_paths(model, &[])
    }

    /// The view of `model` with some types provided by the user's crate, as prost-build's
    /// `extern_path`: each (qualified name or namespace, Rust path) maps that type, or every
    /// type of that namespace, named by its Rust name below the path (`microsoft.graph` →
    /// `crate::graph`: `crate::graph::User`), to the user's. The paths were checked to parse
    /// ([`check_rust_path`]).
    pub fn with_extern_paths(model: &'m Model, extern_paths: &[(String, String)]) -> RustView<'m> {
        use rayon::prelude::*;
        let mut diagnostics = Vec::new();
        let mut namespaces = Vec::with_capacity(model.namespaces.len());
        let mut index = HashMap::new();
        let mut by_odata_type = HashMap::new();
        for (ns, namespace) in &model.namespaces {
            let mut scope = Scope::default();
            let mut named = Vec::with_capacity(namespace.types.len());
            for (name, ty) in &namespace.types {
                let (rust, clash) = scope.add(ident::type_name(name));
                if let Some(other) = clash {
                    let message = format!(
                        "the type `{ns}.{name}` is named `{}` in Rust: `{other}` is taken",
                        rust.rust
                    );
                    diagnostics.push(collision(ty, 1, message));
                }
                named.push((format!("{ns}.{name}"), rust, ty));
            }
            for (i, (qualified, _, _)) in named.iter().enumerate() {
                index.insert(qualified.clone(), (namespaces.len(), i));
                let key = type_key(qualified);
                by_odata_type.entry(key).or_insert((namespaces.len(), i));
            }
            namespaces.push((ns.as_str(), named));
        }
        let externs = externs(&namespaces, extern_paths);
        let mut view = RustView {
            model,
            namespaces: Vec::new(),
            index,
            by_odata_type,
            externs,
            diagnostics: Vec::new(),
        };
        for (ns, named) in namespaces {
            let built: Vec<(RustItem, Vec<Diagnostic>)> = named
                .into_par_iter()
                .map(|(qualified, name, ty)| view.build_item(qualified, name, ty))
                .collect();
            let mut items = Vec::with_capacity(built.len());
            for (item, found) in built {
                items.push(item);
                diagnostics.extend(found);
            }
            view.namespaces.push(Module {
                namespace: ns,
                name: ident::module(ns),
                items,
            });
        }
        view.diagnostics = diagnostics;
        view
    }

    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// Every namespace's module, in order.
    pub fn modules(&self) -> &[Module<'m>] {
        &self.namespaces
    }

    /// The item a qualified name becomes.
    pub fn item(&self, qualified: &str) -> Option<&RustItem<'m>> {
        let &(ns, at) = self.index.get(qualified)?;
        self.namespaces.get(ns)?.items.get(at)
    }

    /// The struct a qualified name becomes.
    pub fn structure(&self, qualified: &str) -> Option<&StructView<'m>> {
        match self.item(qualified)? {
            RustItem::Struct(s) => Some(s),
            RustItem::Enum(_) => None,
        }
    }

    /// The generated struct of a type derived from `base` that an `@odata.type` names
    /// (`#microsoft.graph.user`, in any case): what a value read as `base` is read again as
    /// ([`derived_types`](Self::derived_types) lists them for the case tests). Neither may be
    /// the user's type.
    pub fn derived(&self, odata_type: &str, base: &str) -> Option<&StructView<'m>> {
        let &(ns, at) = self.by_odata_type.get(&type_key(odata_type))?;
        let RustItem::Struct(derived) = self.namespaces.get(ns)?.items.get(at)? else {
            return None;
        };
        let generated = !self.is_extern(base) && !self.is_extern(&derived.qualified);
        (generated && derived.inherited.contains(&base)).then_some(derived)
    }

    /// Every generated struct an `@odata.type` can name as derived from another: those with
    /// a base, in the model's order, one of names that differ only in case.
    pub fn derived_types(&self) -> impl Iterator<Item = &StructView<'m>> {
        let structs = self.namespaces.iter().flat_map(|m| &m.items);
        structs.filter_map(move |item| match item {
            RustItem::Struct(s)
                if !s.inherited.is_empty()
                    && !self.is_extern(&s.qualified)
                    && self.index.get(&s.qualified)
                        == self.by_odata_type.get(&type_key(&s.qualified)) =>
            {
                Some(s)
            }
            _ => None,
        })
    }

    /// The enum a qualified name becomes.
    pub fn enumeration(&self, qualified: &str) -> Option<&EnumView<'m>> {
        match self.item(qualified)? {
            RustItem::Enum(e) => Some(e),
            RustItem::Struct(_) => None,
        }
    }

    /// What a value of a model type reads into.
    pub fn target(&self, ty: &TypeRef) -> Target {
        match ty {
            TypeRef::Primitive(crate::vocab::Primitive::Untyped) => Target::Any,
            TypeRef::Primitive(p) => Target::Primitive(*p),
            // Any JSON: a struct could not hold the arrays and strings it may be.
            TypeRef::Named(name) if self.model.is_free_json(name) => Target::Any,
            TypeRef::Named(name) => match self.model.get(name).map(|t| t.kind) {
                Some(TypeKind::Enum) => Target::Enum(name.clone()),
                Some(_) => Target::Struct(name.clone()),
                // A type no page defines: its JSON as it comes.
                None => Target::Any,
            },
            TypeRef::Unknown(_) => Target::Any,
        }
    }

    /// Whether the user's crate provides the type (it is not generated).
    pub fn is_extern(&self, qualified: &str) -> bool {
        self.externs.contains_key(qualified)
    }

    /// The path of a type from inside any namespace module (and from the case tests' module
    /// beside them): `super::microsoft_graph::User`, or the user's own for an extern type.
    pub fn path(&self, qualified: &str) -> Option<TokenStream> {
        if let Some(path) = self.externs.get(qualified) {
            let path: syn::Path = syn::parse_str(path).ok()?;
            return Some(quote! { #path });
        }
        let &(ns, at) = self.index.get(qualified)?;
        let module = self.namespaces.get(ns)?;
        let (module, name) = (module.name.ident(), module.items.get(at)?.name().ident());
        Some(quote! { super::#module::#name })
    }

    /// The Rust type of one value of `target`, from inside a namespace module.
    pub fn rust_type(&self, target: &Target) -> TokenStream {
        let json = || quote! { ::serde_json::Value };
        match target {
            Target::Struct(name) | Target::Enum(name) => self.path(name).unwrap_or_else(json),
            Target::Primitive(p) => shape::primitive(*p),
            Target::Any => json(),
        }
    }

    /// The Rust type of a struct's field: every field an `Option` (the service returns
    /// partial objects under `$select`), structs boxed (types may contain themselves).
    pub fn field_type(&self, target: &Target, collection: bool) -> TokenStream {
        let item = self.rust_type(target);
        let item = match target {
            Target::Struct(name) if self.index.contains_key(name) && !self.is_extern(name) => {
                quote! { ::std::boxed::Box<#item> }
            }
            _ => item,
        };
        if collection {
            quote! { ::std::option::Option<::std::vec::Vec<#item>> }
        } else {
            quote! { ::std::option::Option<#item> }
        }
    }

    /// The item of one type (built on any thread).
    fn build_item(
        &self,
        qualified: String,
        name: Name,
        ty: &'m TypeDef,
    ) -> (RustItem<'m>, Vec<Diagnostic>) {
        if ty.kind == TypeKind::Enum {
            let (view, found) = self.enum_view(qualified, name, ty);
            (RustItem::Enum(view), found)
        } else {
            let (view, found) = self.struct_view(qualified, name, ty);
            (RustItem::Struct(view), found)
        }
    }

    fn struct_view(
        &self,
        qualified: String,
        name: Name,
        ty: &'m TypeDef,
    ) -> (StructView<'m>, Vec<Diagnostic>) {
        let (model, externs) = (self.model, &self.externs);
        // Own and inherited properties, the nearest definition first.
        let mut properties: BTreeMap<&'m str, &'m Property> = BTreeMap::new();
        // The bases, as `Model::ancestors` walks them from the type (a cycle cut where it
        // would be).
        let limit: usize = model.namespaces.values().map(|n| n.types.len()).sum();
        let bases = (ty.base_type.as_deref())
            .into_iter()
            .flat_map(|base| model.ancestors(base))
            .take(limit.saturating_sub(1));
        let mut inherited = Vec::new();
        for (wire, p) in &ty.properties {
            properties.insert(wire.as_str(), p);
        }
        for (base, def) in bases {
            inherited.push(base);
            for (wire, p) in &def.properties {
                properties.entry(wire.as_str()).or_insert(p);
            }
        }
        let mut scope = Scope::default();
        // Reserved for the fields every struct has.
        scope.add(ident::field("@odata.type"));
        scope.add(ident::field("additional_properties"));
        scope.add(ident::field("nulls"));
        let mut found = Vec::new();
        let mut fields = Vec::with_capacity(properties.len());
        for (wire, property) in properties {
            if wire == "@odata.type" {
                continue;
            }
            let (field, clash) = scope.add(ident::field(wire));
            if let Some(other) = clash {
                let message = format!(
                    "`{wire}` of `{qualified}` is `{}` in Rust: `{other}` is taken by another property",
                    field.rust
                );
                found.push(collision(ty, property.line, message));
            }
            let target = self.target(&property.ty);
            let walked =
                matches!(&target, Target::Struct(t) | Target::Enum(t) if !externs.contains_key(t));
            fields.push(FieldView {
                wire,
                name: field,
                property,
                target,
                walked,
            });
        }
        let view = StructView {
            qualified,
            name,
            def: ty,
            inherited,
            fields,
        };
        (view, found)
    }

    fn enum_view(
        &self,
        qualified: String,
        name: Name,
        ty: &'m TypeDef,
    ) -> (EnumView<'m>, Vec<Diagnostic>) {
        let mut scope = Scope::default();
        let mut found = Vec::new();
        let mut variants = Vec::with_capacity(ty.members.len());
        for m in &ty.members {
            let (variant, clash) = scope.add(ident::type_name(&m.name));
            if let Some(other) = clash {
                let message = format!(
                    "member `{}` of `{}` is `{}` in Rust: `{other}` is taken",
                    m.name, name.wire, variant.rust
                );
                found.push(collision(ty, 1, message));
            }
            variants.push((variant, m));
        }
        let (other, _) = scope.add(ident::type_name("unknownValue"));
        let flags = ty.flags && !variants.is_empty();
        let view = EnumView {
            qualified,
            name,
            def: ty,
            variants,
            other,
            flags,
        };
        (view, found)
    }
}

/// A `name-collision` on the type's first page.
fn collision(ty: &TypeDef, line: u32, message: String) -> Diagnostic {
    let page = ty.sources.first().cloned().unwrap_or_default();
    Diagnostic {
        location: Location::at(page, line),
        code: Code::NameCollision,
        message,
    }
}

/// The types `extern_paths` maps to the user's: a qualified name to its path, and each type of
/// a namespace named to the path joined with the type's Rust name (an exact name wins over its
/// namespace).
fn externs(
    namespaces: &[(&str, Vec<(String, Name, &TypeDef)>)],
    extern_paths: &[(String, String)],
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if extern_paths.is_empty() {
        return out;
    }
    for (ns, named) in namespaces {
        let of_namespace = extern_paths.iter().find(|(name, _)| name == ns);
        for (qualified, rust, _) in named {
            let exact = extern_paths.iter().find(|(name, _)| name == qualified);
            let path = match (exact, of_namespace) {
                (Some((_, path)), _) => path.clone(),
                (None, Some((_, path))) => format!("{path}::{}", rust.rust),
                (None, None) => continue,
            };
            out.insert(qualified.clone(), path);
        }
    }
    out
}

/// Whether `path` is a Rust path a type can be named by (`crate::graph::User`,
/// `::my_crate::Id`): what `Config::extern_path` accepts.
pub fn check_rust_path(path: &str) -> Result<(), String> {
    syn::parse_str::<syn::Path>(path)
        .map(drop)
        .map_err(|e| format!("`{path}` is not a Rust path: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pages::{model, resource};

    #[test]
    fn extern_paths_name_a_type_or_each_type_of_a_namespace() {
        let pages = [
            resource("thing", "", &["part | [part](part.md) | A part."], "{}"),
            resource("part", "", &["id | String | The key."], "{}"),
        ];
        let (model, _) = model(&pages);
        let exact = [("microsoft.graph.part".to_owned(), "crate::Mine".to_owned())];
        let view = RustView::with_extern_paths(&model, &exact);
        assert!(view.is_extern("microsoft.graph.part") && !view.is_extern("microsoft.graph.thing"));
        let path = view.path("microsoft.graph.part").map(|p| p.to_string());
        assert_eq!(path.as_deref(), Some("crate :: Mine"));
        // The field holds the user's type, unboxed, and is not walked by the test aid.
        let thing = view.structure("microsoft.graph.thing").expect("a struct");
        let part = thing.field("part").expect("the field");
        assert!(!part.walked);
        let ty = view.field_type(&part.target, false).to_string();
        assert_eq!(ty, ":: std :: option :: Option < crate :: Mine >");
        // A namespace: each of its types by its Rust name; an exact name wins.
        let both = [
            ("microsoft.graph".to_owned(), "crate::graph".to_owned()),
            ("microsoft.graph.part".to_owned(), "crate::Mine".to_owned()),
        ];
        let view = RustView::with_extern_paths(&model, &both);
        let path = |name: &str| view.path(name).map(|p| p.to_string());
        assert_eq!(
            path("microsoft.graph.thing").as_deref(),
            Some("crate :: graph :: Thing")
        );
        assert_eq!(
            path("microsoft.graph.part").as_deref(),
            Some("crate :: Mine")
        );
    }
}
