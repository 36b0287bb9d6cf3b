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
    pub kind: ChangeKind,
    /// The first lines of a unified diff from the file on disk to the new one.
    pub diff: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// The file does not exist yet.
    Missing,
    /// Lines added and removed.
    Stale { added: usize, removed: usize },
    /// A generated file on disk that the docs no longer generate.
    Obsolete,
}

/// How many lines of each stale file's diff `--check` shows.
const DIFF_LINES: usize = 40;

impl std::fmt::Display for FileChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            ChangeKind::Stale { added, removed } => {
                writeln!(f, "  {}: +{added} -{removed} lines", self.path)?;
                for line in self.diff.lines() {
                    writeln!(f, "    {line}")?;
                }
                Ok(())
            }
            ChangeKind::Missing => write!(f, "  {}: missing", self.path),
            ChangeKind::Obsolete => write!(
                f,
                "  {}: no longer generated (remove it, or generate to replace the set)",
                self.path
            ),
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
    let set = OutputSet::open(out_dir)?;
    let mut staged = set.stage();
    let written = files
        .iter()
        .try_for_each(|(name, bytes)| crate::emit::Files::bytes(&mut staged, name, bytes));
    set.finish(vec![(staged, written)])
}

/// An output folder being written: locked (a second run into it is refused) and cleared of a
/// killed run's temporary files, until the set is finished.
pub struct OutputSet {
    out_dir: PathBuf,
    _lock: std::fs::File,
}

impl OutputSet {
    pub fn open(out_dir: &Path) -> Result<OutputSet> {
        std::fs::create_dir_all(out_dir).map_err(|source| Error::Write {
            path: out_dir.to_owned(),
            source,
        })?;
        let lock = lock(out_dir)?;
        remove_temporaries(out_dir);
        Ok(OutputSet {
            out_dir: out_dir.to_owned(),
            _lock: lock,
        })
    }

    /// Where one output writes its files: temporary files beside their targets.
    pub fn stage(&self) -> Staged {
        Staged {
            out_dir: self.out_dir.clone(),
            written: Vec::new(),
        }
    }

    /// When every output succeeded, renames each new file into place (a file whose bytes are
    /// already there is left alone); else removes every temporary file and returns the first
    /// failure.
    pub fn finish(self, outputs: Vec<(Staged, Result<()>)>) -> Result<()> {
        let mut written = Vec::new();
        let mut failure = None;
        for (staged, outcome) in outputs {
            written.extend(staged.written);
            if let Err(e) = outcome {
                failure.get_or_insert(e);
            }
        }
        let result = match failure {
            Some(e) => Err(e),
            None => written.iter().try_for_each(|(temporary, target)| {
                if same_contents(temporary, target) {
                    let _ = std::fs::remove_file(temporary);
                    return Ok(());
                }
                std::fs::rename(temporary, target).map_err(|source| Error::Write {
                    path: target.clone(),
                    source,
                })
            }),
        };
        if result.is_err() {
            for (temporary, _) in &written {
                let _ = std::fs::remove_file(temporary);
            }
        }
        result
    }
}

/// One output's files, written as they are produced to temporary files beside their targets.
pub struct Staged {
    out_dir: PathBuf,
    /// (temporary file, target), recorded before writing so a partial file is removed too.
    written: Vec<(PathBuf, PathBuf)>,
}

impl crate::emit::Files for Staged {
    fn write(
        &mut self,
        name: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let target = self.out_dir.join(name);
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
        self.written.push((temporary.clone(), target));
        let written = std::fs::File::create(&temporary).and_then(|file| {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
            write(&mut out)?;
            std::io::Write::flush(&mut out)
        });
        written.map_err(|source| Error::Write {
            path: temporary,
            source,
        })
    }
}

/// Whether two files hold the same bytes, read in pieces; a missing file holds none.
fn same_contents(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(fa), Ok(fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    if fa.metadata().map(|m| m.len()).ok() != fb.metadata().map(|m| m.len()).ok() {
        return false;
    }
    let (mut ra, mut rb) = (std::io::BufReader::new(fa), std::io::BufReader::new(fb));
    let (mut ba, mut bb) = ([0u8; 1 << 14], [0u8; 1 << 14]);
    loop {
        let Ok(n) = ra.read(&mut ba) else {
            return false;
        };
        if n == 0 {
            return rb.read(&mut bb).is_ok_and(|m| m == 0);
        }
        if rb.read_exact(&mut bb[..n]).is_err() || ba[..n] != bb[..n] {
            return false;
        }
    }
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
                let unified = diff
                    .unified_diff()
                    .context_radius(2)
                    .header(&format!("a/{relative}"), &format!("b/{relative}"))
                    .to_string();
                let mut shown: Vec<&str> = unified.lines().take(DIFF_LINES).collect();
                let total = unified.lines().count();
                let more =
                    (total > DIFF_LINES).then(|| format!("… {} more lines", total - DIFF_LINES));
                shown.extend(more.as_deref());
                changes.push(FileChange {
                    path: relative.clone(),
                    kind: ChangeKind::Stale { added, removed },
                    diff: shown.join("\n"),
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => changes.push(FileChange {
                path: relative.clone(),
                kind: ChangeKind::Missing,
                diff: String::new(),
            }),
            Err(source) => {
                return Err(Error::Read {
                    path: target,
                    source,
                });
            }
        }
    }
    for relative in generated_files(out_dir) {
        if !files.contains_key(&relative) {
            changes.push(FileChange {
                path: relative,
                kind: ChangeKind::Obsolete,
                diff: String::new(),
            });
        }
    }
    Ok(changes)
}

/// The files below `out_dir` that a run of this generator wrote: those that start with its
/// header. Other files of the user's are none of its business.
fn generated_files(out_dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(out_dir)
        .max_depth(8)
        .sort_by_file_name()
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let mut head = [0u8; 512];
        let read = std::fs::File::open(entry.path())
            .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
            .unwrap_or(0);
        let head = String::from_utf8_lossy(&head[..read]);
        let ours = std::iter::once(crate::emit::GENERATED_MARK)
            .chain(crate::emit::EARLIER_MARKS)
            .any(|mark| head.contains(mark));
        if !ours {
            continue;
        }
        if let Ok(relative) = entry.path().strip_prefix(out_dir) {
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn an_unchanged_file_is_not_rewritten_and_leftovers_are_removed() {
        let dir = tempfile::tempdir().expect("a folder");
        let set = files(&[
            ("a.yaml", "# Generated by graphdoc-codegen\na: 1\n"),
            ("sub/b.rs", "// b\n"),
        ]);
        write_all(dir.path(), &set).expect("writes");
        let a = dir.path().join("a.yaml");
        let before = std::fs::metadata(&a)
            .and_then(|m| m.modified())
            .expect("a time");
        let leftover = dir.path().join("sub/.b.rs.generator-tmp");
        std::fs::write(&leftover, "partial").expect("writes");
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_all(dir.path(), &set).expect("writes");
        let after = std::fs::metadata(&a)
            .and_then(|m| m.modified())
            .expect("a time");
        assert_eq!(before, after, "the same bytes are not written again");
        assert!(
            !leftover.exists(),
            "a killed run's temporary file is removed"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("sub/b.rs")).unwrap(),
            "// b\n"
        );
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
        let dir = tempfile::tempdir().expect("a folder");
        let held = lock(dir.path()).expect("the first lock");
        let refused = write_all(dir.path(), &files(&[("a.yaml", "x")]));
        assert!(matches!(refused, Err(Error::Locked(_))), "{refused:?}");
        assert!(!dir.path().join("a.yaml").exists());
        drop(held);
        write_all(dir.path(), &files(&[("a.yaml", "x")])).expect("writes once released");
    }

    #[test]
    fn compare_reports_missing_stale_and_obsolete_files() {
        let dir = tempfile::tempdir().expect("a folder");
        let header = "# Generated by graphdoc-codegen\n";
        write_all(
            dir.path(),
            &files(&[("a.yaml", &format!("{header}a: 1\n")), ("old.yaml", header)]),
        )
        .expect("writes");
        std::fs::write(dir.path().join("mine.txt"), "the user's").expect("writes");
        let now = files(&[("a.yaml", &format!("{header}a: 2\n")), ("new.yaml", header)]);
        let changes = compare(dir.path(), &now).expect("compares");
        let kinds: Vec<(&str, ChangeKind)> =
            changes.iter().map(|c| (c.path.as_str(), c.kind)).collect();
        assert_eq!(
            kinds,
            [
                (
                    "a.yaml",
                    ChangeKind::Stale {
                        added: 1,
                        removed: 1
                    }
                ),
                ("new.yaml", ChangeKind::Missing),
                ("old.yaml", ChangeKind::Obsolete),
            ]
        );
        assert!(changes[0].diff.contains("-a: 1") && changes[0].diff.contains("+a: 2"));
    }
}
