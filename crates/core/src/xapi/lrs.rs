//! A Learning Record Store over HTTP(S) with Basic auth: sending statements (idempotently)
//! and fetching them back, following `more` links. Blocking; the fronts call it off the frame.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use super::{Statement, XAPI_VERSION};

/// Where the LRS is and who Rapport is to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LrsConfig {
    /// The xAPI endpoint, e.g. `https://lrs.example.com/data/xAPI` (with or without `/`).
    pub url: String,
    pub user: String,
    pub password: String,
}

/// One source of the LRS's settings (flags, the environment, the saved settings), any part
/// of which may be missing.
#[derive(Clone, Debug, Default)]
pub struct LrsLayer {
    pub url: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
}

impl LrsConfig {
    /// Each part from the first layer that gives it (flags before the environment before the
    /// settings); `None` when no layer names an LRS. A missing user or password is empty.
    pub fn resolve(layers: &[LrsLayer]) -> Option<LrsConfig> {
        let first = |part: fn(&LrsLayer) -> &Option<String>| {
            layers
                .iter()
                .filter_map(|l| part(l).as_ref())
                .find(|v| !v.trim().is_empty())
                .map(|v| v.trim().to_owned())
        };
        Some(LrsConfig {
            url: first(|l| &l.url)?,
            user: first(|l| &l.user).unwrap_or_default(),
            password: first(|l| &l.password).unwrap_or_default(),
        })
    }
}

/// Why the LRS did not take or give statements.
#[derive(Debug, thiserror::Error)]
pub enum LrsError {
    #[error("cannot reach the LRS at {url}: {message}")]
    Unreachable { url: String, message: String },
    #[error("the LRS at {url} answered {status}: {message}")]
    Refused {
        url: String,
        status: u16,
        message: String,
    },
    #[error("the LRS at {url} gave an answer that is not xAPI: {message}")]
    NotXapi { url: String, message: String },
}

impl LrsError {
    /// The HTTP status, when the LRS answered at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            LrsError::Refused { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// A connection to one LRS.
pub struct Lrs {
    config: LrsConfig,
    agent: ureq::Agent,
}

/// A page of a statements query.
#[derive(Deserialize)]
struct Page {
    statements: Vec<Value>,
    #[serde(default)]
    more: String,
}

/// The filters of a statements query (xAPI's own parameter names).
#[derive(Clone, Debug, Default)]
pub struct Query {
    pub agent: Option<Value>,
    pub verb: Option<String>,
    pub activity: Option<String>,
    pub registration: Option<String>,
    /// Match `activity` in the context's parent, grouping and category too.
    pub related_activities: bool,
}

impl Lrs {
    pub fn new(config: LrsConfig) -> Lrs {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .http_status_as_error(false)
            .build()
            .into();
        Lrs { config, agent }
    }

    fn statements_url(&self) -> String {
        format!("{}/statements", self.config.url.trim_end_matches('/'))
    }

    fn authorization(&self) -> String {
        let pair = format!("{}:{}", self.config.user, self.config.password);
        format!("Basic {}", base64(pair.as_bytes()))
    }

    /// Sends a batch; the LRS stores each statement once however often it is sent. A batch
    /// refused as a conflict (some statement already stored) goes again one by one, where an
    /// already-stored statement counts as sent.
    pub fn send(&self, statements: &[Statement]) -> Result<(), LrsError> {
        if statements.is_empty() {
            return Ok(());
        }
        let url = self.statements_url();
        let answer = self
            .agent
            .post(&url)
            .header("Authorization", &self.authorization())
            .header("X-Experience-API-Version", XAPI_VERSION)
            .send_json(statements);
        if self.status_of(&url, answer)? == 409 {
            return statements.iter().try_for_each(|s| self.put(s));
        }
        Ok(())
    }

    /// Stores one statement under its own id (PUT); 409 means the id is already stored.
    fn put(&self, statement: &Statement) -> Result<(), LrsError> {
        let url = self.statements_url();
        let answer = self
            .agent
            .put(&url)
            .query("statementId", &statement.id)
            .header("Authorization", &self.authorization())
            .header("X-Experience-API-Version", XAPI_VERSION)
            .send_json(statement);
        self.status_of(&url, answer).map(|_| ())
    }

    /// The status of an answer that is a success or a conflict; anything else is an error
    /// carrying the LRS's own message.
    fn status_of(
        &self,
        url: &str,
        answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<u16, LrsError> {
        let mut response = answer.map_err(|e| LrsError::Unreachable {
            url: url.to_owned(),
            message: e.to_string(),
        })?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) || status == 409 {
            return Ok(status);
        }
        let body = response.body_mut().read_to_string().unwrap_or_default();
        Err(LrsError::Refused {
            url: url.to_owned(),
            status,
            message: lrs_message(&body),
        })
    }

    /// Asks for one statement: proves the endpoint is an LRS that takes these credentials.
    pub fn check(&self) -> Result<(), LrsError> {
        let url = self.statements_url();
        let answer = self
            .agent
            .get(&url)
            .query("limit", "1")
            .header("Authorization", &self.authorization())
            .header("X-Experience-API-Version", XAPI_VERSION)
            .call();
        match self.status_of(&url, answer)? {
            409 => Err(LrsError::NotXapi {
                url,
                message: "409 to a query".to_owned(),
            }),
            _ => Ok(()),
        }
    }

    /// Every statement matching `query`, following `more` links to the end.
    pub fn fetch(&self, query: &Query) -> Result<Vec<Value>, LrsError> {
        let first = self.statements_url();
        let mut params: Vec<(&str, String)> = Vec::new();
        if let Some(agent) = &query.agent {
            params.push(("agent", agent.to_string()));
        }
        for (name, value) in [
            ("verb", &query.verb),
            ("activity", &query.activity),
            ("registration", &query.registration),
        ] {
            if let Some(v) = value {
                params.push((name, v.clone()));
            }
        }
        if query.related_activities {
            params.push(("related_activities", "true".to_owned()));
        }
        let mut out = Vec::new();
        let mut next = Some((first.clone(), params));
        while let Some((url, params)) = next.take() {
            let mut request = self
                .agent
                .get(&url)
                .header("Authorization", &self.authorization())
                .header("X-Experience-API-Version", XAPI_VERSION);
            for (name, value) in &params {
                request = request.query(name, value);
            }
            let answer = request.call();
            let mut response = answer.map_err(|e| LrsError::Unreachable {
                url: url.clone(),
                message: e.to_string(),
            })?;
            let status = response.status().as_u16();
            let body = response
                .body_mut()
                .read_to_string()
                .map_err(|e| LrsError::NotXapi {
                    url: url.clone(),
                    message: e.to_string(),
                })?;
            if !(200..300).contains(&status) {
                return Err(LrsError::Refused {
                    url,
                    status,
                    message: lrs_message(&body),
                });
            }
            let page: Page = serde_json::from_str(&body).map_err(|e| LrsError::NotXapi {
                url: url.clone(),
                message: e.to_string(),
            })?;
            out.extend(page.statements);
            if !page.more.is_empty() {
                next = Some((resolve(&first, &page.more), Vec::new()));
            }
        }
        Ok(out)
    }
}

/// The LRS's own words from an error body (`{"message": ...}` or plain text), shortened.
fn lrs_message(body: &str) -> String {
    let text = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| body.trim().to_owned());
    let short: String = text.chars().take(300).collect();
    if short.is_empty() {
        "(no message)".to_owned()
    } else {
        short
    }
}

/// A `more` link made absolute: relative links start at the LRS's scheme and host.
fn resolve(base: &str, more: &str) -> String {
    if more.starts_with("http://") || more.starts_with("https://") {
        return more.to_owned();
    }
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let origin_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    format!("{}{}", &base[..origin_end], more)
}

/// Standard base64 with padding (for the Basic auth header).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_come_before_the_environment_before_the_settings() {
        let layer = |url: Option<&str>, user: Option<&str>, password: Option<&str>| LrsLayer {
            url: url.map(str::to_owned),
            user: user.map(str::to_owned),
            password: password.map(str::to_owned),
        };
        let flags = layer(Some("http://flag"), None, None);
        let env = layer(Some("http://env"), Some("env-user"), Some("env-pw"));
        let saved = layer(Some("http://saved"), Some("saved-user"), Some(""));
        let config = LrsConfig::resolve(&[flags, env.clone(), saved.clone()]).expect("an LRS");
        assert_eq!(config.url, "http://flag");
        assert_eq!(config.user, "env-user");
        assert_eq!(config.password, "env-pw");
        assert_eq!(LrsConfig::resolve(&[saved]).expect("saved").password, "");
        assert!(LrsConfig::resolve(&[layer(Some(" "), Some("u"), None)]).is_none());
    }

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn more_links_resolve_against_the_lrs_origin() {
        let base = "http://127.0.0.1:8080/data/xAPI/statements";
        assert_eq!(
            resolve(base, "/data/xAPI/statements?cursor=abc"),
            "http://127.0.0.1:8080/data/xAPI/statements?cursor=abc"
        );
        assert_eq!(
            resolve(base, "https://x.example/s?c=1"),
            "https://x.example/s?c=1"
        );
    }

    #[test]
    fn the_lrs_message_is_taken_from_json_or_text() {
        assert_eq!(lrs_message(r#"{"message":"Unauthorised"}"#), "Unauthorised");
        assert_eq!(lrs_message("  Bad gateway \n"), "Bad gateway");
        assert_eq!(lrs_message(""), "(no message)");
    }
}
