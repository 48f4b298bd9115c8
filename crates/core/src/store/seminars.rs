//! Seminar files in the data folder: created under a free name, saved atomically, read and
//! listed.

use std::path::{Path, PathBuf};

use crate::seminar::{Seminar, SeminarError};
use crate::store::{
    NAME_ATTEMPTS, StoreError, files_in, numbered, read_json, to_json, write_atomically,
    write_if_absent,
};

/// Folder of seminar files inside the data folder.
pub const SEMINARS_DIR: &str = "seminars";

impl Seminar {
    /// Where this seminar is kept in the data folder.
    pub fn path(&self, data_dir: &Path) -> PathBuf {
        seminar_file(data_dir, &self.id)
    }

    /// Writes a new seminar without replacing another: if its id is taken (the same title
    /// in the same second), it gets the first free `-2`, `-3`, … suffix.
    pub fn create(&mut self, data_dir: &Path) -> Result<PathBuf, SeminarError> {
        let base = self.id.clone();
        for n in 1..=NAME_ATTEMPTS {
            self.id = numbered(&base, n);
            let path = self.path(data_dir);
            let written = self
                .to_json(&path)
                .and_then(|json| write_if_absent(&path, &json));
            match written {
                Ok(true) => return Ok(path),
                Ok(false) => {}
                Err(e) => {
                    // Not created: the seminar keeps the id it was given.
                    self.id = base;
                    return Err(e.into());
                }
            }
        }
        self.id = base;
        Err(SeminarError::TooMany(self.id.clone()))
    }

    fn to_json(&self, path: &Path) -> Result<Vec<u8>, StoreError> {
        to_json(path, self)
    }

    /// Writes the seminar atomically.
    pub fn save(&self, data_dir: &Path) -> Result<PathBuf, SeminarError> {
        let path = self.path(data_dir);
        self.save_to(&path)?;
        Ok(path)
    }

    /// Writes the seminar atomically to a given file.
    pub fn save_to(&self, path: &Path) -> Result<(), SeminarError> {
        write_atomically(path, &self.to_json(path)?)?;
        Ok(())
    }

    /// Reads a seminar file.
    pub fn load(path: &Path) -> Result<Seminar, SeminarError> {
        Ok(read_json(path)?)
    }
}

/// Every seminar in the data folder, newest first.
pub fn list(data_dir: &Path) -> Vec<(PathBuf, Seminar)> {
    let mut found: Vec<(PathBuf, Seminar)> = files_in(&data_dir.join(SEMINARS_DIR), "json")
        .into_iter()
        .filter_map(|p| Seminar::load(&p).ok().map(|s| (p, s)))
        .collect();
    found.sort_by(|(pa, a), (pb, b)| b.created_at.cmp(&a.created_at).then_with(|| pa.cmp(pb)));
    found
}

/// Where the seminar with this id is kept in the data folder.
pub fn seminar_file(data_dir: &Path, id: &str) -> PathBuf {
    data_dir.join(SEMINARS_DIR).join(format!("{id}.json"))
}
