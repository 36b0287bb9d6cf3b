//! Rust models: one struct per entity and complex type, one enum per enumeration, a module per
//! namespace, built with quote and printed with prettyplease (never rustfmt, whose version
//! differs between machines).
//!
//! Every property is an `Option<T>` (the service returns partial objects under `$select`):
//! absent and `null` both read as `None`, and `None` is not sent. A PATCH that clears a property
//! puts `null` under its JSON name in `additional_properties`, the map that keeps the fields a
//! struct does not declare and that is sent as it is. A derived type carries its ancestors'
//! properties as its own fields (copied, not flattened: serde's `flatten` cannot share the
//! catch-all map between levels), so a collection typed as a base type keeps a derived
//! instance's extra fields in that map.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_syntax::{doc_text, module_of, parse_items, primitive, print};
use crate::diag::{Code, Diagnostic, Location};
use crate::ident::{self, Name, Scope};
use crate::model::{Model, Property, TypeDef, TypeKind, TypeRef};

pub struct RustModels {
    /// `models.rs`: every namespace module, includable anywhere.
    pub models: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// The crate the models need: named, with its dependencies, for `Cargo.toml`.
pub const DEPENDENCIES: &str = r#"serde = "1"
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
uuid = { version = "1", features = ["serde"] }
base64 = "0.22"
"#;

/// What the case tests need besides the models' dependencies.
pub const DEV_DEPENDENCIES: &str = r#"serde_path_to_error = "0.1"
serde = { version = "1", features = ["derive"] }
"#;

/// What the models hold besides the types.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The `Undocumented` test aid the case tests use, compiled under
    /// `cfg(any(test, feature = "test-aids"))`; left out when false.
    pub test_aids: bool,
}

pub fn build(model: &Model, docs_label: &crate::Label, options: Options) -> RustModels {
    build_in_pieces(model, docs_label, options, PIECE)
}

/// [`build`], printing structs of more than `piece` fields a piece at a time.
fn build_in_pieces(
    model: &Model,
    docs_label: &crate::Label,
    options: Options,
    piece: usize,
) -> RustModels {
    use rayon::prelude::*;
    let (paths, mut diagnostics) = ident::type_paths(model);
    // Each type is built, printed inside its module and dropped: neither the tokens nor the
    // syntax tree of the whole file ever exist at once. prettyplease prints an item in a module
    // the same whatever its neighbours, so printing a module one type at a time gives the bytes
    // printing it whole would; the types are printed on every core and joined in order.
    let mut models = String::new();
    for (ns, namespace) in &model.namespaces {
        // The namespace's module, written empty; syntax trees stay on their thread.
        let module = || -> syn::ItemMod {
            let module = ident::module(ns).ident();
            let doc = format!(" Types of the `{}` namespace.", doc_text(ns));
            syn::parse_quote! {
                #[doc = #doc]
                pub mod #module {}
            }
        };
        let types: Vec<(&String, &TypeDef)> = namespace.types.iter().collect();
        let printed: Vec<(String, Vec<Diagnostic>)> = types
            .par_iter()
            .map_init(
                || (Emitter::new(options, model, &paths, piece), module()),
                |(emitter, module), (name, ty)| {
                    let printed = emitter.print_item(module, &format!("{ns}.{name}"), ty);
                    (printed, std::mem::take(&mut emitter.diagnostics))
                },
            )
            .collect();
        let mut opened = false;
        for (printed, found) in printed {
            diagnostics.extend(found);
            // `/// Types of ...`, `pub mod x {`, the type's items, `}`.
            let Some(open) = printed
                .find("pub mod ")
                .and_then(|at| printed[at..].find('\n').map(|end| at + end + 1))
            else {
                continue;
            };
            let close = printed.trim_end().len() - 1;
            if !opened {
                models.push_str(&printed[..open]);
                opened = true;
            }
            models.push_str(&printed[open..close]);
        }
        if opened {
            models.push_str("}\n");
        } else {
            models.push_str(&print(vec![module_of(module(), Vec::new())]));
        }
    }
    let mut items = Vec::new();
    if options.test_aids {
        items.extend(parse_items(undocumented_trait()));
    }
    items.extend(parse_items(helpers()));
    models.push_str(&print(items));
    let header = super::header("//", docs_label);
    RustModels {
        models: format!("{header}\n{models}"),
        diagnostics,
    }
}

/// `Cargo.toml` and `src/lib.rs` of the standalone crate around `models.rs`.
pub fn crate_files(docs_label: &crate::Label) -> (String, String) {
    let cargo = format!(
        "{}\n[package]\nname = \"graph-models\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[features]\n# The `Undocumented` trait the case tests use, for tests outside this crate.\ntest-aids = []\n\n[dependencies]\n{DEPENDENCIES}\n[dev-dependencies]\n{DEV_DEPENDENCIES}\n[workspace]\n",
        super::header("#", docs_label)
    );
    let lib = format!(
        "{}\n//! Models generated from the markdown pages in `{docs_label}/`.\n\ninclude!(\"models.rs\");\n\n/// One test per documented example.\n#[cfg(test)]\nmod cases;\n",
        super::header("//", docs_label)
    );
    (cargo, lib)
}

struct Emitter<'m> {
    options: Options,
    model: &'m Model,
    /// Qualified type name → (module, type name).
    paths: &'m BTreeMap<String, (Name, Name)>,
    diagnostics: Vec<Diagnostic>,
    /// A field of each Rust type a property has, parsed once and cloned for every property of
    /// that type: a struct of a million fields is built as a syntax tree, never as tokens.
    field_templates: std::collections::HashMap<(String, bool), syn::Field>,
    /// Structs with more fields than this are printed in pieces of this many.
    piece: usize,
    /// The syntax every struct member shares, parsed once per emitter (per thread).
    syntax: Syntax,
    /// The items of a struct without its members, by (open type, walks fields): see
    /// [`Emitter::skeleton`].
    skeletons: std::collections::HashMap<(bool, bool), Vec<syn::Item>>,
    /// The items of an enum without its members, by flags or not: see
    /// [`Emitter::enum_skeleton`].
    enum_skeletons: std::collections::HashMap<bool, Vec<syn::Item>>,
    /// The doc comments of the items being printed.
    docs: DocBlocks,
}

impl<'m> Emitter<'m> {
    fn new(
        options: Options,
        model: &'m Model,
        paths: &'m BTreeMap<String, (Name, Name)>,
        piece: usize,
    ) -> Self {
        Emitter {
            options,
            model,
            paths,
            diagnostics: Vec::new(),
            field_templates: std::collections::HashMap::new(),
            piece,
            syntax: Syntax::new(),
            skeletons: std::collections::HashMap::new(),
            enum_skeletons: std::collections::HashMap::new(),
            docs: DocBlocks::default(),
        }
    }

    fn report(&mut self, page: &str, line: u32, message: String) {
        let location = Location::at(page.to_owned(), line);
        self.diagnostics.push(Diagnostic {
            location,
            code: Code::NameCollision,
            message,
        });
    }

    /// The path of a type from inside any namespace module.
    fn path(&self, qualified: &str) -> Option<TokenStream> {
        let (module, name) = self.paths.get(qualified)?;
        let (module, name) = (module.ident(), name.ident());
        Some(quote! { super::#module::#name })
    }

    /// The type's items printed inside `module`.
    fn print_item(&mut self, module: &syn::ItemMod, qualified: &str, ty: &TypeDef) -> String {
        let Some((_, name)) = self.paths.get(qualified).cloned() else {
            return print(vec![module_of(module.clone(), Vec::new())]);
        };
        if ty.kind == TypeKind::Enum {
            let items = self.enumeration(&name, ty);
            return self
                .docs
                .splice(print(vec![module_of(module.clone(), items)]));
        }
        self.structure(module, qualified, &name, ty)
    }

    fn structure(
        &mut self,
        module: &syn::ItemMod,
        qualified: &str,
        name: &Name,
        ty: &TypeDef,
    ) -> String {
        let ident = name.ident();
        // Own and inherited properties, the nearest definition first.
        let model = self.model;
        let chain: Vec<(&str, &TypeDef)> = model.ancestors(qualified).collect();
        let inherited: Vec<&str> = chain.iter().skip(1).map(|(name, _)| *name).collect();
        let mut properties: BTreeMap<&str, &Property> = BTreeMap::new();
        for (_, def) in &chain {
            for (wire, p) in &def.properties {
                properties.entry(wire.as_str()).or_insert(p);
            }
        }
        let page = ty.sources.first().cloned().unwrap_or_default();
        let mut scope = Scope::default();
        // Reserved for the two fields every struct has.
        scope.add(ident::field("@odata.type"));
        scope.add(ident::field("additional_properties"));
        let mut members: Vec<Member> = Vec::with_capacity(properties.len());
        for (wire, p) in properties {
            if wire == "@odata.type" {
                continue;
            }
            let (field, clash) = scope.add(ident::field(wire));
            if let Some(other) = clash {
                let message = format!(
                    "`{wire}` of `{qualified}` is `{}` in Rust: `{other}` is taken by another property",
                    field.rust
                );
                self.report(&page, p.line, message);
            }
            // Fields whose values may hold undocumented values of their own.
            let walks = matches!(&p.ty, TypeRef::Named(target) if self.path(target).is_some() && !model.is_free_json(target));
            members.push(Member {
                wire,
                property: p,
                field,
                walks,
            });
        }
        let mut doc = doc_lines(ty.description.as_deref().unwrap_or_default());
        if !inherited.is_empty() {
            let bases = inherited
                .iter()
                .map(|b| format!("`{b}`"))
                .collect::<Vec<_>>()
                .join(", ");
            doc.extend(doc_lines(&format!(
                "\n\nIncludes the properties it inherits from {bases}."
            )));
        }
        let walked = members.iter().any(|m| m.walks);
        let mut items = self.skeleton(ty.open_type, walked).to_vec();
        let mut rename = Rename {
            ident: &ident,
            qualified,
        };
        for item in &mut items {
            syn::visit_mut::VisitMut::visit_item_mut(&mut rename, item);
        }
        if let Some(syn::Item::Struct(item)) = items.first_mut() {
            let wire = format!(" `{}`", doc_text(qualified));
            let gap = (!doc.is_empty()).then(String::new);
            let lines = std::iter::once(wire).chain(gap).chain(doc).collect();
            item.attrs.splice(0..0, self.docs.attribute(lines));
        }
        // A struct of many fields is printed in pieces: markers hold the places of its
        // fields, arms and statements, and each piece is printed apart at the same depth.
        let in_pieces = members.len() > self.piece;
        let mut fields = Vec::new();
        let (mut reads, mut writes, mut walks) = (Vec::new(), Vec::new(), Vec::new());
        if in_pieces {
            fields.push(marker_field());
            reads.push(marker_arm());
            writes.push(marker_stmt());
            walks.push(marker_stmt());
        } else {
            for m in &members {
                fields.push(self.field(&m.field, m.property));
                reads.push(self.syntax.read(m));
                writes.push(self.syntax.write(m));
                walks.extend(self.syntax.walk(m));
            }
        }
        place_members(&mut items, fields, reads, writes, walks);
        let printed = self
            .docs
            .splice(print(vec![module_of(module.clone(), items)]));
        if !in_pieces {
            return printed;
        }
        self.splice(&printed, &members)
    }

    /// `skeleton` with each marker line replaced by what it stands for, printed a piece at a
    /// time, the pieces on every core (syntax trees stay on the thread that builds them) and
    /// joined in order.
    fn splice(&self, skeleton: &str, members: &[Member]) -> String {
        use rayon::prelude::*;
        let mut out = String::with_capacity(skeleton.len() + members.len() * 256);
        // The markers in the order the items hold them: fields, arms, writes, walks.
        let mut next = 0;
        for line in skeleton.split_inclusive('\n') {
            let marker = match line.trim() {
                MARKER_FIELD if next == 0 => 0,
                MARKER_ARM if next == 1 => 1,
                MARKER_STMT if next == 2 || next == 3 => next,
                _ => {
                    out.push_str(line);
                    continue;
                }
            };
            next = marker + 1;
            let (options, model, paths, size) = (self.options, self.model, self.paths, self.piece);
            let printed: Vec<String> = members
                .par_chunks(size)
                .map_init(
                    // An emitter for each thread: the same model and options, caches and
                    // syntax of its own (syntax trees are not Send).
                    || Emitter::new(options, model, paths, size),
                    |emitter, piece| match marker {
                        0 => {
                            let fields = (piece.iter())
                                .map(|m| emitter.field(&m.field, m.property))
                                .collect();
                            emitter.docs.splice(print_piece(in_struct(fields), 2, 2))
                        }
                        1 => {
                            let arms = piece.iter().map(|m| emitter.syntax.read(m)).collect();
                            print_piece(in_match(arms), 4, 5)
                        }
                        2 => {
                            let stmts = piece.iter().map(|m| emitter.syntax.write(m)).collect();
                            print_piece(in_fn(stmts), 3, 3)
                        }
                        _ => {
                            let walks = piece.iter().filter_map(|m| emitter.syntax.walk(m));
                            print_piece(in_fn(walks.collect()), 3, 3)
                        }
                    },
                )
                .collect();
            for piece in printed {
                out.push_str(&piece);
            }
        }
        out
    }

    /// The items of a struct without its members, docs or names, for a type that is open or
    /// not, with fields whose values are walked for undocumented fields or not: parsed once
    /// per emitter for each form, under placeholder names that [`Rename`] replaces.
    fn skeleton(&mut self, open: bool, walked: bool) -> &[syn::Item] {
        let test_aids = self.options.test_aids;
        self.skeletons.entry((open, walked)).or_insert_with(|| {
            let ident = syn::Ident::new(PLACEHOLDER_IDENT, proc_macro2::Span::call_site());
            let qualified = PLACEHOLDER_NAME;
            let own = if open {
                // An open type declares any field.
                quote! {}
            } else {
                quote! {
                    if self.odata_type.as_deref().is_none_or(|t| super::undocumented::same_type(t, #qualified)) {
                        out.extend(self.additional_properties.keys().filter(|k| !k.contains('@')).map(|k| format!("{path}/{k}")));
                    }
                }
            };
            let signature = if open && !walked {
                quote! { fn undocumented(&self, _: &str, _: &mut ::std::vec::Vec<::std::string::String>) }
            } else {
                quote! { fn undocumented(&self, path: &str, out: &mut ::std::vec::Vec<::std::string::String>) }
            };
            let undocumented_impl = test_aids.then(|| {
                quote! {
                    #[cfg(any(test, feature = "test-aids"))]
                    impl super::undocumented::Undocumented for #ident {
                        #signature {
                            #own
                        }
                    }
                }
            });
            parse_items(quote! {
                #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default, ::std::cmp::PartialEq)]
                pub struct #ident {
                    /// The type of the instance: this type or one derived from it.
                    pub odata_type: ::std::option::Option<::std::string::String>,
                    /// Fields the docs do not list (open types, derived types, newer service
                    /// versions), sent as they are: a PATCH clears a property with `null` here.
                    pub additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
                }

                impl super::helpers::Object for #ident {
                    const NAME: &'static str = #qualified;

                    fn read_field<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: super::helpers::Key<'de>, map: &mut A) -> ::std::result::Result<(), A::Error> {
                        match &*key {
                            "@odata.type" => self.odata_type = map.next_value()?,
                            _ => {
                                let value = map.next_value()?;
                                self.additional_properties.insert(key.into_owned(), value);
                            }
                        }
                        ::std::result::Result::Ok(())
                    }

                    fn write_fields<M: ::serde::ser::SerializeMap>(&self, map: &mut M) -> ::std::result::Result<(), M::Error> {
                        super::helpers::write(map, "@odata.type", &self.odata_type)?;
                        super::helpers::write_all(map, &self.additional_properties)
                    }
                }

                impl ::serde::Serialize for #ident {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        super::helpers::serialize(self, serializer)
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #ident {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        super::helpers::deserialize(deserializer)
                    }
                }

                #undocumented_impl
            })
        })
    }

    fn field(&mut self, name: &Name, p: &Property) -> syn::Field {
        let key = (p.ty.to_string(), p.collection);
        let mut field = match self.field_templates.get(&key) {
            Some(template) => template.clone(),
            None => {
                let item = self.rust_type(&p.ty);
                let ty = if p.collection {
                    quote! { ::std::option::Option<::std::vec::Vec<#item>> }
                } else {
                    quote! { ::std::option::Option<#item> }
                };
                let template: syn::Field =
                    syn::parse::Parser::parse2(syn::Field::parse_named, quote! { pub field: #ty })
                        .unwrap_or_else(|_| syn::parse_quote! { pub field: ::serde_json::Value });
                self.field_templates.insert(key, template.clone());
                template
            }
        };
        field.attrs = self
            .docs
            .attribute(doc_lines(&p.description))
            .into_iter()
            .collect();
        field.ident = Some(name.ident());
        field
    }

    /// The Rust type of a value; structs are boxed, since types may contain themselves.
    fn rust_type(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Primitive(p) => primitive(*p),
            // Any JSON: a struct could not hold the arrays and strings it may be.
            TypeRef::Named(name) if self.model.is_free_json(name) => {
                quote! { ::serde_json::Value }
            }
            TypeRef::Named(name) => match (self.path(name), self.model.get(name).map(|t| t.kind)) {
                (Some(path), Some(TypeKind::Enum)) => path,
                (Some(path), Some(_)) => quote! { ::std::boxed::Box<#path> },
                // A type no page defines: its JSON as it comes.
                _ => quote! { ::serde_json::Value },
            },
            TypeRef::Unknown(_) => quote! { ::serde_json::Value },
        }
    }

    /// An enum's items: cloned from a skeleton parsed once per emitter, with the enum's
    /// names, members and docs put in.
    fn enumeration(&mut self, name: &Name, ty: &TypeDef) -> Vec<syn::Item> {
        let ident = name.ident();
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for m in &ty.members {
            let (variant, clash) = scope.add(ident::type_name(&m.name));
            if let Some(other) = clash {
                let page = ty.sources.first().cloned().unwrap_or_default();
                self.report(
                    &page,
                    1,
                    format!(
                        "member `{}` of `{}` is `{}` in Rust: `{other}` is taken",
                        m.name, name.wire, variant.rust
                    ),
                );
            }
            variants.push((variant, doc_lines(&m.description)));
        }
        let (other, _) = scope.add(ident::type_name("unknownValue"));
        let flags = ty.flags && !variants.is_empty();
        let mut items = self.enum_skeleton(flags).to_vec();
        let mut fill = EnumFill {
            ident: &ident,
            other: other.ident(),
            variants: &variants,
            docs: &mut self.docs,
        };
        for item in &mut items {
            syn::visit_mut::VisitMut::visit_item_mut(&mut fill, item);
        }
        let doc = doc_lines(ty.description.as_deref().unwrap_or_default());
        let wire = format!(" `{}`", doc_text(&name.wire));
        let gap = (!doc.is_empty()).then(String::new);
        for item in &mut items {
            if let syn::Item::Enum(item) = item {
                let lines = std::iter::once(wire).chain(gap).chain(doc).collect();
                item.attrs.splice(0..0, self.docs.attribute(lines));
                break;
            }
        }
        items
    }

    /// The items of an enum without its members, docs or names, for flags or not: parsed once
    /// per emitter for each, under placeholder names that [`EnumFill`] replaces.
    fn enum_skeleton(&mut self, flags: bool) -> &[syn::Item] {
        let test_aids = self.options.test_aids;
        self.enum_skeletons.entry(flags).or_insert_with(|| {
            let span = proc_macro2::Span::call_site();
            let ident = syn::Ident::new(PLACEHOLDER_IDENT, span);
            let other = syn::Ident::new(PLACEHOLDER_OTHER, span);
            let check = if flags {
                // Flags travel as a comma-separated list of members.
                quote! {
                    match self {
                        Self::#other(value) if !value.split(',').all(|part| matches!(part.trim(), "")) => {
                            out.push(path.to_owned());
                        }
                        _ => {}
                    }
                }
            } else {
                quote! {
                    if let Self::#other(_) = self {
                        out.push(path.to_owned());
                    }
                }
            };
            let undocumented_impl = test_aids.then(|| {
                quote! {
                    #[cfg(any(test, feature = "test-aids"))]
                    impl super::undocumented::Undocumented for #ident {
                        fn undocumented(&self, path: &str, out: &mut ::std::vec::Vec<::std::string::String>) {
                            #check
                        }
                    }
                }
            });
            parse_items(quote! {
                #undocumented_impl

                #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
                #[allow(clippy::enum_variant_names)]
                pub enum #ident {
                    /// A value the docs do not list (enums grow: `unknownFutureValue`), kept as sent.
                    #other(::std::string::String),
                }

                impl #ident {
                    /// The value on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            Self::#other(value) => value,
                        }
                    }
                }

                impl ::serde::Serialize for #ident {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #ident {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                        ::std::result::Result::Ok(match value.as_str() {
                            _ => Self::#other(value),
                        })
                    }
                }
            })
        })
    }
}

/// Puts an enum's names and members in place of an enum skeleton's placeholders: the
/// variants before the catch-all one, an arm per member in `as_str` (`Self::A => "a"`) and in
/// `deserialize` (`"a" => Self::A`), and the members' names in a flags check's `matches!`.
struct EnumFill<'a> {
    ident: &'a syn::Ident,
    other: syn::Ident,
    variants: &'a [(Name, Vec<String>)],
    docs: &'a mut DocBlocks,
}

impl syn::visit_mut::VisitMut for EnumFill<'_> {
    fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
        if ident == PLACEHOLDER_IDENT {
            *ident = self.ident.clone();
        } else if ident == PLACEHOLDER_OTHER {
            *ident = self.other.clone();
        }
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        syn::visit_mut::visit_item_enum_mut(self, item);
        let catch_all = std::mem::take(&mut item.variants);
        let docs = &mut *self.docs;
        item.variants = (self.variants.iter())
            .map(|(v, doc)| syn::Variant {
                attrs: docs.attribute(doc.clone()).into_iter().collect(),
                ident: v.ident(),
                fields: syn::Fields::Unit,
                discriminant: None,
            })
            .chain(catch_all)
            .collect();
    }

    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        syn::visit_mut::visit_expr_match_mut(self, m);
        let span = proc_macro2::Span::call_site();
        let variant = |v: &Name| -> syn::Expr {
            syn::Expr::Path(syn::ExprPath {
                attrs: Vec::new(),
                qself: None,
                path: syn::Path {
                    leading_colon: None,
                    segments: [syn::Ident::new("Self", span), v.ident()]
                        .into_iter()
                        .map(syn::PathSegment::from)
                        .collect(),
                },
            })
        };
        let wire = |v: &Name| -> syn::Expr {
            syn::Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::Str(syn::LitStr::new(&v.wire, span)),
            })
        };
        let arm = |pat: syn::Expr, body: syn::Expr| -> syn::Arm {
            syn::Arm {
                attrs: Vec::new(),
                pat: expr_pattern(pat),
                fat_arrow_token: Default::default(),
                body: Box::new(body),
                comma: Some(Default::default()),
            }
        };
        // `deserialize` matches `value.as_str()`; `as_str` matches `self` with one arm, the
        // catch-all (a flags check also matches `self`, with a guard).
        let members: Vec<syn::Arm> = match (&*m.expr, m.arms.as_slice()) {
            (syn::Expr::MethodCall(_), _) => (self.variants.iter())
                .map(|(v, _)| arm(wire(v), variant(v)))
                .collect(),
            (syn::Expr::Path(_), [only]) if !matches!(only.pat, syn::Pat::Guard(_)) => {
                (self.variants.iter())
                    .map(|(v, _)| arm(variant(v), wire(v)))
                    .collect()
            }
            _ => return,
        };
        m.arms.splice(0..0, members);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if mac.path.is_ident("matches") {
            let names = self.variants.iter().map(|(v, _)| &v.wire);
            mac.tokens = quote! { part.trim(), #(#names)|* };
        }
    }
}

/// An expression as the pattern it spells (a path or a literal).
fn expr_pattern(expr: syn::Expr) -> syn::Pat {
    match expr {
        syn::Expr::Path(p) => syn::Pat::Path(p),
        syn::Expr::Lit(l) => syn::Pat::Lit(l),
        other => syn::Pat::Verbatim(quote! { #other }),
    }
}

/// One documented field of a struct, in the order the struct declares them.
struct Member<'a> {
    wire: &'a str,
    property: &'a Property,
    field: Name,
    /// Whether its value may hold undocumented fields of its own (a type the models define).
    walks: bool,
}

/// A struct with more documented fields than this is printed in pieces of this many, so a
/// struct of a million fields never exists as one syntax tree.
const PIECE: usize = 256;

/// The lines that hold the places of the pieces in a struct printed without them.
const MARKER_FIELD: &str = "pub __graphdoc_members: (),";
const MARKER_ARM: &str = "__graphdoc_members => {}";
const MARKER_STMT: &str = "__graphdoc_members!();";

/// The syntax every member shares, parsed once and cloned: a member's arm and statements are
/// built as syntax trees, never as tokens to parse.
struct Syntax {
    next_value: syn::Expr,
    write: syn::Expr,
    map: syn::Expr,
    undocumented: syn::Expr,
    format: syn::Path,
    out: syn::Expr,
    this: syn::Expr,
}

impl Syntax {
    fn new() -> Self {
        Self {
            next_value: syn::parse_quote! { map.next_value()? },
            write: syn::parse_quote! { super::helpers::write },
            map: syn::parse_quote! { map },
            undocumented: syn::parse_quote! { super::undocumented::Undocumented::undocumented },
            format: syn::parse_quote! { format },
            out: syn::parse_quote! { out },
            this: syn::parse_quote! { self },
        }
    }

    /// `self.field`
    fn member(&self, m: &Member) -> syn::Expr {
        syn::Expr::Field(syn::ExprField {
            attrs: Vec::new(),
            base: Box::new(self.this.clone()),
            dot_token: Default::default(),
            member: syn::Member::Named(m.field.ident()),
        })
    }

    /// `&expr`
    fn reference(expr: syn::Expr) -> syn::Expr {
        syn::Expr::Reference(syn::ExprReference {
            attrs: Vec::new(),
            and_token: Default::default(),
            mutability: None,
            expr: Box::new(expr),
        })
    }

    fn string(text: &str) -> syn::Lit {
        syn::Lit::Str(syn::LitStr::new(text, proc_macro2::Span::call_site()))
    }

    /// `func(args)?;` or, without `?`, `func(args);`
    fn call(func: &syn::Expr, args: Vec<syn::Expr>, tried: bool) -> syn::Stmt {
        let call = syn::Expr::Call(syn::ExprCall {
            attrs: Vec::new(),
            func: Box::new(func.clone()),
            paren_token: Default::default(),
            args: args.into_iter().collect(),
        });
        let expr = if tried {
            syn::Expr::Try(syn::ExprTry {
                attrs: Vec::new(),
                expr: Box::new(call),
                question_token: Default::default(),
            })
        } else {
            call
        };
        syn::Stmt::Expr(expr, Some(Default::default()))
    }

    /// `"wire" => self.field = map.next_value()?,`
    fn read(&self, m: &Member) -> syn::Arm {
        syn::Arm {
            attrs: Vec::new(),
            pat: syn::Pat::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: Self::string(m.wire),
            }),
            fat_arrow_token: Default::default(),
            body: Box::new(syn::Expr::Assign(syn::ExprAssign {
                attrs: Vec::new(),
                left: Box::new(self.member(m)),
                eq_token: Default::default(),
                right: Box::new(self.next_value.clone()),
            })),
            comma: Some(Default::default()),
        }
    }

    /// `super::helpers::write(map, "wire", &self.field)?;`
    fn write(&self, m: &Member) -> syn::Stmt {
        let wire = syn::Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: Self::string(m.wire),
        });
        let args = vec![self.map.clone(), wire, Self::reference(self.member(m))];
        Self::call(&self.write, args, true)
    }

    /// `super::undocumented::Undocumented::undocumented(&self.field, &format!("{path}{}", "/wire"), out);`
    fn walk(&self, m: &Member) -> Option<syn::Stmt> {
        if !m.walks {
            return None;
        }
        let at = format!("/{}", m.wire);
        let path = syn::Expr::Macro(syn::ExprMacro {
            attrs: Vec::new(),
            mac: syn::Macro {
                path: self.format.clone(),
                bang_token: Default::default(),
                delimiter: syn::MacroDelimiter::Paren(Default::default()),
                tokens: quote! { "{path}{}", #at },
            },
        });
        let args = vec![
            Self::reference(self.member(m)),
            Self::reference(path),
            self.out.clone(),
        ];
        Some(Self::call(&self.undocumented, args, false))
    }
}

/// A marker field, arm and statement: placeholders of a struct's members, printed alone on
/// their lines.
fn marker_field() -> syn::Field {
    syn::parse_quote! { pub __graphdoc_members: () }
}

fn marker_arm() -> syn::Arm {
    syn::parse_quote! { __graphdoc_members => {} }
}

fn marker_stmt() -> syn::Stmt {
    syn::parse_quote! { __graphdoc_members!(); }
}

/// `pub struct S { fields }`, in a module.
fn in_struct(fields: Vec<syn::Field>) -> Vec<syn::Item> {
    let mut item: syn::ItemStruct = syn::parse_quote! { pub struct S {} };
    if let syn::Fields::Named(named) = &mut item.fields {
        named.named.extend(fields);
    }
    vec![syn::Item::Struct(item)]
}

/// `impl S { fn f() { match k { arms _ => {} } } }`: arms at their depth, never last.
fn in_match(arms: Vec<syn::Arm>) -> Vec<syn::Item> {
    let mut item: syn::ItemImpl = syn::parse_quote! { impl S { fn f() { match k { _ => {} } } } };
    if let Some(syn::ImplItem::Fn(f)) = item.items.first_mut() {
        if let Some(syn::Stmt::Expr(syn::Expr::Match(m), _)) = f.block.stmts.first_mut() {
            m.arms.splice(0..0, arms);
        }
    }
    vec![syn::Item::Impl(item)]
}

/// `impl S { fn f() { stmts } }`
fn in_fn(stmts: Vec<syn::Stmt>) -> Vec<syn::Item> {
    let mut item: syn::ItemImpl = syn::parse_quote! { impl S { fn f() {} } };
    if let Some(syn::ImplItem::Fn(f)) = item.items.first_mut() {
        f.block.stmts = stmts;
    }
    vec![syn::Item::Impl(item)]
}

/// The struct's fields, arms and statements put in their places in its items: the fields
/// between the two every struct has, the arms before the catch-all, the writes before the
/// catch-all map's, the walks at the end of `undocumented`.
fn place_members(
    items: &mut [syn::Item],
    fields: Vec<syn::Field>,
    reads: Vec<syn::Arm>,
    writes: Vec<syn::Stmt>,
    walks: Vec<syn::Stmt>,
) {
    for item in items {
        match item {
            syn::Item::Struct(item) => {
                if let syn::Fields::Named(named) = &mut item.fields {
                    let mut every = std::mem::take(&mut named.named).into_iter();
                    named.named.extend(every.next());
                    named.named.extend(fields.iter().cloned());
                    named.named.extend(every);
                }
            }
            syn::Item::Impl(item) => {
                for member in &mut item.items {
                    let syn::ImplItem::Fn(f) = member else {
                        continue;
                    };
                    let stmts = &mut f.block.stmts;
                    match f.sig.ident.to_string().as_str() {
                        "read_field" => {
                            if let Some(syn::Stmt::Expr(syn::Expr::Match(m), _)) = stmts.first_mut()
                            {
                                let at = m.arms.len().saturating_sub(1);
                                m.arms.splice(at..at, reads.iter().cloned());
                            }
                        }
                        "write_fields" => {
                            let at = stmts.len().saturating_sub(1);
                            stmts.splice(at..at, writes.iter().cloned());
                        }
                        "undocumented" => stmts.extend(walks.iter().cloned()),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// `items` printed in a module with the first `head` and last `tail` lines cut: what the
/// piece prints as, at the depth it has in its struct.
fn print_piece(items: Vec<syn::Item>, head: usize, tail: usize) -> String {
    let module: syn::ItemMod = syn::parse_quote! { pub mod m {} };
    let printed = print(vec![module_of(module, items)]);
    let lines: Vec<&str> = printed.split_inclusive('\n').collect();
    let keep = lines.len().saturating_sub(tail);
    lines
        .get(head..keep)
        .map(|l| l.concat())
        .unwrap_or_default()
}

/// An outer attribute.
fn attribute(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// Doc comments kept out of the syntax trees: each block of lines is one placeholder
/// attribute, `#[doc = "\u{1}7"]`, and [`DocBlocks::splice`] puts the lines in place of the line
/// prettyplease prints for it, `///\u{1}7`. prettyplease prints a one-line doc attribute that
/// does not start with `/` as `///` and its text with trailing spaces trimmed, on a line of its
/// own at the item's indentation, which is how the lines are written here: the same bytes,
/// without each line escaped into a string literal and parsed back out of it. (Doc lines start
/// with a space or are empty, and hold no line break and no control character: [`doc_lines`].)
#[derive(Default)]
struct DocBlocks(Vec<Vec<String>>);

/// What starts a placeholder's text; no doc line holds a control character.
const PLACEHOLDER_DOC: char = '\u{1}';

impl DocBlocks {
    /// The placeholder of a block of doc lines; none for no lines.
    fn attribute(&mut self, lines: Vec<String>) -> Option<syn::Attribute> {
        if lines.is_empty() {
            return None;
        }
        let placeholder = format!("{PLACEHOLDER_DOC}{}", self.0.len());
        self.0.push(lines);
        Some(doc_attribute(&placeholder))
    }

    /// `printed` with each placeholder line replaced by its block's lines; the blocks are used
    /// up.
    fn splice(&mut self, printed: String) -> String {
        let blocks = std::mem::take(&mut self.0);
        if blocks.is_empty() {
            return printed;
        }
        let extra: usize = blocks.iter().flatten().map(|l| l.len() + 16).sum();
        let mut out = String::with_capacity(printed.len() + extra);
        for line in printed.split_inclusive('\n') {
            let body = line.trim_start_matches(' ');
            let block = (body.strip_prefix("///"))
                .and_then(|rest| rest.strip_prefix(PLACEHOLDER_DOC))
                .and_then(|index| index.trim_end().parse::<usize>().ok())
                .and_then(|index| blocks.get(index));
            let Some(block) = block else {
                out.push_str(line);
                continue;
            };
            let indent = &line[..line.len() - body.len()];
            for doc in block {
                out.push_str(indent);
                out.push_str("///");
                out.push_str(doc.trim_end_matches(' '));
                out.push('\n');
            }
        }
        out
    }
}

/// One `#[doc = "line"]` of a description's doc comment ([`doc_lines`]): text in a string
/// literal can never become code.
fn doc_attribute(line: &str) -> syn::Attribute {
    let span = proc_macro2::Span::call_site();
    attribute(syn::Meta::NameValue(syn::MetaNameValue {
        path: syn::Ident::new("doc", span).into(),
        eq_token: Default::default(),
        value: syn::Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: syn::Lit::Str(syn::LitStr::new(line, span)),
        }),
    }))
}

/// The type name a struct skeleton is parsed with ([`Emitter::skeleton`]); no type of the
/// docs can have it, and it is replaced before any of the type's own syntax is added.
const PLACEHOLDER_IDENT: &str = "GraphdocSkeleton";
/// The qualified name a struct skeleton is parsed with.
const PLACEHOLDER_NAME: &str = "graphdoc.skeleton";
/// The catch-all variant an enum skeleton is parsed with.
const PLACEHOLDER_OTHER: &str = "GraphdocOther";

/// Puts a type's names in place of a skeleton's placeholders.
struct Rename<'a> {
    ident: &'a syn::Ident,
    qualified: &'a str,
}

impl syn::visit_mut::VisitMut for Rename<'_> {
    fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
        if ident == PLACEHOLDER_IDENT {
            *ident = self.ident.clone();
        }
    }

    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        if lit.value() == PLACEHOLDER_NAME {
            *lit = syn::LitStr::new(self.qualified, lit.span());
        }
    }
}

/// The lines of a description's doc comment, each with its leading space. Code fences are
/// re-tagged `text`, so rustdoc never compiles them.
fn doc_lines(text: &str) -> Vec<String> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let mut open = false;
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        // Tabs in doc comments trip clippy; descriptions never mean them.
        let mut line = line.replace('\t', "    ");
        if line.trim_start().starts_with("```") {
            if !open {
                line = format!("{}```text", &line[..line.len() - line.trim_start().len()]);
            }
            open = !open;
        }
        out.push(format!(" {}", doc_text(&line)));
    }
    if open {
        out.push(" ```".to_owned());
    }
    out
}

/// The trait that finds what the docs do not declare, with its impls for the types every model
/// uses.
fn undocumented_trait() -> TokenStream {
    let leaves = [
        quote! { ::std::string::String },
        quote! { bool },
        quote! { u8 },
        quote! { i8 },
        quote! { i16 },
        quote! { i32 },
        quote! { i64 },
        quote! { f32 },
        quote! { f64 },
        quote! { ::uuid::Uuid },
        quote! { ::chrono::DateTime<::chrono::FixedOffset> },
        quote! { ::chrono::NaiveDate },
        quote! { ::chrono::NaiveTime },
        quote! { super::helpers::Base64 },
        quote! { ::serde_json::Value },
    ];
    quote! {
        /// Finds what a value holds that the docs do not declare: the case tests' aid, compiled
        /// for tests and with the `test-aids` feature.
        #[cfg(any(test, feature = "test-aids"))]
        pub mod undocumented {
            /// Values the docs do not declare: fields of a type that is not open and whose
            /// `@odata.type` (if any) names the type itself, and enum values the enum's table
            /// does not list. Each is pushed as a JSON path below `path`.
            pub trait Undocumented {
                fn undocumented(&self, path: &str, out: &mut ::std::vec::Vec<::std::string::String>);
            }

            /// Does an `@odata.type` (`#microsoft.graph.user`) name this qualified type?
            pub fn same_type(odata_type: &str, qualified: &str) -> bool {
                odata_type.trim_start_matches('#').eq_ignore_ascii_case(qualified)
            }

            impl<T: Undocumented> Undocumented for ::std::option::Option<T> {
                fn undocumented(&self, path: &str, out: &mut ::std::vec::Vec<::std::string::String>) {
                    if let ::std::option::Option::Some(value) = self {
                        value.undocumented(path, out);
                    }
                }
            }

            impl<T: Undocumented> Undocumented for ::std::boxed::Box<T> {
                fn undocumented(&self, path: &str, out: &mut ::std::vec::Vec<::std::string::String>) {
                    (**self).undocumented(path, out);
                }
            }

            impl<T: Undocumented> Undocumented for ::std::vec::Vec<T> {
                fn undocumented(&self, path: &str, out: &mut ::std::vec::Vec<::std::string::String>) {
                    for (i, value) in self.iter().enumerate() {
                        value.undocumented(&format!("{path}/{i}"), out);
                    }
                }
            }

            #(
                impl Undocumented for #leaves {
                    fn undocumented(&self, _: &str, _: &mut ::std::vec::Vec<::std::string::String>) {}
                }
            )*
        }
    }
}

/// The types the models use besides the standard library's, chrono's, uuid's and serde_json's.
fn helpers() -> TokenStream {
    quote! {
        /// Types the models use besides those of the standard library, `chrono`, `uuid` and
        /// `serde_json`.
        pub mod helpers {
            /// A model struct as a JSON object: how it reads a member and writes its fields.
            /// Every struct of the models implements it, and its `serde` impls go through it:
            /// a member the struct declares fills its field (`null` and absent both leave it
            /// `None`), any other lands in `additional_properties`; fields that are `None` are
            /// not written.
            pub trait Object: ::std::default::Default {
                /// The type's qualified name, `microsoft.graph.user`.
                const NAME: &'static str;

                /// Reads the value of the member `key` from `map`.
                fn read_field<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> ::std::result::Result<(), A::Error>;

                /// Writes every field that has a value, then `additional_properties`.
                fn write_fields<M: ::serde::ser::SerializeMap>(&self, map: &mut M) -> ::std::result::Result<(), M::Error>;
            }

            /// A JSON member's name, borrowed from the input when it can be.
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
            pub struct Key<'de>(::std::borrow::Cow<'de, str>);

            impl Key<'_> {
                /// The name, owned.
                pub fn into_owned(self) -> ::std::string::String {
                    self.0.into_owned()
                }
            }

            impl ::std::ops::Deref for Key<'_> {
                type Target = str;

                fn deref(&self) -> &str {
                    &self.0
                }
            }

            impl<'de> ::serde::Deserialize<'de> for Key<'de> {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    struct Visitor;
                    impl<'de> ::serde::de::Visitor<'de> for Visitor {
                        type Value = Key<'de>;

                        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str("a member name")
                        }

                        fn visit_borrowed_str<E: ::serde::de::Error>(self, v: &'de str) -> ::std::result::Result<Key<'de>, E> {
                            ::std::result::Result::Ok(Key(::std::borrow::Cow::Borrowed(v)))
                        }

                        fn visit_str<E: ::serde::de::Error>(self, v: &str) -> ::std::result::Result<Key<'de>, E> {
                            ::std::result::Result::Ok(Key(::std::borrow::Cow::Owned(v.to_owned())))
                        }

                        fn visit_string<E: ::serde::de::Error>(self, v: ::std::string::String) -> ::std::result::Result<Key<'de>, E> {
                            ::std::result::Result::Ok(Key(::std::borrow::Cow::Owned(v)))
                        }
                    }
                    deserializer.deserialize_str(Visitor)
                }
            }

            /// Reads an [`Object`] from a JSON object.
            pub fn deserialize<'de, T: Object, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<T, D::Error> {
                struct Visitor<T>(::std::marker::PhantomData<T>);
                impl<'de, T: Object> ::serde::de::Visitor<'de> for Visitor<T> {
                    type Value = T;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        write!(f, "a `{}` object", T::NAME)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<T, A::Error> {
                        let mut value = T::default();
                        while let ::std::option::Option::Some(key) = map.next_key::<Key<'de>>()? {
                            value.read_field(key, &mut map)?;
                        }
                        ::std::result::Result::Ok(value)
                    }
                }
                deserializer.deserialize_map(Visitor(::std::marker::PhantomData))
            }

            /// Writes an [`Object`] as a JSON object.
            pub fn serialize<T: Object, S: ::serde::Serializer>(value: &T, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                value.write_fields(&mut map)?;
                ::serde::ser::SerializeMap::end(map)
            }

            /// Writes `key` and the value of a field that has one.
            pub fn write<M: ::serde::ser::SerializeMap, T: ::serde::Serialize>(map: &mut M, key: &str, value: &::std::option::Option<T>) -> ::std::result::Result<(), M::Error> {
                match value {
                    ::std::option::Option::Some(value) => map.serialize_entry(key, value),
                    ::std::option::Option::None => ::std::result::Result::Ok(()),
                }
            }

            /// Writes the members a struct does not declare, as they are.
            pub fn write_all<M: ::serde::ser::SerializeMap>(map: &mut M, members: &::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>) -> ::std::result::Result<(), M::Error> {
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                ::std::result::Result::Ok(())
            }

            /// Bytes that travel as base64 text.
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
            pub struct Base64(pub ::std::vec::Vec<u8>);

            impl ::serde::Serialize for Base64 {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    use ::base64::Engine as _;
                    serializer.serialize_str(&::base64::engine::general_purpose::STANDARD.encode(&self.0))
                }
            }

            impl<'de> ::serde::Deserialize<'de> for Base64 {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    use ::base64::Engine as _;
                    use ::base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
                    // Padding written or not, standard or URL-safe alphabet.
                    let lenient = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
                    let text = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                    GeneralPurpose::new(&::base64::alphabet::STANDARD, lenient)
                        .decode(text.trim_end_matches('='))
                        .or_else(|_| GeneralPurpose::new(&::base64::alphabet::URL_SAFE, lenient).decode(text.trim_end_matches('=')))
                        .map(Base64)
                        .map_err(::serde::de::Error::custom)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The doc attributes as the file would hold them.
    fn rendered(text: &str) -> String {
        let mut item: syn::ItemStruct = syn::parse_quote! { pub struct S; };
        item.attrs = doc_lines(text).iter().map(|l| doc_attribute(l)).collect();
        print(vec![syn::Item::Struct(item)])
    }

    /// Doc comments spliced in as text are what prettyplease prints for the attributes
    /// themselves, at any depth.
    #[test]
    fn spliced_doc_comments_print_as_doc_attributes_do() {
        let text = "First line.  \n\n  Indented `code` with \\ and \"quotes\" and */ and ünïcödé   \n\
                    ```\nfenced\n```\n\ttabbed\u{202e} end";
        let lines = doc_lines(text);
        let build = |attrs: &mut dyn FnMut(Vec<String>) -> Vec<syn::Attribute>| {
            let mut field: syn::Field =
                syn::parse::Parser::parse2(syn::Field::parse_named, quote! { pub f: u8 }).unwrap();
            field.attrs = attrs(lines.clone());
            let mut item: syn::ItemStruct = syn::parse_quote! { pub struct S { } };
            item.attrs = attrs(lines.clone());
            if let syn::Fields::Named(named) = &mut item.fields {
                named.named.push(field);
            }
            let module: syn::ItemMod = syn::parse_quote! { pub mod m {} };
            print(vec![module_of(module, vec![syn::Item::Struct(item)])])
        };
        let real = build(&mut |lines| lines.iter().map(|l| doc_attribute(l)).collect());
        let mut docs = DocBlocks::default();
        let placeheld = build(&mut |lines| docs.attribute(lines).into_iter().collect());
        assert!(placeheld.contains(PLACEHOLDER_DOC));
        let spliced = docs.splice(placeheld);
        assert_eq!(spliced, real);
        // The lines as rustdoc reads them, at both depths, trailing spaces trimmed.
        assert!(
            real.contains("\n    ///   Indented `code` with \\ and \"quotes\""),
            "{real}"
        );
        assert!(
            real.contains("\n        /// First line.\n        ///\n"),
            "{real}"
        );
    }

    #[test]
    fn items_that_do_not_parse_become_a_compile_error_in_their_place() {
        let module = syn::parse_quote! { pub mod m {} };
        let items = [
            parse_items(quote! { pub struct A; }),
            parse_items(quote! { pub struct ; }),
            parse_items(quote! { pub struct C; }),
        ];
        let out = print(vec![module_of(module, items.concat())]);
        let lines: Vec<&str> = out.lines().map(str::trim).collect();
        assert_eq!(lines.len(), 5, "{out}");
        assert_eq!(
            [lines[0], lines[1], lines[3], lines[4]],
            ["pub mod m {", "pub struct A;", "pub struct C;", "}"]
        );
        assert!(lines[2].starts_with("compile_error!(\""), "{out}");
    }

    #[test]
    fn structs_printed_in_pieces_print_as_whole_structs() {
        use crate::model::pages::{model, resource};
        let rows = [
            "id | String | The key.",
            "displayName | String | Two lines:\nthe second. |",
            "type | String | A keyword.",
            "r#type | String | Collides with `type`.",
            "child | [thing](thing.md) | A struct: walked.",
            "children | [thing](thing.md) collection | Walked too.",
            "size | Int64 | A number.",
            "when | DateTimeOffset | A very long description that goes on and on so that the printed line is longer than a hundred columns.",
        ];
        let pages = [
            resource(
                "base",
                "",
                &[
                    "id | String | The key.",
                    "inherited | Boolean | From the base.",
                ],
                "{}",
            ),
            resource(
                "thing",
                "\"baseType\": \"microsoft.graph.base\"",
                &rows,
                "{}",
            ),
        ];
        let (model, _) = model(&pages);
        let label = crate::Label::named("docs");
        let options = Options { test_aids: true };
        let whole = build_in_pieces(&model, &label, options, PIECE);
        assert!(whole.models.contains("pub child:"), "{}", whole.models);
        for piece in [1, 2, 3] {
            let pieces = build_in_pieces(&model, &label, options, piece);
            assert_eq!(pieces.models, whole.models, "pieces of {piece}");
            assert_eq!(pieces.diagnostics, whole.diagnostics);
        }
        let without_aids = Options { test_aids: false };
        assert_eq!(
            build_in_pieces(&model, &label, without_aids, 1).models,
            build_in_pieces(&model, &label, without_aids, PIECE).models
        );
    }

    #[test]
    fn descriptions_can_never_become_code() {
        let hostile = "Ends a comment */ and a string \"# and ]] too\n#[derive(Debug)]\nfn injected() {}\n```\nlet x = 1;\n```";
        let out = rendered(hostile);
        // Every line but the struct itself is a doc comment.
        let code: Vec<&str> = out
            .lines()
            .filter(|l| !l.trim_start().starts_with("///"))
            .collect();
        assert_eq!(code, ["pub struct S;"], "{out}");
        // The fence is re-tagged so rustdoc never compiles it.
        assert!(
            out.contains("/// ```text\n/// let x = 1;\n/// ```"),
            "{out}"
        );
        // An unclosed fence is closed.
        assert!(rendered("```\nopen").ends_with("/// ```\npub struct S;\n"));
    }
}

/// The models crate: `rust/Cargo.toml`, `rust/src/lib.rs` and `rust/src/models.rs` (its case
/// tests are [`super::cases::CaseFiles`]).
pub struct RustCrate;

impl super::Emit for RustCrate {
    fn name(&self) -> &'static str {
        "rust/"
    }

    fn reads_verdicts(&self) -> bool {
        false
    }

    fn emit(
        &self,
        input: &super::Input,
        files: &mut dyn super::Files,
    ) -> Result<Vec<crate::diag::Diagnostic>, crate::Error> {
        let (cargo_toml, lib_rs) = crate_files(input.label);
        files.bytes("rust/Cargo.toml", cargo_toml.as_bytes())?;
        files.bytes("rust/src/lib.rs", lib_rs.as_bytes())?;
        let rust = build(input.model, input.label, Options { test_aids: true });
        files.bytes("rust/src/models.rs", rust.models.as_bytes())?;
        Ok(rust.diagnostics)
    }
}
