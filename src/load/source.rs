//! A template's text, for snippets: kept in memory, or dropped once the template is parsed
//! and read again from disk when a finding needs it.
//!
//! Every other use of a template goes through its parsed facts, so an assembly of 2,000
//! stacks (220 MB of JSON) does not keep 220 MB of text alive for the snippets a run
//! shows. Text read again is checked against the length and the xxh3 digest of the text
//! that was parsed: spans found in one text must never be applied to another. A file
//! that changed (or went away) in between gives a blank text of the same length, so every
//! span stays in bounds, and [`Source::changed`] says so for a warning. The few texts read
//! most recently stay at hand, since consecutive findings mostly point into the same
//! templates; findings keep only the lines they show ([`crate::diagnostic::Excerpt`]).

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};

use xxhash_rust::xxh3::xxh3_64;

use super::files::Root;

/// How many texts read again stay in memory (per thread): at most eight templates.
const RECENT_TEXTS: usize = 8;

thread_local! {
    /// The texts read again most recently, newest last. The `Weak` keeps each source's
    /// allocation from being reused, so its address identifies it while it is listed.
    static RECENT: RefCell<Vec<(Weak<Inner>, Arc<str>)>> = const { RefCell::new(Vec::new()) };
}

/// Cheap to clone: clones are the same source.
#[derive(Debug, Clone)]
pub struct Source(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    kept: Option<Arc<str>>,
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
        Self(Arc::new(Inner { kept: Some(text), on_disk: None, changed: AtomicBool::new(false) }))
    }

    /// `parsed`, which was read from `rel` inside `root`, is dropped by the caller; only
    /// its length and digest are remembered.
    #[must_use]
    pub fn on_disk(root: Arc<Root>, rel: PathBuf, parsed: &str) -> Self {
        let on_disk = OnDisk { root, rel, len: parsed.len(), digest: xxh3_64(parsed.as_bytes()) };
        Self(Arc::new(Inner { kept: None, on_disk: Some(on_disk), changed: AtomicBool::new(false) }))
    }

    /// The text: kept, read recently, or read again now.
    #[must_use]
    pub fn text(&self) -> Arc<str> {
        if let Some(kept) = &self.0.kept {
            return Arc::clone(kept);
        }
        if let Some(recent) = self.recent() {
            return recent;
        }
        let text = self.read_again();
        RECENT.with_borrow_mut(|recent| {
            if recent.len() >= RECENT_TEXTS {
                recent.remove(0);
            }
            recent.push((Arc::downgrade(&self.0), Arc::clone(&text)));
        });
        text
    }

    /// Whether the text had to be read again and the file was no longer what was parsed.
    #[must_use]
    pub fn changed(&self) -> bool {
        self.0.changed.load(Ordering::Relaxed)
    }

    /// The text if this thread read it again recently (it becomes the newest).
    fn recent(&self) -> Option<Arc<str>> {
        RECENT.with_borrow_mut(|recent| {
            let at = recent.iter().position(|(source, _)| source.as_ptr() == Arc::as_ptr(&self.0))?;
            let entry = recent.remove(at);
            let text = Arc::clone(&entry.1);
            recent.push(entry);
            Some(text)
        })
    }

    fn read_again(&self) -> Arc<str> {
        // A kept source returns before reading, so only on-disk ones get here.
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
    fn recent_texts_are_not_read_again_and_at_most_eight_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let source = on_disk(dir.path(), "{\"Resources\": {}}");
        let first = source.clone().text();
        assert_eq!(&*first, "{\"Resources\": {}}");
        // Read recently: the same text, even though the file changed since.
        std::fs::write(dir.path().join("t.json"), "{\"Resources\": []}").unwrap();
        assert!(Arc::ptr_eq(&first, &source.text()));
        assert!(!source.changed());
        // Eight other texts read after it push it out; reading it again sees the change.
        let others: Vec<Source> = (0..RECENT_TEXTS)
            .map(|i| {
                let other = dir.path().join(format!("o{i}"));
                std::fs::create_dir(&other).unwrap();
                on_disk(&other, "{}")
            })
            .collect();
        others.iter().for_each(|o| drop(o.text()));
        assert_eq!(&*source.text(), "\n".repeat(17));
        assert!(source.changed());
        assert_eq!(RECENT.with_borrow(Vec::len), RECENT_TEXTS);
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
