//! Loading scenario text: size, emptiness and nesting limits, RON parsing, and errors that
//! name the file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::engine::scenario::Scenario;

/// Largest scenario file accepted; anything bigger is refused before parsing.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Deepest bracket nesting accepted; real scenarios stay under 15.
pub const MAX_NESTING: usize = 64;

/// A line and column in a file, both 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Why a scenario file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: file is {size} bytes; Rapport reads text files of at most 1 MiB", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}: not valid UTF-8 (byte {offset}); save the file as UTF-8", path.display())]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{}: file is empty", path.display())]
    Empty { path: PathBuf },
    #[error("{}:{at}: nested more than {MAX_NESTING} levels deep", path.display())]
    TooDeep { path: PathBuf, at: Position },
    #[error("{}:{at}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        at: Position,
        message: String,
    },
}

impl LoadError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            LoadError::Io { path, .. }
            | LoadError::TooLarge { path, .. }
            | LoadError::NotUtf8 { path, .. }
            | LoadError::Empty { path }
            | LoadError::TooDeep { path, .. }
            | LoadError::Syntax { path, .. } => path,
        }
    }
}

/// A parsed scenario with the file it came from, kept for positions in messages.
#[derive(Clone, Debug)]
pub struct ScenarioFile {
    pub path: PathBuf,
    pub source: String,
    pub scenario: Scenario,
}

/// Reads and parses one scenario file, refusing oversized, non-UTF-8, empty or absurdly nested input.
pub fn load_file(path: &Path) -> Result<ScenarioFile, LoadError> {
    let source = crate::store::text::read_limited(path)?;
    parse_str(path, source)
}

/// Parses RON text into `T` after the size, emptiness and nesting checks; `path` labels messages.
pub fn parse_str_as<T: serde::de::DeserializeOwned>(
    path: &Path,
    source: &str,
) -> Result<T, LoadError> {
    if source.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            size: source.len() as u64,
        });
    }
    if source.trim().is_empty() {
        return Err(LoadError::Empty {
            path: path.to_owned(),
        });
    }
    if let Some(at) = first_too_deep(source) {
        return Err(LoadError::TooDeep {
            path: path.to_owned(),
            at,
        });
    }
    let options = ron::Options::default().with_recursion_limit(MAX_NESTING * 2);
    options
        .from_str::<T>(source)
        .map_err(|e| LoadError::Syntax {
            path: path.to_owned(),
            at: Position {
                line: e.span.start.line,
                col: e.span.start.col,
            },
            message: e.code.to_string(),
        })
}

/// Parses scenario text; `path` only labels messages.
pub fn parse_str(path: &Path, source: String) -> Result<ScenarioFile, LoadError> {
    let scenario = parse_str_as::<Scenario>(path, &source)?;
    Ok(ScenarioFile {
        path: path.to_owned(),
        source,
        scenario,
    })
}

/// Finds where bracket nesting first exceeds [`MAX_NESTING`], skipping strings and comments.
fn first_too_deep(source: &str) -> Option<Position> {
    let mut depth = 0usize;
    let (mut line, mut col) = (1usize, 0usize);
    let mut chars = source.chars().peekable();
    let mut in_string = false;
    let mut in_line_comment = false;
    let mut block_comments = 0usize;
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
            col = 0;
            in_line_comment = false;
            continue;
        }
        col += 1;
        if in_line_comment {
            continue;
        }
        if block_comments > 0 {
            if c == '*' && chars.peek() == Some(&'/') {
                chars.next();
                col += 1;
                block_comments -= 1;
            } else if c == '/' && chars.peek() == Some(&'*') {
                chars.next();
                col += 1;
                block_comments += 1;
            }
            continue;
        }
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                    col += 1;
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if chars.peek() == Some(&'/') => in_line_comment = true,
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                col += 1;
                block_comments += 1;
            }
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(Position { line, col });
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::locate::locate_definition;
    use crate::engine::scenario::{Mood, NodeEntry};

    fn parse(text: &str) -> Result<ScenarioFile, LoadError> {
        parse_str(Path::new("t.ron"), text.to_owned())
    }

    const MINIMAL: &str = r#"Scenario(
        id: "mini", title: "T", industry: "retail", difficulty: 1, minutes: 2, summary: "S",
        customer: Customer(name: "N", role: "R", patience: 5, trust: 5,
            needs: [Need(id: "a", text: "A")], objections: []),
        start: "s",
        nodes: {
            "s": Node(say: "Hi", choices: [Choice(say: "Go", next: Goto("end"))]),
            "end": Ending(outcome: Won, say: "Bye"),
        },
    )"#;

    #[test]
    fn defaults_are_filled_in() {
        let file = parse(MINIMAL).expect("minimal scenario parses");
        let s = &file.scenario;
        assert_eq!(s.language, "en");
        assert_eq!(s.brief, "");
        assert_eq!(s.customer.walkout, "Sorry, I have to go.");
        assert_eq!(s.customer.needs[0].weight, 1);
        assert_eq!(s.customer.prefers, None);
        let NodeEntry::Node { mood, choices, .. } = s.nodes.get("s").expect("node s") else {
            panic!("s is a node")
        };
        assert_eq!(*mood, Mood::Neutral);
        assert_eq!(choices[0].feedback, "");
        assert!(choices[0].style.is_none());
        assert!(choices[0].requires.is_empty());
    }

    #[test]
    fn unknown_fields_are_refused_with_a_position() {
        let text = MINIMAL.replace("summary: \"S\"", "summary: \"S\", sumary: \"typo\"");
        let err = parse(&text).expect_err("unknown field refused");
        let shown = err.to_string();
        assert!(shown.starts_with("t.ron:2:"), "{shown}");
        assert!(shown.contains("sumary"), "{shown}");
    }

    #[test]
    fn duplicate_node_ids_are_refused() {
        let text = MINIMAL.replace(
            "\"end\": Ending",
            "\"s\": Ending(outcome: Lost, say: \"x\"), \"end\": Ending",
        );
        let err = parse(&text).expect_err("duplicate refused");
        assert!(err.to_string().contains("duplicate node id \"s\""), "{err}");
    }

    #[test]
    fn empty_and_deep_files_are_refused() {
        assert!(matches!(parse("  \n "), Err(LoadError::Empty { .. })));
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        match parse(&deep) {
            Err(LoadError::TooDeep { at, .. }) => assert_eq!(at, Position { line: 1, col: 65 }),
            other => panic!("expected TooDeep, got {other:?}"),
        }
    }

    #[test]
    fn brackets_inside_strings_and_comments_do_not_count_as_nesting() {
        let noisy = MINIMAL.replace(
            "summary: \"S\"",
            &format!("summary: \"{}\" /* {} */", "(".repeat(200), "[".repeat(200)),
        );
        assert!(parse(&noisy).is_ok());
    }

    #[test]
    fn definitions_are_located() {
        let at = locate_definition(MINIMAL, "end").expect("end node located");
        assert_eq!(at.line, 8);
        let need = locate_definition(MINIMAL, "a").expect("need located");
        assert_eq!(need.line, 4);
    }

    #[test]
    fn nesting_up_to_the_limit_parses_and_beyond_it_is_refused_at_the_bracket() {
        let nested = |levels: usize| format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
        let path = Path::new("deep.ron");
        assert!(parse_str_as::<ron::Value>(path, &nested(MAX_NESTING)).is_ok());
        // Brackets in comments and strings (escaped quotes too) do not count; the position is
        // the bracket that goes one level too deep, after a comment spanning lines.
        let source = format!(
            "/* ((((\n ((( */ // [[[[\n\"[\\\"[[\" {}",
            nested(MAX_NESTING + 1)
        );
        match parse_str_as::<ron::Value>(path, &source) {
            Err(LoadError::TooDeep { at, .. }) => {
                assert_eq!(
                    at,
                    Position {
                        line: 3,
                        col: 8 + MAX_NESTING + 1
                    }
                )
            }
            other => panic!("expected TooDeep, got {other:?}"),
        }
    }

    #[test]
    fn the_too_deep_column_counts_comments_and_escapes_on_the_same_line() {
        let prefix = "/* a /* b */ c */ \"x\\\"y\" ";
        let source = format!("{prefix}{}1", "[".repeat(MAX_NESTING + 1));
        match parse_str_as::<ron::Value>(Path::new("deep.ron"), &source) {
            Err(LoadError::TooDeep { at, .. }) => {
                let col = prefix.chars().count() + MAX_NESTING + 1;
                assert_eq!(at, Position { line: 1, col });
            }
            other => panic!("expected TooDeep, got {other:?}"),
        }
    }

    #[test]
    fn a_nested_block_comment_hides_brackets_after_its_inner_close() {
        // At the limit once the comment's brackets are left out; one more level if they counted.
        let source = format!(
            "/* a /* b */ [[ ( */ {}1{}",
            "[".repeat(MAX_NESTING),
            "]".repeat(MAX_NESTING)
        );
        assert!(parse_str_as::<ron::Value>(Path::new("nested.ron"), &source).is_ok());
    }
}
