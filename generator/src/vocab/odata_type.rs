// How an `@odata.type` names a type: one copy, which the generator compiles as
// `vocab::odata_type` and which every generated models file carries in its `helpers`
// module, so the round-trip check and the case tests' aid judge a derived instance alike.
// Hence only `std`, no inner doc comment, and no tests here (they are in `vocab/mod.rs`).

/// Does an `@odata.type` (`#microsoft.graph.user`) name this qualified type?
pub fn same_type(odata_type: &str, qualified: &str) -> bool {
    odata_type
        .trim_start_matches('#')
        .eq_ignore_ascii_case(qualified)
}

/// The name an `@odata.type` or a qualified name gives, as a key to look a type up by:
/// without `#`, in ASCII lower case. Two names are the same type ([`same_type`]) when their
/// keys are equal.
pub fn type_key(name: &str) -> String {
    name.trim_start_matches('#').to_ascii_lowercase()
}
