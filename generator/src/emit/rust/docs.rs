//! Doc comments: a description's lines made safe for rustdoc, and kept out of the syntax
//! trees as placeholders spliced into the printed text.

use super::syntax::doc_text;

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
pub(super) struct DocBlocks(Vec<Vec<String>>);

/// What starts a placeholder's text; no doc line holds a control character.
const PLACEHOLDER_DOC: char = '\u{1}';

impl DocBlocks {
    /// The placeholder of a block of doc lines; none for no lines.
    pub(super) fn attribute(&mut self, lines: Vec<String>) -> Option<syn::Attribute> {
        if lines.is_empty() {
            return None;
        }
        let placeholder = format!("{PLACEHOLDER_DOC}{}", self.0.len());
        self.0.push(lines);
        Some(doc_attribute(&placeholder))
    }

    /// `printed` with each placeholder line replaced by its block's lines; the blocks are used
    /// up.
    pub(super) fn splice(&mut self, printed: String) -> String {
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

/// The lines of a description's doc comment, each with its leading space. Code fences are
/// re-tagged `text`, so rustdoc never compiles them.
pub(super) fn doc_lines(text: &str) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;
    use crate::emit::rust::syntax::{module_of, print};

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
