//! Reading the docs folder: every `.md` page below it, in sorted order.

use std::path::Path;

use crate::diag::{Code, Diagnostic, Location};
use crate::{Error, Result};

/// One page's text, with its path relative to the docs folder (`/`-separated).
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: String,
    /// Problems reading it (not UTF-8).
    pub diagnostics: Vec<Diagnostic>,
}

impl Source {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            path: path.into(),
            text: text.into(),
            diagnostics: Vec::new(),
        }
    }
}

/// The pages of a docs folder, and what could not be read in it.
#[derive(Debug, Clone, Default)]
pub struct Docs {
    /// Every `.md` page, sorted by relative path.
    pub pages: Vec<Source>,
    /// Files and links that could not be read (`docs-unreadable`); the run goes on without them.
    pub diagnostics: Vec<Diagnostic>,
}

impl std::ops::Deref for Docs {
    type Target = [Source];

    fn deref(&self) -> &[Source] {
        &self.pages
    }
}

/// Reads every `.md` file below `dir`, sorted by relative path.
///
/// Symlinks are followed while they stay inside `dir`; a link out of it, a loop, a dangling link
/// and a file that cannot be read are diagnostics with their path, and the walk goes on. A folder
/// without a single page is an error: whatever was generated from it before stays as it is.
pub fn read_docs(dir: &Path) -> Result<Docs> {
    if !dir.is_dir() {
        return Err(Error::DocsMissing(dir.to_owned()));
    }
    let root = dir.canonicalize().map_err(|source| Error::Read {
        path: dir.to_owned(),
        source,
    })?;
    let relative = |path: &Path| -> String {
        let relative = path.strip_prefix(dir).unwrap_or(path);
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let joined = parts.join("/");
        printable_path(&joined).into_owned()
    };
    let mut docs = Docs::default();
    let mut problems = Vec::new();
    let mut pages = Vec::new();
    // Listed in the file system's order: the pages and the problems are sorted at the end.
    let mut walk = walkdir::WalkDir::new(dir).follow_links(true).into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().map(relative).unwrap_or_default();
                let why = if e.loop_ancestor().is_some() {
                    "a symlink loop; not followed".to_owned()
                } else if e.path().is_some_and(|p| p.is_symlink() && !p.exists()) {
                    "a dangling symlink; not read".to_owned()
                } else {
                    format!("cannot be read: {}", io_reason(e.io_error()))
                };
                problems.push(docs_diagnostic(path, why));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            let inside = path
                .canonicalize()
                .is_ok_and(|target| target.starts_with(&root));
            if !inside {
                problems.push(docs_diagnostic(
                    relative(path),
                    "a symlink out of the docs folder; not followed".to_owned(),
                ));
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
        }
        let is_md = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if !entry.file_type().is_file() || !is_md {
            continue;
        }
        pages.push((relative(path), entry.into_path()));
    }
    // The pages are read on every core: the walk only lists them.
    let read: Vec<std::result::Result<Source, Diagnostic>> = {
        use rayon::prelude::*;
        pages
            .into_par_iter()
            .map(|(relative, path)| match std::fs::read(&path) {
                Ok(bytes) => Ok(source_from_bytes(relative, bytes)),
                Err(e) => Err(docs_diagnostic(
                    relative,
                    format!("cannot be read: {}", io_reason(Some(&e))),
                )),
            })
            .collect()
    };
    for page in read {
        match page {
            Ok(source) => docs.pages.push(source),
            Err(problem) => problems.push(problem),
        }
    }
    problems.sort();
    docs.diagnostics = problems;
    if docs.pages.is_empty() {
        return Err(Error::NoPages(dir.to_owned()));
    }
    docs.pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(docs)
}

fn docs_diagnostic(path: String, why: String) -> Diagnostic {
    Diagnostic {
        message: format!("`{path}` is {why}"),
        location: Location::at(path, 1),
        code: Code::DocsUnreadable,
    }
}

/// An I/O error as a reason, without the OS error number that varies between machines.
fn io_reason(e: Option<&std::io::Error>) -> String {
    e.map_or_else(
        || "unknown error".to_owned(),
        |e| match e.kind() {
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            std::io::ErrorKind::NotFound => "not found".to_owned(),
            kind => kind.to_string(),
        },
    )
}

/// A page from its bytes: lossily when they are not UTF-8 (a diagnostic), without a BOM.
fn source_from_bytes(relative: String, bytes: Vec<u8>) -> Source {
    let mut source = match String::from_utf8(bytes) {
        Ok(text) => Source::new(relative, text),
        Err(e) => {
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let mut s = Source::new(relative.clone(), text);
            s.diagnostics.push(Diagnostic {
                location: Location::at(relative, 1),
                code: Code::PageEncoding,
                message: "the page is not valid UTF-8; invalid bytes were replaced".into(),
            });
            s
        }
    };
    // A byte-order mark is not content.
    if source.text.starts_with('\u{feff}') {
        source.text.drain(..'\u{feff}'.len_utf8());
    }
    source
}

/// Whether XML 1.0 forbids `c` in a document: control characters other than tab, line feed
/// and carriage return, and U+FFFE and U+FFFF.
pub fn forbidden_in_xml(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Where the first character XML 1.0 forbids is, found byte by byte: a control character is
/// one byte below 0x20, and U+FFFE and U+FFFF are `EF BF BE` and `EF BF BF`. Eight bytes are
/// looked at together first (line feeds included), and one by one only where one may be.
fn first_forbidden(text: &str) -> Option<usize> {
    // The bytes that may start one.
    static SUSPECT: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
            b += 1;
        }
        table[0xEF] = true;
        table
    };
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let bytes = text.as_bytes();
    let at = |i: usize| {
        SUSPECT[usize::from(bytes[i])]
            && (bytes[i] != 0xEF
                || (bytes.get(i + 1) == Some(&0xBF)
                    && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))))
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut start = 0;
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // A byte below 0x20, or one equal to 0xEF (a zero byte once xored with it).
        let low = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
        let ef = word ^ (ONES * 0xEF);
        let ef = ef.wrapping_sub(ONES) & !ef & HIGHS;
        if low | ef != 0 {
            if let Some(i) = (start..start + 8).find(|&i| at(i)) {
                return Some(i);
            }
        }
        start += 8;
    }
    (start..bytes.len()).find(|&i| at(i))
}

/// A page's text with the characters XML 1.0 forbids replaced by U+FFFD, and the diagnostic
/// that says where the first one was; `None` when there is none. Every output can then carry
/// any text of the page.
pub fn forbidden_characters(path: &str, text: &str) -> Option<(String, Diagnostic)> {
    let first = first_forbidden(text)?;
    let mut count = 0;
    let clean: String = text
        .chars()
        .map(|c| {
            if forbidden_in_xml(c) {
                count += 1;
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    let before = &text[..first];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..first].chars().count() + 1;
    let found = text[first..].chars().next().unwrap_or_default();
    let diagnostic = Diagnostic {
        location: Location {
            path: path.to_owned(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        },
        code: Code::PageCharacter,
        message: format!(
            "the page holds {count} character(s) that XML 1.0 forbids, the first U+{:04X}; each is read as U+FFFD",
            u32::from(found)
        ),
    };
    Some((clean, diagnostic))
}

/// A page path as outputs and diagnostics print it: control characters (a newline in a file
/// name would split a `path:line:col:` line) become U+FFFD.
pub fn printable_path(path: &str) -> std::borrow::Cow<'_, str> {
    if path.chars().any(char::is_control) {
        path.chars()
            .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        path.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The byte scan finds what a scan of the characters finds.
        #[test]
        fn the_byte_scan_finds_the_first_forbidden_character(
            text in prop::collection::vec(prop::sample::select(&[
                "a", "\t", "\n", "\r", "\u{1}", "\u{1f}", "\u{7f}", "\u{fffe}", "\u{ffff}",
                "\u{fffd}", "\u{feff}", "\u{effe}", "é", " ",
            ][..]), 0..40).prop_map(|p| p.concat())
        ) {
            prop_assert_eq!(first_forbidden(&text), text.find(forbidden_in_xml));
        }
    }
}
