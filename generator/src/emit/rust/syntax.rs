//! Rust source as the two Rust outputs write it (the models and their case tests): tokens
//! parsed into items, items printed by prettyplease, and text made safe for doc comments.

use proc_macro2::TokenStream;

/// Generated tokens as items; tokens that do not parse become a `compile_error!` saying why,
/// in their place.
pub(crate) fn parse_items(tokens: TokenStream) -> Vec<syn::Item> {
    match syn::parse2::<syn::File>(tokens) {
        Ok(file) => file.items,
        Err(e) => {
            let message = e.to_string();
            vec![syn::parse_quote! { compile_error!(#message); }]
        }
    }
}

/// `module`, written empty, holding `items`.
pub(crate) fn module_of(mut module: syn::ItemMod, items: Vec<syn::Item>) -> syn::Item {
    module.content = Some((Default::default(), items));
    syn::Item::Mod(module)
}

/// Items printed as a file, by prettyplease.
pub(crate) fn print(items: Vec<syn::Item>) -> String {
    let mut file: syn::File = syn::parse_quote! {};
    file.items = items;
    prettyplease::unparse(&file)
}

/// Whether rustc refuses `c` in a comment (or a raw string) as it is: control characters,
/// and the codepoints that change the visible direction of text (`text_direction_codepoint_in_comment`,
/// deny by default), which could make a doc comment display other than it reads.
pub(crate) fn unsafe_in_source(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `text` holds a character rustc refuses ([`unsafe_in_source`]): its bytes first,
/// since every such character is a control byte or starts with `C2`, `D8` or `E2`.
pub(crate) fn has_unsafe_in_source(text: &str) -> bool {
    text.bytes()
        .any(|b| (b < 0x20 && b != b'\t' && b != b'\n') || matches!(b, 0x7F | 0xC2 | 0xD8 | 0xE2))
        && text.chars().any(unsafe_in_source)
}

/// Text for one `#[doc]` line (prettyplease prints it as a `///` comment): characters rustc
/// refuses there are written as their escapes, `\u{202e}`.
pub(crate) fn doc_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !has_unsafe_in_source(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_in_source(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The byte pre-check never hides a character rustc refuses.
        #[test]
        fn the_byte_check_finds_what_the_character_check_finds(
            text in prop::collection::vec(prop::sample::select(&[
                "a", "\t", "\n", "\r", "\u{1}", "\u{7f}", "\u{85}", "\u{9f}", "\u{a0}", "é",
                "\u{61c}", "\u{600}", "\u{200e}", "\u{200d}", "\u{202a}", "\u{202e}", "\u{202f}",
                "\u{2019}", "\u{2066}", "\u{2069}", "\u{206a}", "😀",
            ][..]), 0..16).prop_map(|p| p.concat())
        ) {
            prop_assert_eq!(has_unsafe_in_source(&text), text.chars().any(unsafe_in_source));
        }
    }
}
