//! The debrief's reply-by-reply review: each line of the customer and the reply given, how it
//! was shown, the coach's comment, and, where the reply cost points, the strongest reply that
//! was on offer and what it would have kept reachable.

use bevy_egui::egui;

use crate::game::i18n::{Lang, T, fill, style_name, tr};
use crate::game::ui::theme::{self, ACCENT, BAD, GOOD, INK, MUTED};
use rapport_core::engine::hindsight::Hindsight;
use rapport_core::engine::record::ResultRecord;

/// What the hindsight search has to say, as far as it got.
pub(super) enum Looking<'a> {
    Searching,
    Found(&'a [Hindsight]),
    /// The scenario is not in the pack any more, or the record does not replay on it.
    Unavailable,
}

pub(super) fn review(ui: &mut egui::Ui, lang: Lang, record: &ResultRecord, looking: Looking) {
    let (report, customer) = (&record.report, &record.customer);
    match looking {
        Looking::Searching => {
            ui.label(
                egui::RichText::new(tr(lang, T::HindsightWorking))
                    .small()
                    .color(MUTED),
            );
        }
        Looking::Unavailable => {
            ui.label(
                egui::RichText::new(tr(lang, T::HindsightUnavailable))
                    .small()
                    .color(MUTED),
            );
        }
        Looking::Found(seen) => {
            let costly = seen.iter().filter(|h| h.stronger.is_some()).count();
            let summary = if costly == 0 {
                tr(lang, T::NoStrongerReply).to_owned()
            } else {
                fill(tr(lang, T::StrongerCount), &[&costly.to_string()])
            };
            ui.label(egui::RichText::new(summary).color(if costly == 0 { GOOD } else { INK }));
        }
    }
    let seen = match looking {
        Looking::Found(seen) => seen,
        _ => &[],
    };
    for (i, entry) in report.transcript.iter().enumerate() {
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(egui::RichText::new(format!("{customer}: {}", entry.customer)).color(MUTED));
            let style = entry
                .style
                .map_or(String::new(), |s| format!("  ({})", style_name(lang, s)));
            ui.label(
                egui::RichText::new(format!("{}. {}{style}", i + 1, entry.reply))
                    .color(INK)
                    .strong(),
            );
            // As it was displayed: the key among the replies shown.
            if let Some(order) = record.orders.get(i)
                && let Some(key) = order.iter().position(|&p| p == entry.choice)
            {
                ui.label(
                    egui::RichText::new(fill(
                        tr(lang, T::ShownAsKey),
                        &[&(key + 1).to_string(), &order.len().to_string()],
                    ))
                    .small()
                    .color(MUTED),
                );
            }
            if !entry.feedback.is_empty() {
                ui.label(
                    egui::RichText::new(format!("{}: {}", tr(lang, T::Coach), entry.feedback))
                        .color(ACCENT),
                );
            }
            if let Some(h) = seen.get(i) {
                stronger(ui, lang, h);
            }
        });
        ui.add_space(4.0);
    }
}

/// The stronger reply of one turn, on a tinted band.
fn stronger(ui: &mut egui::Ui, lang: Lang, h: &Hindsight) {
    let Some(better) = &h.stronger else {
        return;
    };
    egui::Frame::new()
        .fill(egui::Color32::from_rgb(252, 243, 232))
        .corner_radius(6)
        .inner_margin(egui::Margin::same(10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let style = better
                .style
                .map_or(String::new(), |s| format!("  ({})", style_name(lang, s)));
            ui.label(
                egui::RichText::new(tr(lang, T::StrongerReply))
                    .small()
                    .strong()
                    .color(BAD),
            );
            ui.label(egui::RichText::new(format!("«{}»{style}", better.say)).color(INK));
            ui.label(
                egui::RichText::new(fill(
                    tr(lang, T::StrongerKeeps),
                    &[&better.reachable.to_string(), &h.reachable.to_string()],
                ))
                .small()
                .color(MUTED),
            );
        });
}
