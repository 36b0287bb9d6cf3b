//! The YAML writer of every YAML output: a serde serializer that writes block-style YAML as it
//! is serialized, in one pass, with nothing built in memory but the line being written.
//!
//! It writes what serde_yaml writes (its emitter is libyaml's, and this one decides every
//! scalar's style, indentation and line break by libyaml's rules, with serde_yaml's settings: no
//! line width, Unicode as is, two-space indents), with one difference: plain scalars that YAML
//! 1.1 readers (PyYAML, openapi-spec-validator among them) read as something other than a
//! string, and YAML 1.2 readers do not (`on`, `no`, `y`, `1:20`, `1_000`), are single-quoted.
//! A parameter named `on` would otherwise be read as `name: true`.
//!
//! The tests hold it to serde_yaml: its output is serde_yaml's byte for byte wherever no such
//! scalar occurs, and serde_yaml reads every document it writes back equal to what was written.
//!
//! Only what the outputs serialize is supported: scalars, sequences, mappings whose keys are
//! scalars, structs. Enum variants with data (which serde_yaml writes as YAML tags) and byte
//! strings are errors.

use std::fmt::Display;
use std::io::Write;

use serde::ser::{self, Serialize};

/// Writes `value` as YAML, after `header`, into `out`.
pub fn write<T: Serialize + ?Sized>(
    out: &mut dyn Write,
    header: &str,
    value: &T,
) -> std::io::Result<()> {
    let mut serializer = Serializer::new(out);
    serializer.buf.extend_from_slice(header.as_bytes());
    value
        .serialize(&mut serializer)
        .map_err(std::io::Error::other)?;
    serializer.finish()
}

/// What cannot be written as YAML.
#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error(message.to_string())
    }
}

fn unsupported(what: &str) -> Error {
    Error(format!("the YAML writer does not write {what}"))
}

/// Plain scalars that YAML 1.1 resolves to something other than a string, and YAML 1.2 does not.
fn ambiguous_in_yaml_1_1(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
        "OFF",
    ];
    if s.len() <= 3 && WORDS.contains(&s) {
        return true;
    }
    // Numbers start with a digit, after an optional sign.
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !unsigned.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    // Sexagesimal (`1:20`) and underscored (`1_000`) numbers.
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = digits.split(':');
    let first = parts.next().unwrap_or_default();
    let numeric = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_digit() || c == '_' || c == '.')
    };
    let sexagesimal = s.contains(':')
        && first.starts_with(|c: char| c.is_ascii_digit())
        && numeric(first)
        && parts.all(numeric);
    let underscored =
        s.contains('_') && digits.starts_with(|c: char| c.is_ascii_digit()) && numeric(digits);
    sexagesimal || underscored
}

/// Whether serde_yaml reads `s`, written plain, as something other than a string (null, a
/// boolean, a number, or digits with a leading zero): such a string is written quoted. The
/// rules are serde_yaml's (`de.rs`, `visit_untagged_scalar`).
fn resolves_to_non_string(s: &str) -> bool {
    if s.is_empty() || matches!(s, "null" | "Null" | "NULL" | "~") {
        return true;
    }
    if matches!(s, "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
        return true;
    }
    if digits_but_not_number(s) {
        return true;
    }
    let first = s.as_bytes()[0];
    // Every number starts with a digit, a sign or a dot.
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return false;
    }
    is_integer(s) || is_float(s)
}

/// Leading zeros followed by digits: a string in YAML 1.2, which serde_yaml quotes.
fn digits_but_not_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    s.len() > 1 && s.starts_with('0') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// An integer as serde_yaml reads one: decimal, `0x`, `0o` or `0b`, optionally signed, that
/// fits in 128 bits.
fn is_integer(s: &str) -> bool {
    fn radix(digits: &str) -> Option<(&str, u32)> {
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
            if let Some(rest) = digits.strip_prefix(prefix) {
                return Some((rest, radix));
            }
        }
        None
    }
    // Unsigned: an optional `+`, then digits.
    let unpositive = s.strip_prefix('+').unwrap_or(s);
    if let Some((rest, r)) = radix(unpositive)
        && !rest.starts_with(['+', '-'])
        && u128::from_str_radix(rest, r).is_ok()
    {
        return true;
    }
    if !unpositive.starts_with(['+', '-']) && u128::from_str_radix(unpositive, 10).is_ok() {
        return true;
    }
    // Negative.
    if let Some(negative) = s.strip_prefix('-') {
        if let Some((rest, r)) = radix(negative)
            && i128::from_str_radix(&format!("-{rest}"), r).is_ok()
        {
            return true;
        }
        if i128::from_str_radix(s, 10).is_ok() {
            return true;
        }
    }
    false
}

/// A float as serde_yaml reads one: `.inf`, `.nan` and their spellings, or what Rust parses as
/// a finite `f64`.
fn is_float(s: &str) -> bool {
    let unpositive = match s.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return false,
        Some(rest) => rest,
        None => s,
    };
    matches!(unpositive, ".inf" | ".Inf" | ".INF")
        || matches!(s, "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN")
        || unpositive.parse::<f64>().is_ok_and(f64::is_finite)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// What a scalar's characters allow (libyaml's `yaml_emitter_analyze_scalar`).
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

/// Characters libyaml writes as they are (`IS_PRINTABLE`): not tabs, carriage returns, other
/// C0 and C1 controls, surrogates, the byte order mark, U+FFFE or U+FFFF.
fn printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && c != '\u{FEFF}'
}

/// Line breaks as YAML reads them.
fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether `s` holds a line break (its bytes first: a break starts with one of four).
fn has_break(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b'\n' | b'\r' | 0xC2 | 0xE2)) && s.chars().any(is_break)
}

/// A blank, a break, a NUL or the end (libyaml's `IS_BLANKZ`).
fn blank_or_end(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(c, ' ' | '\t' | '\0') || is_break(c),
    }
}

/// [`analyze`] in one pass over the bytes, for text whose characters are printable and whose
/// only line break is `\n` (nearly all text): `None` for other text. Spaces are never looked
/// at: a space matters only beside a line break or at either end.
fn analyze_bytes(b: &[u8]) -> Option<Analysis> {
    let (&first, &last) = (b.first()?, b.last()?);
    // A blank, a break or the end, where only ` ` and `\n` can be there.
    let blank = |c: Option<&u8>| matches!(c, None | Some(b' ' | b'\n'));
    let mut block_indicators = b.starts_with(b"---") || b.starts_with(b"...");
    match first {
        b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' => block_indicators = true,
        b'?' | b':' | b'-' if blank(b.get(1)) => block_indicators = true,
        _ => {}
    }
    let (mut line_breaks, mut break_space, mut space_break) = (false, false, false);
    for (i, &c) in b.iter().enumerate() {
        if BYTES[usize::from(c)] & LOOK == 0 {
            continue;
        }
        match c {
            b'\n' => {
                line_breaks = true;
                space_break |= i > 0 && b[i - 1] == b' ';
                break_space |= b.get(i + 1) == Some(&b' ');
            }
            b':' => block_indicators |= i > 0 && blank(b.get(i + 1)),
            b'#' => block_indicators |= i > 0 && matches!(b[i - 1], b' ' | b'\n'),
            // C1 controls and NEL (U+0080-U+009F).
            0xC2 if b.get(i + 1).is_some_and(|&n| n < 0xA0) => return None,
            // The line and paragraph separators, U+2028 and U+2029.
            0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => {
                return None;
            }
            // The byte order mark U+FEFF, and U+FFFE and U+FFFF.
            0xEF if matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0xBB), Some(0xBF)) | (Some(0xBF), Some(0xBE | 0xBF))
            ) =>
            {
                return None;
            }
            0xC2 | 0xE2 | 0xEF => {}
            // Controls, tabs, carriage returns.
            _ => return None,
        }
    }
    let edges = first == b' ' || first == b'\n' || last == b' ' || last == b'\n';
    Some(Analysis {
        multiline: line_breaks,
        block_plain_allowed: !(edges
            || break_space
            || space_break
            || line_breaks
            || block_indicators),
        single_quoted_allowed: !(break_space || space_break),
        block_allowed: !(last == b' ' || space_break),
    })
}

/// The bytes [`analyze_bytes`] looks at: controls, `:`, `#`, and the first bytes of the
/// characters that are not printable or are line breaks.
const LOOK: u8 = 1;
static BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte < 0x20 || byte == 0x7F || matches!(byte, b':' | b'#' | 0xC2 | 0xE2 | 0xEF) {
            table[b] |= LOOK;
        }
        b += 1;
    }
    table
};

fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    if let Some(analysis) = analyze_bytes(s.as_bytes()) {
        return analysis;
    }
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let mut line_breaks = false;
    let mut special_characters = false;
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    let mut chars = s.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let followed_by_whitespace = blank_or_end(next);
        let last = next.is_none();
        if first {
            if matches!(
                c,
                '#' | ','
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '&'
                    | '*'
                    | '!'
                    | '|'
                    | '>'
                    | '\''
                    | '"'
                    | '%'
                    | '@'
                    | '`'
            ) {
                block_indicators = true;
            }
            if matches!(c, '?' | ':' | '-') && followed_by_whitespace {
                block_indicators = true;
            }
        } else {
            if c == ':' && followed_by_whitespace {
                block_indicators = true;
            }
            if c == '#' && preceded_by_whitespace {
                block_indicators = true;
            }
        }
        if !printable(c) {
            special_characters = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            leading_space |= first;
            trailing_space |= last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            leading_break |= first;
            trailing_break |= last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = blank_or_end(Some(c));
        first = false;
    }
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// The serializer: libyaml's block emitter, driven by serde's calls.
pub struct Serializer<W: Write> {
    out: W,
    /// Written text not yet handed to `out`.
    buf: Vec<u8>,
    /// The current indentation; -1 before the root node.
    indent: i32,
    indents: Vec<i32>,
    /// Bytes since the last line break (libyaml counts characters; the two differ only past
    /// the indentation, where only "past it" matters).
    column: usize,
    /// The last thing written was whitespace (or nothing).
    whitespace: bool,
    /// Only indentation has been written on this line.
    indention: bool,
    frames: Vec<Frame>,
}

/// A sequence or mapping being written.
struct Frame {
    kind: Kind,
    /// No item written yet: an empty collection is written `[]` or `{}`.
    empty: bool,
    /// A block sequence in a mapping, started on its key's line, is not indented further.
    indentless: bool,
}

#[derive(PartialEq, Eq)]
enum Kind {
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
struct Context {
    mapping: bool,
    simple_key: bool,
}

const FLUSH_AT: usize = 1 << 16;

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

    fn put(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
        self.column += s.len();
    }

    fn put_break(&mut self) {
        self.buf.push(b'\n');
        self.column = 0;
    }

    fn spill(&mut self) -> Result<(), Error> {
        if self.buf.len() >= FLUSH_AT {
            self.out
                .write_all(&self.buf)
                .map_err(|e| Error(e.to_string()))?;
            self.buf.clear();
        }
        Ok(())
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { 2 } else { 0 };
        } else if !indentless {
            self.indent += 2;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
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

    fn write_indicator(
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
    fn before_node(&mut self, key: Option<&str>) -> Result<Context, Error> {
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
            Kind::Sequence => Step::Item,
            Kind::Mapping { at_key, simple_key } if *at_key => {
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
            Kind::Mapping { at_key, simple_key } => {
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
    fn plain(&mut self, text: &str) -> Result<(), Error> {
        self.before_node(Some(text))?;
        self.increase_indent(true, false);
        self.write_plain(text);
        self.pop_indent();
        self.spill()
    }

    /// A scalar in the style asked for, or the one its characters and place allow.
    fn scalar(&mut self, text: &str, asked: Style) -> Result<(), Error> {
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

    fn write_plain(&mut self, text: &str) {
        if !self.whitespace && !text.is_empty() {
            self.put(" ");
        }
        self.put(text);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, text: &str) {
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
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.buf
                .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            self.column = 0;
        }
    }

    fn write_double_quoted(&mut self, text: &str) {
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

    fn write_literal(&mut self, text: &str) {
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

    fn start(&mut self, sequence: bool) -> Result<(), Error> {
        let context = self.before_node(None)?;
        let kind = if sequence {
            Kind::Sequence
        } else {
            Kind::Mapping {
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

    fn end(&mut self) -> Result<(), Error> {
        let Some(frame) = self.frames.pop() else {
            return Err(Error("a collection ended that was never started".into()));
        };
        if frame.empty {
            let (open, close) = match frame.kind {
                Kind::Sequence => ("[", "]"),
                Kind::Mapping { .. } => ("{", "}"),
            };
            self.write_indicator(open, true, true, false);
            self.write_indicator(close, false, false, false);
        } else {
            self.pop_indent();
        }
        self.spill()
    }

    fn string(&mut self, v: &str) -> Result<(), Error> {
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

impl<W: Write> ser::Serializer for &mut Serializer<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.plain(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.plain(itoa::Buffer::new().format(v))
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.plain(itoa::Buffer::new().format(v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.plain(itoa::Buffer::new().format(v))
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.plain(itoa::Buffer::new().format(v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        let mut buffer = ryu::Buffer::new();
        self.plain(match v {
            f32::INFINITY => ".inf",
            f32::NEG_INFINITY => "-.inf",
            v if v.is_nan() => ".nan",
            v => buffer.format_finite(v),
        })
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        let mut buffer = ryu::Buffer::new();
        self.plain(match v {
            f64::INFINITY => ".inf",
            f64::NEG_INFINITY => "-.inf",
            v if v.is_nan() => ".nan",
            v => buffer.format_finite(v),
        })
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.scalar(v.encode_utf8(&mut [0; 4]), Style::SingleQuoted)
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(unsupported("byte strings"))
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.plain("null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(unsupported("enum variants with data"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Error> {
        self.start(true)?;
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Error> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(unsupported("enum variants with data"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Error> {
        self.start(false)?;
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(unsupported("enum variants with data"))
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.string(&value.to_string())
    }
}

/// serde's three forms of sequence, each written as one YAML sequence.
macro_rules! sequence {
    ($($form:ident::$item:ident),*) => {$(
        impl<W: Write> ser::$form for &mut Serializer<W> {
            type Ok = ();
            type Error = Error;
            fn $item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Error> {
                Serializer::end(self)
            }
        }
    )*};
}

sequence!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

impl<W: Write> ser::SerializeMap for &mut Serializer<W> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Serializer::end(self)
    }
}

impl<W: Write> ser::SerializeStruct for &mut Serializer<W> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.string(key)?;
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Serializer::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    /// `value` as a YAML document, through the outputs' own entry point.
    fn to_string<T: Serialize + ?Sized>(value: &T) -> std::io::Result<String> {
        let mut out = Vec::new();
        write(&mut out, "", value)?;
        String::from_utf8(out).map_err(std::io::Error::other)
    }

    #[test]
    fn quotes_what_yaml_1_1_misreads() {
        let value = json!({"name": "on", "enum": ["yes", "no", "maybe"], "on": 1, "at": "1:20",
            "count": "10", "key": "value: x", "text": "on\nno"});
        let text = to_string(&value).unwrap();
        assert_eq!(
            text,
            "name: 'on'\nenum:\n- 'yes'\n- 'no'\n- maybe\n'on': 1\nat: '1:20'\ncount: '10'\n\
             key: 'value: x'\ntext: |-\n  on\n  no\n"
        );
        let back: Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn writes_what_serde_yaml_writes() {
        let long_key = "k".repeat(129);
        let value = json!({
            "plain": "a b", "empty": "", "null": null, "list": [], "map": {},
            "nested": [[1, 2], {"a": [true, 1.5]}, [], "- x", "#x", "x #y", "a: b", "~"],
            "literal": "line\n\n  indented\n", "kept": "a\n\n", "lead": "\nx",
            "quoted": "tab\there", "bom": "\u{feff}x", "nel": "a\u{85}b", "ls": "a\u{2028}b",
            "multi key\nline": 1, long_key: {"x": [1]}, "0123": "0x1F", "-.5": "1e5",
            "emoji 😀": "😀", "nul\u{0}": "\u{1b}\u{7f}\u{9f}\u{fffe}\u{10ffff}",
            "trailing ": " leading", "'q'": "\"dq\"", "back\\slash": "it's"
        });
        let ours = to_string(&value).unwrap();
        assert_eq!(ours, serde_yaml::to_string(&value).unwrap());
        let back: Value = serde_yaml::from_str(&ours).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn refuses_what_it_cannot_write() {
        #[derive(serde::Serialize)]
        enum E {
            V(u8),
        }
        assert!(to_string(&E::V(1)).is_err());
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1], 1);
        assert!(to_string(&map).is_err());
    }

    const PIECES: &[&str] = &[
        "a", "b", " ", "  ", "\n", ":", ": ", "#", " #", "-", "- ", "?", "'", "\"", "\\", "\t",
        "\r", "é", "\u{2028}", "\u{85}", "\u{feff}", "0", "1", ".", "...", "---", "[", "{", "!",
        "|", ">", "on", "y", "\0", "😀", "~", "null", "true", "0x1F", "1e3", "_", "1:2", "%", "@",
        "`", ",", "&", "*", "\u{a0}", "\u{1}", "’", "\u{fffe}", "\u{9f}", "\u{2029}", "a:", ":b",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..7).prop_map(|p| p.concat())
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            text().prop_map(Value::String),
            any::<i64>().prop_map(Value::from),
            any::<bool>().prop_map(Value::from),
            Just(Value::Null),
            (-1e6f64..1e6).prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((text(), inner), 0..5)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    /// Whether serde_yaml would write some scalar of `v` plain where YAML 1.1 misreads it.
    fn has_ambiguous(v: &Value) -> bool {
        match v {
            Value::String(s) => ambiguous_in_yaml_1_1(s),
            Value::Array(items) => items.iter().any(has_ambiguous),
            Value::Object(map) => map
                .iter()
                .any(|(k, v)| ambiguous_in_yaml_1_1(k) || has_ambiguous(v)),
            _ => false,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// serde_yaml reads back what was written, and wherever YAML 1.1 has nothing to
        /// misread, the bytes are serde_yaml's own.
        #[test]
        fn reads_back_equal_and_matches_serde_yaml(v in value()) {
            let ours = to_string(&v).unwrap();
            let back: Value = serde_yaml::from_str(&ours).unwrap();
            prop_assert_eq!(&back, &v, "{}", ours);
            if !has_ambiguous(&v) {
                prop_assert_eq!(ours, serde_yaml::to_string(&v).unwrap());
            }
        }
    }
}
