//! Draining the outbox to an LRS, shared by `rapport xapi send` and the game's background
//! sync: the LRS's settings from every source, batches recorded as sent once stored, and the
//! back-off between failed attempts.

use std::path::Path;
use std::time::Duration;

use super::lrs::{Lrs, LrsConfig, LrsError, LrsLayer};
use crate::authoring::pack::Playable;
use crate::store::StoreError;
use crate::store::outbox::{compact, enqueue_missing, mark_sent, pending, xapi_settings};
use crate::store::secrets::{LRS_PASSWORD_FILE, SecretError, read_private};

/// Why a sync stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Nothing was waiting, and the LRS did not answer the check.
    #[error(transparent)]
    Check(LrsError),
    #[error("{source} ({sent} of {total} sent; the rest wait in the outbox)")]
    Lrs {
        source: LrsError,
        sent: usize,
        total: usize,
    },
}

/// The LRS to use: each part from the first of `layers` that gives it (flags, then the
/// environment), else from the data folder's settings and saved password. `Ok(None)` when
/// nothing names an LRS.
pub fn configured(data_dir: &Path, layers: &[LrsLayer]) -> Result<Option<LrsConfig>, SecretError> {
    let saved = xapi_settings(data_dir);
    let password_file = data_dir.join(LRS_PASSWORD_FILE);
    let saved_password = if password_file.exists() {
        Some(read_private(&password_file)?)
    } else {
        None
    };
    let mut all = layers.to_vec();
    all.push(LrsLayer {
        url: Some(saved.lrs_url),
        user: Some(saved.lrs_user),
        password: saved_password,
    });
    Ok(LrsConfig::resolve(&all))
}

/// Queues any result missing from the outbox, then sends everything waiting in batches of
/// `batch`, recording each batch as sent once the LRS has it; `after_batch(sent, total)` runs
/// after each. With nothing waiting it checks the LRS instead. Returns how many statements
/// were sent.
pub fn drain(
    data_dir: &Path,
    pack: &[Playable],
    lrs: &Lrs,
    batch: usize,
    mut after_batch: impl FnMut(usize, usize),
) -> Result<usize, SyncError> {
    enqueue_missing(data_dir, pack)?;
    let waiting = pending(data_dir)?;
    let total = waiting.len();
    // Nothing to send still says whether the LRS is there and takes the credentials.
    if total == 0 {
        lrs.check().map_err(SyncError::Check)?;
    }
    let mut sent = 0;
    for chunk in waiting.chunks(batch.max(1)) {
        lrs.send(chunk).map_err(|source| SyncError::Lrs {
            source,
            sent,
            total,
        })?;
        let ids: Vec<String> = chunk.iter().map(|s| s.id.clone()).collect();
        mark_sent(data_dir, &ids)?;
        sent += chunk.len();
        after_batch(sent, total);
    }
    compact(data_dir)?;
    Ok(sent)
}

/// How long to wait after `failures` failed attempts in a row: 5 s, doubling, at most 5 min.
pub fn retry_after(failures: u32) -> Duration {
    let seconds = 5u64.saturating_mul(1 << failures.saturating_sub(1).min(16));
    Duration::from_secs(seconds.min(300))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_from_five_seconds_to_five_minutes() {
        let waits: Vec<u64> = (1..=9).map(|n| retry_after(n).as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300, 300]);
        assert_eq!(retry_after(u32::MAX).as_secs(), 300);
    }

    #[test]
    fn the_saved_settings_come_last() {
        let dir = tempfile::tempdir().expect("dir");
        assert!(configured(dir.path(), &[]).expect("read").is_none());
        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"xapi": {"lrs_url": "http://saved/xAPI", "lrs_user": "saved"}}"#,
        )
        .expect("settings");
        crate::store::secrets::write_private(&dir.path().join(LRS_PASSWORD_FILE), "pw")
            .expect("password");
        let flags = LrsLayer {
            user: Some("flag".to_owned()),
            ..LrsLayer::default()
        };
        let config = configured(dir.path(), &[flags])
            .expect("read")
            .expect("an LRS");
        assert_eq!(
            (
                config.url.as_str(),
                config.user.as_str(),
                config.password.as_str()
            ),
            ("http://saved/xAPI", "flag", "pw")
        );
    }
}
