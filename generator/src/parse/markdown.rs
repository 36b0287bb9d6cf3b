//! One pulldown-cmark pass over a page, flattened into the blocks the dialect cares about:
//! headings, paragraphs (with their links), tables, fenced code blocks and HTML comments, each
//! with its line and the heading it sits under. Everything page-specific happens later, on these.

use std::borrow::Cow;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, MetadataBlockKind, Options, Parser, Tag, TagEnd,
};

use crate::diag::{LineIndex, newlines};

/// A link inside inline text: `[text](dest)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link<'a> {
    pub text: Cow<'a, str>,
    pub dest: Cow<'a, str>,
}

/// Inline content rendered to plain text. Code spans keep their backticks, because the dialect
/// uses them to mark values ("Possible values are: `a`, `b`"). The text borrows from the page
/// unless rendering it changed it (a soft break, an escape).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline<'a> {
    pub text: Cow<'a, str>,
    pub links: Vec<Link<'a>>,
    /// Everything in it is bold (`**Calendar**`): how group-separator rows look.
    pub all_strong: bool,
    /// The 1-based column it starts at, for a table cell; 1 otherwise.
    pub col: u32,
}

#[derive(Debug)]
pub struct Heading<'a> {
    pub level: u8,
    pub text: Cow<'a, str>,
    pub links: Vec<Link<'a>>,
    pub line: u32,
    /// The nearest heading of a lower level above this one.
    pub parent: Option<usize>,
}

#[derive(Debug)]
pub struct TableRow<'a> {
    pub cells: Vec<Inline<'a>>,
    pub line: u32,
}

#[derive(Debug)]
pub enum BlockKind<'a> {
    Paragraph {
        inline: Inline<'a>,
        in_quote: bool,
    },
    Table {
        header: Vec<Inline<'a>>,
        rows: Vec<TableRow<'a>>,
    },
    Code {
        lang: Cow<'a, str>,
        text: Cow<'a, str>,
    },
    /// The inside of an HTML comment (`<!-- ... -->`), without the markers, and the column it
    /// starts at on the block's line.
    Comment {
        text: Cow<'a, str>,
        col: u32,
    },
}

#[derive(Debug)]
pub struct Block<'a> {
    pub kind: BlockKind<'a>,
    pub line: u32,
    /// Index into [`Document::headings`] of the heading this block sits under.
    pub heading: Option<usize>,
}

/// A page's blocks. Their text borrows from the page wherever it appears there verbatim, so
/// reading a page copies little more than what rendering changed.
#[derive(Debug)]
pub struct Document<'a> {
    /// YAML front matter and the line its body starts on.
    pub front_matter: Option<(Cow<'a, str>, u32)>,
    pub headings: Vec<Heading<'a>>,
    pub blocks: Vec<Block<'a>>,
}

impl<'a> Document<'a> {
    /// The document cut before every heading that `starts` accepts but the first: one
    /// document per part, each with the headings from its start to the next and the blocks
    /// under them (the front matter and whatever precedes the first start go with the
    /// first). Heading indices are renumbered within each part.
    pub fn split(self, starts: impl Fn(&Heading<'a>) -> bool) -> Vec<Document<'a>> {
        let cuts: Vec<usize> = (self.headings.iter().enumerate())
            .filter(|(_, h)| starts(h))
            .map(|(i, _)| i)
            .skip(1)
            .collect();
        if cuts.is_empty() {
            return vec![self];
        }
        let Document {
            mut front_matter,
            headings,
            blocks,
        } = self;
        let total = headings.len();
        let mut headings = headings.into_iter();
        let mut blocks = blocks.into_iter().peekable();
        let mut parts = Vec::with_capacity(cuts.len() + 1);
        let mut start = 0;
        for end in cuts.into_iter().chain([total]) {
            let within = |i: usize| i.checked_sub(start);
            let part_headings = (headings.by_ref().take(end - start))
                .map(|h| Heading {
                    parent: h.parent.and_then(within),
                    ..h
                })
                .collect();
            let mut part_blocks = Vec::new();
            while let Some(block) = blocks.next_if(|b| b.heading.is_none_or(|h| h < end)) {
                part_blocks.push(Block {
                    heading: block.heading.and_then(within),
                    ..block
                });
            }
            parts.push(Document {
                front_matter: front_matter.take(),
                headings: part_headings,
                blocks: part_blocks,
            });
            start = end;
        }
        parts
    }

    /// The heading and its ancestors, nearest first.
    pub fn heading_chain(&self, heading: Option<usize>) -> impl Iterator<Item = &Heading<'a>> {
        std::iter::successors(heading.and_then(|i| self.headings.get(i)), |h| {
            h.parent.and_then(|p| self.headings.get(p))
        })
    }
}

/// Options for every markdown pass; the benchmark's bare pass uses the same.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// Text gathered from a run of events. It stays a borrow of the page while the pieces lie side
/// by side in it (the lines of a fenced block, the words of a cell), and is copied only when a
/// piece does not (a soft break rendered as a space, an unescaped character).
struct Gather<'a> {
    source: &'a str,
    text: Cow<'a, str>,
}

impl<'a> Gather<'a> {
    fn new(source: &'a str) -> Gather<'a> {
        Gather {
            source,
            text: Cow::Borrowed(""),
        }
    }

    /// A piece of an event: borrowed from the page when the event borrows.
    fn push(&mut self, piece: &CowStr<'a>) {
        match piece {
            CowStr::Borrowed(s) => self.push_source(s),
            other => self.push_str(other),
        }
    }

    fn push_piece(&mut self, piece: Piece<'a, '_>) {
        match piece {
            Piece::Source(s) => self.push_source(s),
            Piece::Event(c) => self.push(c),
            Piece::Rendered(s) => self.push_str(s),
        }
    }

    /// A piece that is a slice of the page.
    fn push_source(&mut self, piece: &'a str) {
        if let Cow::Borrowed(current) = &self.text {
            if current.is_empty() {
                self.text = Cow::Borrowed(piece);
                return;
            }
            if let Some(joined) = self.adjacent(current, piece) {
                self.text = Cow::Borrowed(joined);
                return;
            }
        }
        self.owned(piece.len()).push_str(piece);
    }

    /// A piece that is not in the page as it stands.
    fn push_str(&mut self, piece: &str) {
        if !piece.is_empty() {
            self.owned(piece.len()).push_str(piece);
        }
    }

    /// The text as an owned string with room for `more` bytes. A borrow becomes a copy with
    /// room to spare, since more pieces usually follow the first one that forces the copy.
    fn owned(&mut self, more: usize) -> &mut String {
        if let Cow::Borrowed(current) = self.text {
            let mut text = String::with_capacity(2 * (current.len() + more).max(32));
            text.push_str(current);
            self.text = Cow::Owned(text);
        }
        let text = self.text.to_mut();
        text.reserve(more);
        text
    }

    /// `first` and `second` joined, when `second` starts in the page where `first` ends.
    fn adjacent(&self, first: &str, second: &str) -> Option<&'a str> {
        let base = self.source.as_ptr() as usize;
        let start = (first.as_ptr() as usize).checked_sub(base)?;
        let middle = (second.as_ptr() as usize).checked_sub(base)?;
        (start + first.len() == middle)
            .then(|| self.source.get(start..middle + second.len()))
            .flatten()
    }

    /// The text without surrounding whitespace.
    fn trimmed(self) -> Cow<'a, str> {
        match self.text {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
            Cow::Owned(mut s) => {
                let end = s.trim_end().len();
                s.truncate(end);
                let start = s.len() - s.trim_start().len();
                s.drain(..start);
                Cow::Owned(s)
            }
        }
    }

    fn finish(self) -> Cow<'a, str> {
        self.text
    }
}

struct InlineBuf<'a> {
    text: Gather<'a>,
    links: Vec<Link<'a>>,
    has_strong_text: bool,
    has_plain_text: bool,
    line: u32,
    col: u32,
}

impl<'a> InlineBuf<'a> {
    fn new(source: &'a str, line: u32) -> InlineBuf<'a> {
        InlineBuf {
            text: Gather::new(source),
            links: Vec::new(),
            has_strong_text: false,
            has_plain_text: false,
            line,
            col: 1,
        }
    }

    fn push(&mut self, piece: Piece<'a, '_>, strong: bool) {
        if !piece.as_str().trim().is_empty() {
            if strong {
                self.has_strong_text = true;
            } else {
                self.has_plain_text = true;
            }
        }
        self.text.push_piece(piece);
    }

    fn finish(self) -> Inline<'a> {
        Inline {
            all_strong: self.has_strong_text && !self.has_plain_text,
            text: self.text.trimmed(),
            links: self.links,
            col: self.col,
        }
    }
}

/// A piece of inline text and where it comes from.
#[derive(Clone, Copy)]
enum Piece<'a, 'e> {
    /// A slice of the page.
    Source(&'a str),
    /// A text event's contents.
    Event(&'e CowStr<'a>),
    /// Text that stands in for markup (a space for a line break).
    Rendered(&'static str),
}

impl Piece<'_, '_> {
    fn as_str(&self) -> &str {
        match self {
            Piece::Source(s) => s,
            Piece::Event(c) => c,
            Piece::Rendered(s) => s,
        }
    }
}

enum Container<'a> {
    Inline(InlineBuf<'a>),
    /// A list item: its text goes to an inline buffer unless it holds paragraphs.
    Item(InlineBuf<'a>),
}

/// An open link: its destination and its text so far.
struct OpenLink<'a> {
    dest: Cow<'a, str>,
    text: Gather<'a>,
}

pub fn parse<'a>(text: &'a str) -> Document<'a> {
    let lines = LineIndex::new(text);
    let mut doc = Document {
        front_matter: None,
        headings: Vec::new(),
        blocks: Vec::new(),
    };
    let mut current_heading: Option<usize> = None;
    let mut containers: Vec<Container<'a>> = Vec::new();
    let mut strong_depth = 0usize;
    let mut quote_depth = 0usize;
    let mut links: Vec<OpenLink<'a>> = Vec::new();
    // Each open block with the line it starts on.
    let mut code: Option<(Cow<'a, str>, Gather<'a>, u32)> = None;
    let mut html: Option<(Gather<'a>, u32)> = None;
    let mut metadata: Option<(Gather<'a>, u32)> = None;
    let mut table: Option<(Vec<Inline<'a>>, Vec<TableRow<'a>>, u32)> = None;
    let mut row: Option<(Vec<Inline<'a>>, u32)> = None;
    let mut heading_level: u8 = 0;

    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                // Only the blocks that keep a line ask for it. Starts come in page order, so
                // the line count only moves forward.
                let line = || lines.line(range.start);
                match tag {
                    Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => {
                        metadata = Some((Gather::new(text), line()));
                    }
                    Tag::Heading { level, .. } => {
                        heading_level = level as u8;
                        containers.push(Container::Inline(InlineBuf::new(text, line())));
                    }
                    Tag::TableCell => {
                        let mut buf = InlineBuf::new(text, line());
                        // The cell's first character, after the spaces that pad it.
                        let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                        let content = range.start + text[range.start..range.end].len()
                            - text[range.start..range.end]
                                .trim_start_matches([' ', '|'])
                                .len();
                        let before = text.get(line_start..content).unwrap_or_default();
                        buf.col = u32::try_from(before.chars().count() + 1).unwrap_or(u32::MAX);
                        containers.push(Container::Inline(buf));
                    }
                    Tag::Paragraph => {
                        containers.push(Container::Inline(InlineBuf::new(text, line())));
                    }
                    Tag::Item => containers.push(Container::Item(InlineBuf::new(text, line()))),
                    Tag::BlockQuote(_) => quote_depth += 1,
                    Tag::Strong => strong_depth += 1,
                    Tag::Link { dest_url, .. } => links.push(OpenLink {
                        dest: cow(dest_url),
                        text: Gather::new(text),
                    }),
                    Tag::CodeBlock(kind) => {
                        let lang = match kind {
                            CodeBlockKind::Fenced(info) => language(info),
                            CodeBlockKind::Indented => Cow::Borrowed(""),
                        };
                        code = Some((lang, Gather::new(text), line()));
                    }
                    Tag::HtmlBlock => html = Some((Gather::new(text), line())),
                    Tag::Table(_) => table = Some((Vec::new(), Vec::new(), line())),
                    Tag::TableHead | Tag::TableRow => {
                        // Body rows have as many cells as the header.
                        let width = table.as_ref().map_or(0, |(header, _, _)| header.len());
                        row = Some((Vec::with_capacity(width.max(4)), line()));
                    }
                    _ => {}
                }
            }
            Event::End(tag) => match tag {
                TagEnd::MetadataBlock(_) => {
                    if let Some((body, line)) = metadata.take() {
                        // The body starts on the line after the opening `---`.
                        doc.front_matter = Some((body.finish(), line + 1));
                    }
                }
                TagEnd::Heading(_) => {
                    if let Some(Container::Inline(buf)) = containers.pop() {
                        let line = buf.line;
                        let inline = buf.finish();
                        // `# [HTTP](#tab/http)` starts a DocFX tab, and `[!INCLUDE ...]` above a
                        // `---` becomes a setext heading: neither opens a section.
                        let is_tab = inline.links.len() == 1
                            && inline.links.iter().all(|l| l.dest.starts_with("#tab/"));
                        if is_tab || inline.text.starts_with("[!") || inline.text.is_empty() {
                            continue;
                        }
                        let parent = parent_of(&doc.headings, current_heading, heading_level);
                        doc.headings.push(Heading {
                            level: heading_level,
                            text: inline.text,
                            links: inline.links,
                            line,
                            parent,
                        });
                        current_heading = Some(doc.headings.len() - 1);
                    }
                }
                TagEnd::Paragraph | TagEnd::Item => {
                    if let Some(Container::Inline(buf) | Container::Item(buf)) = containers.pop() {
                        let line = buf.line;
                        let inline = buf.finish();
                        if !inline.text.is_empty() {
                            let kind = BlockKind::Paragraph {
                                inline,
                                in_quote: quote_depth > 0,
                            };
                            doc.blocks.push(Block {
                                kind,
                                line,
                                heading: current_heading,
                            });
                        }
                    }
                }
                TagEnd::TableCell => {
                    if let (Some(Container::Inline(buf)), Some((cells, _))) =
                        (containers.pop(), row.as_mut())
                    {
                        cells.push(buf.finish());
                    }
                }
                TagEnd::TableHead => {
                    if let (Some((cells, _)), Some((header, _, _))) = (row.take(), table.as_mut()) {
                        *header = cells;
                    }
                }
                TagEnd::TableRow => {
                    if let (Some((cells, line)), Some((_, rows, _))) = (row.take(), table.as_mut())
                    {
                        rows.push(TableRow { cells, line });
                    }
                }
                TagEnd::Table => {
                    if let Some((header, rows, line)) = table.take() {
                        doc.blocks.push(Block {
                            kind: BlockKind::Table { header, rows },
                            line,
                            heading: current_heading,
                        });
                    }
                }
                TagEnd::BlockQuote(_) => quote_depth = quote_depth.saturating_sub(1),
                TagEnd::Strong => strong_depth = strong_depth.saturating_sub(1),
                TagEnd::Link => {
                    if let Some(link) = links.pop() {
                        if let Some(buf) = top_inline(&mut containers) {
                            buf.links.push(Link {
                                text: link.text.trimmed(),
                                dest: link.dest,
                            });
                        }
                    }
                }
                TagEnd::CodeBlock => {
                    if let Some((lang, body, line)) = code.take() {
                        doc.blocks.push(Block {
                            kind: BlockKind::Code {
                                lang,
                                text: body.finish(),
                            },
                            line,
                            heading: current_heading,
                        });
                    }
                }
                TagEnd::HtmlBlock => {
                    if let Some((body, line)) = html.take() {
                        push_comments(&mut doc, body.finish(), line, current_heading);
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((body, _)) = metadata.as_mut() {
                    body.push(&t);
                } else if let Some((_, body, _)) = code.as_mut() {
                    body.push(&t);
                } else {
                    push_inline(
                        &mut containers,
                        &mut links,
                        Piece::Event(&t),
                        strong_depth > 0,
                    );
                }
            }
            Event::Code(t) => {
                // The span as written, when that is `` `t` ``; otherwise rendered so.
                let written = &text[range];
                let verbatim = written.len() == t.len() + 2
                    && written.starts_with('`')
                    && written.ends_with('`')
                    && written.get(1..written.len() - 1) == Some(&*t);
                if verbatim {
                    push_inline(
                        &mut containers,
                        &mut links,
                        Piece::Source(written),
                        strong_depth > 0,
                    );
                } else {
                    let quoted = CowStr::from(format!("`{t}`"));
                    push_inline(
                        &mut containers,
                        &mut links,
                        Piece::Event(&quoted),
                        strong_depth > 0,
                    );
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                push_inline(&mut containers, &mut links, Piece::Rendered(" "), false);
            }
            Event::Html(t) => {
                if let Some((body, _)) = html.as_mut() {
                    body.push(&t);
                }
            }
            Event::InlineHtml(t) => {
                // `<br>` and friends inside table cells separate sentences.
                if t.trim_start().starts_with("<!--") {
                    push_comments(&mut doc, cow(t), lines.line(range.start), current_heading);
                } else {
                    push_inline(&mut containers, &mut links, Piece::Rendered(" "), false);
                }
            }
            _ => {}
        }
    }
    doc
}

/// An event's string as a borrow of the page when it is one.
fn cow(s: CowStr<'_>) -> Cow<'_, str> {
    match s {
        CowStr::Borrowed(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.into_string()),
    }
}

fn first_word(s: &str) -> &str {
    s.split_whitespace().next().unwrap_or_default()
}

/// A fence's language: the first word of its info string, lowercase.
fn language(info: CowStr<'_>) -> Cow<'_, str> {
    match info {
        CowStr::Borrowed(s) if !first_word(s).bytes().any(|b| b.is_ascii_uppercase()) => {
            Cow::Borrowed(first_word(s))
        }
        other => Cow::Owned(first_word(&other).to_ascii_lowercase()),
    }
}

/// A heading's parent: the nearest heading above with a lower level.
fn parent_of(headings: &[Heading], mut current: Option<usize>, level: u8) -> Option<usize> {
    while let Some(i) = current {
        let h = headings.get(i)?;
        if h.level < level {
            return Some(i);
        }
        current = h.parent;
    }
    None
}

fn top_inline<'b, 'a>(containers: &'b mut [Container<'a>]) -> Option<&'b mut InlineBuf<'a>> {
    match containers.last_mut()? {
        Container::Inline(buf) | Container::Item(buf) => Some(buf),
    }
}

fn push_inline<'a>(
    containers: &mut [Container<'a>],
    links: &mut [OpenLink<'a>],
    piece: Piece<'a, '_>,
    strong: bool,
) {
    if let Some(link) = links.last_mut() {
        link.text.push_piece(piece);
    }
    if let Some(buf) = top_inline(containers) {
        buf.push(piece, strong);
    }
}

/// Splits an HTML block into its comments; anything else in it (a `<br/>`, a `<div>`) is ignored.
/// Each comment borrows from the page when the block does.
fn push_comments<'a>(
    doc: &mut Document<'a>,
    html: Cow<'a, str>,
    first_line: u32,
    heading: Option<usize>,
) {
    let slice = |start: usize, end: usize| -> Cow<'a, str> {
        match &html {
            Cow::Borrowed(s) => Cow::Borrowed(&s[start..end]),
            Cow::Owned(s) => Cow::Owned(s[start..end].to_owned()),
        }
    };
    let all: &str = &html;
    let mut at = 0;
    let mut line = first_line;
    while let Some(found) = all[at..].find("<!--") {
        let start = at + found;
        line += newlines(&all.as_bytes()[at..start]);
        let body_start = start + 4;
        let (body_end, next) = match all[body_start..].find("-->") {
            Some(end) => (body_start + end, body_start + end + 3),
            None => (all.len(), all.len()),
        };
        let line_start = all[..start].rfind('\n').map_or(0, |i| i + 1);
        let col = all[line_start..body_start].chars().count() + 1;
        doc.blocks.push(Block {
            kind: BlockKind::Comment {
                text: slice(body_start, body_end),
                col: u32::try_from(col).unwrap_or(u32::MAX),
            },
            line,
            heading,
        });
        line += newlines(&all.as_bytes()[start..next]);
        at = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: x\n---\n\n# Title\n\n## Properties\n\n| Property | Type |\n|:--|:--|\n| id | String |\n| `a` \\| b | [user](user.md) |\n\n### Nested\n\n<!-- { \"blockType\": \"request\" } -->\n```http\nGET /me\n```\n\n> A **note** with [a link](x.md).\n";

    #[test]
    fn front_matter_headings_and_their_parents() {
        let doc = parse(PAGE);
        let (yaml, line) = doc.front_matter.as_ref().expect("front matter");
        assert_eq!((yaml.trim(), *line), ("title: x", 2));
        let headings: Vec<(u8, &str, Option<usize>, u32)> = doc
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_ref(), h.parent, h.line))
            .collect();
        assert_eq!(
            headings,
            [
                (1, "Title", None, 5),
                (2, "Properties", Some(0), 7),
                (3, "Nested", Some(1), 14)
            ]
        );
        let nested = doc
            .blocks
            .iter()
            .find(|b| matches!(b.kind, BlockKind::Code { .. }));
        let chain: Vec<&str> = doc
            .heading_chain(nested.and_then(|b| b.heading))
            .map(|h| h.text.as_ref())
            .collect();
        assert_eq!(chain, ["Nested", "Properties", "Title"]);
    }

    #[test]
    fn tables_keep_rows_lines_cell_columns_and_links() {
        let doc = parse(PAGE);
        let (header, rows) = doc
            .blocks
            .iter()
            .find_map(|b| match &b.kind {
                BlockKind::Table { header, rows } => Some((header, rows)),
                _ => None,
            })
            .expect("a table");
        assert_eq!(header[1].text, "Type");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].line, 12);
        // The escaped pipe stays in its cell; code spans keep their backticks.
        assert_eq!(rows[1].cells[0].text, "`a` | b");
        let link = &rows[1].cells[1].links[0];
        assert_eq!(
            (link.text.as_ref(), link.dest.as_ref()),
            ("user", "user.md")
        );
        assert!(rows[1].cells[1].col > rows[1].cells[0].col);
    }

    #[test]
    fn comments_code_and_quoted_paragraphs() {
        let doc = parse(PAGE);
        let comment = doc.blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Comment { text, col } => Some((text.trim(), *col, b.line)),
            _ => None,
        });
        // The inside starts after `<!--`, at column 5.
        assert_eq!(comment, Some(("{ \"blockType\": \"request\" }", 5, 16)));
        let code = doc.blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Code { lang, text } => Some((lang.as_ref(), text.as_ref(), b.line)),
            _ => None,
        });
        assert_eq!(code, Some(("http", "GET /me\n", 17)));
        let quote = doc.blocks.iter().find_map(|b| match &b.kind {
            BlockKind::Paragraph { inline, in_quote } => Some((inline.text.as_ref(), *in_quote)),
            _ => None,
        });
        assert_eq!(quote, Some(("A note with a link.", true)));
    }
}
