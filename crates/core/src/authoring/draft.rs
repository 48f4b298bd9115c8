//! A scenario being edited in the studio: the model, typed edits with undo and redo, the
//! canonical text it saves as, and its validation issues tied to the node they concern.
//! Everything the studio decides lives here, so it is tested without a window.

use std::path::{Path, PathBuf};

use crate::authoring::canonical::format_scenario;
use crate::authoring::load::parse_str;
use crate::authoring::validate::{Issue, validate};
use crate::engine::scenario::{
    Case, Choice, Condition, Customer, Effect, Mood, Need, NeedId, Next, NodeEntry, NodeId, Nodes,
    Outcome, Scenario, ScenarioId, Style, Variant,
};

/// One change an author makes.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    Id(String),
    Title(String),
    Industry(String),
    Language(String),
    Summary(String),
    Brief(String),
    Difficulty(i64),
    Minutes(i64),
    CustomerName(String),
    CustomerRole(String),
    Patience(i64),
    Trust(i64),
    Prefers(Option<Style>),
    AddNeed,
    Need {
        index: usize,
        id: String,
        text: String,
        weight: i64,
    },
    RemoveNeed(usize),
    AddObjection,
    Objection {
        index: usize,
        id: String,
        text: String,
    },
    RemoveObjection(usize),
    AddVariant,
    /// A variant: its id, weight, patience and trust at the start (the customer's when
    /// none), its own opening line, and what it is about.
    Variant {
        index: usize,
        variant: Variant,
    },
    RemoveVariant(usize),
    /// A new reply node with one reply leading to `to`.
    AddNode {
        id: String,
        to: String,
    },
    AddEnding {
        id: String,
        outcome: Outcome,
    },
    RemoveNode(String),
    Start(String),
    Say {
        node: String,
        text: String,
    },
    Mood {
        node: String,
        mood: Mood,
    },
    EndingOutcome {
        node: String,
        outcome: Outcome,
    },
    AddReply {
        node: String,
        to: String,
    },
    RemoveReply {
        node: String,
        index: usize,
    },
    ReplySay {
        node: String,
        index: usize,
        text: String,
    },
    ReplyStyle {
        node: String,
        index: usize,
        style: Option<Style>,
    },
    ReplyFeedback {
        node: String,
        index: usize,
        text: String,
    },
    /// Where the reply leads: the only target, or a branch's `otherwise` (its cases stay).
    ReplyNext {
        node: String,
        index: usize,
        to: String,
    },
    /// A branch's cases, tried in order before its `otherwise`; none makes the reply a
    /// plain `Goto` again.
    ReplyCases {
        node: String,
        index: usize,
        cases: Vec<Case>,
    },
    ReplyEffects {
        node: String,
        index: usize,
        effects: Vec<Effect>,
    },
    /// What must hold for the reply to be offered.
    ReplyRequires {
        node: String,
        index: usize,
        requires: Vec<Condition>,
    },
    /// The effects applied whenever the customer reaches a node.
    OnEnter {
        node: String,
        effects: Vec<Effect>,
    },
    /// An ending's closing base (`None`: the outcome's default).
    EndingClosing {
        node: String,
        closing: Option<i64>,
    },
}

/// Why an edit was refused (the draft is left as it was).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no node \"{0}\"")]
    NoNode(String),
    #[error("a node \"{0}\" already exists")]
    Taken(String),
    #[error("node \"{0}\" has no reply {1}")]
    NoReply(String, usize),
    #[error("there is no item {0}")]
    NoItem(usize),
    #[error("\"{0}\" is the start; choose another start first")]
    IsStart(String),
    #[error("an ending has no replies, mood or effects on entering")]
    Ending,
    #[error("\"{0}\" is not an ending")]
    NotAnEnding(String),
    #[error("not an edit of the nodes: {0}")]
    NotANodeEdit(String),
}

/// A validation issue and the node it is about, when it is about one.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftIssue {
    pub issue: Issue,
    pub node: Option<String>,
    /// The reply it is about (0-based), when it is about one.
    pub reply: Option<usize>,
}

/// The scenario being edited.
#[derive(Clone, Debug)]
pub struct Draft {
    scenario: Scenario,
    undo: Vec<Scenario>,
    redo: Vec<Scenario>,
    /// Where it is saved (and read from).
    pub path: PathBuf,
    /// The canonical text last saved, to tell unsaved changes.
    saved: String,
    /// The text field the last edit typed into: more typing there joins the same undo step.
    typing: Option<String>,
    /// The file's text as last read or written: its header comments stay in the saved text.
    source: String,
    /// The canonical text of `scenario` with `source`'s header, and whether writing it drops
    /// comments `source` has inside: formatted once per change, not on every read (the
    /// studio reads them every frame).
    text: String,
    drops: bool,
}

impl Draft {
    /// A draft of `scenario`, to be saved at `path`; `saved` is true when the file holds it.
    pub fn new(scenario: Scenario, path: PathBuf, saved: bool) -> Draft {
        let mut draft = Draft {
            scenario,
            undo: Vec::new(),
            redo: Vec::new(),
            path,
            saved: String::new(),
            typing: None,
            source: String::new(),
            text: String::new(),
            drops: false,
        };
        draft.reformat();
        if saved {
            draft.saved = draft.text.clone();
        }
        draft
    }

    /// A draft of a file opened in place: saving rewrites it in the canonical form, keeping
    /// its header comments.
    pub fn from_file(scenario: Scenario, path: PathBuf, source: String) -> Draft {
        let mut draft = Draft::new(scenario, path, false);
        draft.source = source;
        draft.reformat();
        draft.saved = draft.text.clone();
        draft
    }

    /// Formats the scenario again after it (or the source) changed.
    fn reformat(&mut self) {
        let formatted = format_scenario(&self.scenario, &self.source);
        self.text = formatted.text;
        self.drops = formatted.drops_comments;
    }

    /// Whether saving drops comments the file has after its header (the studio warns first
    /// and keeps the original beside it).
    pub fn drops_comments(&self) -> bool {
        self.drops
    }

    /// A small customer to start from: a greeting with two replies, one leading to a deal and
    /// one to a lost sale, in `language`.
    pub fn template(id: &str, language: &str, path: PathBuf) -> Draft {
        let reply = |say: &str, style, effects, feedback: &str, to: &str| Choice {
            say: say.to_owned(),
            style,
            requires: Vec::new(),
            effects,
            feedback: feedback.to_owned(),
            next: Next::Goto(NodeId(to.to_owned())),
        };
        let nodes = vec![
            (
                NodeId("greeting".into()),
                NodeEntry::Node {
                    say: "Hello. I'm looking for something, but I'm not sure what yet.".into(),
                    mood: Mood::Neutral,
                    on_enter: Vec::new(),
                    choices: vec![
                        reply(
                            "What would you like it to do for you?",
                            Some(Style::Erudite),
                            vec![Effect::Discover(NeedId("need".into())), Effect::Trust(1)],
                            "An open question finds the need before any offer.",
                            "deal",
                        ),
                        reply(
                            "This one is on offer today.",
                            None,
                            vec![Effect::Closing(-10)],
                            "An offer before a question sells to nobody in particular.",
                            "lost",
                        ),
                    ],
                    keep_order: false,
                },
            ),
            (
                NodeId("deal".into()),
                NodeEntry::Ending {
                    outcome: Outcome::Won,
                    say: "That sounds right. Let's do it.".into(),
                    closing: None,
                },
            ),
            (
                NodeId("lost".into()),
                NodeEntry::Ending {
                    outcome: Outcome::Lost,
                    say: "I'll think about it.".into(),
                    closing: None,
                },
            ),
        ];
        let scenario = Scenario {
            id: ScenarioId(id.to_owned()),
            title: "A new customer".into(),
            industry: "trade".into(),
            difficulty: 1,
            minutes: 5,
            language: language.to_owned(),
            summary: "A customer who does not yet know what they need.".into(),
            brief: String::new(),
            customer: Customer {
                name: "New customer".into(),
                role: "Customer".into(),
                portrait: None,
                look: None,
                patience: 5,
                trust: 3,
                prefers: None,
                walkout: "Sorry, I have to go.".into(),
                needs: vec![Need {
                    id: NeedId("need".into()),
                    text: "What the customer really needs".into(),
                    weight: 1,
                }],
                objections: Vec::new(),
            },
            variants: Vec::new(),
            start: NodeId("greeting".into()),
            nodes: Nodes::from_entries(nodes).unwrap_or_default(),
        };
        Draft::new(scenario, path, false)
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The canonical text the draft saves as.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether there are changes since the last save.
    pub fn is_dirty(&self) -> bool {
        self.text != self.saved
    }

    /// Records that the file now holds the draft (after a save).
    pub fn mark_saved(&mut self) {
        self.saved = self.text.clone();
        self.source = self.saved.clone();
        self.reformat();
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Applies an edit; a refused one changes nothing and is not recorded. Typing on in the
    /// same text field joins the previous undo step, so undo takes back a word's worth of
    /// keystrokes at once rather than one letter.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let field = edits::text_field(&edit);
        let mut next = self.scenario.clone();
        edits::apply(&mut next, edit)?;
        let before = std::mem::replace(&mut self.scenario, next);
        if field.is_none() || field != self.typing || self.undo.is_empty() {
            self.undo.push(before);
        }
        self.typing = field;
        self.redo.clear();
        self.reformat();
        Ok(())
    }

    /// Ends the current typing step (the author left the field).
    pub fn end_typing(&mut self) {
        self.typing = None;
    }

    pub fn undo(&mut self) -> bool {
        self.typing = None;
        let Some(previous) = self.undo.pop() else {
            return false;
        };
        self.redo
            .push(std::mem::replace(&mut self.scenario, previous));
        self.reformat();
        true
    }

    pub fn redo(&mut self) -> bool {
        self.typing = None;
        let Some(next) = self.redo.pop() else {
            return false;
        };
        self.undo.push(std::mem::replace(&mut self.scenario, next));
        self.reformat();
        true
    }

    /// The validator's issues on the canonical text, each tied to the node whose block it
    /// points into (or names).
    pub fn issues(&self) -> Vec<DraftIssue> {
        issues_of(&self.text, &self.path)
    }
}

/// Validates canonical `text` as the file at `path`, tying each issue to its node.
pub fn issues_of(text: &str, path: &Path) -> Vec<DraftIssue> {
    let file = match parse_str(path, text.to_owned()) {
        Ok(file) => file,
        Err(e) => {
            let issue = Issue {
                severity: crate::authoring::validate::Severity::Error,
                path: path.to_owned(),
                at: None,
                message: e.to_string(),
            };
            return vec![DraftIssue {
                issue,
                node: None,
                reply: None,
            }];
        }
    };
    let blocks = node_blocks(text);
    validate(&file, &[])
        .into_iter()
        .map(|issue| {
            let by_line = issue.at.and_then(|at| {
                blocks
                    .iter()
                    .rev()
                    .find(|(line, _)| *line <= at.line)
                    .map(|(_, id)| id.clone())
            });
            let named = blocks
                .iter()
                .map(|(_, id)| id)
                .find(|id| issue.message.contains(&format!("\"{id}\"")))
                .cloned();
            DraftIssue {
                node: by_line.or(named),
                reply: reply_named(&issue.message),
                issue,
            }
        })
        .collect()
}

/// The reply a validator message is about: its "choice N" (1-based), as a 0-based index.
fn reply_named(message: &str) -> Option<usize> {
    let after = message.split_once(": choice ")?.1;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<usize>().ok()?.checked_sub(1)
}

/// The first line (1-based) of each node's block in canonical text, with its id.
fn node_blocks(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let rest = line.strip_prefix("        \"")?;
            let (id, after) = rest.split_once('"')?;
            (after.starts_with(": Node(") || after.starts_with(": Ending("))
                .then(|| (i + 1, id.to_owned()))
        })
        .collect()
}

mod edits;
#[cfg(test)]
mod tests;
