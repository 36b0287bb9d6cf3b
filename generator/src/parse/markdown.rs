//! One pulldown-cmark pass over a page, flattened into the blocks the dialect cares about:
//! headings, paragraphs (with their links), tables, fenced code blocks and HTML comments, each
//! with its line and the heading it sits under. Everything page-specific happens later, on these.

use std::borrow::Cow;
use std::ops::Range;

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

/// The page's blocks, from one pulldown-cmark pass.
pub fn parse<'a>(text: &'a str) -> Document<'a> {
    let mut walk = Walk::new(text);
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => walk.start(tag, range),
            Event::End(tag) => walk.end(tag),
            Event::Text(t) => walk.text(&t),
            Event::Code(t) => walk.code(&t, range),
            Event::SoftBreak | Event::HardBreak => walk.inline(Piece::Rendered(" "), false),
            Event::Html(t) => walk.html(&t),
            Event::InlineHtml(t) => walk.inline_html(t, range),
            _ => {}
        }
    }
    walk.doc
}

/// The walk over a page's events: what is open, and the document so far. One method per kind
/// of event, as pulldown-cmark's own HTML writer is written.
struct Walk<'a> {
    text: &'a str,
    lines: LineIndex<'a>,
    doc: Document<'a>,
    current_heading: Option<usize>,
    heading_level: u8,
    containers: Vec<Container<'a>>,
    strong_depth: usize,
    quote_depth: usize,
    links: Vec<OpenLink<'a>>,
    // Each open block with the line it starts on.
    code: Option<(Cow<'a, str>, Gather<'a>, u32)>,
    html: Option<(Gather<'a>, u32)>,
    metadata: Option<(Gather<'a>, u32)>,
    table: Option<(Vec<Inline<'a>>, Vec<TableRow<'a>>, u32)>,
    row: Option<(Vec<Inline<'a>>, u32)>,
}

impl<'a> Walk<'a> {
    fn new(text: &'a str) -> Self {
        Walk {
            text,
            lines: LineIndex::new(text),
            doc: Document {
                front_matter: None,
                headings: Vec::new(),
                blocks: Vec::new(),
            },
            current_heading: None,
            heading_level: 0,
            containers: Vec::new(),
            strong_depth: 0,
            quote_depth: 0,
            links: Vec::new(),
            code: None,
            html: None,
            metadata: None,
            table: None,
            row: None,
        }
    }

    /// A block under the current heading.
    fn push_block(&mut self, kind: BlockKind<'a>, line: u32) {
        self.doc.blocks.push(Block {
            kind,
            line,
            heading: self.current_heading,
        });
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        // Only the blocks that keep a line ask for it. Starts come in page order, so the line
        // count only moves forward.
        let (text, lines) = (self.text, &self.lines);
        let line = || lines.line(range.start);
        match tag {
            Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => {
                self.metadata = Some((Gather::new(text), line()));
            }
            Tag::Heading { level, .. } => {
                self.heading_level = level as u8;
                let buf = InlineBuf::new(text, line());
                self.containers.push(Container::Inline(buf));
            }
            Tag::TableCell => {
                let mut buf = InlineBuf::new(text, line());
                buf.col = cell_column(text, range);
                self.containers.push(Container::Inline(buf));
            }
            Tag::Paragraph => {
                let buf = InlineBuf::new(text, line());
                self.containers.push(Container::Inline(buf));
            }
            Tag::Item => {
                let buf = InlineBuf::new(text, line());
                self.containers.push(Container::Item(buf));
            }
            Tag::BlockQuote(_) => self.quote_depth += 1,
            Tag::Strong => self.strong_depth += 1,
            Tag::Link { dest_url, .. } => self.links.push(OpenLink {
                dest: cow(dest_url),
                text: Gather::new(text),
            }),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => language(info),
                    CodeBlockKind::Indented => Cow::Borrowed(""),
                };
                self.code = Some((lang, Gather::new(text), line()));
            }
            Tag::HtmlBlock => self.html = Some((Gather::new(text), line())),
            Tag::Table(_) => self.table = Some((Vec::new(), Vec::new(), line())),
            Tag::TableHead | Tag::TableRow => {
                // Body rows have as many cells as the header.
                let width = (self.table.as_ref()).map_or(0, |(header, _, _)| header.len());
                self.row = Some((Vec::with_capacity(width.max(4)), line()));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::MetadataBlock(_) => {
                if let Some((body, line)) = self.metadata.take() {
                    // The body starts on the line after the opening `---`.
                    self.doc.front_matter = Some((body.finish(), line + 1));
                }
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::Paragraph | TagEnd::Item => self.end_paragraph(),
            TagEnd::TableCell => {
                if let (Some(Container::Inline(buf)), Some((cells, _))) =
                    (self.containers.pop(), self.row.as_mut())
                {
                    cells.push(buf.finish());
                }
            }
            TagEnd::TableHead => {
                if let (Some((cells, _)), Some((header, _, _))) =
                    (self.row.take(), self.table.as_mut())
                {
                    *header = cells;
                }
            }
            TagEnd::TableRow => {
                if let (Some((cells, line)), Some((_, rows, _))) =
                    (self.row.take(), self.table.as_mut())
                {
                    rows.push(TableRow { cells, line });
                }
            }
            TagEnd::Table => {
                if let Some((header, rows, line)) = self.table.take() {
                    self.push_block(BlockKind::Table { header, rows }, line);
                }
            }
            TagEnd::BlockQuote(_) => self.quote_depth = self.quote_depth.saturating_sub(1),
            TagEnd::Strong => self.strong_depth = self.strong_depth.saturating_sub(1),
            TagEnd::Link => {
                if let Some(link) = self.links.pop() {
                    if let Some(buf) = top_inline(&mut self.containers) {
                        buf.links.push(Link {
                            text: link.text.trimmed(),
                            dest: link.dest,
                        });
                    }
                }
            }
            TagEnd::CodeBlock => {
                if let Some((lang, body, line)) = self.code.take() {
                    let text = body.finish();
                    self.push_block(BlockKind::Code { lang, text }, line);
                }
            }
            TagEnd::HtmlBlock => {
                if let Some((body, line)) = self.html.take() {
                    push_comments(&mut self.doc, body.finish(), line, self.current_heading);
                }
            }
            _ => {}
        }
    }

    fn end_heading(&mut self) {
        let Some(Container::Inline(buf)) = self.containers.pop() else {
            return;
        };
        let line = buf.line;
        let inline = buf.finish();
        // A DocFX tab, and `[!INCLUDE ...]` above a `---` (a setext heading): neither opens a
        // section.
        if is_tab(&inline.links) || inline.text.starts_with("[!") || inline.text.is_empty() {
            return;
        }
        let level = self.heading_level;
        let parent = parent_of(&self.doc.headings, self.current_heading, level);
        self.doc.headings.push(Heading {
            level,
            text: inline.text,
            links: inline.links,
            line,
            parent,
        });
        self.current_heading = Some(self.doc.headings.len() - 1);
    }

    fn end_paragraph(&mut self) {
        if let Some(Container::Inline(buf) | Container::Item(buf)) = self.containers.pop() {
            let line = buf.line;
            let inline = buf.finish();
            if !inline.text.is_empty() {
                let in_quote = self.quote_depth > 0;
                self.push_block(BlockKind::Paragraph { inline, in_quote }, line);
            }
        }
    }

    fn text(&mut self, t: &CowStr<'a>) {
        if let Some((body, _)) = self.metadata.as_mut() {
            body.push(t);
        } else if let Some((_, body, _)) = self.code.as_mut() {
            body.push(t);
        } else {
            self.inline(Piece::Event(t), self.strong_depth > 0);
        }
    }

    fn code(&mut self, t: &CowStr<'a>, range: Range<usize>) {
        // The span as written, when that is `` `t` ``; otherwise rendered so.
        let written = &self.text[range];
        let verbatim = written.len() == t.len() + 2
            && written.starts_with('`')
            && written.ends_with('`')
            && written.get(1..written.len() - 1) == Some(&**t);
        let strong = self.strong_depth > 0;
        if verbatim {
            self.inline(Piece::Source(written), strong);
        } else {
            let quoted = CowStr::from(format!("`{t}`"));
            self.inline(Piece::Event(&quoted), strong);
        }
    }

    fn html(&mut self, t: &CowStr<'a>) {
        if let Some((body, _)) = self.html.as_mut() {
            body.push(t);
        }
    }

    fn inline_html(&mut self, t: CowStr<'a>, range: Range<usize>) {
        // `<br>` and friends inside table cells separate sentences.
        if t.trim_start().starts_with("<!--") {
            let line = self.lines.line(range.start);
            push_comments(&mut self.doc, cow(t), line, self.current_heading);
        } else {
            self.inline(Piece::Rendered(" "), false);
        }
    }

    /// Inline text into the open link and the innermost open container.
    fn inline(&mut self, piece: Piece<'a, '_>, strong: bool) {
        if let Some(link) = self.links.last_mut() {
            link.text.push_piece(piece);
        }
        if let Some(buf) = top_inline(&mut self.containers) {
            buf.push(piece, strong);
        }
    }
}

/// Whether a heading is a tab of a code sample group (`# [HTTP](#tab/http)`), not a section:
/// the one rule, applied as the headings are read.
fn is_tab(links: &[Link]) -> bool {
    links.iter().any(|l| l.dest.starts_with("#tab/"))
}

/// The column a table cell's first character is at, after the spaces that pad it.
fn cell_column(text: &str, range: Range<usize>) -> u32 {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let cell = &text[range.start..range.end];
    let content = range.start + cell.len() - cell.trim_start_matches([' ', '|']).len();
    let before = text.get(line_start..content).unwrap_or_default();
    u32::try_from(before.chars().count() + 1).unwrap_or(u32::MAX)
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
