//! Structs: one per entity and complex type, cloned from a skeleton parsed once per thread
//! and filled in; a struct of many fields printed a piece at a time.

use quote::quote;

use super::docs::doc_lines;
use super::layouts::Member;
use super::syntax::{doc_text, module_of, parse_items, print};
use super::{Emitter, RustOptions};
use crate::rust_view::{FieldView, StructView};

impl Emitter<'_, '_> {
    /// A struct's items printed inside `module`: cloned from a skeleton, its names, fields and
    /// docs put in; a struct of many fields printed in pieces.
    pub(super) fn structure(&mut self, module: &syn::ItemMod, s: &StructView) -> String {
        let ident = s.name.ident();
        let mut doc = doc_lines(s.def.description.as_deref().unwrap_or_default());
        if !s.inherited.is_empty() {
            let bases = (s.inherited.iter())
                .map(|b| format!("`{b}`"))
                .collect::<Vec<_>>()
                .join(", ");
            doc.extend(doc_lines(&format!(
                "\n\nIncludes the properties it inherits from {bases}."
            )));
        }
        let mut items = self.skeleton(s.def.open_type, s.walks_any()).to_vec();
        let mut rename = Rename {
            ident: &ident,
            qualified: &s.qualified,
        };
        for item in &mut items {
            syn::visit_mut::VisitMut::visit_item_mut(&mut rename, item);
        }
        if let Some(syn::Item::Struct(item)) = items.first_mut() {
            let wire = format!(" `{}`", doc_text(&s.qualified));
            let gap = (!doc.is_empty()).then(String::new);
            let lines = std::iter::once(wire).chain(gap).chain(doc).collect();
            item.attrs.splice(0..0, self.docs.attribute(lines));
            let extra = RustOptions::attributes(&self.options.type_attributes, &s.qualified);
            item.attrs.extend(extra);
        }
        // A struct of many fields is printed in pieces: markers hold the places of its
        // fields, arms and statements, and each piece is printed apart at the same depth.
        let in_pieces = s.fields.len() > self.piece;
        let mut fields = Vec::new();
        let (mut reads, mut writes, mut walks) = (Vec::new(), Vec::new(), Vec::new());
        if !s.fields.is_empty() {
            writes.push(self.syntax.writer.clone());
        }
        if in_pieces {
            fields.push(marker_field());
            reads.push(marker_arm());
            writes.push(marker_stmt());
            walks.push(marker_stmt());
        } else {
            for f in &s.fields {
                fields.push(self.field(&s.qualified, f));
                reads.push(self.syntax.read(f));
                writes.push(self.syntax.write(f));
                walks.extend(self.syntax.walk(f));
            }
        }
        place_members(&mut items, fields, reads, writes, walks);
        let printed = (self.docs).splice(print(vec![module_of(module.clone(), items)]));
        if !in_pieces {
            return printed;
        }
        self.splice(&printed, s)
    }

    /// `skeleton` with each marker line replaced by what it stands for, printed a piece at a
    /// time, the pieces on every core (syntax trees stay on the thread that builds them) and
    /// joined in order.
    fn splice(&self, skeleton: &str, s: &StructView) -> String {
        let members = &s.fields;
        use rayon::prelude::*;
        let mut out = String::with_capacity(skeleton.len());
        // The markers in the order the items hold them: fields, arms, writes, walks.
        let mut next = 0;
        for line in skeleton.split_inclusive('\n') {
            let (marker, member) = match line.trim() {
                MARKER_FIELD if next == 0 => (0, Member::Field),
                MARKER_ARM if next == 1 => (1, Member::Read),
                MARKER_STMT if next == 2 => (2, Member::Write),
                MARKER_STMT if next == 3 => (3, Member::Walk),
                _ => {
                    out.push_str(line);
                    continue;
                }
            };
            next = marker + 1;
            let (options, view, size) = (self.options, self.view, self.piece);
            let printed: Vec<String> = members
                .par_chunks(size)
                .map_init(
                    // An emitter for each thread: the same model and options, caches and
                    // syntax of its own (syntax trees are not Send).
                    || Emitter::new(options, view, size),
                    |emitter, piece| emitter.print_from_layouts(member, &s.qualified, piece),
                )
                .collect();
            out.reserve(printed.iter().map(String::len).sum());
            for piece in printed {
                out.push_str(&piece);
            }
        }
        out
    }

    /// The text of `members` of one kind printed as they are in their struct (a piece, or a
    /// member with placeholder names for [`layouts`](super::layouts)).
    pub(super) fn print_members(
        &mut self,
        member: Member,
        owner: &str,
        members: &[FieldView],
    ) -> String {
        match member {
            Member::Field => {
                let fields = members.iter().map(|m| self.field(owner, m)).collect();
                self.docs.splice(print_piece(in_struct(fields), 2, 2))
            }
            Member::Read => {
                let arms = members.iter().map(|m| self.syntax.read(m)).collect();
                print_piece(in_match(arms), 4, 5)
            }
            Member::Write => {
                let stmts = members.iter().map(|m| self.syntax.write(m)).collect();
                print_piece(in_fn(stmts), 3, 3)
            }
            Member::Walk => {
                let walks = members.iter().filter_map(|m| self.syntax.walk(m));
                print_piece(in_fn(walks.collect()), 3, 3)
            }
        }
    }

    /// The items of a struct without its members, docs or names, for a type that is open or
    /// not, with fields whose values are walked for undocumented fields or not: parsed once
    /// per emitter for each form, under placeholder names that [`Rename`] replaces.
    fn skeleton(&mut self, open: bool, walked: bool) -> &[syn::Item] {
        let test_aids = self.options.test_aids;
        self.skeletons.entry((open, walked)).or_insert_with(|| {
            let ident = syn::Ident::new(PLACEHOLDER_IDENT, proc_macro2::Span::call_site());
            let qualified = PLACEHOLDER_NAME;
            // An open type declares any field; an instance of a derived type is left for a
            // read as that type, its walk stopped.
            let additional = if open {
                quote! { ::std::option::Option::None }
            } else {
                quote! { ::std::option::Option::Some(&self.additional_properties) }
            };
            let start = quote! { out.object(self, self.odata_type.as_deref(), #qualified, path, #additional) };
            let own = if walked {
                quote! { if #start { return; } }
            } else {
                quote! { #start; }
            };
            let undocumented_impl = test_aids.then(|| {
                quote! {
                    #[cfg(any(test, feature = "test-aids"))]
                    impl super::undocumented::Undocumented for #ident {
                        fn undocumented(&self, path: &str, out: &mut super::undocumented::Found) {
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
                    /// The documented fields that are `None` because they were read as `null`, or
                    /// are to be sent as `null` (a PATCH that clears them): written as `null`.
                    pub nulls: ::std::collections::BTreeSet<::std::string::String>,
                }

                impl super::helpers::Object for #ident {
                    const NAME: &'static str = #qualified;

                    fn read_field<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: super::helpers::Key<'de>, map: &mut A) -> ::std::result::Result<::std::option::Option<super::helpers::Key<'de>>, A::Error> {
                        match &*key {
                            "@odata.type" => self.odata_type = map.next_value()?,
                            _ => {
                                let value = map.next_value()?;
                                self.additional_properties.insert(key.into_owned(), value);
                                return ::std::result::Result::Ok(::std::option::Option::None);
                            }
                        }
                        ::std::result::Result::Ok(::std::option::Option::Some(key))
                    }

                    fn nulls_mut(&mut self) -> &mut ::std::collections::BTreeSet<::std::string::String> {
                        &mut self.nulls
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

    /// The field the struct `owner` declares for `f`, cloned from the template of its Rust
    /// type.
    fn field(&mut self, owner: &str, f: &FieldView) -> syn::Field {
        let key = (f.target.clone(), f.collection());
        let view = self.view;
        let mut field = (self.field_templates.entry(key))
            .or_insert_with(|| {
                let ty = view.field_type(&f.target, f.collection());
                syn::parse::Parser::parse2(syn::Field::parse_named, quote! { pub field: #ty })
                    .unwrap_or_else(|_| syn::parse_quote! { pub field: ::serde_json::Value })
            })
            .clone();
        field.attrs = (self.docs)
            .attribute(doc_lines(&f.property.description))
            .into_iter()
            .collect();
        if !self.options.field_attributes.is_empty() {
            let name = format!("{owner}.{}", f.wire);
            (field.attrs).extend(RustOptions::attributes(
                &self.options.field_attributes,
                &name,
            ));
        }
        field.ident = Some(f.name.ident());
        field
    }
}

/// A struct with more documented fields than this is printed in pieces of this many, so a
/// struct of a million fields never exists as one syntax tree.
pub(super) const PIECE: usize = 256;

/// The lines that hold the places of the pieces in a struct printed without them.
const MARKER_FIELD: &str = "pub __graphdoc_members: (),";
const MARKER_ARM: &str = "__graphdoc_members => {}";
const MARKER_STMT: &str = "__graphdoc_members!();";

/// The syntax every member shares, parsed once and cloned: a member's arm and statements are
/// built as syntax trees, never as tokens to parse.
pub(super) struct Syntax {
    next_value: syn::Expr,
    /// `let mut fields = super::helpers::Fields::new(map, &self.nulls);`, before the writes.
    writer: syn::Stmt,
    fields: syn::Expr,
    field: syn::Ident,
    undocumented: syn::Expr,
    format: syn::Path,
    out: syn::Expr,
    this: syn::Expr,
}

impl Syntax {
    pub(super) fn new() -> Self {
        Self {
            next_value: syn::parse_quote! { map.next_value()? },
            writer: syn::parse_quote! {
                let mut fields = super::helpers::Fields::new(map, &self.nulls);
            },
            fields: syn::parse_quote! { fields },
            field: syn::parse_quote! { field },
            undocumented: syn::parse_quote! { super::undocumented::Undocumented::undocumented },
            format: syn::parse_quote! { format },
            out: syn::parse_quote! { out },
            this: syn::parse_quote! { self },
        }
    }

    /// `self.field`
    fn member(&self, m: &FieldView) -> syn::Expr {
        syn::Expr::Field(syn::ExprField {
            attrs: Vec::new(),
            base: Box::new(self.this.clone()),
            dot_token: Default::default(),
            member: syn::Member::Named(m.name.ident()),
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

    /// `func(args);`
    fn call(func: &syn::Expr, args: Vec<syn::Expr>) -> syn::Stmt {
        let call = syn::Expr::Call(syn::ExprCall {
            attrs: Vec::new(),
            func: Box::new(func.clone()),
            paren_token: Default::default(),
            args: args.into_iter().collect(),
        });
        syn::Stmt::Expr(call, Some(Default::default()))
    }

    /// `expr?;`
    fn tried(expr: syn::Expr) -> syn::Stmt {
        let tried = syn::Expr::Try(syn::ExprTry {
            attrs: Vec::new(),
            expr: Box::new(expr),
            question_token: Default::default(),
        });
        syn::Stmt::Expr(tried, Some(Default::default()))
    }

    /// `"wire" => self.field = map.next_value()?,`
    pub(super) fn read(&self, m: &FieldView) -> syn::Arm {
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

    /// `fields.field("wire", &self.field)?;`
    pub(super) fn write(&self, m: &FieldView) -> syn::Stmt {
        let wire = syn::Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: Self::string(m.wire),
        });
        let call = syn::Expr::MethodCall(syn::ExprMethodCall {
            attrs: Vec::new(),
            receiver: Box::new(self.fields.clone()),
            dot_token: Default::default(),
            method: self.field.clone(),
            turbofish: None,
            paren_token: Default::default(),
            args: [wire, Self::reference(self.member(m))]
                .into_iter()
                .collect(),
        });
        Self::tried(call)
    }

    /// `super::undocumented::Undocumented::undocumented(&self.field, &format!("{path}{}", "/wire"), out);`
    pub(super) fn walk(&self, m: &FieldView) -> Option<syn::Stmt> {
        if !m.walked {
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
        Some(Self::call(&self.undocumented, args))
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

/// The type name a struct skeleton is parsed with ([`Emitter::skeleton`]); no type of the
/// docs can have it, and it is replaced before any of the type's own syntax is added.
pub(super) const PLACEHOLDER_IDENT: &str = "GraphdocSkeleton";
/// The qualified name a struct skeleton is parsed with.
const PLACEHOLDER_NAME: &str = "graphdoc.skeleton";

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

#[cfg(test)]
mod tests {
    #[test]
    fn structs_printed_in_pieces_print_as_whole_structs() {
        use super::super::{RustOptions, build_in_pieces};
        use super::PIECE;
        use crate::model::pages::{model, resource};
        use crate::rust_view::RustView;
        let rows = [
            "id | String | The key.",
            "displayName | String | Two lines:\nthe second. |",
            "type | String | A keyword.",
            "r#type | String | Collides with `type`.",
            "child | [thing](thing.md) | A struct: walked.",
            "children | [thing](thing.md) collection | Walked too.",
            "size | Int64 | A number.",
            "when | DateTimeOffset | A very long description that goes on and on so that the printed line is longer than a hundred columns.",
            // Without a description, each member from a layout (but the one not in ASCII).
            "plain | String | |",
            "other | Int32 | |",
            "ünïcode | String | |",
            "q | Boolean | |",
            "QQ | String | |",
            "aVeryLongPropertyNameThatGoesOnAndOnSoTheReadAndTheWriteBreakTheirLines | [thing](thing.md) collection | |",
            "aVeryLongPropertyNameThatGoesOnAndOnSoTheReadAndTheWriteBreakTheirLinez | [thing](thing.md) collection | |",
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
        let view = RustView::new(&model);
        let label = crate::Label::named("docs");
        // With attributes on every type and on every field, as a user may put them.
        let options = RustOptions {
            test_aids: true,
            type_attributes: vec![(".".into(), "#[non_exhaustive]".into())],
            field_attributes: vec![(".".into(), "#[doc(alias = \"f\")]".into())],
        };
        let whole = build_in_pieces(&view, &label, &options, PIECE).into_string();
        assert!(whole.contains("pub child:"), "{whole}");
        assert!(
            whole.contains("#[non_exhaustive]\n    pub struct Thing {"),
            "{whole}"
        );
        assert!(
            whole.contains("#[doc(alias = \"f\")]\n        pub child:"),
            "{whole}"
        );
        for piece in [1, 2, 3] {
            let pieces = build_in_pieces(&view, &label, &options, piece).into_string();
            assert_eq!(pieces, whole, "pieces of {piece}");
        }
        // Members without attributes or docs are printed from layouts.
        let plain = RustOptions {
            test_aids: true,
            ..RustOptions::default()
        };
        let whole = build_in_pieces(&view, &label, &plain, PIECE).into_string();
        for piece in [1, 2, 3] {
            let pieces = build_in_pieces(&view, &label, &plain, piece).into_string();
            assert_eq!(pieces, whole, "pieces of {piece}");
        }
        let without_aids = RustOptions::default();
        assert_eq!(
            build_in_pieces(&view, &label, &without_aids, 1).into_string(),
            build_in_pieces(&view, &label, &without_aids, PIECE).into_string()
        );
    }
}
