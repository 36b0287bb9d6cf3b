//! Bodies as the pages write them, and where each value of a JSON body is on its page.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Value;

/// How deep JSON may nest before it is refused: serde_json's own limit, which the lenient
/// readers and the value-place index keep too, so no reader recurses further.
pub const MAX_JSON_DEPTH: usize = 128;

/// A body as the page wrote it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "value")]
pub enum Body {
    Json(Value),
    /// Not JSON (a CSV, a binary placeholder, or JSON too broken to repair).
    Text(String),
}

/// A JSON body's text and the page line it starts on: what maps a JSON pointer in the body
/// to a line and column of the page.
#[derive(Debug, Clone, Default)]
pub struct BodySource {
    pub text: String,
    pub line: u32,
    /// Every value's place, found in one pass when the first diagnostic asks: a body with a
    /// mistake in each of its thousands of items is not scanned again for each.
    places: std::sync::OnceLock<std::collections::HashMap<String, (u32, u32)>>,
    /// Where each key is first written (`"key":`), for text that is not strict JSON.
    keys: std::sync::OnceLock<std::collections::HashMap<String, (u32, u32)>>,
}

impl PartialEq for BodySource {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.line == other.line
    }
}

impl Eq for BodySource {}

impl BodySource {
    pub fn new(text: String, line: u32) -> BodySource {
        BodySource {
            text,
            line,
            places: std::sync::OnceLock::new(),
            keys: std::sync::OnceLock::new(),
        }
    }

    /// The page line and column of the value at `pointer` (`/value/0/id`), when the text leads
    /// there.
    pub fn position(&self, pointer: &str) -> Option<(u32, u32)> {
        let places = self.places.get_or_init(|| places(&self.text));
        let pointer = if pointer == "/" { "" } else { pointer };
        let &(line, col) = places.get(pointer)?;
        Some((self.line.saturating_add(line), col))
    }

    /// The page line and column of the value of the top-level member `key`; in text that is
    /// not strict JSON, of the first `"key":` in it.
    pub fn member(&self, key: &str) -> Option<(u32, u32)> {
        let mut pointer = String::with_capacity(key.len() + 1);
        pointer.push('/');
        push_escaped(&mut pointer, key);
        if let Some(place) = self.position(&pointer) {
            return Some(place);
        }
        let keys = self.keys.get_or_init(|| keys(&self.text));
        let &(line, col) = keys.get(key)?;
        Some((self.line.saturating_add(line), col))
    }
}

/// The line (counted from 0) and column (from 1) of every value of strict JSON text, by JSON
/// pointer: one walk to find the values, in text order, then one sweep to count lines.
fn places(text: &str) -> std::collections::HashMap<String, (u32, u32)> {
    let mut found: Vec<(usize, String)> = Vec::new();
    let bytes = text.as_bytes();
    let start = skip_whitespace(bytes, 0);
    let mut pointer = String::new();
    // serde_json read the text with its depth limit, so the walk's recursion is bounded.
    let _ = walk_value(text, start, &mut pointer, &mut found, MAX_JSON_DEPTH);
    let mut out = std::collections::HashMap::with_capacity(found.len());
    let (mut line, mut col, mut at) = (0u32, 1u32, 0usize);
    for (offset, pointer) in found {
        let gap = text.get(at..offset).unwrap_or_default();
        // Lines by their newlines; the column by the characters after the last one.
        let after = match gap.rfind('\n') {
            Some(last) => {
                let newlines = bytecount::count(gap.as_bytes(), b'\n');
                line = line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
                col = 1;
                &gap[last + 1..]
            }
            None => gap,
        };
        col = col.saturating_add(u32::try_from(after.chars().count()).unwrap_or(u32::MAX));
        at = at.max(offset);
        out.insert(pointer, (line, col));
    }
    out
}

/// The line (from 0) and column (from 1) where each key is first written as `"key":`, in one
/// pass over text that need not be JSON: its strings are read as written, escapes and all.
fn keys(text: &str) -> std::collections::HashMap<String, (u32, u32)> {
    let bytes = text.as_bytes();
    let mut out = std::collections::HashMap::new();
    // The line, and a place on it whose column is known: columns are counted forward from the
    // last key, so a long line is not counted again for each.
    let (mut line, mut counted, mut col) = (0u32, 0usize, 1usize);
    let mut i = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line = line.saturating_add(1);
                (counted, col) = (i + 1, 1);
                i += 1;
            }
            b'"' => {
                // A string ends at the next unescaped quote, or at the line's end.
                let start = i;
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' && bytes[j] != b'\n' {
                    let escape = bytes[j] == b'\\' && bytes.get(j + 1).is_some_and(|&b| b != b'\n');
                    j += if escape { 2 } else { 1 };
                }
                if bytes.get(j) != Some(&b'"') {
                    i = j;
                    continue;
                }
                let after = skip_whitespace(bytes, j + 1);
                if bytes.get(after) == Some(&b':') {
                    if let Some(key) = text.get(start + 1..j) {
                        col += text.get(counted..start).map_or(0, |s| s.chars().count());
                        counted = start;
                        out.entry(key.to_owned())
                            .or_insert((line, u32::try_from(col).unwrap_or(u32::MAX)));
                    }
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Records the value at `at` and its members under `pointer`; the offset just past it.
fn walk_value(
    text: &str,
    at: usize,
    pointer: &mut String,
    found: &mut Vec<(usize, String)>,
    depth: usize,
) -> Option<usize> {
    let bytes = text.as_bytes();
    found.push((at, pointer.clone()));
    let open = *bytes.get(at)?;
    if depth == 0 || (open != b'{' && open != b'[') {
        return skip_value(bytes, at);
    }
    let close = if open == b'{' { b'}' } else { b']' };
    let mut i = skip_whitespace(bytes, at + 1);
    let mut index = 0usize;
    while *bytes.get(i)? != close {
        let len = pointer.len();
        if open == b'{' {
            let key_end = skip_string(bytes, i)?;
            // A key without escapes is itself; one with them is read as JSON.
            let raw = text.get(i + 1..key_end - 1)?;
            let key: Cow<'_, str> = if raw.contains('\\') {
                Cow::Owned(serde_json::from_str(text.get(i..key_end)?).ok()?)
            } else {
                Cow::Borrowed(raw)
            };
            pointer.push('/');
            push_escaped(pointer, &key);
            i = skip_whitespace(bytes, key_end);
            if *bytes.get(i)? != b':' {
                return None;
            }
            i = skip_whitespace(bytes, i + 1);
        } else {
            pointer.push('/');
            pointer.push_str(&index.to_string());
            index += 1;
        }
        let end = walk_value(text, i, pointer, found, depth - 1);
        pointer.truncate(len);
        i = skip_whitespace(bytes, end?);
        if *bytes.get(i)? == b',' {
            i = skip_whitespace(bytes, i + 1);
        }
    }
    Some(i + 1)
}

/// A key as a JSON pointer writes it: `~` as `~0`, `/` as `~1`.
fn push_escaped(pointer: &mut String, key: &str) {
    if key.contains(['~', '/']) {
        pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(key);
    }
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The offset just past the string that starts at `at` (a `"`).
fn skip_string(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The offset just past the value that starts at `at`, nested values and strings included.
fn skip_value(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => skip_string(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = skip_string(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = at;
            while bytes
                .get(i)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
            {
                i += 1;
            }
            Some(i)
        }
    }
}
