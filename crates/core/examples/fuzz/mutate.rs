//! Mutations, byte-level and structure-aware: hostile values in valid RON or JSON (huge,
//! negative and fractional numbers, ids swapped for others of the same file, Unicode edge
//! cases, deep nesting), and raw edits (deleted, duplicated or inserted spans, flipped bytes).

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use serde_json::Value;

/// Fragments that break or stress a parser when dropped in anywhere.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    ",",
    ":",
    "//",
    "/*",
    "*/",
    "r#\"",
    "Some(",
    "None",
    "-1",
    "0",
    "18446744073709551615",
    "-9223372036854775808",
    "1e308",
    "NaN",
    "inf",
    "0.5",
    "é",
    "\u{202e}",
    "\u{200b}",
    "\u{1F600}",
    "\\u0000",
    "\0",
    "\n",
    "Goto(\"",
    "Ending(",
];

/// Values a careless or hostile author might write in place of a number or a string.
const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "2",
    "11",
    "100",
    "101",
    "1000001",
    "18446744073709551615",
    "-9223372036854775808",
    "9223372036854775807",
    "4294967296",
    "0.5",
    "1e20",
];
const STRINGS: &[&str] = &[
    "",
    " ",
    "x",
    "won",
    "lost",
    "walked_out",
    "assessment",
    "é\u{0301}",
    "\u{202e}evil",
    "\u{1F600}",
    "a\nb",
    "\\",
    "../../etc",
    "/abs",
    "lunch-rush",
    "greeting",
];

/// One mutation of `input`, chosen by `rng`; the file's own ids are reused as hostile values.
pub fn mutate(rng: &mut ChaCha8Rng, input: &[u8], json: bool) -> Vec<u8> {
    match rng.random_range(0..10) {
        0..=3 => structured(rng, input, json).unwrap_or_else(|| bytes(rng, input)),
        4 => deep_nesting(rng, input),
        _ => bytes(rng, input),
    }
}

/// A raw edit: delete, duplicate or insert a span, or flip a byte.
fn bytes(rng: &mut ChaCha8Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    let edits = rng.random_range(1..4);
    for _ in 0..edits {
        let len = out.len().max(1);
        let at = rng.random_range(0..len).min(out.len());
        let span = rng.random_range(0..16).min(out.len() - at);
        match rng.random_range(0..5) {
            0 => {
                out.drain(at..at + span);
            }
            1 => {
                let copy = out[at..at + span].to_vec();
                out.splice(at..at, copy);
            }
            2 => {
                let token = TOKENS[rng.random_range(0..TOKENS.len())].as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            3 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] ^= 1 << rng.random_range(0..8);
            }
            _ => {
                let byte = rng.random::<u8>();
                out.insert(at, byte);
            }
        }
    }
    out
}

/// Deep nesting at a random place: brackets a parser must refuse without a stack overflow.
fn deep_nesting(rng: &mut ChaCha8Rng, input: &[u8]) -> Vec<u8> {
    let depth = rng.random_range(50..5_000);
    let at = rng.random_range(0..input.len().max(1)).min(input.len());
    let mut out = input[..at].to_vec();
    out.extend(std::iter::repeat_n(b'[', depth));
    out.extend(std::iter::repeat_n(b']', rng.random_range(0..=depth)));
    out.extend_from_slice(&input[at..]);
    out
}

/// A hostile value in a well-formed file: JSON through its tree, RON through its tokens.
fn structured(rng: &mut ChaCha8Rng, input: &[u8], json: bool) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(input).ok()?;
    if json {
        let mut value: Value = serde_json::from_str(text).ok()?;
        let mut leaves = Vec::new();
        pointers(&value, String::new(), &mut leaves);
        let strings: Vec<String> = leaves
            .iter()
            .filter_map(|p| value.pointer(p)?.as_str().map(str::to_owned))
            .collect();
        for _ in 0..rng.random_range(1..4) {
            let pointer = &leaves[rng.random_range(0..leaves.len())];
            let replacement = hostile_json(rng, &strings);
            if let Some(slot) = value.pointer_mut(pointer) {
                *slot = replacement;
            }
        }
        return serde_json::to_vec_pretty(&value).ok();
    }
    Some(hostile_ron(rng, text).into_bytes())
}

fn hostile_json(rng: &mut ChaCha8Rng, strings: &[String]) -> Value {
    match rng.random_range(0..6) {
        0 => NUMBERS[rng.random_range(0..NUMBERS.len())]
            .parse::<serde_json::Number>()
            .map_or(Value::Null, Value::Number),
        1 => Value::from(STRINGS[rng.random_range(0..STRINGS.len())]),
        2 if !strings.is_empty() => {
            Value::from(strings[rng.random_range(0..strings.len())].clone())
        }
        3 => Value::Array(Vec::new()),
        4 => Value::Bool(rng.random()),
        _ => Value::Null,
    }
}

/// Every leaf and array of a JSON value, as JSON pointers.
pub fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| pointers(v, format!("{at}/{k}"), out)),
        Value::Array(items) => {
            out.push(at.clone());
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => out.push(at),
    }
}

/// Replaces a quoted string or a number of RON text with a hostile one; quoted strings are
/// often replaced by another of the file's own (swapped ids).
fn hostile_ron(rng: &mut ChaCha8Rng, text: &str) -> String {
    let quoted: Vec<(usize, usize)> = spans(text, |b| b == b'"');
    let numbers: Vec<(usize, usize)> = number_spans(text);
    let pick_string = rng.random_bool(0.6) && !quoted.is_empty();
    let (start, end, replacement) = if pick_string {
        let (s, e) = quoted[rng.random_range(0..quoted.len())];
        let other = quoted[rng.random_range(0..quoted.len())];
        let value = if rng.random_bool(0.5) {
            text[other.0..other.1].to_owned()
        } else {
            format!("{:?}", STRINGS[rng.random_range(0..STRINGS.len())])
        };
        (s, e, value)
    } else if !numbers.is_empty() {
        let (s, e) = numbers[rng.random_range(0..numbers.len())];
        (s, e, NUMBERS[rng.random_range(0..NUMBERS.len())].to_owned())
    } else {
        return text.to_owned();
    };
    format!("{}{replacement}{}", &text[..start], &text[end..])
}

/// Byte spans of simple double-quoted strings (quotes included).
fn spans(text: &str, is_quote: impl Fn(u8) -> bool) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if is_quote(bytes[i]) {
            let start = i;
            i += 1;
            while i < bytes.len() && !is_quote(bytes[i]) {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            if i < bytes.len() {
                found.push((start, i + 1));
            }
        }
        i += 1;
    }
    found
}

/// Byte spans of integers outside identifiers.
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = (bytes[i].is_ascii_digit() || bytes[i] == b'-')
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'));
        if starts {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start > usize::from(bytes[start] == b'-') {
                found.push((start, i));
            }
        } else {
            i += 1;
        }
    }
    found
}
