//! Finding where an id or a field is written in a RON source, skipping strings and comments,
//! so that messages can point at a line and column.

use crate::authoring::load::Position;

/// Where an id is defined in the source: a node key `"id":` or a field `id: "id"`.
pub fn locate_definition(source: &str, id: &str) -> Option<Position> {
    locate_nth_definition(source, id, 0)
}

/// Where the `nth` (0-based) definition of an id is, for duplicates.
pub fn locate_nth_definition(source: &str, id: &str, nth: usize) -> Option<Position> {
    let quoted = format!("\"{id}\"");
    let mut from = 0;
    let mut seen = 0;
    while let Some(found) = source[from..].find(&quoted) {
        let start = from + found;
        let after = source[start + quoted.len()..].trim_start();
        let before = source[..start].trim_end();
        if after.starts_with(':') || before.ends_with("id:") {
            if seen == nth {
                return Some(position_of(source, start));
            }
            seen += 1;
        }
        from = start + quoted.len();
    }
    None
}

/// Where a field is written, by its path of names from the outermost struct
/// (`["customer", "patience"]`), skipping strings and comments; `None` if it is not written.
pub fn locate_field(source: &str, path: &[&str]) -> Option<Position> {
    field_offset(source, path).map(|offset| position_of(source, offset))
}

/// The byte offset where a field's name is written; see [`locate_field`].
pub fn field_offset(source: &str, path: &[&str]) -> Option<usize> {
    if path.is_empty() {
        return None;
    }
    let bytes = source.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let (mut depth, mut matched, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'r' if bytes.get(i + 1).is_some_and(|&b| b == b'"' || b == b'#')
                && (i == 0 || !is_ident(bytes[i - 1])) =>
            {
                i = skip_raw_string(bytes, i);
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = source[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i),
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                // Leaving the struct the path went into: the field is not written there.
                if matched > 0 && depth == matched {
                    return None;
                }
                i += 1;
            }
            b if is_ident(b) && (i == 0 || !is_ident(bytes[i - 1])) => {
                let end = (i..bytes.len())
                    .find(|&j| !is_ident(bytes[j]))
                    .unwrap_or(bytes.len());
                let is_field = source[end..].trim_start().starts_with(':');
                if is_field && depth == matched + 1 && source[i..end] == *path[matched] {
                    matched += 1;
                    if matched == path.len() {
                        return Some(i);
                    }
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    None
}

/// The index just past a `/* … */` comment starting at `start`; RON's block comments nest.
fn skip_block_comment(bytes: &[u8], start: usize) -> usize {
    let (mut depth, mut i) = (0usize, start);
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index just past a `"…"` string starting at `start`, escapes included.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index just past a raw string `r#"…"#` starting at `start`.
fn skip_raw_string(bytes: &[u8], start: usize) -> usize {
    let hashes = bytes[start + 1..]
        .iter()
        .take_while(|&&b| b == b'#')
        .count();
    let open = start + 1 + hashes;
    if bytes.get(open) != Some(&b'"') {
        return start + 1;
    }
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    bytes[open + 1..]
        .windows(close.len())
        .position(|w| w == close.as_slice())
        .map_or(bytes.len(), |n| open + 1 + n + close.len())
}

/// Line and column of a byte offset.
pub fn position_of(source: &str, offset: usize) -> Position {
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Position { line, col }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_found_by_its_path_outside_strings_and_comments() {
        let source = concat!(
            "Scenario(\n",
            "  summary: \"trust: (not here\", // patience: nor here\n",
            "  brief: r#\"a \"quoted\" patience: (\"#, /* trust: ) /* nested ( */ trust: */\n",
            "  variants: [Variant(id: \"v\", patience: Some(3))],\n",
            "  customer: Customer(name: \"N\", patience: 5),\n",
            "  trust: 1,\n",
            ")",
        );
        let at = |path: &[&str]| locate_field(source, path);
        assert_eq!(
            at(&["customer", "patience"]),
            Some(Position { line: 5, col: 33 })
        );
        assert_eq!(at(&["trust"]), Some(Position { line: 6, col: 3 }));
        // Not written in the customer, though written elsewhere.
        assert_eq!(at(&["customer", "trust"]), None);
        assert_eq!(at(&["title"]), None);
    }

    #[test]
    fn escapes_and_raw_strings_with_hashes_hide_what_they_contain() {
        let source = concat!(
            "Scenario(\n",
            "  summary: \"she said \\\"trust: (\\\" and left\",\n",
            "  brief: r##\"a \"# trust: ( \"##, note: r\"trust: [\", // trust: 9\n",
            "  trust: 4,\n",
            ")",
        );
        assert_eq!(
            locate_field(source, &["trust"]),
            Some(Position { line: 4, col: 3 })
        );
    }

    #[test]
    fn a_field_of_a_struct_left_behind_is_not_found_in_the_next_one() {
        let source = "S(customer: C(name: \"N\"), other: C(patience: 5))";
        assert_eq!(locate_field(source, &["customer", "patience"]), None);
        assert_eq!(
            locate_field(source, &["other", "patience"]),
            Some(Position { line: 1, col: 36 })
        );
        assert_eq!(locate_field(source, &[]), None);
    }

    #[test]
    fn the_nth_definition_of_an_id_is_found_for_duplicates() {
        let source = "{\n  \"a\": N(),\n  \"b\": N(next: \"a\"),\n  \"a\": N(),\n}";
        assert_eq!(
            locate_nth_definition(source, "a", 0),
            Some(Position { line: 2, col: 3 })
        );
        // The use of "a" as a target is not a definition.
        assert_eq!(
            locate_nth_definition(source, "a", 1),
            Some(Position { line: 4, col: 3 })
        );
        assert_eq!(locate_nth_definition(source, "a", 2), None);
        assert_eq!(
            locate_definition("(id: \"x\")", "x"),
            Some(Position { line: 1, col: 6 })
        );
    }

    #[test]
    fn fields_starting_with_r_raw_strings_ending_in_a_backslash_and_comments_over_lines() {
        let source = concat!(
            "S(\n",
            "  retention: 3,\n",
            "  path: r\"C:\\\", rate: 1,\n",
            "  /* a comment\n",
            "     over: 2 lines */\n",
            "  over: 4,\n",
            ")",
        );
        assert_eq!(
            locate_field(source, &["retention"]),
            Some(Position { line: 2, col: 3 })
        );
        assert_eq!(
            locate_field(source, &["rate"]),
            Some(Position { line: 3, col: 17 })
        );
        assert_eq!(
            locate_field(source, &["over"]),
            Some(Position { line: 6, col: 3 })
        );
    }
}
