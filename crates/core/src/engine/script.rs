//! Scripted play: a list of reply positions (authored, or as shown) played through a
//! conversation, with an error that says where the script and the scenario disagree (used by
//! `run`, `assess` and `seminar play`).

use crate::engine::dialogue::{ChooseError, Conversation, Phase, valid_range};
use crate::engine::scenario::NodeId;

/// Where a script and the scenario disagree.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum ScriptError {
    /// The conversation ended before the script did.
    #[error(
        "{left} of {total} choices left over: the conversation ended ({ended}) after choice {used}"
    )]
    LeftOver {
        left: usize,
        total: usize,
        used: usize,
        /// `ending "id"` or `the customer walked out`.
        ended: String,
    },
    /// A choice the node does not offer.
    #[error("choice {index} of the script: {source}")]
    Choice { index: usize, source: ChooseError },
    /// The script ended before the conversation did.
    #[error(
        "choices ran out after {played} at node \"{node}\" before an ending; it offers {}",
        valid_range(*.shown)
    )]
    RanOut {
        played: usize,
        node: NodeId,
        shown: usize,
    },
}

/// What a script's numbers name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScriptOrder {
    /// The reply's position among those shown, in authored order (stable across seeds).
    #[default]
    Authored,
    /// The key a player would press: the position in the displayed (seeded) order.
    Shown,
}

/// How a finished conversation ended, for messages: `ending "id"` or the walk-out.
pub fn ended_at(conversation: &Conversation) -> String {
    match conversation.ending() {
        Some(node) => format!("ending \"{}\"", conversation.scenario().nodes.at(node).0),
        None => "the customer walked out".to_owned(),
    }
}

/// Plays `choices` (authored 1-based positions among the shown replies) that must take the
/// conversation exactly to its end.
pub fn play_to_end(
    conversation: &mut Conversation,
    choices: &[usize],
    order: ScriptOrder,
) -> Result<(), ScriptError> {
    play_some(conversation, choices, order)?;
    match ran_out(conversation, choices.len()) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// Plays `choices`, which must not go past the end; the conversation may still be waiting.
pub fn play_some(
    conversation: &mut Conversation,
    choices: &[usize],
    order: ScriptOrder,
) -> Result<(), ScriptError> {
    for (used, &position) in choices.iter().enumerate() {
        if conversation.is_over() {
            return Err(ScriptError::LeftOver {
                left: choices.len() - used,
                total: choices.len(),
                used,
                ended: ended_at(conversation),
            });
        }
        let chosen = match order {
            ScriptOrder::Authored => conversation.choose(position, None),
            ScriptOrder::Shown => conversation.choose_displayed(position, None),
        };
        chosen.map_err(|source| ScriptError::Choice {
            index: used + 1,
            source,
        })?;
    }
    Ok(())
}

/// The error for a script of `played` choices that stopped while the conversation waits.
pub fn ran_out(conversation: &Conversation, played: usize) -> Option<ScriptError> {
    match conversation.phase() {
        Phase::AwaitingReply { node } => Some(ScriptError::RanOut {
            played,
            node: conversation.scenario().nodes.at(node).0.clone(),
            shown: conversation.shown_choices().len(),
        }),
        Phase::Ended { .. } => None,
    }
}
