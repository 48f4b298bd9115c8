//! xAPI 1.0.3: the statements a result becomes (cmi5-shaped, built in `statements`), the
//! outbox that keeps them until an LRS has them (`store::outbox`), the LRS client (`lrs`),
//! and results read back from an LRS (`fetched`). The verbs and extension IRIs are listed in
//! `docs/xapi.md`.

pub mod fetched;
pub mod local;
pub mod lrs;
pub mod statements;
pub mod sync;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::engine::record::Timestamp;

/// Where Rapport's own activity, activity-type and extension IRIs live.
pub const IRI_BASE: &str = "https://rapport.app/xapi/";
/// The default `account.homePage` of players, until the organisation sets its own.
pub const DEFAULT_HOME_PAGE: &str = "https://rapport.app/players";
/// The xAPI version Rapport speaks.
pub const XAPI_VERSION: &str = "1.0.3";

/// Verbs, from ADL's vocabulary (the ones cmi5 uses).
pub mod verbs {
    pub const INITIALIZED: &str = "http://adlnet.gov/expapi/verbs/initialized";
    pub const RESPONDED: &str = "http://adlnet.gov/expapi/verbs/responded";
    pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
    pub const PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
    pub const FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
}

/// Activity types.
pub mod types {
    pub const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
    pub const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
    pub const ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";
    pub const MEETING: &str = "http://adlnet.gov/expapi/activities/meeting";
}

/// cmi5's category activities, on the statements cmi5 defines.
pub const CMI5_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
pub const MOVE_ON_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";

/// Rapport's extension IRIs.
pub fn extension(name: &str) -> String {
    format!("{IRI_BASE}extensions/{name}")
}

/// A language map (`{"en": "text"}`).
pub type LanguageMap = BTreeMap<String, String>;

/// One xAPI statement as Rapport writes it (and reads back the parts it needs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub id: String,
    pub actor: Agent,
    pub verb: Verb,
    pub object: Activity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<StatementResult>,
    pub context: Context,
    pub timestamp: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agent {
    #[serde(rename = "objectType")]
    pub object_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub account: Account,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    #[serde(rename = "homePage")]
    pub home_page: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verb {
    pub id: String,
    pub display: LanguageMap,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    #[serde(rename = "objectType")]
    pub object_type: String,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<ActivityDefinition>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityDefinition {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub name: LanguageMap,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub description: LanguageMap,
    #[serde(
        rename = "interactionType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub interaction_type: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<InteractionComponent>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, Value>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionComponent {
    pub id: String,
    pub description: LanguageMap,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StatementResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub scaled: f64,
    pub raw: f64,
    pub min: f64,
    pub max: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Context {
    pub registration: String,
    #[serde(rename = "contextActivities")]
    pub context_activities: ContextActivities,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContextActivities {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parent: Vec<Activity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grouping: Vec<Activity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub category: Vec<Activity>,
}

/// A UUID made from SHA-256 of `name` (RFC 9562 version 8, "custom"; the same role as a
/// version 5 UUID with a stronger hash): the same name always gives the same id, so a
/// statement sent twice is stored once.
pub fn uuid_from(name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// SHA-256 of bytes, lowercase hex (a result file's hash, as `sha256sum` prints it).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// An ISO 8601 UTC timestamp, `2026-11-30T09:25:00Z`.
pub fn iso_timestamp(t: Timestamp) -> String {
    let (y, mo, d, h, mi, s) = t.civil();
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// An ISO 8601 duration in seconds with milliseconds, `PT12.345S`.
pub fn iso_duration(ms: u64) -> String {
    format!("PT{}.{:03}S", ms / 1000, ms % 1000)
}

/// An agent identified by the organisation's account, as xAPI wants people identified.
pub fn agent(home_page: &str, name: &str) -> Agent {
    Agent {
        object_type: "Agent".to_owned(),
        name: Some(name.to_owned()),
        account: Account {
            home_page: home_page.to_owned(),
            name: name.to_owned(),
        },
    }
}
