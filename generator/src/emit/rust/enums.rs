//! Enums: one per enumeration, with a catch-all variant for values the docs do not list,
//! cloned from a skeleton parsed once per thread and filled in.

use quote::quote;

use super::docs::{DocBlocks, doc_lines};
use super::structs::PLACEHOLDER_IDENT;
use super::syntax::{doc_text, parse_items};
use super::{Emitter, RustOptions};
use crate::ident::Name;
use crate::rust_view::EnumView;

/// The catch-all variant an enum skeleton is parsed with.
const PLACEHOLDER_OTHER: &str = "GraphdocOther";

impl Emitter<'_, '_> {
    /// An enum's items: cloned from a skeleton parsed once per emitter, with the enum's
    /// names, members and docs put in.
    pub(super) fn enumeration(&mut self, e: &EnumView) -> Vec<syn::Item> {
        let ident = e.name.ident();
        let variants: Vec<(Name, Vec<String>)> = (e.variants.iter())
            .map(|(name, member)| (name.clone(), doc_lines(&member.description)))
            .collect();
        let mut items = self.enum_skeleton(e.flags).to_vec();
        let mut fill = EnumFill {
            ident: &ident,
            other: e.other.ident(),
            variants: &variants,
            docs: &mut self.docs,
        };
        for item in &mut items {
            syn::visit_mut::VisitMut::visit_item_mut(&mut fill, item);
        }
        let doc = doc_lines(e.def.description.as_deref().unwrap_or_default());
        let wire = format!(" `{}`", doc_text(&e.name.wire));
        let gap = (!doc.is_empty()).then(String::new);
        for item in &mut items {
            if let syn::Item::Enum(item) = item {
                let lines = std::iter::once(wire).chain(gap).chain(doc).collect();
                item.attrs.splice(0..0, self.docs.attribute(lines));
                let extra = RustOptions::attributes(&self.options.type_attributes, &e.qualified);
                item.attrs.extend(extra);
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
                            out.undocumented.push(path.to_owned());
                        }
                        _ => {}
                    }
                }
            } else {
                quote! {
                    if let Self::#other(_) = self {
                        out.undocumented.push(path.to_owned());
                    }
                }
            };
            let undocumented_impl = test_aids.then(|| {
                quote! {
                    #[cfg(any(test, feature = "test-aids"))]
                    impl super::undocumented::Undocumented for #ident {
                        fn undocumented(&self, path: &str, out: &mut super::undocumented::Found) {
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
