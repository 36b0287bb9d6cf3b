//! The members of a struct printed in pieces (more than [`PIECE`](super::structs::PIECE)
//! fields), each from a layout: prettyplease lays a member out by the widths of its tokens
//! alone, so a member printed once with placeholder names is every member of the same kind,
//! Rust type and name widths, its names put in. A million fields cost a few dozen prints.
//!
//! A layout is trusted only when a second print, with other placeholders of the same widths,
//! is what the first gives with those placeholders put in: a placeholder that also occurs in
//! the text (a type named like it) is caught there, and such members are printed one by one.

use std::collections::HashMap;

use super::Emitter;
use super::docs::doc_lines;
use crate::ident::Name;
use crate::rust_view::{FieldView, Target};

/// The kinds of member text a struct holds, in the order its markers come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Member {
    /// `pub name: Type,` in the struct.
    Field,
    /// `"wire" => self.name = map.next_value()?,` in `read_field`.
    Read,
    /// `fields.field("wire", &self.name)?;` in `write_fields`.
    Write,
    /// The walk of a field's value in `undocumented`.
    Walk,
}

impl Member {
    /// The string literal a member of this kind holds for the wire name `wire`.
    fn literal(self, wire: &str) -> String {
        let text = match self {
            Member::Walk => format!("/{wire}"),
            _ => wire.to_owned(),
        };
        proc_macro2::Literal::string(&text).to_string()
    }

    /// The wire name whose literal is `width` bytes wide, made of `fill`; none when no wire
    /// name is (an empty one has nothing to put in place).
    fn wire_of_width(self, width: usize, fill: char) -> Option<String> {
        let quotes_and_slash = if self == Member::Walk { 3 } else { 2 };
        let len = width.checked_sub(quotes_and_slash).filter(|&n| n > 0)?;
        Some(std::iter::repeat_n(fill, len).collect())
    }
}

/// Which layout a member takes: its kind, Rust type, and the widths of its identifier and
/// literal as printed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct LayoutKey {
    member: Member,
    target: Target,
    collection: bool,
    ident: usize,
    literal: usize,
}

/// A member's text with the places of its identifier and literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Layout(Vec<Part>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Ident,
    Literal,
}

impl Layout {
    /// The parts of `printed` around each `ident` and `literal`.
    fn parse(printed: &str, ident: &str, literal: &str) -> Layout {
        let mut parts = Vec::new();
        let mut rest = printed;
        loop {
            let next = [(ident, Part::Ident), (literal, Part::Literal)]
                .into_iter()
                .filter_map(|(needle, part)| rest.find(needle).map(|at| (at, needle.len(), part)))
                .min_by_key(|&(at, _, _)| at);
            let Some((at, len, part)) = next else {
                break;
            };
            if at > 0 {
                parts.push(Part::Text(rest[..at].to_owned()));
            }
            parts.push(part);
            rest = &rest[at + len..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        Layout(parts)
    }

    fn render(&self, out: &mut String, ident: &str, literal: &str) {
        for part in &self.0 {
            out.push_str(match part {
                Part::Text(text) => text,
                Part::Ident => ident,
                Part::Literal => literal,
            });
        }
    }
}

impl Emitter<'_, '_> {
    /// The text of `members` of one kind, as [`Emitter::print_members`] prints them, each from
    /// its layout where it has one.
    pub(super) fn print_from_layouts(
        &mut self,
        member: Member,
        owner: &str,
        members: &[FieldView],
    ) -> String {
        let mut out = String::with_capacity(members.len() * 64);
        for m in members {
            if member == Member::Walk && !m.walked {
                continue;
            }
            let ident = m.name.ident().to_string();
            let literal = member.literal(m.wire);
            let plain = ident.is_ascii() && literal.is_ascii();
            // A field's doc comment and attributes are not part of the layout.
            let bare = member != Member::Field
                || (self.options.field_attributes.is_empty()
                    && doc_lines(&m.property.description).is_empty());
            let key = LayoutKey {
                member,
                target: m.target.clone(),
                collection: m.collection(),
                ident: ident.len(),
                literal: literal.len(),
            };
            let layout = if plain && bare {
                self.layout(key, owner, m)
            } else {
                None
            };
            match layout {
                Some(layout) => layout.render(&mut out, &ident, &literal),
                None => out.push_str(&self.print_members(member, owner, std::slice::from_ref(m))),
            }
        }
        out
    }

    /// The layout of members like `like`, found the first time it is asked for.
    fn layout(&mut self, key: LayoutKey, owner: &str, like: &FieldView) -> Option<&Layout> {
        if !self.layouts.contains_key(&key) {
            let found = self.find_layout(&key, owner, like);
            self.layouts.insert(key.clone(), found);
        }
        self.layouts.get(&key)?.as_ref()
    }

    /// Prints a member of `key`'s widths twice, with two sets of placeholders, and keeps the
    /// first as a layout when putting the second's placeholders in it gives the second.
    fn find_layout(&mut self, key: &LayoutKey, owner: &str, like: &FieldView) -> Option<Layout> {
        let mut print = |ident_fill: char, wire_fill: char| {
            let ident: String = std::iter::repeat_n(ident_fill, key.ident).collect();
            let wire = key.member.wire_of_width(key.literal, wire_fill)?;
            let placeholder = FieldView {
                wire: &wire,
                name: Name {
                    rust: ident.clone(),
                    wire: wire.clone(),
                },
                property: like.property,
                target: like.target.clone(),
                walked: like.walked,
            };
            let literal = key.member.literal(&wire);
            let printed = self.print_members(key.member, owner, std::slice::from_ref(&placeholder));
            Some((printed, ident, literal))
        };
        let (first, ident, literal) = print('Z', 'Q')?;
        let (second, other_ident, other_literal) = print('Y', 'W')?;
        let layout = Layout::parse(&first, &ident, &literal);
        let mut check = String::with_capacity(second.len());
        layout.render(&mut check, &other_ident, &other_literal);
        (check == second && layout.0.contains(&Part::Ident)).then_some(layout)
    }
}

/// The layouts an emitter has found, by key; `None` for widths that have none.
pub(super) type Layouts = HashMap<LayoutKey, Option<Layout>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_puts_names_where_the_placeholders_were() {
        let printed = "        \"QQ\" => self.ZZZ = map.next_value()?,\n";
        let layout = Layout::parse(printed, "ZZZ", "\"QQ\"");
        let mut out = String::new();
        layout.render(&mut out, "r#a", "\"id\"");
        assert_eq!(out, "        \"id\" => self.r#a = map.next_value()?,\n");
        // A placeholder that occurs once more is a place too: the check against a second
        // print is what refuses such a layout.
        let twice = Layout::parse("ZZZ: ZZZ", "ZZZ", "\"QQ\"");
        assert_eq!(twice.0, [Part::Ident, Part::Text(": ".into()), Part::Ident]);
    }

    #[test]
    fn a_wire_name_has_a_literal_of_each_width_but_the_empty_one() {
        assert_eq!(Member::Read.wire_of_width(4, 'Q').as_deref(), Some("QQ"));
        assert_eq!(Member::Walk.wire_of_width(5, 'Q').as_deref(), Some("QQ"));
        assert_eq!(Member::Walk.literal("QQ"), "\"/QQ\"");
        assert_eq!(Member::Read.wire_of_width(2, 'Q'), None);
    }
}
