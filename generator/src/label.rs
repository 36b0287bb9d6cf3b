//! How generated files name their source: the docs folder's label and the command that
//! regenerates them.

use std::path::Path;

/// The command that regenerates the outputs, as every header and message spells it; the
/// folders follow (`--docs docs-input --out generated`).
pub const REGENERATE: &str = "cargo run --release -p graphdoc-codegen --features cli -- generate";

/// How generated files name their source: the docs folder's label (`docs-input`) and the
/// command that regenerates them, as every header states. Displays as the label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub docs: String,
    pub regenerate: String,
}

impl Label {
    /// The label of a docs folder generated into `out`: the command names both folders as
    /// they are seen from the current folder, so running it there reproduces the files.
    pub fn for_folders(docs: &Path, out: &Path) -> Label {
        let docs_label = docs_label(docs);
        let shown = |path: &Path| command_path(path);
        let regenerate = match (shown(docs), shown(out)) {
            (Some(d), Some(o)) => {
                format!("{REGENERATE} --docs {d} --out {o}")
            }
            // A path a comment cannot hold as it is: the label stands in for it.
            _ => format!("{REGENERATE} --docs {docs_label}"),
        };
        Label {
            docs: docs_label,
            regenerate,
        }
    }

    /// The label of pages given in memory: the folder name stands in for the path.
    pub fn named(docs_label: &str) -> Label {
        Label {
            docs: docs_label.to_owned(),
            regenerate: format!("{REGENERATE} --docs {docs_label}"),
        }
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.docs)
    }
}

/// A path as a command line in a header shows it: relative to the current folder when it is
/// below it, `/`-separated; `None` when it holds a character a comment or a shell could take
/// for something else.
fn command_path(path: &Path) -> Option<String> {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let parts: Vec<String> = relative
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| match c {
            std::path::Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    let text = parts.join("/");
    let text = if text.is_empty() {
        ".".to_owned()
    } else {
        text
    };
    let safe = !text.starts_with('-')
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'));
    safe.then_some(text)
}

/// The name generated headers give the docs folder: its last component, so output does not
/// depend on where the checkout lives. Headers are comments in five formats, so the name keeps
/// only letters, digits, `.`, `-` and `_`; anything else (a newline, `?>`, `*/`) becomes `_`.
pub fn docs_label(docs: &Path) -> String {
    let name = docs
        .components()
        .next_back()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let label: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    // `..` alone says nothing, and a leading `-` reads as an option in the regenerate command.
    if label.is_empty() || label.chars().all(|c| c == '.') || label.starts_with('-') {
        "docs".to_owned()
    } else {
        label
    }
}
