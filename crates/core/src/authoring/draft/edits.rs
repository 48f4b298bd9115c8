//! Applying an author's edit to a scenario, and which edits type into a text field.

use super::{Edit, EditError};
use crate::engine::scenario::{
    Choice, Mood, Need, NeedId, Next, NodeEntry, NodeId, Nodes, Objection, ObjectionId, Scenario,
    ScenarioId, Variant, VariantId,
};

/// The text field an edit types into, when it is one (`Title`, a node's line, a reply's text…).
pub(super) fn text_field(edit: &Edit) -> Option<String> {
    Some(match edit {
        Edit::Id(_) => "id".into(),
        Edit::Title(_) => "title".into(),
        Edit::Industry(_) => "industry".into(),
        Edit::Language(_) => "language".into(),
        Edit::Summary(_) => "summary".into(),
        Edit::Brief(_) => "brief".into(),
        Edit::CustomerName(_) => "name".into(),
        Edit::CustomerRole(_) => "role".into(),
        Edit::Need { index, .. } => format!("need {index}"),
        Edit::Objection { index, .. } => format!("objection {index}"),
        Edit::Say { node, .. } => format!("say {node}"),
        Edit::ReplySay { node, index, .. } => format!("reply {node} {index}"),
        Edit::ReplyFeedback { node, index, .. } => format!("feedback {node} {index}"),
        _ => return None,
    })
}

fn entries(s: &Scenario) -> Vec<(NodeId, NodeEntry)> {
    s.nodes
        .iter()
        .map(|(id, n)| (id.clone(), n.clone()))
        .collect()
}

/// Rebuilds the node map after `change` edits its entries.
fn edit_nodes(
    s: &mut Scenario,
    change: impl FnOnce(&mut Vec<(NodeId, NodeEntry)>) -> Result<(), EditError>,
) -> Result<(), EditError> {
    let mut all = entries(s);
    change(&mut all)?;
    s.nodes = Nodes::from_entries(all).map_err(|id| EditError::Taken(id.0))?;
    Ok(())
}

/// The reply `index` of node `node`.
fn reply<'a>(
    all: &'a mut [(NodeId, NodeEntry)],
    node: &str,
    index: usize,
) -> Result<&'a mut Choice, EditError> {
    let entry = all
        .iter_mut()
        .find(|(id, _)| id.as_str() == node)
        .ok_or_else(|| EditError::NoNode(node.to_owned()))?;
    match &mut entry.1 {
        NodeEntry::Node { choices, .. } => choices
            .get_mut(index)
            .ok_or_else(|| EditError::NoReply(node.to_owned(), index + 1)),
        NodeEntry::Ending { .. } => Err(EditError::Ending),
    }
}

fn node_mut<'a>(
    all: &'a mut [(NodeId, NodeEntry)],
    node: &str,
) -> Result<&'a mut NodeEntry, EditError> {
    all.iter_mut()
        .find(|(id, _)| id.as_str() == node)
        .map(|(_, n)| n)
        .ok_or_else(|| EditError::NoNode(node.to_owned()))
}

fn new_reply(to: &str) -> Choice {
    Choice {
        say: "A new reply".into(),
        style: None,
        requires: Vec::new(),
        effects: Vec::new(),
        feedback: String::new(),
        next: Next::Goto(NodeId(to.to_owned())),
    }
}

fn item<T>(list: &mut [T], index: usize) -> Result<&mut T, EditError> {
    list.get_mut(index).ok_or(EditError::NoItem(index + 1))
}

pub(super) fn apply(s: &mut Scenario, edit: Edit) -> Result<(), EditError> {
    let c = &mut s.customer;
    match edit {
        Edit::Id(v) => s.id = ScenarioId(v),
        Edit::Title(v) => s.title = v,
        Edit::Industry(v) => s.industry = v,
        Edit::Language(v) => s.language = v,
        Edit::Summary(v) => s.summary = v,
        Edit::Brief(v) => s.brief = v,
        Edit::Difficulty(v) => s.difficulty = v,
        Edit::Minutes(v) => s.minutes = v,
        Edit::CustomerName(v) => c.name = v,
        Edit::CustomerRole(v) => c.role = v,
        Edit::Patience(v) => c.patience = v,
        Edit::Trust(v) => c.trust = v,
        Edit::Prefers(v) => c.prefers = v,
        Edit::AddNeed => c.needs.push(Need {
            id: NeedId(format!("need-{}", c.needs.len() + 1)),
            text: "A new need".into(),
            weight: 1,
        }),
        Edit::Need {
            index,
            id,
            text,
            weight,
        } => {
            *item(&mut c.needs, index)? = Need {
                id: NeedId(id),
                text,
                weight,
            };
        }
        Edit::RemoveNeed(index) => {
            item(&mut c.needs, index)?;
            c.needs.remove(index);
        }
        Edit::AddObjection => c.objections.push(Objection {
            id: ObjectionId(format!("objection-{}", c.objections.len() + 1)),
            text: "A new objection".into(),
        }),
        Edit::Objection { index, id, text } => {
            *item(&mut c.objections, index)? = Objection {
                id: ObjectionId(id),
                text,
            };
        }
        Edit::RemoveObjection(index) => {
            item(&mut c.objections, index)?;
            c.objections.remove(index);
        }
        Edit::AddVariant => {
            let id = format!("variant-{}", s.variants.len() + 1);
            s.variants.push(Variant {
                id: VariantId(id),
                weight: 1,
                patience: None,
                trust: None,
                say: None,
                about: String::new(),
            });
        }
        Edit::Variant { index, variant } => *item(&mut s.variants, index)? = variant,
        Edit::RemoveVariant(index) => {
            item(&mut s.variants, index)?;
            s.variants.remove(index);
        }
        Edit::Start(id) => {
            if s.nodes.get(&id).is_none() {
                return Err(EditError::NoNode(id));
            }
            s.start = NodeId(id);
        }
        other => return apply_to_nodes(s, other),
    }
    Ok(())
}

fn apply_to_nodes(s: &mut Scenario, edit: Edit) -> Result<(), EditError> {
    let start = s.start.clone();
    edit_nodes(s, |all| {
        match edit {
            Edit::AddNode { id, to } => {
                let node = NodeEntry::Node {
                    say: "What the customer says here".into(),
                    mood: Mood::Neutral,
                    on_enter: Vec::new(),
                    choices: vec![new_reply(&to)],
                    keep_order: false,
                };
                all.push((NodeId(id), node));
            }
            Edit::AddEnding { id, outcome } => {
                let say = "How the customer ends the talk".into();
                all.push((
                    NodeId(id),
                    NodeEntry::Ending {
                        outcome,
                        say,
                        closing: None,
                    },
                ));
            }
            Edit::RemoveNode(id) => {
                if start.as_str() == id {
                    return Err(EditError::IsStart(id));
                }
                node_mut(all, &id)?;
                all.retain(|(n, _)| n.as_str() != id);
            }
            Edit::Say { node, text } => match node_mut(all, &node)? {
                NodeEntry::Node { say, .. } | NodeEntry::Ending { say, .. } => *say = text,
            },
            Edit::Mood { node, mood: new } => match node_mut(all, &node)? {
                NodeEntry::Node { mood, .. } => *mood = new,
                NodeEntry::Ending { .. } => return Err(EditError::Ending),
            },
            Edit::EndingOutcome { node, outcome: new } => match node_mut(all, &node)? {
                NodeEntry::Ending { outcome, .. } => *outcome = new,
                NodeEntry::Node { .. } => return Err(EditError::NotAnEnding(node)),
            },
            Edit::AddReply { node, to } => match node_mut(all, &node)? {
                NodeEntry::Node { choices, .. } => choices.push(new_reply(&to)),
                NodeEntry::Ending { .. } => return Err(EditError::Ending),
            },
            Edit::RemoveReply { node, index } => {
                reply(all, &node, index)?;
                if let NodeEntry::Node { choices, .. } = node_mut(all, &node)? {
                    choices.remove(index);
                }
            }
            Edit::ReplySay { node, index, text } => reply(all, &node, index)?.say = text,
            Edit::ReplyStyle { node, index, style } => reply(all, &node, index)?.style = style,
            Edit::ReplyFeedback { node, index, text } => {
                reply(all, &node, index)?.feedback = text;
            }
            Edit::ReplyNext { node, index, to } => {
                *reply(all, &node, index)?.next.otherwise_mut() = NodeId(to);
            }
            Edit::ReplyCases { node, index, cases } => {
                let next = &mut reply(all, &node, index)?.next;
                let otherwise = next.otherwise_mut().clone();
                *next = if cases.is_empty() {
                    Next::Goto(otherwise)
                } else {
                    Next::Branch { cases, otherwise }
                };
            }
            Edit::OnEnter { node, effects } => match node_mut(all, &node)? {
                NodeEntry::Node { on_enter, .. } => *on_enter = effects,
                NodeEntry::Ending { .. } => return Err(EditError::Ending),
            },
            Edit::EndingClosing { node, closing: new } => match node_mut(all, &node)? {
                NodeEntry::Ending { closing, .. } => *closing = new,
                NodeEntry::Node { .. } => return Err(EditError::NotAnEnding(node)),
            },
            Edit::ReplyEffects {
                node,
                index,
                effects,
            } => {
                reply(all, &node, index)?.effects = effects;
            }
            Edit::ReplyRequires {
                node,
                index,
                requires,
            } => {
                reply(all, &node, index)?.requires = requires;
            }
            // The header's and the customer's edits are applied before nodes are rebuilt.
            header => return Err(EditError::NotANodeEdit(format!("{header:?}"))),
        }
        Ok(())
    })
}
