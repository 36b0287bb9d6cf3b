//! What stops a run: the docs folder missing or empty, a file that cannot be read or written,
//! a bad path pattern. Docs defects never are: they are diagnostics.

use std::fmt;
use std::path::PathBuf;

/// Why a run stopped. Its `Debug` is its sentence too, so a build script whose `main` returns
/// `Result<(), Box<dyn Error>>` prints `Error: the docs folder ...` rather than a variant.
#[derive(thiserror::Error)]
pub enum Error {
    #[error("the docs folder `{0}` does not exist or is not a folder")]
    DocsMissing(PathBuf),
    #[error("the docs folder `{0}` holds no `.md` page; nothing was written")]
    NoPages(PathBuf),
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write `{path}`: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("another run is writing into `{0}`; try again when it has finished")]
    Locked(PathBuf),
    #[error("cannot serialize `{file}`: {message}")]
    Serialize { file: String, message: String },
    #[error("{0}")]
    Pattern(String),
    #[error(
        "the path patterns {0} keep no route the docs document; nothing was written (`*` matches within a segment, `**` any segments: `/devices/**`)"
    )]
    NothingKept(String),
    #[error("no output folder: `OUT_DIR` is not set (outside a build script, call `out_dir`)")]
    NoOutDir,
    /// An attribute or extern path given to `Config` that is not Rust.
    #[error("{0}")]
    Setting(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
