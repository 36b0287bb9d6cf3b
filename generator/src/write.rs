//! Writing outputs: atomically (a temporary file beside the target, then a rename) and only
//! when the bytes change, so an unchanged run leaves timestamps alone and build scripts do not
//! loop.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{Error, Result};

/// An output that differs from what is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    /// Lines added and removed; `None` when the file does not exist yet.
    pub lines: Option<(usize, usize)>,
}

impl std::fmt::Display for FileChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.lines {
            Some((added, removed)) => write!(f, "{}: +{added} -{removed} lines", self.path),
            None => write!(f, "{}: missing", self.path),
        }
    }
}

pub fn write_all(out_dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    for (relative, contents) in files {
        let target = out_dir.join(relative);
        if std::fs::read(&target).is_ok_and(|existing| existing == *contents) {
            continue;
        }
        let write_error = |source| Error::Write {
            path: target.clone(),
            source,
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(write_error)?;
        }
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = target.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
        std::fs::write(&temporary, contents).map_err(|source| Error::Write {
            path: temporary.clone(),
            source,
        })?;
        if let Err(source) = std::fs::rename(&temporary, &target) {
            let _ = std::fs::remove_file(&temporary);
            return Err(write_error(source));
        }
    }
    Ok(())
}

pub fn compare(out_dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<Vec<FileChange>> {
    let mut changes = Vec::new();
    for (relative, contents) in files {
        let target = out_dir.join(relative);
        match std::fs::read(&target) {
            Ok(existing) if existing == *contents => {}
            Ok(existing) => {
                let old = String::from_utf8_lossy(&existing);
                let new = String::from_utf8_lossy(contents);
                let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref());
                let (mut added, mut removed) = (0, 0);
                for change in diff.iter_all_changes() {
                    match change.tag() {
                        similar::ChangeTag::Insert => added += 1,
                        similar::ChangeTag::Delete => removed += 1,
                        similar::ChangeTag::Equal => {}
                    }
                }
                changes.push(FileChange {
                    path: relative.clone(),
                    lines: Some((added, removed)),
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => changes.push(FileChange {
                path: relative.clone(),
                lines: None,
            }),
            Err(source) => {
                return Err(Error::Read {
                    path: target,
                    source,
                });
            }
        }
    }
    Ok(changes)
}
