//! A template's text, for snippets: kept in memory, or dropped once the template is parsed
//! and read again from disk the first time a finding needs it.
//!
//! Every other use of a template goes through its parsed facts, so an assembly of 2,000
//! stacks (220 MB of JSON) does not keep 220 MB of text alive for the handful of snippets
//! a run shows. Text read again is checked against the length and the xxh3 digest of the
//! text that was parsed: spans found in one text must never be applied to another. A file
//! that changed (or went away) in between gives a blank text of the same length, so every
//! span stays in bounds, and [`Source::changed`] says so for a warning.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use xxhash_rust::xxh3::xxh3_64;

use super::files::Root;

/// Cheap to clone: clones share the text once it has been read again.
#[derive(Debug, Clone)]
pub struct Source(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    text: OnceLock<Arc<str>>,
    on_disk: Option<OnDisk>,
    changed: AtomicBool,
}

/// Where to read the text again, and what it must be.
#[derive(Debug)]
struct OnDisk {
    root: Arc<Root>,
    rel: PathBuf,
    len: usize,
    digest: u64,
}

impl Source {
    /// A text kept in memory (a template inside another file, tests, small inputs).
    #[must_use]
    pub fn kept(text: Arc<str>) -> Self {
        Self(Arc::new(Inner { text: OnceLock::from(text), on_disk: None, changed: AtomicBool::new(false) }))
    }

    /// `parsed`, which was read from `rel` inside `root`, is dropped by the caller; only
    /// its length and digest are remembered.
    #[must_use]
    pub fn on_disk(root: Arc<Root>, rel: PathBuf, parsed: &str) -> Self {
        let on_disk = OnDisk { root, rel, len: parsed.len(), digest: xxh3_64(parsed.as_bytes()) };
        Self(Arc::new(Inner { text: OnceLock::new(), on_disk: Some(on_disk), changed: AtomicBool::new(false) }))
    }

    /// The text, read again if it was dropped.
    #[must_use]
    pub fn text(&self) -> Arc<str> {
        Arc::clone(self.0.text.get_or_init(|| self.read_again()))
    }

    /// Whether the text had to be read again and the file was no longer what was parsed.
    #[must_use]
    pub fn changed(&self) -> bool {
        self.0.changed.load(Ordering::Relaxed)
    }

    /// Whether the text is in memory now (kept, or read again already).
    #[must_use]
    pub fn is_in_memory(&self) -> bool {
        self.0.text.get().is_some()
    }

    fn read_again(&self) -> Arc<str> {
        // A kept source's `text` is set when it is made, so only on-disk ones get here.
        let Some(disk) = &self.0.on_disk else { return Arc::from("") };
        match disk.root.read_text(&disk.rel) {
            Ok(text) if text.len() == disk.len && xxh3_64(text.as_bytes()) == disk.digest => text,
            _ => {
                self.0.changed.store(true, Ordering::Relaxed);
                // Newlines rather than spaces: a snippet of it is one empty line, not a
                // line as long as the file.
                Arc::from("\n".repeat(disk.len))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_disk(dir: &std::path::Path, text: &str) -> Source {
        std::fs::write(dir.join("t.json"), text).unwrap();
        let root = Arc::new(Root::new(dir, u64::MAX).unwrap());
        Source::on_disk(root, PathBuf::from("t.json"), text)
    }

    #[test]
    fn text_is_read_again_once_and_shared_by_clones() {
        let dir = tempfile::tempdir().unwrap();
        let source = on_disk(dir.path(), "{\"Resources\": {}}");
        let clone = source.clone();
        assert!(!source.is_in_memory());
        assert_eq!(&*clone.text(), "{\"Resources\": {}}");
        assert!(source.is_in_memory());
        // Read once: a later change to the file is not seen again.
        std::fs::write(dir.path().join("t.json"), "changed").unwrap();
        assert_eq!(&*source.text(), "{\"Resources\": {}}");
        assert!(!source.changed());
    }

    #[test]
    fn a_file_changed_in_between_gives_a_blank_text_of_the_same_length() {
        let dir = tempfile::tempdir().unwrap();
        // Same length, different bytes: only the digest tells.
        let source = on_disk(dir.path(), "{\"A\": 1}");
        std::fs::write(dir.path().join("t.json"), "{\"B\": 2}").unwrap();
        assert_eq!(&*source.text(), "\n".repeat(8));
        assert!(source.changed());
    }

    #[test]
    fn a_file_gone_in_between_gives_a_blank_text() {
        let dir = tempfile::tempdir().unwrap();
        let source = on_disk(dir.path(), "{}");
        std::fs::remove_file(dir.path().join("t.json")).unwrap();
        assert_eq!(&*source.text(), "\n\n");
        assert!(source.changed());
    }
}
