//! The emitter: libyaml's block emitter's state and how it writes each node.

use std::io::Write;

use super::scalar::*;
use super::{YamlError, unsupported};

/// The serializer: libyaml's block emitter, driven by serde's calls.
pub struct Serializer<W: Write> {
    pub(super) out: W,
    /// Written text not yet handed to `out`.
    pub(super) buf: Vec<u8>,
    /// The current indentation; -1 before the root node.
    pub(super) indent: i32,
    pub(super) indents: Vec<i32>,
    /// Bytes since the last line break (libyaml counts characters; the two differ only past
    /// the indentation, where only "past it" matters).
    pub(super) column: usize,
    /// The last thing written was whitespace (or nothing).
    pub(super) whitespace: bool,
    /// Only indentation has been written on this line.
    pub(super) indention: bool,
    pub(super) frames: Vec<Frame>,
}

/// A sequence or mapping being written.
pub(super) struct Frame {
    pub(super) kind: FrameKind,
    /// No item written yet: an empty collection is written `[]` or `{}`.
    pub(super) empty: bool,
    /// A block sequence in a mapping, started on its key's line, is not indented further.
    pub(super) indentless: bool,
}

#[derive(PartialEq, Eq)]
pub(super) enum FrameKind {
    Sequence,
    /// A mapping; `simple_key` is the key of the entry being written is on the value's line
    /// (`key: value`), rather than after `? `.
    Mapping {
        at_key: bool,
        simple_key: bool,
    },
}

/// Where a node stands, which decides how it is written.
#[derive(Clone, Copy)]
pub(super) struct Context {
    pub(super) mapping: bool,
    pub(super) simple_key: bool,
}

pub(super) const FLUSH_AT: usize = 1 << 16;

impl<W: Write> Serializer<W> {
    pub fn new(out: W) -> Self {
        Serializer {
            out,
            buf: Vec::with_capacity(FLUSH_AT + 1024),
            indent: -1,
            indents: Vec::new(),
            column: 0,
            whitespace: true,
            indention: true,
            frames: Vec::new(),
        }
    }

    /// Ends the document and writes out what is left.
    pub fn finish(mut self) -> std::io::Result<()> {
        if !self.frames.is_empty() {
            return Err(std::io::Error::other("the YAML document is not complete"));
        }
        self.write_indent();
        self.out.write_all(&self.buf)?;
        self.out.flush()
    }

    pub(super) fn put(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
        self.column += s.len();
    }

    pub(super) fn put_break(&mut self) {
        self.buf.push(b'\n');
        self.column = 0;
    }

    pub(super) fn spill(&mut self) -> Result<(), YamlError> {
        if self.buf.len() >= FLUSH_AT {
            self.out
                .write_all(&self.buf)
                .map_err(|e| YamlError(e.to_string()))?;
            self.buf.clear();
        }
        Ok(())
    }

    pub(super) fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { 2 } else { 0 };
        } else if !indentless {
            self.indent += 2;
        }
    }

    pub(super) fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    pub(super) fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        if self.column < indent {
            self.buf.resize(self.buf.len() + indent - self.column, b' ');
            self.column = indent;
        }
        self.whitespace = true;
        self.indention = true;
    }

    pub(super) fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(" ");
        }
        self.put(indicator);
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    /// What comes before a node: its parent's `- `, `? ` or `: `, and the parent's indentation
    /// if this is its first item. `key` is the node if it is a scalar (only scalars can be keys).
    pub(super) fn before_node(&mut self, key: Option<&str>) -> Result<Context, YamlError> {
        enum Step {
            Item,
            Key { simple: bool },
            Value { simple: bool },
        }
        let Some(frame) = self.frames.last_mut() else {
            return Ok(Context {
                mapping: false,
                simple_key: false,
            });
        };
        let first = std::mem::replace(&mut frame.empty, false);
        let indentless = frame.indentless;
        let step = match &mut frame.kind {
            FrameKind::Sequence => Step::Item,
            FrameKind::Mapping { at_key, simple_key } if *at_key => {
                let Some(key) = key else {
                    return Err(unsupported("a mapping key that is not a scalar"));
                };
                // A key on one line of at most 128 bytes is written `key: value`; others
                // after `? `, their value after `: ` on the next line.
                let simple = key.len() <= 128 && !has_break(key);
                *at_key = false;
                *simple_key = simple;
                Step::Key { simple }
            }
            FrameKind::Mapping { at_key, simple_key } => {
                *at_key = true;
                Step::Value {
                    simple: *simple_key,
                }
            }
        };
        match step {
            Step::Item => {
                if first {
                    self.increase_indent(false, indentless);
                }
                self.write_indent();
                self.write_indicator("-", true, false, true);
                Ok(Context {
                    mapping: false,
                    simple_key: false,
                })
            }
            Step::Key { simple } => {
                if first {
                    self.increase_indent(false, false);
                }
                self.write_indent();
                if !simple {
                    self.write_indicator("?", true, false, true);
                }
                Ok(Context {
                    mapping: true,
                    simple_key: simple,
                })
            }
            Step::Value { simple } => {
                if simple {
                    self.write_indicator(":", false, false, false);
                } else {
                    self.write_indent();
                    self.write_indicator(":", true, false, true);
                }
                Ok(Context {
                    mapping: true,
                    simple_key: false,
                })
            }
        }
    }

    /// A scalar that is written plain whatever it holds (numbers, booleans, null).
    pub(super) fn plain(&mut self, text: &str) -> Result<(), YamlError> {
        self.before_node(Some(text))?;
        self.increase_indent(true, false);
        self.write_plain(text);
        self.pop_indent();
        self.spill()
    }

    /// A scalar in the style asked for, or the one its characters and place allow.
    pub(super) fn scalar(&mut self, text: &str, asked: Style) -> Result<(), YamlError> {
        let context = self.before_node(Some(text))?;
        let a = analyze(text);
        let mut style = asked;
        if context.simple_key && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain
            && (!a.block_plain_allowed || (text.is_empty() && context.simple_key))
        {
            style = Style::SingleQuoted;
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!a.block_allowed || context.simple_key) {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain && ambiguous_in_yaml_1_1(text) {
            style = Style::SingleQuoted;
        }
        self.increase_indent(true, false);
        match style {
            Style::Plain => self.write_plain(text),
            Style::SingleQuoted => self.write_single_quoted(text),
            Style::DoubleQuoted => self.write_double_quoted(text),
            Style::Literal => self.write_literal(text),
        }
        self.pop_indent();
        self.spill()
    }

    pub(super) fn write_plain(&mut self, text: &str) {
        if !self.whitespace && !text.is_empty() {
            self.put(" ");
        }
        self.put(text);
        self.whitespace = false;
        self.indention = false;
    }

    pub(super) fn write_single_quoted(&mut self, text: &str) {
        self.write_indicator("'", true, false, false);
        let mut breaks = false;
        for c in text.chars() {
            if c == ' ' {
                // A space neither ends a run of breaks nor indents (libyaml's rule).
                self.put(" ");
                continue;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
                continue;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put("'");
                }
                self.put(c.encode_utf8(&mut [0; 4]));
                self.indention = false;
            }
            breaks = false;
        }
        if breaks {
            self.write_indent();
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    /// A line break inside a scalar: `\n` as a line break, others as they are.
    pub(super) fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.buf
                .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            self.column = 0;
        }
    }

    pub(super) fn write_double_quoted(&mut self, text: &str) {
        self.write_indicator("\"", true, false, false);
        let mut run = 0;
        for (i, c) in text.char_indices() {
            if printable(c) && !is_break(c) && c != '"' && c != '\\' {
                continue;
            }
            self.put(&text[run..i]);
            run = i + c.len_utf8();
            let escape = match c {
                '\0' => "\\0",
                '\u{7}' => "\\a",
                '\u{8}' => "\\b",
                '\t' => "\\t",
                '\n' => "\\n",
                '\u{B}' => "\\v",
                '\u{C}' => "\\f",
                '\r' => "\\r",
                '\u{1B}' => "\\e",
                '"' => "\\\"",
                '\\' => "\\\\",
                '\u{85}' => "\\N",
                '\u{2028}' => "\\L",
                '\u{2029}' => "\\P",
                c => {
                    let code = c as u32;
                    let hex = if code <= 0xFF {
                        format!("\\x{code:02X}")
                    } else if code <= 0xFFFF {
                        format!("\\u{code:04X}")
                    } else {
                        format!("\\U{code:08X}")
                    };
                    self.put(&hex);
                    continue;
                }
            };
            self.put(escape);
        }
        self.put(&text[run..]);
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    pub(super) fn write_literal(&mut self, text: &str) {
        self.write_indicator("|", true, false, false);
        // Hints: an indentation indicator if the text starts with a space or a break, and how
        // trailing breaks are kept (`-` none, nothing one, `+` all).
        if text.starts_with(' ') || text.starts_with(is_break) {
            self.write_indicator("2", false, false, false);
        }
        let mut tail = text.chars().rev();
        let chomp = match (tail.next(), tail.next()) {
            (None, _) => Some("-"),
            (Some(last), _) if !is_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(before)) if is_break(before) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        // The common case: `\n` is the only break, so the lines are found with memchr.
        if !text.contains('\u{2028}') && !text.contains('\u{2029}') {
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    self.put_break();
                    self.indention = true;
                    breaks = true;
                }
                if !line.is_empty() {
                    if breaks {
                        self.write_indent();
                        self.indention = false;
                        breaks = false;
                    }
                    self.put(line);
                }
            }
            return;
        }
        let mut run_start = None;
        for (i, c) in text.char_indices() {
            if is_break(c) {
                if let Some(start) = run_start.take() {
                    self.put(&text[start..i]);
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                    self.indention = false;
                    breaks = false;
                }
                run_start.get_or_insert(i);
            }
        }
        if let Some(start) = run_start {
            self.put(&text[start..]);
        }
    }

    pub(super) fn start(&mut self, sequence: bool) -> Result<(), YamlError> {
        let context = self.before_node(None)?;
        let kind = if sequence {
            FrameKind::Sequence
        } else {
            FrameKind::Mapping {
                at_key: true,
                simple_key: true,
            }
        };
        self.frames.push(Frame {
            indentless: sequence && context.mapping && !self.indention,
            kind,
            empty: true,
        });
        Ok(())
    }

    pub(super) fn end(&mut self) -> Result<(), YamlError> {
        let Some(frame) = self.frames.pop() else {
            return Err(YamlError(
                "a collection ended that was never started".into(),
            ));
        };
        if frame.empty {
            let (open, close) = match frame.kind {
                FrameKind::Sequence => ("[", "]"),
                FrameKind::Mapping { .. } => ("{", "}"),
            };
            self.write_indicator(open, true, true, false);
            self.write_indicator(close, false, false, false);
        } else {
            self.pop_indent();
        }
        self.spill()
    }

    pub(super) fn string(&mut self, v: &str) -> Result<(), YamlError> {
        let style = if v.contains('\n') {
            Style::Literal
        } else if resolves_to_non_string(v) {
            Style::SingleQuoted
        } else {
            Style::Plain
        };
        self.scalar(v, style)
    }
}
