//! The vocabulary every stage shares: HTTP methods, status codes, OData primitive types,
//! bodies, and URL paths with their matching. Parsing produces these, the model holds them, the
//! checks and emitters read them; none of them knows about pages or outputs.

pub mod body;
pub mod method;
pub mod odata_type;
pub mod path;
pub mod primitive;
pub mod status;

pub use body::{Body, BodySource};
pub use method::Method;
pub use primitive::Primitive;

/// Characters lowercased into `buf`, to match against lowercase names without allocating.
/// `None` when they do not fit or are not all ASCII: every name matched this way is short ASCII.
pub(crate) fn ascii_lowercase_in(
    chars: impl IntoIterator<Item = char>,
    buf: &mut [u8],
) -> Option<&str> {
    let mut len = 0;
    for c in chars {
        let b = u8::try_from(c).ok().filter(u8::is_ascii)?;
        *buf.get_mut(len)? = b.to_ascii_lowercase();
        len += 1;
    }
    std::str::from_utf8(&buf[..len]).ok()
}

#[cfg(test)]
mod tests {
    use super::odata_type::{same_type, type_key};
    use super::path::{is_cast, match_segments, matches, segments};

    #[test]
    fn an_odata_type_names_a_type_with_or_without_its_hash_in_any_case() {
        assert!(same_type("#microsoft.graph.user", "microsoft.graph.user"));
        assert!(same_type("microsoft.graph.User", "microsoft.graph.user"));
        assert!(!same_type("#microsoft.graph.group", "microsoft.graph.user"));
        assert!(!same_type("#graph.user", "microsoft.graph.user"));
        for (a, b) in [
            ("#microsoft.graph.User", "microsoft.graph.user"),
            ("#x.a", "x.b"),
        ] {
            assert_eq!(type_key(a) == type_key(b), same_type(a, b));
        }
    }

    #[test]
    fn concrete_urls_match_templates() {
        assert!(matches(
            "/me/drive/root:/{item-path}:/content",
            "/me/drive/root:/FolderA/FileB.txt:/content"
        ));
        assert!(matches(
            "/groups/{group-id}/transitiveMembers",
            "/groups/1/transitiveMembers/microsoft.graph.user"
        ));
        assert!(!matches(
            "/groups/{group-id}/members",
            "/groups/1/members/microsoft.graph.user/extra"
        ));
        assert!(matches(
            "/users/{user-id}/messages",
            "/users/87d349ed-44d7/messages"
        ));
        assert!(matches(
            "/me/drive/root:/{item-path}:/content",
            "/me/drive/root:/{item-path}:/content"
        ));
        assert!(matches("/me/drive/root/delta()", "/me/drive/root/delta()"));
        assert!(matches(
            "/range(address={address})",
            "/Range(address={address})"
        ));
        assert!(!matches("/users/{user-id}", "/users"));
        assert!(!matches(
            "/devices/{device-id}/commands/$ref",
            "/devices/{device-id}/commands"
        ));
    }

    #[test]
    fn the_most_literal_template_scores_highest() {
        let concrete = segments("/me/events/delta()");
        let literal = match_segments(&segments("/me/events/delta()"), &concrete);
        let keyed = match_segments(&segments("/me/events/{event-id}"), &concrete);
        assert_eq!(literal, Some(3));
        assert_eq!(keyed, Some(2));
    }

    #[test]
    fn segments_split_outside_groups_and_quotes() {
        assert_eq!(
            segments("/a/range(address='A1/B2')/{x/y}//b"),
            ["a", "range(address='A1/B2')", "{x/y}", "b"]
        );
        assert!(is_cast("microsoft.graph.user"));
        assert!(is_cast("#microsoft.graph.user"));
        assert!(!is_cast("file.txt:"));
        assert!(!is_cast("users"));
    }

    #[test]
    fn a_path_of_any_length_is_matched_without_recursion() {
        let template = "/a".repeat(200_000);
        assert!(matches(&template, &template.to_uppercase()));
    }
}
