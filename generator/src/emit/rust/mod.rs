//! Rust models: the [`RustView`] rendered as one struct per entity and complex type
//! (`structs.rs`), one enum per enumeration (`enums.rs`), a module per namespace, and the
//! runtime they share (`templates/models_runtime.rs`), built as syntax trees and printed with
//! prettyplease (never rustfmt, whose version differs between machines); doc comments are
//! spliced into the printed text (`docs.rs`).
//!
//! Every property is an `Option<T>` (the service returns partial objects under `$select`):
//! absent reads as `None`, and `None` is not sent. A `null` reads as `None` too, and its JSON
//! name is noted in the struct's `nulls`, which are sent as `null`: what was read is written
//! back as it was, and a PATCH clears a property by naming it there. `additional_properties`
//! keeps the members a struct does not declare, sent as they are. A derived type carries its
//! ancestors'
//! properties as its own fields (copied, not flattened: serde's `flatten` cannot share the
//! catch-all map between levels), so a collection typed as a base type keeps a derived
//! instance's extra fields in that map.

mod docs;
mod enums;
mod layouts;
mod structs;
pub(crate) mod syntax;

use std::collections::HashMap;

use docs::DocBlocks;
use syntax::{doc_text, module_of, print};

#[cfg(feature = "outputs")]
use crate::diag::Diagnostic;
use crate::rust_view::{RustItem, RustView, Target};

/// `models.rs`: every namespace module, includable anywhere. Held as the texts it was printed
/// in, each type's apart, so a struct of a million fields is not copied to be joined.
pub struct RustModels {
    parts: Vec<(String, std::ops::Range<usize>)>,
}

impl RustModels {
    fn push(&mut self, text: String) {
        let all = 0..text.len();
        self.parts.push((text, all));
    }

    /// The text, part after part.
    pub fn parts(&self) -> impl Iterator<Item = &str> {
        (self.parts.iter()).map(|(text, range)| text.get(range.clone()).unwrap_or_default())
    }

    /// Writes the text.
    pub fn write_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.parts()
            .try_for_each(|part| out.write_all(part.as_bytes()))
    }

    /// The text as one string.
    pub fn into_string(self) -> String {
        let mut out = String::with_capacity(self.parts().map(str::len).sum());
        out.extend(self.parts());
        out
    }
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

/// The runtime every models file carries after the namespaces, as source.
const RUNTIME: &str = include_str!("../../../templates/models_runtime.rs");

/// `same_type` and `type_key`, which the runtime's `helpers` module carries: the
/// generator's own copies.
const ODATA_TYPE: &str = include_str!("../../vocab/odata_type.rs");

/// What the models hold besides the types.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RustOptions {
    /// The `Undocumented` test aid the case tests use, compiled under
    /// `cfg(any(test, feature = "test-aids"))`; left out when false.
    pub test_aids: bool,
    /// Attributes put on the types a path matches (`Config::type_attribute`): (path,
    /// attributes as source).
    pub type_attributes: Vec<(String, String)>,
    /// Attributes put on the fields a path matches (`Config::field_attribute`).
    pub field_attributes: Vec<(String, String)>,
}

impl RustOptions {
    /// The attributes of `attributes` whose paths match `name`, parsed (each was checked to
    /// parse when it was set: [`check_attributes`]).
    fn attributes(attributes: &[(String, String)], name: &str) -> Vec<syn::Attribute> {
        (attributes.iter())
            .filter(|(path, _)| path_matches(path, name))
            .flat_map(|(_, text)| {
                syn::parse::Parser::parse_str(syn::Attribute::parse_outer, text).unwrap_or_default()
            })
            .collect()
    }
}

/// Whether a path names `name` as prost-build's paths do: `.` names everything, a qualified
/// name itself and everything below it (`microsoft.graph` names `microsoft.graph.user`,
/// `microsoft.graph.user` names its field `microsoft.graph.user.displayName`).
fn path_matches(path: &str, name: &str) -> bool {
    path == "."
        || name == path
        || name
            .strip_prefix(path)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// Whether `text` is one or more outer attributes (`#[derive(Hash)]`): what
/// `Config::type_attribute` and `field_attribute` accept.
pub fn check_attributes(text: &str) -> Result<(), String> {
    syn::parse::Parser::parse_str(syn::Attribute::parse_outer, text)
        .map_err(|e| format!("`{text}` is not an attribute: {e}"))
        .and_then(|found| {
            if found.is_empty() {
                Err(format!("`{text}` holds no attribute"))
            } else {
                Ok(())
            }
        })
}

/// The models file of a view.
pub fn build(view: &RustView, docs_label: &crate::Label, options: &RustOptions) -> RustModels {
    build_in_pieces(view, docs_label, options, structs::PIECE)
}

/// [`build`], printing structs of more than `piece` fields a piece at a time.
fn build_in_pieces(
    view: &RustView,
    docs_label: &crate::Label,
    options: &RustOptions,
    piece: usize,
) -> RustModels {
    use rayon::prelude::*;
    // Each type is printed inside its module and dropped: neither the tokens nor the syntax
    // tree of the whole file ever exist at once. prettyplease prints an item in a module the
    // same whatever its neighbours, so printing a module one type at a time gives the bytes
    // printing it whole would; the types are printed on every core and joined in order.
    let mut models = RustModels { parts: Vec::new() };
    models.push(format!("{}\n", super::header("//", docs_label)));
    for namespace in view.modules() {
        // The namespace's module, written empty; syntax trees stay on their thread.
        let module = || -> syn::ItemMod {
            let module = namespace.name.ident();
            let doc = format!(
                " Types of the `{}` namespace.",
                doc_text(namespace.namespace)
            );
            syn::parse_quote! {
                #[doc = #doc]
                pub mod #module {}
            }
        };
        // The types the user's crate provides are not generated.
        let items: Vec<&RustItem> = (namespace.items.iter())
            .filter(|item| !view.is_extern(item.qualified()))
            .collect();
        let printed: Vec<String> = (items.par_iter())
            .map_init(
                || (Emitter::new(options, view, piece), module()),
                |(emitter, module), item| emitter.print_item(module, item),
            )
            .collect();
        let mut opened = false;
        for printed in printed {
            // `/// Types of ...`, `pub mod x {`, the type's items, `}`.
            let Some(open) = printed
                .find("pub mod ")
                .and_then(|at| printed[at..].find('\n').map(|end| at + end + 1))
            else {
                continue;
            };
            let close = printed.trim_end().len() - 1;
            let from = if opened { open } else { 0 };
            opened = true;
            models.parts.push((printed, from..close));
        }
        if opened {
            models.push("}\n".to_owned());
        } else {
            models.push(print(vec![module_of(module(), Vec::new())]));
        }
    }
    models.push(print(runtime(options)));
    models
}

/// The runtime's items: the template, with `same_type` and `type_key` put first in the
/// `helpers` module, and without the `undocumented` module when the models carry no test aids.
fn runtime(options: &RustOptions) -> Vec<syn::Item> {
    let parsed = |source: &str| match syn::parse_file(source) {
        Ok(file) => file.items,
        Err(e) => {
            let message = e.to_string();
            vec![syn::parse_quote! { compile_error!(#message); }]
        }
    };
    let odata_type = parsed(ODATA_TYPE);
    let mut items = parsed(RUNTIME);
    items.retain_mut(|item| {
        let syn::Item::Mod(module) = item else {
            return true;
        };
        if module.ident == "helpers" {
            if let Some((_, content)) = &mut module.content {
                content.splice(0..0, odata_type.iter().cloned());
            }
        }
        module.ident != "undocumented" || options.test_aids
    });
    items
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

/// Renders items on one thread, with the syntax it has parsed once.
struct Emitter<'v, 'm> {
    options: &'v RustOptions,
    view: &'v RustView<'m>,
    /// A field of each Rust type a property has, parsed once and cloned for every property of
    /// that type: a struct of a million fields is built as a syntax tree, never as tokens.
    field_templates: HashMap<(Target, bool), syn::Field>,
    /// Structs with more fields than this are printed in pieces of this many.
    piece: usize,
    /// The syntax every struct member shares, parsed once per emitter (per thread).
    syntax: structs::Syntax,
    /// The items of a struct without its members, by (open type, walks fields): see
    /// [`Emitter::skeleton`].
    skeletons: HashMap<(bool, bool), Vec<syn::Item>>,
    /// The items of an enum without its members, by flags or not: see
    /// [`Emitter::enum_skeleton`].
    enum_skeletons: HashMap<bool, Vec<syn::Item>>,
    /// The doc comments of the items being printed.
    docs: DocBlocks,
    /// The layouts of the members of structs printed in pieces.
    layouts: layouts::Layouts,
}

impl<'v, 'm> Emitter<'v, 'm> {
    fn new(options: &'v RustOptions, view: &'v RustView<'m>, piece: usize) -> Self {
        Emitter {
            options,
            view,
            field_templates: HashMap::new(),
            piece,
            syntax: structs::Syntax::new(),
            skeletons: HashMap::new(),
            enum_skeletons: HashMap::new(),
            docs: DocBlocks::default(),
            layouts: layouts::Layouts::new(),
        }
    }

    /// The item printed inside `module`.
    fn print_item(&mut self, module: &syn::ItemMod, item: &RustItem) -> String {
        match item {
            RustItem::Enum(e) => {
                let items = self.enumeration(e);
                (self.docs).splice(print(vec![module_of(module.clone(), items)]))
            }
            RustItem::Struct(s) => self.structure(module, s),
        }
    }
}

/// The models crate: `rust/Cargo.toml`, `rust/src/lib.rs` and `rust/src/models.rs` (its case
/// tests are `cases::CaseFiles`).
pub struct RustCrate;

#[cfg(feature = "outputs")]
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
    ) -> Result<Vec<Diagnostic>, crate::Error> {
        let (cargo_toml, lib_rs) = crate_files(input.label);
        files.bytes("rust/Cargo.toml", cargo_toml.as_bytes())?;
        files.bytes("rust/src/lib.rs", lib_rs.as_bytes())?;
        let options = RustOptions {
            test_aids: true,
            ..RustOptions::default()
        };
        let rust = build(input.view, input.label, &options);
        files.write("rust/src/models.rs", &mut |w| rust.write_to(w))?;
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::syntax::parse_items;
    use super::*;

    #[test]
    fn items_that_do_not_parse_become_a_compile_error_in_their_place() {
        let module = syn::parse_quote! { pub mod m {} };
        let items = [
            parse_items(quote::quote! { pub struct A; }),
            parse_items(quote::quote! { pub struct ; }),
            parse_items(quote::quote! { pub struct C; }),
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

    /// The runtime template parses, always carries `same_type` and `type_key`, and the test aid
    /// only when asked.
    #[test]
    fn the_runtime_carries_the_generators_same_type_and_the_test_aid_when_asked() {
        let with = print(runtime(&RustOptions {
            test_aids: true,
            ..RustOptions::default()
        }));
        let without = print(runtime(&RustOptions::default()));
        assert!(!with.contains("compile_error!") && !without.contains("compile_error!"));
        for runtime in [&with, &without] {
            let helpers_at = runtime.find("pub mod helpers {").unwrap();
            for function in ["pub fn same_type(", "pub fn type_key("] {
                let at = runtime.find(function).unwrap();
                assert!(helpers_at < at, "{runtime}");
            }
        }
        assert!(with.contains("pub mod undocumented"));
        assert!(!without.contains("mod undocumented") && without.contains("pub mod helpers"));
    }
}
