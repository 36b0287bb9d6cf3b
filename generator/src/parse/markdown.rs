//! One pulldown-cmark pass over a page, flattened into the blocks the dialect cares about:
//! headings, paragraphs (with their links), tables, fenced code blocks and HTML comments, each
//! with its line and the heading it sits under. Everything page-specific happens later, on these.

use pulldown_cmark::{CodeBlockKind, Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use crate::diag::LineIndex;

/// A link inside inline text: `[text](dest)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub dest: String,
}

/// Inline content rendered to plain text. Code spans keep their backticks, because the dialect
/// uses them to mark values ("Possible values are: `a`, `b`").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub links: Vec<Link>,
    /// Everything in it is bold (`**Calendar**`): how group-separator rows look.
    pub all_strong: bool,
}

#[derive(Debug)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub links: Vec<Link>,
    pub line: u32,
    /// The nearest heading of a lower level above this one.
    pub parent: Option<usize>,
}

#[derive(Debug)]
pub struct TableRow {
    pub cells: Vec<Inline>,
    pub line: u32,
}

#[derive(Debug)]
pub enum BlockKind {
    Paragraph {
        inline: Inline,
        in_quote: bool,
    },
    Table {
        header: Vec<Inline>,
        rows: Vec<TableRow>,
    },
    Code {
        lang: String,
        text: String,
    },
    /// The inside of an HTML comment (`<!-- ... -->`), without the markers.
    Comment(String),
}

#[derive(Debug)]
pub struct Block {
    pub kind: BlockKind,
    pub line: u32,
    /// Index into [`Document::headings`] of the heading this block sits under.
    pub heading: Option<usize>,
}

#[derive(Debug)]
pub struct Document {
    /// YAML front matter and the line its body starts on.
    pub front_matter: Option<(String, u32)>,
    pub headings: Vec<Heading>,
    pub blocks: Vec<Block>,
}

impl Document {
    /// The heading and its ancestors, nearest first.
    pub fn heading_chain(&self, heading: Option<usize>) -> impl Iterator<Item = &Heading> {
        std::iter::successors(heading.and_then(|i| self.headings.get(i)), |h| {
            h.parent.and_then(|p| self.headings.get(p))
        })
    }
}

/// Options for every markdown pass; the benchmark's bare pass uses the same.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

#[derive(Default)]
struct InlineBuf {
    inline: Inline,
    has_strong_text: bool,
    has_plain_text: bool,
    start: usize,
}

impl InlineBuf {
    /// A buffer for an element of `len` source bytes: its text is never longer.
    fn new(start: usize, len: usize) -> InlineBuf {
        InlineBuf {
            inline: Inline {
                text: String::with_capacity(len),
                ..Inline::default()
            },
            start,
            ..InlineBuf::default()
        }
    }

    fn push_text(&mut self, text: &str, strong: bool) {
        if text.trim().is_empty() {
            self.inline.text.push_str(text);
            return;
        }
        if strong {
            self.has_strong_text = true;
        } else {
            self.has_plain_text = true;
        }
        self.inline.text.push_str(text);
    }

    fn finish(mut self) -> Inline {
        self.inline.all_strong = self.has_strong_text && !self.has_plain_text;
        let text = &mut self.inline.text;
        let end = text.trim_end().len();
        text.truncate(end);
        let start = text.len() - text.trim_start().len();
        text.drain(..start);
        self.inline
    }
}

enum Container {
    Inline(InlineBuf),
    /// A list item: its text goes to an inline buffer unless it holds paragraphs.
    Item(InlineBuf),
}

pub fn parse(text: &str, lines: &LineIndex) -> Document {
    let mut doc = Document {
        front_matter: None,
        headings: Vec::new(),
        blocks: Vec::new(),
    };
    let mut current_heading: Option<usize> = None;
    let mut containers: Vec<Container> = Vec::new();
    let mut strong_depth = 0usize;
    let mut quote_depth = 0usize;
    let mut links: Vec<(String, String)> = Vec::new(); // (dest, text so far)
    let mut code: Option<(String, String, usize)> = None;
    let mut html: Option<(String, usize)> = None;
    let mut metadata: Option<(String, usize)> = None;
    let mut table: Option<(Vec<Inline>, Vec<TableRow>, usize)> = None;
    let mut row: Option<(Vec<Inline>, usize)> = None;
    let mut heading_level: u8 = 0;

    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => {
                    metadata = Some((String::new(), range.start));
                }
                Tag::Heading { level, .. } => {
                    heading_level = level as u8;
                    containers.push(Container::Inline(InlineBuf::new(range.start, range.len())));
                }
                Tag::Paragraph | Tag::TableCell => {
                    containers.push(Container::Inline(InlineBuf::new(range.start, range.len())));
                }
                Tag::Item => containers.push(Container::Item(InlineBuf {
                    start: range.start,
                    ..Default::default()
                })),
                Tag::BlockQuote(_) => quote_depth += 1,
                Tag::Strong => strong_depth += 1,
                Tag::Link { dest_url, .. } => links.push((dest_url.into_string(), String::new())),
                Tag::CodeBlock(kind) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info
                            .split_whitespace()
                            .next()
                            .unwrap_or_default()
                            .to_ascii_lowercase(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::with_capacity(range.len()), range.start));
                }
                Tag::HtmlBlock => html = Some((String::with_capacity(range.len()), range.start)),
                Tag::Table(_) => table = Some((Vec::new(), Vec::new(), range.start)),
                Tag::TableHead | Tag::TableRow => row = Some((Vec::new(), range.start)),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::MetadataBlock(_) => {
                    if let Some((body, start)) = metadata.take() {
                        // The body starts on the line after the opening `---`.
                        doc.front_matter = Some((body, lines.line(start) + 1));
                    }
                }
                TagEnd::Heading(_) => {
                    if let Some(Container::Inline(buf)) = containers.pop() {
                        let line = lines.line(buf.start);
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
                        let line = lines.line(buf.start);
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
                    if let (Some((cells, start)), Some((_, rows, _))) = (row.take(), table.as_mut())
                    {
                        rows.push(TableRow {
                            cells,
                            line: lines.line(start),
                        });
                    }
                }
                TagEnd::Table => {
                    if let Some((header, rows, start)) = table.take() {
                        doc.blocks.push(Block {
                            kind: BlockKind::Table { header, rows },
                            line: lines.line(start),
                            heading: current_heading,
                        });
                    }
                }
                TagEnd::BlockQuote(_) => quote_depth = quote_depth.saturating_sub(1),
                TagEnd::Strong => strong_depth = strong_depth.saturating_sub(1),
                TagEnd::Link => {
                    if let Some((dest, text)) = links.pop() {
                        if let Some(buf) = top_inline(&mut containers) {
                            buf.inline.links.push(Link {
                                text: text.trim().to_owned(),
                                dest,
                            });
                        }
                    }
                }
                TagEnd::CodeBlock => {
                    if let Some((lang, body, start)) = code.take() {
                        doc.blocks.push(Block {
                            kind: BlockKind::Code { lang, text: body },
                            line: lines.line(start),
                            heading: current_heading,
                        });
                    }
                }
                TagEnd::HtmlBlock => {
                    if let Some((body, start)) = html.take() {
                        push_comments(&mut doc, &body, lines.line(start), current_heading);
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((body, _)) = metadata.as_mut() {
                    body.push_str(&t);
                } else if let Some((_, body, _)) = code.as_mut() {
                    body.push_str(&t);
                } else {
                    push_inline_text(&mut containers, &mut links, &t, strong_depth > 0);
                }
            }
            Event::Code(t) => {
                let quoted = format!("`{t}`");
                push_inline_text(&mut containers, &mut links, &quoted, strong_depth > 0);
            }
            Event::SoftBreak | Event::HardBreak => {
                push_inline_text(&mut containers, &mut links, " ", false);
            }
            Event::Html(t) => {
                if let Some((body, _)) = html.as_mut() {
                    body.push_str(&t);
                }
            }
            Event::InlineHtml(t) => {
                // `<br>` and friends inside table cells separate sentences.
                if t.trim_start().starts_with("<!--") {
                    push_comments(&mut doc, &t, lines.line(range.start), current_heading);
                } else {
                    push_inline_text(&mut containers, &mut links, " ", false);
                }
            }
            _ => {}
        }
    }
    doc
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

fn top_inline(containers: &mut [Container]) -> Option<&mut InlineBuf> {
    match containers.last_mut()? {
        Container::Inline(buf) | Container::Item(buf) => Some(buf),
    }
}

fn push_inline_text(
    containers: &mut [Container],
    links: &mut [(String, String)],
    text: &str,
    strong: bool,
) {
    if let Some((_, link_text)) = links.last_mut() {
        link_text.push_str(text);
    }
    if let Some(buf) = top_inline(containers) {
        buf.push_text(text, strong);
    }
}

/// Splits an HTML block into its comments; anything else in it (a `<br/>`, a `<div>`) is ignored.
fn push_comments(doc: &mut Document, html: &str, first_line: u32, heading: Option<usize>) {
    let mut rest = html;
    let mut line = first_line;
    while let Some(start) = rest.find("<!--") {
        line += count_lines(&rest[..start]);
        let after = &rest[start + 4..];
        let (body, next) = match after.find("-->") {
            Some(end) => (&after[..end], &after[end + 3..]),
            None => (after, ""),
        };
        doc.blocks.push(Block {
            kind: BlockKind::Comment(body.to_owned()),
            line,
            heading,
        });
        line += count_lines(&rest[start..rest.len() - next.len()]);
        rest = next;
    }
}

fn count_lines(s: &str) -> u32 {
    u32::try_from(s.matches('\n').count()).unwrap_or(u32::MAX)
}
