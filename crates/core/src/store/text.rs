//! Text files that people write and Rapport reads: scenario and assessment files read within
//! limits, and folders walked for them.

use std::path::{Path, PathBuf};

use crate::authoring::load::{LoadError, MAX_FILE_BYTES};
use crate::store::StoreError;

/// Reads a text file of at most [`MAX_FILE_BYTES`] that must be UTF-8.
pub fn read_limited(path: &Path) -> Result<String, LoadError> {
    use std::io::Read;
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    // Read one byte past the limit so a file that grows while read is still refused.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            size,
        });
    }
    String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
        path: path.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Expands folders into their `.ron` files (sorted, recursive); files are kept as given.
pub fn expand_ron_paths(paths: &[PathBuf]) -> Vec<Result<PathBuf, StoreError>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            collect_ron(path, &mut found);
            found.sort_by(|a, b| match (a, b) {
                (Ok(a), Ok(b)) => a.cmp(b),
                (a, b) => a.is_ok().cmp(&b.is_ok()),
            });
            out.extend(found);
        } else {
            out.push(Ok(path.clone()));
        }
    }
    out
}

/// Every `.ron` below `dir`; an unreadable folder is reported and the walk goes on.
/// Symbolic links to folders are not followed, so link loops cannot stall the walk.
fn collect_ron(dir: &Path, found: &mut Vec<Result<PathBuf, StoreError>>) {
    let unreadable = StoreError::io;
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            found.push(Err(unreadable(dir, e)));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                found.push(Err(unreadable(dir, e)));
                continue;
            }
        };
        let path = entry.path();
        let is_real_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_real_dir {
            collect_ron(&path, found);
        } else if path.extension().is_some_and(|e| e == "ron") {
            found.push(Ok(path));
        }
    }
}

/// What changes when a scenario file in these folders is added, removed or rewritten: each
/// `.ron` file with its modification time and size.
pub fn ron_stamps(folders: &[PathBuf]) -> Vec<(PathBuf, Option<std::time::SystemTime>, u64)> {
    expand_ron_paths(folders)
        .into_iter()
        .flatten()
        .map(|path| {
            let meta = std::fs::metadata(&path).ok();
            let modified = meta.as_ref().and_then(|m| m.modified().ok());
            let size = meta.map_or(0, |m| m.len());
            (path, modified, size)
        })
        .collect()
}

/// Whether a regular file is at `path` (a portrait an author names, say).
pub fn is_file(path: &Path) -> bool {
    path.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_at_the_limit_is_read_and_one_byte_more_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let at = dir.path().join("at.ron");
        let over = dir.path().join("over.ron");
        let limit = usize::try_from(MAX_FILE_BYTES).expect("fits");
        std::fs::write(&at, "a".repeat(limit)).expect("write");
        std::fs::write(&over, "a".repeat(limit + 1)).expect("write");
        assert_eq!(read_limited(&at).expect("read").len(), limit);
        assert!(matches!(
            read_limited(&over),
            Err(LoadError::TooLarge { .. })
        ));
    }
}
