//! What one engine event means to the player, in their language and colour (the coach's
//! bullet points, the seminar replay's notes).

use bevy_egui::egui;

use crate::game::i18n::{Lang, T, fill, objection_state_name, style_name, tr};
use crate::game::ui::theme::{BAD, GOOD, INK, MUTED};
use rapport_core::engine::dialogue::{Cause, Change, Event, ObjectionState};
use rapport_core::engine::scenario::Scenario;

/// What one change means, in the player's language; `None` for what the player need not see.
pub fn describe(lang: Lang, scenario: &Scenario, event: &Event) -> Option<(String, egui::Color32)> {
    let customer = &scenario.customer;
    let arrow = |from: i64, to: i64| if to > from { GOOD } else { BAD };
    Some(match event.change {
        Change::NeedDiscovered { need } => (
            fill(tr(lang, T::NeedFound), &[&customer.needs[need].text]),
            GOOD,
        ),
        Change::Objection { objection, to, .. } => {
            let color = match to {
                ObjectionState::Resolved | ObjectionState::Recovered => GOOD,
                ObjectionState::Mishandled => BAD,
                ObjectionState::Raised => INK,
            };
            (
                fill(
                    tr(lang, T::ObjectionMoved),
                    &[
                        &customer.objections[objection].text,
                        objection_state_name(lang, Some(to)),
                    ],
                ),
                color,
            )
        }
        Change::Trust { from, to, cause } => {
            let mut text = fill(
                tr(lang, T::TrustChange),
                &[&from.to_string(), &to.to_string()],
            );
            if cause == Cause::PreferredStyle {
                text = format!(
                    "{text} — {}",
                    fill(tr(lang, T::PreferredBonus), &[&customer.name])
                );
            }
            (text, arrow(from, to))
        }
        Change::Patience { from, to, cause } => {
            let mut text = fill(
                tr(lang, T::PatienceChange),
                &[&from.to_string(), &to.to_string()],
            );
            if cause == Cause::DrawnOutTalk {
                text = format!("{text} — {}", tr(lang, T::DrawnOut));
            }
            (text, arrow(from, to))
        }
        Change::Closing { points } => (
            fill(tr(lang, T::ClosingChange), &[&format!("{points:+}")]),
            if points >= 0 { GOOD } else { BAD },
        ),
        Change::Style { style, cause, .. } => match cause {
            Cause::SlowReply => (tr(lang, T::SlowReply).to_owned(), MUTED),
            Cause::WalkOut => return None,
            _ => (
                fill(tr(lang, T::StyleCounted), &[style_name(lang, style)]),
                MUTED,
            ),
        },
    })
}
