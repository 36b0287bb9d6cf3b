//! YAML that YAML 1.1 readers read as we meant it.
//!
//! serde_yaml quotes the strings YAML 1.2 would misread (`true`, `null`, `123`), but PyYAML and
//! other YAML 1.1 readers (openapi-spec-validator among them) also turn plain `on`, `no`, `y`
//! into booleans and `1:20` into the integer 80: a parameter named `on` became `name: true`.
//! serde_yaml has no option for this, so this pass quotes exactly those plain scalars in the
//! emitted text, keys and values alike, and leaves block scalars (`|-` bodies) alone.

/// Plain scalars that YAML 1.1 resolves to something other than a string, and YAML 1.2 does not.
fn ambiguous_in_yaml_1_1(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
        "OFF",
    ];
    if WORDS.contains(&s) {
        return true;
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

fn quote(s: &str) -> String {
    format!("'{s}'")
}

/// Quotes the plain scalars of emitted YAML that YAML 1.1 would misread.
pub fn for_yaml_1_1_readers(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut lines = Lines::default();
    for line in text.split_inclusive('\n') {
        lines.rewrite(line, &mut out);
    }
    out
}

/// The pass, line by line: where a block scalar is open, its lines are left alone.
#[derive(Default)]
struct Lines {
    /// Lines of a block scalar are indented deeper than the line that opened it.
    block_indent: Option<usize>,
}

impl Lines {
    /// Rewrites one line (with its line break, if any) onto `out`.
    fn rewrite(&mut self, line: &str, out: &mut String) {
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start().len();
        if let Some(open) = self.block_indent {
            if content.trim().is_empty() || indent > open {
                out.push_str(line);
                return;
            }
            self.block_indent = None;
        }
        let (rewritten, opens_block) = rewrite_line(content);
        if opens_block {
            self.block_indent = Some(indent);
        }
        out.push_str(&rewritten);
        out.push_str(&line[content.len()..]);
    }
}

/// The same pass as [`for_yaml_1_1_readers`] on YAML being written: each line is rewritten
/// as soon as it is complete, so a serializer can write a document of any size through it.
pub struct Yaml11Writer<W: std::io::Write> {
    inner: W,
    /// The line being written, up to its line break.
    line: Vec<u8>,
    lines: Lines,
    out: String,
}

impl<W: std::io::Write> Yaml11Writer<W> {
    pub fn new(inner: W) -> Self {
        Yaml11Writer {
            inner,
            line: Vec::new(),
            lines: Lines::default(),
            out: String::new(),
        }
    }

    fn write_line(&mut self) -> std::io::Result<()> {
        // A serializer writes UTF-8, and a line break byte is never inside a character.
        let line = std::str::from_utf8(&self.line).map_err(std::io::Error::other)?;
        self.out.clear();
        self.lines.rewrite(line, &mut self.out);
        self.inner.write_all(self.out.as_bytes())?;
        self.line.clear();
        Ok(())
    }

    /// Writes the last line and returns the writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        if !self.line.is_empty() {
            self.write_line()?;
        }
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: std::io::Write> std::io::Write for Yaml11Writer<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            self.line.extend_from_slice(&rest[..=end]);
            self.write_line()?;
            rest = &rest[end + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `value` as YAML that YAML 1.1 readers read as meant, after `header`, into `out`.
pub fn write<T: serde::Serialize + ?Sized>(
    out: &mut dyn std::io::Write,
    header: &str,
    value: &T,
) -> std::io::Result<()> {
    out.write_all(header.as_bytes())?;
    let mut writer = Yaml11Writer::new(std::io::BufWriter::with_capacity(1 << 16, out));
    serde_yaml::to_writer(&mut writer, value).map_err(std::io::Error::other)?;
    std::io::Write::flush(&mut writer.finish()?)
}

/// One line of block-style YAML: `indent (- )* (key: value | key: | value)`.
fn rewrite_line(line: &str) -> (String, bool) {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') || trimmed.is_empty() {
        return (line.to_owned(), false);
    }
    let mut out = String::from(&line[..line.len() - trimmed.len()]);
    let mut rest = trimmed;
    while let Some(after) = rest.strip_prefix("- ") {
        out.push_str("- ");
        rest = after;
    }
    if rest == "-" {
        out.push('-');
        return (out, false);
    }
    // A quoted key runs to its closing quote; a plain key to the first `: ` (plain keys that
    // contain `: ` are quoted by the serializer).
    let key_end = match rest.chars().next() {
        Some(q @ ('\'' | '"')) => closing_quote(rest, q).map(|end| end + 1),
        _ => rest
            .find(": ")
            .or_else(|| rest.strip_suffix(':').map(str::len)),
    };
    let value = match key_end.filter(|&end| rest[end..].starts_with(':')) {
        Some(end) => {
            let key = &rest[..end];
            out.push_str(&if ambiguous_in_yaml_1_1(key) {
                quote(key)
            } else {
                key.to_owned()
            });
            let after = &rest[end + 1..];
            out.push(':');
            match after.strip_prefix(' ') {
                Some(v) => {
                    out.push(' ');
                    v
                }
                None => return (out, false),
            }
        }
        None => rest,
    };
    let opens_block = value.starts_with('|') || value.starts_with('>');
    out.push_str(&if ambiguous_in_yaml_1_1(value) {
        quote(value)
    } else {
        value.to_owned()
    });
    (out, opens_block)
}

fn closing_quote(s: &str, q: char) -> Option<usize> {
    let mut chars = s.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if c == q {
            // `''` inside a single-quoted scalar is an escaped quote.
            if q == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                continue;
            }
            return Some(i);
        }
        if q == '"' && c == '\\' {
            chars.next();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_yaml_1_1_misreads() {
        let text = "name: on\nenum:\n- yes\n- 'no'\n- maybe\non: 1\nat: 1:20\ncount: '10'\nkey: value: x\n";
        let expected = "name: 'on'\nenum:\n- 'yes'\n- 'no'\n- maybe\n'on': 1\nat: '1:20'\ncount: '10'\nkey: value: x\n";
        assert_eq!(for_yaml_1_1_readers(text), expected);
    }

    #[test]
    fn leaves_block_scalars_alone() {
        let text = "description: |-\n  on\n  no\nnext: no\n- |\n  y\n- n\n";
        let expected = "description: |-\n  on\n  no\nnext: 'no'\n- |\n  y\n- 'n'\n";
        assert_eq!(for_yaml_1_1_readers(text), expected);
    }

    #[test]
    fn the_writer_rewrites_as_the_text_pass_does_however_the_bytes_come() {
        let text = "description: |-\n  on\n  no\nnext: no\nname: on\nenum:\n- yes\n- 'no'\nat: 1:20\nlast: y";
        for chunk in [1, 2, 7, text.len()] {
            let mut writer = Yaml11Writer::new(Vec::new());
            for piece in text.as_bytes().chunks(chunk) {
                std::io::Write::write_all(&mut writer, piece).unwrap();
            }
            let written = writer.finish().unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                for_yaml_1_1_readers(text)
            );
        }
    }

    #[test]
    fn round_trips_through_serde_yaml() {
        let value =
            serde_json::json!({"on": ["no", "1:20", "ok", "multi\nline"], "y": {"off": "Off"}});
        let yaml = serde_yaml::to_string(&value).unwrap();
        let fixed = for_yaml_1_1_readers(&yaml);
        let back: serde_json::Value = serde_yaml::from_str(&fixed).unwrap();
        assert_eq!(back, value);
        assert!(
            fixed.contains("'on':") && fixed.contains("- 'no'") && fixed.contains("'1:20'"),
            "{fixed}"
        );
    }
}
