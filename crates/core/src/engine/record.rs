//! Results: one self-contained record per finished conversation, with the scenario's hash so
//! it can be re-played and checked later (saved by `store::results`).

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::assessment::compare_reports;
use crate::engine::dialogue::{ChooseError, Conversation, Options, StartError};
use crate::engine::results::RunReport;
use crate::engine::scenario::Scenario;

/// Version of the result file layout: 2 records the reply orders; 1 did not.
pub const RECORD_FORMAT: u32 = 2;

/// How the conversation was played.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Onboarding practice, with the coach's feedback after each reply.
    Practice,
    /// A recruiter's scored screening.
    Assessment,
    /// A trainer's group session.
    Seminar,
}

/// One finished conversation as saved in the data folder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultRecord {
    pub format: u32,
    pub app_version: String,
    pub mode: Mode,
    pub player: String,
    pub scenario_title: String,
    pub customer: String,
    pub industry: String,
    /// SHA-256 of the scenario file's text, hex.
    pub scenario_hash: String,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    /// The slow-reply threshold in force (style evidence depends on it).
    pub slow_reply_ms: u64,
    /// The seminar this was played in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seminar: Option<String>,
    /// The seed of the reply orders when they do not come from `report.seed` (a seminar
    /// participant's own order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_seed: Option<u64>,
    /// The display order of the replies at each turn (authored positions, as shown). Empty in
    /// results written before orders were recorded, which count as authored order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orders: Vec<Vec<usize>>,
    /// Scenario id, seed, variant, outcome, scores, style, transcript with latencies, reasons.
    pub report: RunReport,
}

/// Seconds since the Unix epoch, UTC; shown as `2026-11-27 09:25 UTC`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The time `since` the Unix epoch, in whole seconds (the clock is read by the fronts).
    pub fn from_unix(since: Duration) -> Timestamp {
        Timestamp(i64::try_from(since.as_secs()).unwrap_or(i64::MAX))
    }

    /// (year, month, day, hour, minute, second) in UTC.
    pub fn civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        (
            year,
            month,
            day,
            (secs / 3600) as u32,
            (secs / 60 % 60) as u32,
            (secs % 60) as u32,
        )
    }

    /// `2026-11-27 09:25 UTC`
    pub fn display(self) -> String {
        let (y, mo, d, h, mi, _) = self.civil();
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02} UTC")
    }

    /// `20261127-092501`, for file names that sort by time.
    pub fn compact(self) -> String {
        let (y, mo, d, h, mi, s) = self.civil();
        format!("{y:04}{mo:02}{d:02}-{h:02}{mi:02}{s:02}")
    }
}

/// SHA-256 of a scenario's text, as lowercase hex.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl ResultRecord {
    /// Builds the record of a finished (or abandoned) conversation.
    pub fn new(
        conversation: &Conversation,
        mode: Mode,
        player: &str,
        scenario_hash: String,
        (started_at, finished_at): (Timestamp, Timestamp),
    ) -> ResultRecord {
        let scenario = conversation.scenario();
        ResultRecord {
            format: RECORD_FORMAT,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            mode,
            player: player.to_owned(),
            scenario_title: scenario.title.clone(),
            customer: scenario.customer.name.clone(),
            industry: scenario.industry.clone(),
            scenario_hash,
            started_at,
            finished_at,
            slow_reply_ms: u64::try_from(conversation.options().slow_reply.as_millis())
                .unwrap_or(u64::MAX),
            seminar: None,
            order_seed: conversation.options().order_seed,
            orders: conversation.orders(),
            report: RunReport::of(conversation),
        }
    }

    /// Whether the result was written before reply orders were recorded (format 1): its
    /// replies count as shown in authored order.
    pub fn predates_orders(&self) -> bool {
        self.format < 2
    }

    /// The engine options the conversation was played with.
    pub fn options(&self) -> Options {
        Options {
            slow_reply: Duration::from_millis(self.slow_reply_ms),
            order_seed: self.order_seed,
        }
    }

    /// A file name (without `.json`) that sorts by time and says what is inside.
    pub fn file_stem(&self) -> String {
        format!(
            "{}-{}-{}-{}",
            self.finished_at.compact(),
            self.report.scenario,
            crate::store::slug(&self.player),
            self.report.seed
        )
    }
}

/// Why a record does not re-play against a scenario.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("the conversation cannot start: {0}")]
    Start(#[from] StartError),
    #[error("reply {turn}: {source}")]
    Choose { turn: usize, source: ChooseError },
}

/// Re-plays a record's transcript (positions and latencies) against a scenario, from its seed
/// (the variant is drawn, never taken from the file).
pub fn replay(record: &ResultRecord, scenario: Arc<Scenario>) -> Result<Conversation, ReplayError> {
    replay_with(record, scenario, |_, _, _| {})
}

/// Re-plays a result reply by reply, showing `each(turn, before, after)` the conversation
/// just before and just after each reply (0-based turn); returns the finished conversation.
pub fn replay_with(
    record: &ResultRecord,
    scenario: Arc<Scenario>,
    mut each: impl FnMut(usize, &Conversation, &Conversation),
) -> Result<Conversation, ReplayError> {
    let options = record.options();
    let report = &record.report;
    let mut conversation = Conversation::start(scenario, report.seed, None, options)?;
    for (i, entry) in report.transcript.iter().enumerate() {
        let before = conversation.clone();
        let latency = entry.latency_ms.map(Duration::from_millis);
        conversation
            .choose(entry.choice, latency)
            .map_err(|source| ReplayError::Choose {
                turn: i + 1,
                source,
            })?;
        each(i, &before, &conversation);
    }
    Ok(conversation)
}

/// Checks a result against the pack: the scenario's hash, then a re-play of the transcript
/// compared field by field. Empty when genuine.
pub fn verify_record(
    record: &ResultRecord,
    pack: &[crate::authoring::pack::Playable],
) -> Vec<String> {
    let id = &record.report.scenario;
    let Some(playable) = pack.iter().find(|p| p.scenario.id.as_str() == id) else {
        return vec![format!("scenario \"{id}\" is missing from the pack")];
    };
    if playable.hash != record.scenario_hash {
        return vec![format!(
            "scenario \"{id}\": the file has changed since it was played (hash differs)"
        )];
    }
    match replay(record, Arc::clone(&playable.scenario)) {
        Err(e) => vec![format!("the transcript does not re-play: {e}")],
        Ok(conversation) => {
            let mut found = compare_reports(id, &RunReport::of(&conversation), &record.report);
            if !record.predates_orders() {
                found.extend(compare_orders(&conversation.orders(), &record.orders));
            }
            found
        }
    }
}

/// Names the first reply whose recorded display order is not the one the seed gives.
pub fn compare_orders(replayed: &[Vec<usize>], stored: &[Vec<usize>]) -> Option<String> {
    if replayed == stored {
        return None;
    }
    let at = replayed
        .iter()
        .zip(stored)
        .position(|(a, b)| a != b)
        .unwrap_or(replayed.len().min(stored.len()));
    Some(format!(
        "the reply order at reply {} is not the one the seed gives",
        at + 1
    ))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::authoring::load::parse_str;
    use crate::store::results::{RESULTS_DIR, load, load_all, save};

    fn conversation() -> (Conversation, String) {
        let text = r#"Scenario(
            id: "rec", title: "Record", industry: "x", difficulty: 1, minutes: 1, summary: "S",
            customer: Customer(name: "Ann", role: "R", patience: 5, trust: 5,
                needs: [Need(id: "a", text: "A")], objections: []),
            variants: [Variant(id: "v1"), Variant(id: "v2")],
            start: "s",
            nodes: {
                "s": Node(say: "Hi", choices: [
                    Choice(say: "ask", style: Some(Erudite), effects: [Discover("a")], next: Goto("s2")),
                    Choice(say: "bye", next: Goto("lost"))]),
                "s2": Node(say: "Ok", choices: [Choice(say: "close", next: Goto("won"))]),
                "won": Ending(outcome: Won, say: "Yes"),
                "lost": Ending(outcome: Lost, say: "No"),
            },
        )"#;
        let scenario = Arc::new(
            parse_str(Path::new("rec.ron"), text.to_owned())
                .expect("parses")
                .scenario,
        );
        let mut c = Conversation::start(scenario, 42, None, Options::default()).expect("starts");
        c.choose(1, Some(Duration::from_secs(40))).expect("reply");
        c.choose(1, Some(Duration::from_millis(1500)))
            .expect("reply");
        (c, content_hash(text))
    }

    #[test]
    fn two_saves_under_one_name_keep_both_files() {
        let (c, hash) = conversation();
        let record = ResultRecord::new(
            &c,
            Mode::Practice,
            "Ann",
            hash,
            (Timestamp(1_795_772_000), Timestamp(1_795_772_000)),
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let first = save(dir.path(), &record, &[]).expect("saved");
        let second = save(dir.path(), &record, &[]).expect("saved again");
        assert_ne!(first, second);
        assert!(
            second.to_string_lossy().ends_with("-Ann-42-2.json"),
            "{second:?}"
        );
        assert_eq!(load(&first).expect("first kept"), record);
        assert_eq!(load_all(dir.path()).0.len(), 2);
        // An assessment result beside them is neither listed nor counted as unreadable.
        let results = dir.path().join(RESULTS_DIR);
        std::fs::write(
            results.join("assessment-x.json"),
            r#"{"kind": "assessment"}"#,
        )
        .expect("write");
        std::fs::write(results.join("broken.json"), "{").expect("write");
        let (listed, unreadable) = load_all(dir.path());
        assert_eq!((listed.len(), unreadable.len()), (2, 1));
    }

    #[test]
    fn timestamps_format_as_utc_civil_time() {
        assert_eq!(Timestamp(0).display(), "1970-01-01 00:00 UTC");
        assert_eq!(Timestamp(1_795_772_701).compact(), "20261127-094501");
        assert_eq!(Timestamp(951_782_400).display(), "2000-02-29 00:00 UTC");
    }

    #[test]
    fn content_hash_is_sha256_hex() {
        assert_eq!(
            content_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_saved_record_loads_back_identically_and_replays() {
        let (c, hash) = conversation();
        let record = ResultRecord::new(
            &c,
            Mode::Practice,
            "Ann Lee / trainee",
            hash,
            (Timestamp(1_795_772_000), Timestamp(1_795_772_000)),
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let path = save(dir.path(), &record, &[]).expect("saved");
        assert!(path.starts_with(dir.path().join(RESULTS_DIR)));
        assert!(
            path.to_string_lossy()
                .contains("-rec-Ann-Lee---trainee-42.json")
        );
        let loaded = load(&path).expect("loads");
        assert_eq!(loaded, record);
        assert_eq!(loaded.report.transcript[0].latency_ms, Some(40_000));
        // The 40 s reply counted as slow; re-playing reproduces it.
        let again = replay(&loaded, Arc::clone(c.scenario())).expect("replays");
        assert_eq!(RunReport::of(&again), loaded.report);
        let (all, errors) = load_all(dir.path());
        assert_eq!(all.len(), 1);
        assert!(errors.is_empty());
    }

    #[test]
    fn unreadable_results_are_reported_not_fatal() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join(RESULTS_DIR)).expect("mkdir");
        std::fs::write(dir.path().join(RESULTS_DIR).join("bad.json"), "{").expect("write");
        let (all, errors) = load_all(dir.path());
        assert!(all.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("bad.json"));
    }

    #[test]
    fn civil_dates_follow_the_calendar_through_leap_days_and_before_1970() {
        assert_eq!(Timestamp(0).civil(), (1970, 1, 1, 0, 0, 0));
        assert_eq!(Timestamp(-1).civil(), (1969, 12, 31, 23, 59, 59));
        assert_eq!(Timestamp(951_782_400).civil(), (2000, 2, 29, 0, 0, 0));
        assert_eq!(Timestamp(1_795_074_400).civil(), (2026, 11, 19, 7, 46, 40));
        assert_eq!(Timestamp(4_107_542_399).civil(), (2100, 2, 28, 23, 59, 59));
        assert_eq!(Timestamp(4_107_542_400).civil(), (2100, 3, 1, 0, 0, 0));
    }
}
