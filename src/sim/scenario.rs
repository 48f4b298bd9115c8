//! The scenario model (the RON schema of `docs/scenario-format.md`), typed ids and loading with positions.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// Largest scenario file accepted; anything bigger is refused before parsing.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Deepest bracket nesting accepted; real scenarios stay under 15.
pub const MAX_NESTING: usize = 64;

macro_rules! typed_id {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as written in the scenario file.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }
    )*};
}

typed_id!(
    /// Id of a scenario, unique across the pack.
    ScenarioId,
    /// Id of a node (a customer line or an ending).
    NodeId,
    /// Id of one of the customer's hidden needs.
    NeedId,
    /// Id of one of the customer's objections.
    ObjectionId,
    /// Id of a scenario variant.
    VariantId,
);

/// One customer conversation, as authored.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: ScenarioId,
    pub title: String,
    pub industry: String,
    pub difficulty: i64,
    pub minutes: i64,
    #[serde(default = "default_language")]
    pub language: String,
    pub summary: String,
    #[serde(default)]
    pub brief: String,
    pub customer: Customer,
    #[serde(default)]
    pub variants: Vec<Variant>,
    pub start: NodeId,
    pub nodes: Nodes,
}

fn default_language() -> String {
    "en".to_owned()
}

/// The customer: who they are, their starting state and what they hide.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    pub name: String,
    pub role: String,
    #[serde(default)]
    pub portrait: Option<String>,
    pub patience: i64,
    pub trust: i64,
    #[serde(default)]
    pub prefers: Option<Style>,
    #[serde(default = "default_walkout")]
    pub walkout: String,
    pub needs: Vec<Need>,
    pub objections: Vec<Objection>,
}

fn default_walkout() -> String {
    "Sorry, I have to go.".to_owned()
}

fn default_weight() -> i64 {
    1
}

/// A hidden need the player should discover.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Need {
    pub id: NeedId,
    pub text: String,
    #[serde(default = "default_weight")]
    pub weight: i64,
}

/// An objection the customer may voice.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objection {
    pub id: ObjectionId,
    pub text: String,
}

/// A variation of the customer, drawn from the seed.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub id: VariantId,
    #[serde(default = "default_weight")]
    pub weight: i64,
    #[serde(default)]
    pub patience: Option<i64>,
    #[serde(default)]
    pub trust: Option<i64>,
    #[serde(default)]
    pub say: Option<String>,
}

/// The three play styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all(serialize = "snake_case"))]
pub enum Style {
    #[serde(alias = "melancholic")]
    Melancholic,
    #[serde(alias = "erudite")]
    Erudite,
    #[serde(alias = "executive")]
    Executive,
}

impl Style {
    /// All styles in their fixed reporting order.
    pub const ALL: [Style; 3] = [Style::Melancholic, Style::Erudite, Style::Executive];

    /// Lower-case name used in JSON and text output.
    pub fn key(self) -> &'static str {
        match self {
            Style::Melancholic => "melancholic",
            Style::Erudite => "erudite",
            Style::Executive => "executive",
        }
    }

    /// Position in [`Style::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The customer's visible mood at a node.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(serialize = "snake_case"))]
pub enum Mood {
    #[default]
    Neutral,
    Pleased,
    Interested,
    Doubtful,
    Annoyed,
    Angry,
}

/// How a conversation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all(serialize = "snake_case"))]
pub enum Outcome {
    #[serde(alias = "won")]
    Won,
    #[serde(alias = "follow_up")]
    FollowUp,
    #[serde(alias = "lost")]
    Lost,
    #[serde(alias = "walked_out")]
    WalkedOut,
}

impl Outcome {
    /// All outcomes in reporting order.
    pub const ALL: [Outcome; 4] = [
        Outcome::Won,
        Outcome::FollowUp,
        Outcome::Lost,
        Outcome::WalkedOut,
    ];

    /// snake_case name used in JSON and text output.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Won => "won",
            Outcome::FollowUp => "follow_up",
            Outcome::Lost => "lost",
            Outcome::WalkedOut => "walked_out",
        }
    }

    /// Closing base when the ending does not set one (spec section 4).
    pub fn default_closing(self) -> i64 {
        match self {
            Outcome::Won => 100,
            Outcome::FollowUp => 60,
            Outcome::Lost | Outcome::WalkedOut => 0,
        }
    }
}

/// A node: either the customer speaking and the player replying, or an ending.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum NodeEntry {
    Node {
        say: String,
        #[serde(default)]
        mood: Mood,
        #[serde(default)]
        on_enter: Vec<Effect>,
        choices: Vec<Choice>,
    },
    Ending {
        outcome: Outcome,
        say: String,
        #[serde(default)]
        closing: Option<i64>,
    },
}

impl NodeEntry {
    /// The customer's line at this node as authored.
    pub fn say(&self) -> &str {
        match self {
            NodeEntry::Node { say, .. } | NodeEntry::Ending { say, .. } => say,
        }
    }

    /// The replies offered here (none at an ending).
    pub fn choices(&self) -> &[Choice] {
        match self {
            NodeEntry::Node { choices, .. } => choices,
            NodeEntry::Ending { .. } => &[],
        }
    }
}

/// One reply the player may give.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub say: String,
    #[serde(default)]
    pub style: Option<Style>,
    #[serde(default)]
    pub requires: Vec<Condition>,
    #[serde(default)]
    pub effects: Vec<Effect>,
    #[serde(default)]
    pub feedback: String,
    pub next: Next,
}

/// Where a reply leads.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Next {
    Goto(NodeId),
    Branch { cases: Vec<Case>, otherwise: NodeId },
}

impl Next {
    /// Every node this may lead to, in authored order.
    pub fn targets(&self) -> impl Iterator<Item = &NodeId> {
        let (cases, last): (&[Case], &NodeId) = match self {
            Next::Goto(to) => (&[], to),
            Next::Branch { cases, otherwise } => (cases, otherwise),
        };
        cases
            .iter()
            .map(|case| &case.to)
            .chain(std::iter::once(last))
    }
}

/// One branch case: taken when all its conditions hold.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub all: Vec<Condition>,
    pub to: NodeId,
}

/// A change to the conversation state.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub enum Effect {
    Discover(NeedId),
    Raise(ObjectionId),
    Resolve(ObjectionId),
    Mishandle(ObjectionId),
    Trust(i64),
    Patience(i64),
    Closing(i64),
}

/// A test on the conversation state.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub enum Condition {
    Discovered(NeedId),
    NotDiscovered(NeedId),
    Resolved(ObjectionId),
    Raised(ObjectionId),
    TrustAtLeast(i64),
    TrustBelow(i64),
    PatienceAtLeast(i64),
    Variant(VariantId),
}

/// The node map in authored order, refusing duplicate ids.
#[derive(Clone, Debug, Default)]
pub struct Nodes {
    entries: Vec<(NodeId, NodeEntry)>,
    index: HashMap<NodeId, usize>,
    /// The first reply target naming no node, as (node, target); computed once.
    dangling: Option<(NodeId, NodeId)>,
}

impl Nodes {
    /// Builds the map; a later duplicate id is reported as `Err(id)`.
    pub fn from_entries(entries: Vec<(NodeId, NodeEntry)>) -> Result<Self, NodeId> {
        let mut index = HashMap::with_capacity(entries.len());
        for (position, (id, _)) in entries.iter().enumerate() {
            if index.insert(id.clone(), position).is_some() {
                return Err(id.clone());
            }
        }
        let dangling = entries.iter().find_map(|(id, node)| {
            node.choices()
                .iter()
                .flat_map(|c| c.next.targets())
                .find(|t| !index.contains_key(t.as_str()))
                .map(|t| (id.clone(), t.clone()))
        });
        Ok(Self {
            entries,
            index,
            dangling,
        })
    }

    /// The first reply target that names no node, as (node, target).
    pub fn dangling_target(&self) -> Option<&(NodeId, NodeId)> {
        self.dangling.as_ref()
    }

    /// Index of a node id, if it exists.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The node at an index from [`Nodes::index_of`].
    pub fn at(&self, index: usize) -> (&NodeId, &NodeEntry) {
        let (id, node) = &self.entries[index];
        (id, node)
    }

    /// The node with this id.
    pub fn get(&self, id: &str) -> Option<&NodeEntry> {
        self.index_of(id).map(|i| &self.entries[i].1)
    }

    /// Nodes in authored order.
    pub fn iter(&self) -> impl Iterator<Item = (&NodeId, &NodeEntry)> {
        self.entries.iter().map(|(id, node)| (id, node))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl std::borrow::Borrow<str> for NodeId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Nodes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodesVisitor;
        impl<'de> Visitor<'de> for NodesVisitor {
            type Value = Nodes;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of node ids to Node(...) or Ending(...)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Nodes, A::Error> {
                let mut entries = Vec::new();
                let mut seen = std::collections::HashSet::new();
                while let Some(id) = map.next_key::<NodeId>()? {
                    if !seen.insert(id.clone()) {
                        return Err(de::Error::custom(format!("duplicate node id \"{id}\"")));
                    }
                    entries.push((id, map.next_value()?));
                }
                Nodes::from_entries(entries)
                    .map_err(|id| de::Error::custom(format!("duplicate node id \"{id}\"")))
            }
        }
        deserializer.deserialize_map(NodesVisitor)
    }
}

impl Scenario {
    /// Index of a need by id.
    pub fn need_index(&self, id: &NeedId) -> Option<usize> {
        self.customer.needs.iter().position(|n| &n.id == id)
    }

    /// Index of an objection by id.
    pub fn objection_index(&self, id: &ObjectionId) -> Option<usize> {
        self.customer.objections.iter().position(|o| &o.id == id)
    }

    /// Index of a variant by id.
    pub fn variant_index(&self, id: &str) -> Option<usize> {
        self.variants.iter().position(|v| v.id.as_str() == id)
    }
}

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
    #[error("{}: file is {size} bytes; scenario files are limited to 1 MiB", path.display())]
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

/// Reads and parses one scenario file, refusing oversized, non-UTF-8, empty or absurdly nested input.
pub fn load_file(path: &Path) -> Result<ScenarioFile, LoadError> {
    let source = read_limited(path)?;
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

    fn parse(text: &str) -> Result<ScenarioFile, LoadError> {
        parse_str(Path::new("t.ron"), text.to_owned())
    }

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
}
