//! Results read back from an LRS: each `completed` statement that stands for a result file
//! carries the file's text and its SHA-256; a text that does not hash to the file it names is
//! flagged (the fronts then verify the result itself), and a file sent twice counts once.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{extension, sha256_hex, verbs};

/// A result found in the LRS, and what does not match the file it names.
#[derive(Clone, Debug)]
pub struct Fetched<T> {
    pub result: T,
    /// SHA-256 of the result file, as the statement names it.
    pub result_hash: String,
    pub problems: Vec<String>,
}

/// The statements of a query that stand for result files of type `T` (an assessment result,
/// or a practice or seminar record), once per file.
pub fn results<T: DeserializeOwned>(statements: &[Value]) -> Vec<Fetched<T>> {
    let document_key = extension("result-document");
    let hash_key = extension("result-sha256");
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for s in statements {
        if s.pointer("/verb/id").and_then(Value::as_str) != Some(verbs::COMPLETED) {
            continue;
        }
        let Some(extensions) = s.pointer("/result/extensions") else {
            continue;
        };
        let Some(document) = extensions.get(&document_key).and_then(Value::as_str) else {
            continue;
        };
        let Ok(result) = serde_json::from_str::<T>(document) else {
            continue;
        };
        let named = extensions
            .get(&hash_key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if !seen.insert(named.clone()) {
            continue;
        }
        let mut problems = Vec::new();
        if sha256_hex(document.as_bytes()) != named {
            problems.push(format!(
                "the result in the LRS does not hash to the file it names ({})",
                short(&named)
            ));
        }
        out.push(Fetched {
            result,
            result_hash: named,
            problems,
        });
    }
    out
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}
