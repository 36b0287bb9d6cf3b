//! Prose: the sentences under a title that name a base type, and those that say what a
//! request returns.

use super::super::markdown::Inline;
use super::super::{ResponseDoc, TypeSpec, typecell};

/// The phrases of a sentence under the title that name the page's base type.
pub(super) const INHERITANCE_PHRASES: [&str; 5] = [
    "inherits from",
    "subclass of",
    "subclass from",
    "derived from",
    "derives from",
];

/// The first link after a phrase: "Inherits from [entity](entity.md)", "supply a JSON
/// representation of the [device](../resources/device.md) object".
pub(super) fn link_after(
    inline: &Inline,
    lower: &str,
    phrase: &str,
    page_path: &str,
) -> Option<TypeSpec> {
    let at = lower.find(phrase)?;
    let rest = &inline.text[at..];
    // The first link after the phrase: the one whose text starts earliest, the longer when two
    // start together (`teamsApp` and `teamsAppInstallation`).
    let link = inline
        .links
        .iter()
        .filter(|l| typecell::is_type_name(l.text.trim_matches(['`', '*'])))
        .filter_map(|l| {
            Some((
                rest.find(l.text.as_ref())?,
                std::cmp::Reverse(l.text.len()),
                l,
            ))
        })
        .min_by_key(|(at, len, _)| (*at, *len))
        .map(|(_, _, l)| l)?;
    if !link.dest.contains(".md") && !link.dest.contains("/api/") && !link.dest.starts_with('#') {
        return None;
    }
    let (target, anchor) = typecell::resolve_link(&link.dest, page_path);
    let text = link.text.trim_matches(['`', '*']).to_owned();
    // "a collection of [user](..) objects" / "[user](..) collection"
    let after_link = rest.find(link.text.as_ref()).map_or("", |i| &rest[i..]);
    let sentence_end = after_link.find(". ").unwrap_or(after_link.len());
    let before_link = &rest[..rest.find(link.text.as_ref()).unwrap_or(0)];
    let collection = after_link[..sentence_end]
        .to_ascii_lowercase()
        .contains("collection")
        || before_link.to_ascii_lowercase().contains("collection of");
    Some(TypeSpec {
        cell: super::super::TypeCell::Link {
            text,
            target,
            anchor,
        },
        collection,
    })
}

/// "If successful, this method returns a `200 OK` response code and a [user](..) object".
pub(super) fn response_doc(
    inline: &Inline,
    lower: &str,
    line: u32,
    page_path: &str,
) -> Option<ResponseDoc> {
    let text = &inline.text;
    let mut status = None;
    let mut rest = text.as_ref();
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('`') else { break };
        let code = &after[..close];
        if let Some(n) = code
            .get(..3)
            .and_then(|d| d.parse::<u16>().ok())
            .filter(|n| (100..600).contains(n))
        {
            status = Some(n);
            break;
        }
        rest = &after[close + 1..];
    }
    let status = status.or_else(|| {
        lower
            .find("returns")
            .and_then(|i| {
                lower[i..].split_whitespace().find_map(|w| {
                    w.trim_matches(|c: char| !c.is_ascii_digit())
                        .parse::<u16>()
                        .ok()
                })
            })
            .filter(|n| (100..600).contains(n))
    })?;
    let ty = link_after(inline, lower, "returns", page_path)
        .or_else(|| link_after(inline, lower, "response", page_path));
    Some(ResponseDoc {
        status: Some(status),
        ty,
        line,
    })
}
