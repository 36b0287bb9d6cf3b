//! Writing outputs: atomically (a temporary file beside the target, then a rename) and only
//! when the bytes change, so an unchanged run leaves timestamps alone and build scripts do not
//! loop.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

/// The suffix of the temporary files a run writes beside its targets before renaming them.
const TEMPORARY_SUFFIX: &str = ".generator-tmp";

/// Writes the outputs that changed as one set: every new file is written to a temporary file
/// beside its target first, and only when all are written are they renamed into place. A run
/// that fails leaves the previous set as it was and no temporary file behind; one that was
/// killed leaves temporary files that the next run removes. A lock on `out_dir` refuses a
/// second run into the same folder while one is writing.
pub fn write_all(out_dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Write {
        path: out_dir.to_owned(),
        source,
    })?;
    let _lock = lock(out_dir)?;
    remove_temporaries(out_dir);
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = write_temporaries(out_dir, files, &mut written).and_then(|()| {
        for (temporary, target) in &written {
            std::fs::rename(temporary, target).map_err(|source| Error::Write {
                path: target.clone(),
                source,
            })?;
        }
        Ok(())
    });
    if result.is_err() {
        for (temporary, _) in &written {
            let _ = std::fs::remove_file(temporary);
        }
    }
    result
}

fn write_temporaries(
    out_dir: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    written: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<()> {
    for (relative, contents) in files {
        let target = out_dir.join(relative);
        if std::fs::read(&target).is_ok_and(|existing| existing == *contents) {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_owned(),
                source,
            })?;
        }
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = target.with_file_name(format!(".{file_name}{TEMPORARY_SUFFIX}"));
        // Recorded before writing, so a partial file is removed too.
        written.push((temporary.clone(), target));
        std::fs::write(&temporary, contents).map_err(|source| Error::Write {
            path: temporary,
            source,
        })?;
    }
    Ok(())
}

/// Removes what a killed run left: the temporary files below `out_dir`.
fn remove_temporaries(out_dir: &Path) {
    let leftovers = walkdir::WalkDir::new(out_dir)
        .max_depth(8)
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with('.') && n.ends_with(TEMPORARY_SUFFIX))
        });
    for entry in leftovers {
        let _ = std::fs::remove_file(entry.path());
    }
}

/// An advisory lock on the output folder, held until it is dropped (the OS releases it when the
/// process ends, killed or not). On Unix the folder itself is locked, so no lock file is left
/// among the outputs.
fn lock(out_dir: &Path) -> Result<std::fs::File> {
    #[cfg(unix)]
    let file = std::fs::File::open(out_dir);
    #[cfg(not(unix))]
    let file = std::fs::File::create(out_dir.join(".generator.lock"));
    let file = file.map_err(|source| Error::Write {
        path: out_dir.to_owned(),
        source,
    })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked(out_dir.to_owned())),
        Err(std::fs::TryLockError::Error(source)) => Err(Error::Write {
            path: out_dir.to_owned(),
            source,
        }),
    }
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
