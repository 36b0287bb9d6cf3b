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

/// Reads every `.md` file below `dir`, sorted by relative path.
pub fn read_docs(dir: &Path) -> Result<Vec<Source>> {
    if !dir.is_dir() {
        return Err(Error::DocsMissing(dir.to_owned()));
    }
    let mut sources = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| Error::Read {
            path: e.path().map_or_else(|| dir.to_owned(), Path::to_owned),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("cannot walk the folder")),
        })?;
        let path = entry.path();
        let is_md = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if !entry.file_type().is_file() || !is_md {
            continue;
        }
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        let relative = path.strip_prefix(dir).unwrap_or(path);
        let relative: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let relative = relative.join("/");
        let mut source = match String::from_utf8(bytes) {
            Ok(text) => Source::new(relative, text),
            Err(e) => {
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let mut s = Source::new(relative.clone(), text);
                s.diagnostics.push(Diagnostic {
                    location: Location {
                        path: relative,
                        line: 1,
                        col: 1,
                    },
                    code: Code::PageEncoding,
                    message: "the page is not valid UTF-8; invalid bytes were replaced".into(),
                });
                s
            }
        };
        // A byte-order mark is not content.
        if let Some(stripped) = source.text.strip_prefix('\u{feff}') {
            source.text = stripped.to_owned();
        }
        sources.push(source);
    }
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(sources)
}
