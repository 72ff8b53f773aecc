//! The only code that touches the file system: every read goes through a [`Root`], which
//! refuses paths that leave the folder the user named (absolute paths, `..`, symlinks
//! pointing elsewhere) and files above the size limit.

use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::problem::Problem;

/// Files above this are refused without being read whole (templates are at most 1 MB
/// when deployed from S3; CDK's largest real templates are a few MB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A folder named on the command line, inside which all reads happen.
#[derive(Debug, Clone)]
pub struct Root {
    /// As the user wrote it: used to build the paths shown in messages.
    pub shown: PathBuf,
    /// Canonical, for the containment check.
    canonical: PathBuf,
    pub max_file_bytes: u64,
}

impl Root {
    pub fn new(shown: &Path, max_file_bytes: u64) -> Result<Self, Problem> {
        let canonical = fs::canonicalize(shown)
            .map_err(|e| Problem::error(shown, format!("cannot open `{}`: {}", shown.display(), io_reason(&e))))?;
        Ok(Self { shown: shown.to_path_buf(), canonical, max_file_bytes })
    }

    /// Shows paths under `shown` instead (a single file's folder as the user wrote it,
    /// possibly empty).
    #[must_use]
    pub fn with_shown(mut self, shown: &Path) -> Self {
        self.shown = shown.to_path_buf();
        self
    }

    /// The path shown to users for `relative` (a path inside the root).
    #[must_use]
    pub fn shown(&self, relative: &Path) -> PathBuf {
        if relative.as_os_str().is_empty() { self.shown.clone() } else { self.shown.join(relative) }
    }

    /// Joins `relative` (as written in a manifest, relative to `base` inside the root) and
    /// checks it stays inside the root. Returns the path relative to the root.
    pub fn inside(&self, base: &Path, relative: &str, what: &str, from: &Path) -> Result<PathBuf, Problem> {
        let refuse = |why: &str| {
            Problem::error(from, format!("{what} `{relative}` {why}"))
                .with_help("cfnlint-lock reads only inside the folders named on the command line")
        };
        let rel = Path::new(relative);
        if relative.is_empty() {
            return Err(refuse("is empty"));
        }
        if rel.is_absolute() || rel.components().any(|c| matches!(c, Component::Prefix(_) | Component::RootDir)) {
            return Err(refuse("is an absolute path; the assembly refers to its files by relative paths"));
        }
        let mut joined = PathBuf::new();
        for component in base.components().chain(rel.components()) {
            match component {
                Component::ParentDir if !joined.pop() => {
                    return Err(refuse("climbs out of the assembly folder with `..`"));
                }
                Component::Normal(part) => joined.push(part),
                _ => {}
            }
        }
        Ok(joined)
    }

    /// Reads a file inside the root as UTF-8 text.
    pub fn read_text(&self, relative: &Path) -> Result<Arc<str>, Problem> {
        let shown = self.shown(relative);
        let full = self.canonical.join(relative);
        let real = fs::canonicalize(&full)
            .map_err(|e| Problem::error(&shown, format!("cannot read `{}`: {}", shown.display(), io_reason(&e))))?;
        if !real.starts_with(&self.canonical) {
            return Err(Problem::error(
                &shown,
                format!(
                    "`{}` is a link that points outside the folder being checked; it was not read",
                    shown.display()
                ),
            ));
        }
        read_regular_file(&shown, &real, self.max_file_bytes)
    }

    /// The regular files under the root (links not followed, at most `max_depth` folders
    /// down) whose name `wanted` accepts, relative to the root, with their sizes, in
    /// file-name order, as the walk finds them. Unreadable folders are skipped silently:
    /// this only finds what is worth reading ahead of time, and the loader reports every
    /// file it really needs.
    pub fn files_where(
        &self,
        max_depth: usize,
        wanted: impl Fn(&Path) -> bool + Send + 'static,
    ) -> impl Iterator<Item = (PathBuf, u64)> + Send + 'static {
        let canonical = self.canonical.clone();
        walkdir::WalkDir::new(&self.canonical)
            .follow_links(false)
            .max_depth(max_depth)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(move |entry| entry.file_type().is_file() && wanted(entry.path()))
            .filter_map(move |entry| {
                let size = entry.metadata().map_or(0, |m| m.len());
                entry.path().strip_prefix(&canonical).ok().map(|rel| (rel.to_path_buf(), size))
            })
    }

    #[must_use]
    pub fn is_file(&self, relative: &Path) -> bool {
        self.canonical.join(relative).is_file()
    }

    /// Where a folder inside the root really is (links resolved), to notice a Stage that
    /// leads back to one already read through a link; `None` if it cannot be resolved.
    #[must_use]
    pub fn real_path(&self, relative: &Path) -> Option<PathBuf> {
        fs::canonicalize(self.canonical.join(relative)).ok()
    }
}

/// Reads `real` (a resolved path; `shown` is how messages name it) as UTF-8 text if it is
/// a regular file of at most `max_file_bytes`: what every input gets, the config too.
pub fn read_regular_file(shown: &Path, real: &Path, max_file_bytes: u64) -> Result<Arc<str>, Problem> {
    let cannot_read =
        |e: std::io::Error| Problem::error(shown, format!("cannot read `{}`: {}", shown.display(), io_reason(&e)));
    // Checked before opening: opening a named pipe blocks until someone writes to it,
    // and a device can be endless. Only regular files are read.
    let metadata = fs::metadata(real).map_err(cannot_read)?;
    if !metadata.is_file() {
        let what = if metadata.is_dir() { "a folder" } else { "not a regular file (a pipe, socket or device)" };
        return Err(Problem::error(shown, format!("`{}` is {what}; it was not read", shown.display())));
    }
    let size = metadata.len();
    if size > max_file_bytes {
        return Err(Problem::error(
            shown,
            format!(
                "`{}` is {size} bytes, above the limit of {} bytes; it was not read",
                shown.display(),
                max_file_bytes
            ),
        )
        .with_help("raise the limit with `--max-file-size` if this file is really a template"));
    }
    let file = fs::File::open(real).map_err(cannot_read)?;
    // The size was checked above; a capacity that does not fit `usize` only skips the
    // preallocation.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // `take` bounds the read even if the file grows after the size was checked.
    file.take(max_file_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(cannot_read)?;
    if bytes.len() as u64 > max_file_bytes {
        return Err(Problem::error(
            shown,
            format!(
                "`{}` grew above the limit of {} bytes while it was read; it was not read",
                shown.display(),
                max_file_bytes
            ),
        ));
    }
    decode(shown, bytes)
}

fn decode(shown: &Path, bytes: Vec<u8>) -> Result<Arc<str>, Problem> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Arc::from(text)),
        Err(e) => {
            // `valid_up_to` is at most the length of the bytes.
            let at = e.utf8_error().valid_up_to();
            let valid = &e.as_bytes()[..at];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            Err(Problem::error(
                shown,
                format!(
                    "`{}` is not valid UTF-8: invalid byte at line {line}, column {column} (byte offset {at})",
                    shown.display()
                ),
            ))
        }
    }
}

/// The OS's reason in our message style: lowercase, without `(os error N)`.
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = e.to_string();
            // `find` returns a char boundary: the slice cannot panic.
            let text = text.find(" (os error ").map_or(text.as_str(), |i| &text[..i]);
            let mut chars = text.chars();
            chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
        }
    }
}
