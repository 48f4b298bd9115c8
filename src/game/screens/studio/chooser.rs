//! Where the studio starts: a new customer from the template, the trainer's own customers
//! (files in a scenario folder or the studio's, edited in place or copied), and a copy of any
//! other customer, found by a search over titles and ids.

use bevy_egui::egui;

use super::{Offered, StudioAction};
use crate::game::i18n::{Lang, T, tr};
use crate::game::studio::OpenDraft;
use crate::game::ui::theme::ACCENT;
use crate::game::ui::widgets;

pub(super) fn chooser(
    ui: &mut egui::Ui,
    lang: Lang,
    pack: &[Offered],
    search: &mut String,
    actions: &mut Vec<StudioAction>,
) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.set_max_width(ui.available_width().min(720.0));
        ui.label(
            egui::RichText::new(tr(lang, T::StudioStart))
                .size(22.0)
                .color(ACCENT),
        );
        widgets::hint(ui, tr(lang, T::StudioHint));
        ui.add_space(8.0);
        if widgets::primary_button(ui, tr(lang, T::NewCustomer)) {
            actions.push(StudioAction::Open(OpenDraft::Template));
        }
        ui.add_space(12.0);
        section(ui, tr(lang, T::YourCustomers));
        let (own, others): (Vec<&Offered>, Vec<&Offered>) =
            pack.iter().partition(|o| o.file.is_some());
        if own.is_empty() {
            widgets::hint(ui, tr(lang, T::NoOwnCustomers));
        }
        for offer in own {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{} ({})", offer.title, offer.id));
                if let Some(file) = &offer.file
                    && ui.button(tr(lang, T::EditInPlace)).clicked()
                {
                    actions.push(StudioAction::Open(OpenDraft::File(file.clone())));
                }
                if ui.button(tr(lang, T::MakeCopy)).clicked() {
                    actions.push(StudioAction::Open(OpenDraft::Copy(offer.id.clone())));
                }
            });
        }
        ui.add_space(12.0);
        section(ui, tr(lang, T::CopyOf));
        ui.add(
            egui::TextEdit::singleline(search)
                .hint_text(tr(lang, T::FindCustomer))
                .desired_width(ui.available_width().min(420.0)),
        );
        let shown: Vec<&Offered> = others.into_iter().filter(|o| matches(o, search)).collect();
        if shown.is_empty() {
            widgets::hint(ui, tr(lang, T::NothingFound));
        }
        for offer in shown {
            let label = format!("{} ({})", offer.title, offer.id);
            if ui.add(egui::Button::new(label).wrap()).clicked() {
                actions.push(StudioAction::Open(OpenDraft::Copy(offer.id.clone())));
            }
        }
    });
}

fn section(ui: &mut egui::Ui, title: &str) {
    ui.label(egui::RichText::new(title).strong().color(ACCENT));
}

/// Whether every word of the search appears in the title or the id, ignoring case.
fn matches(offer: &Offered, search: &str) -> bool {
    let haystack = format!("{} {}", offer.title, offer.id).to_lowercase();
    search
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_matches_every_word_in_the_title_or_id_ignoring_case() {
        let offer = Offered {
            id: "bank-sme-overdraft".into(),
            title: "Банк: овердрафт для сети пекарен".into(),
            file: None,
        };
        assert!(matches(&offer, ""));
        assert!(matches(&offer, "ОВЕРДРАФТ bank"));
        assert!(!matches(&offer, "overdraft retail"));
    }
}
