//! The scenario model (the RON schema of `docs/scenario-format.md`) and its typed ids.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

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
#[derive(Clone, Debug, PartialEq, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    pub name: String,
    pub role: String,
    #[serde(default)]
    pub portrait: Option<String>,
    /// How the game draws the customer; drawn from the scenario id when not given.
    #[serde(default)]
    pub look: Option<crate::engine::look::Look>,
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
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Need {
    pub id: NeedId,
    pub text: String,
    #[serde(default = "default_weight")]
    pub weight: i64,
}

/// An objection the customer may voice.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objection {
    pub id: ObjectionId,
    pub text: String,
}

/// A variation of the customer, drawn from the seed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
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
    /// What is different about the customer in this variant, in a few words of the scenario's
    /// language, shown to the player after the talk ("in a hurry before the lunch rush").
    #[serde(default)]
    pub about: String,
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

impl Mood {
    /// How warm the mood looks: pleased 2 down to angry -3.
    pub fn warmth(self) -> i8 {
        match self {
            Mood::Pleased => 2,
            Mood::Interested => 1,
            Mood::Neutral => 0,
            Mood::Doubtful => -1,
            Mood::Annoyed => -2,
            Mood::Angry => -3,
        }
    }

    /// One step colder (angry stays angry).
    pub fn cooler(self) -> Mood {
        match self {
            Mood::Pleased => Mood::Interested,
            Mood::Interested => Mood::Neutral,
            Mood::Neutral => Mood::Doubtful,
            Mood::Doubtful => Mood::Annoyed,
            Mood::Annoyed | Mood::Angry => Mood::Angry,
        }
    }

    /// The colder of two moods.
    pub fn colder_of(self, other: Mood) -> Mood {
        if other.warmth() < self.warmth() {
            other
        } else {
            self
        }
    }
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
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum NodeEntry {
    Node {
        say: String,
        #[serde(default)]
        mood: Mood,
        #[serde(default)]
        on_enter: Vec<Effect>,
        choices: Vec<Choice>,
        /// Show the replies in authored order rather than a seeded one, for a node whose
        /// order is itself the content (a numbered procedure, say); the validator warns.
        #[serde(default)]
        keep_order: bool,
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
#[derive(Clone, Debug, PartialEq, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Next {
    Goto(NodeId),
    Branch { cases: Vec<Case>, otherwise: NodeId },
}

impl Next {
    /// The cases tried in order (none for a `Goto`) and where the reply leads when none holds.
    pub fn parts(&self) -> (&[Case], &NodeId) {
        match self {
            Next::Goto(to) => (&[], to),
            Next::Branch { cases, otherwise } => (cases, otherwise),
        }
    }

    /// Where the reply leads when no case holds (its only target for a `Goto`).
    pub fn otherwise_mut(&mut self) -> &mut NodeId {
        match self {
            Next::Goto(to) | Next::Branch { otherwise: to, .. } => to,
        }
    }

    /// Every node this may lead to, in authored order.
    pub fn targets(&self) -> impl Iterator<Item = &NodeId> {
        let (cases, last) = self.parts();
        cases
            .iter()
            .map(|case| &case.to)
            .chain(std::iter::once(last))
    }
}

/// One branch case: taken when all its conditions hold.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
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
/// Equal when the entries are (the rest is computed from them).
#[derive(Clone, Debug, Default)]
pub struct Nodes {
    entries: Vec<(NodeId, NodeEntry)>,
    index: HashMap<NodeId, usize>,
    /// Per node and reply, the index of each target in `Next::targets` order (`usize::MAX`
    /// for one naming no node): a turn then looks up no id.
    targets: Vec<Vec<Vec<usize>>>,
    /// The first reply target naming no node, as (node, target); computed once.
    dangling: Option<(NodeId, NodeId)>,
}

impl PartialEq for Nodes {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
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
        let targets = entries
            .iter()
            .map(|(_, node)| {
                node.choices()
                    .iter()
                    .map(|c| {
                        c.next
                            .targets()
                            .map(|t| index.get(t.as_str()).copied().unwrap_or(usize::MAX))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        Ok(Self {
            entries,
            index,
            targets,
            dangling,
        })
    }

    /// The index of target `k` (in `Next::targets` order) of reply `choice` at node `node`;
    /// `usize::MAX` when it names no node.
    pub(crate) fn target_index(&self, node: usize, choice: usize, k: usize) -> usize {
        self.targets[node][choice][k]
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

    /// How many nodes there are (endings included).
    pub fn count(&self) -> usize {
        self.entries.len()
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
