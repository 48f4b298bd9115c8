//! The end of an assessment: thanks the candidate, shows the scores only if the definition
//! allows, says whether the result was saved (never where), and stays locked until the
//! recruiter unlocks it: Ctrl+Alt+U, and with sealed results the key's fingerprint too.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::data::SaveStatus;
use crate::game::i18n::{Lang, T, counted, fill, label_name, outcome_name, tr};
use crate::game::session::Session;
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, ACCENT, BAD, MUTED};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use crate::game::{GameOptions, Screen};
use rapport_core::assessment::AssessmentResult;
use rapport_core::assessment::seal::SealKey;

/// Whether the recruiter has unlocked the end screen, and what they typed so far.
#[derive(Debug, Default, Resource)]
pub struct EndLock {
    /// The chord was pressed: the recruiter is at the keyboard.
    pub asked: bool,
    pub typed: String,
    pub unlocked: bool,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<EndLock>()
        .add_systems(
            OnEnter(Screen::AssessmentEnd),
            |mut lock: ResMut<EndLock>| {
                *lock = EndLock::default();
            },
        )
        .add_systems(
            EguiPrimaryContextPass,
            end_ui
                .in_set(ScreensUiSystems)
                .run_if(in_state(Screen::AssessmentEnd)),
        );
}

/// The candidate's name in a sentence: "Olga P." ends the thanks with its own full stop.
fn name_in_sentence(name: &str) -> String {
    let name = name.trim();
    name.strip_suffix('.').unwrap_or(name).to_owned()
}

#[allow(clippy::too_many_arguments)]
fn end_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    session: Option<Res<Session>>,
    save: Res<SaveStatus>,
    settings: Res<Settings>,
    options: Res<GameOptions>,
    mut lock: ResMut<EndLock>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let Some(talk) = session.as_deref().and_then(Session::assessment) else {
        return Ok(());
    };
    let Some(result) = talk.result.as_ref() else {
        return Ok(());
    };
    // The scored customers' titles, in the records' order.
    let titles: Vec<&str> = talk
        .run
        .parts()
        .iter()
        .filter(|p| p.scored)
        .map(|p| p.playable.scenario.title.as_str())
        .collect();
    let view = EndView {
        lang: settings.lang,
        result,
        titles: &titles,
        save: &save,
        seal_key: options.seal_key.as_ref(),
    };
    if draw(contexts.ctx_mut()?, &view, &mut lock).leave {
        commands.remove_resource::<Session>();
        next.set(Screen::Title);
    }
    Ok(())
}

/// What the end screen shows.
pub struct EndView<'a> {
    pub lang: Lang,
    pub result: &'a AssessmentResult,
    /// The scored customers' titles, in the records' order.
    pub titles: &'a [&'a str],
    pub save: &'a SaveStatus,
    pub seal_key: Option<&'a SealKey>,
}

/// One drawing of the end screen: whether the recruiter chose the menu, and where the content
/// ended up (the layout test checks it stays inside the window).
pub struct EndDrawn {
    pub leave: bool,
    pub content: egui::Rect,
}

/// Draws the end screen for one frame, without Bevy.
pub fn draw(ctx: &egui::Context, view: &EndView, lock: &mut EndLock) -> EndDrawn {
    let lang = view.lang;
    // The chord as the key event carries it (its own modifiers, not the frame's).
    let chord = ctx.input(|i| {
        i.events.iter().any(|e| {
            matches!(e, egui::Event::Key { key: egui::Key::U, pressed: true, modifiers, .. }
                if modifiers.ctrl && modifiers.alt)
        })
    });
    if chord {
        lock.asked = true;
        // Without a key there is nothing more to prove than being at the keyboard.
        lock.unlocked = view.seal_key.is_none();
    }
    let mut leave = false;
    let mut content = egui::Rect::NOTHING;
    let mut ui = root_ui(ctx);
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            // Long results scroll rather than push the lock off the bottom.
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.add_space(ui.available_height().min(700.0) * 0.08);
                    let thanks = fill(
                        tr(lang, T::ThankYou),
                        &[&name_in_sentence(&view.result.candidate)],
                    );
                    ui.label(egui::RichText::new(thanks).size(34.0).color(ACCENT));
                    ui.label(egui::RichText::new(tr(lang, T::ThankYouText)).size(20.0));
                    ui.add_space(16.0);
                    if view.result.show_results {
                        results_card(ui, lang, view.result, view.titles);
                    }
                    ui.add_space(12.0);
                    save_line(ui, lang, view.save);
                    ui.add_space(16.0);
                    leave = lock_card(ui, lang, lock, view.seal_key);
                });
            });
            content = ui.min_rect();
        });
    EndDrawn { leave, content }
}

/// The totals and each customer's outcome, with time-outs said.
fn results_card(ui: &mut egui::Ui, lang: Lang, result: &AssessmentResult, titles: &[&str]) {
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width().min(560.0));
        ui.label(egui::RichText::new(tr(lang, T::YourResults)).strong());
        let s = &result.totals.scores;
        widgets::score_bar(ui, tr(lang, T::Overall), Some(s.overall), true);
        widgets::score_bar(
            ui,
            tr(lang, T::NeedsDiscovery),
            Some(s.needs_discovery),
            false,
        );
        widgets::score_bar(
            ui,
            tr(lang, T::ObjectionHandling),
            s.objection_handling,
            false,
        );
        widgets::score_bar(ui, tr(lang, T::Closing), Some(s.closing), false);
        let replies: usize = result
            .records
            .iter()
            .map(|r| r.report.transcript.len())
            .sum();
        // No reply at all has no style to speak of.
        let style = if replies == 0 {
            "—"
        } else {
            label_name(lang, result.totals.style)
        };
        ui.label(format!("{}: {style}", tr(lang, T::Style)));
        ui.add_space(6.0);
        for (i, record) in result.records.iter().enumerate() {
            let r = &record.report;
            let mut line = format!(
                "{} — {} · {}",
                titles.get(i).copied().unwrap_or(&record.scenario),
                r.outcome.map_or("—", |o| outcome_name(lang, o)),
                counted(lang, T::RepliesCount, r.transcript.len() as u64),
            );
            if record.timed_out {
                line.push_str(" · ");
                line.push_str(tr(lang, T::TimedOutNote));
            }
            ui.label(egui::RichText::new(line).small().color(MUTED));
        }
    });
}

fn save_line(ui: &mut egui::Ui, lang: Lang, save: &SaveStatus) {
    match save {
        SaveStatus::Saved(_) => widgets::hint(ui, tr(lang, T::ResultSaved)),
        SaveStatus::Failed(message) => {
            ui.label(egui::RichText::new(fill(tr(lang, T::SaveFailed), &[message])).color(BAD));
        }
        SaveStatus::Saving | SaveStatus::Idle => {
            ui.label(egui::RichText::new(tr(lang, T::Saving)).color(MUTED));
        }
    }
}

/// "Hand the computer back": locked until the recruiter's chord (and key); then the way out.
/// Returns whether the recruiter chose to go back to the menu.
fn lock_card(ui: &mut egui::Ui, lang: Lang, lock: &mut EndLock, key: Option<&SealKey>) -> bool {
    if lock.unlocked {
        return widgets::primary_button(ui, tr(lang, T::BackToMenu));
    }
    ui.label(egui::RichText::new(tr(lang, T::HandBack)).strong());
    if let (true, Some(key)) = (lock.asked, key)
        && fingerprint_field(ui, lang, key, &mut lock.typed, true)
    {
        lock.unlocked = true;
    }
    false
}

/// The recruiter types the start of their key's fingerprint: the prompt, the field, and
/// "not this key" once a full fingerprint's worth has been typed in vain. Whether it names
/// the key. The end screen's lock and the discarding of a run both ask for it.
pub(super) fn fingerprint_field(
    ui: &mut egui::Ui,
    lang: Lang,
    key: &SealKey,
    typed: &mut String,
    focus: bool,
) -> bool {
    ui.label(tr(lang, T::TypeFingerprint));
    let field = ui.add(
        egui::TextEdit::singleline(typed)
            .desired_width(220.0)
            .font(egui::TextStyle::Monospace),
    );
    if focus {
        field.request_focus();
    }
    let named = key.is_named_by(typed);
    if !named && typed.chars().filter(|c| !c.is_whitespace()).count() >= 16 {
        ui.label(egui::RichText::new(tr(lang, T::NotThisKey)).color(BAD));
    }
    named
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::game::ui::layout_check::{settings, two_passes};
    use rapport_core::assessment::load_definition;
    use rapport_core::assessment::run::{Run, RunStart};
    use rapport_core::authoring::pack;
    use rapport_core::engine::record::Timestamp;

    /// The shipped screening played out with the first reply shown, results shown, and
    /// the longest name a candidate is likely to type.
    fn finished() -> AssessmentResult {
        let pack = pack::playable(&[]);
        let file = load_definition(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("assessments/account-manager-screening.ron"),
        )
        .expect("the shipped definition loads");
        let mut run = Run::begin(RunStart {
            file: &file,
            pack: &pack,
            candidate: "Konstantin Konstantinopolsky-Rimsky",
            extra_time: 1.0,
            timed: false,
            journal: None,
            seal_key: None,
            now: Timestamp(1_795_772_000),
        })
        .expect("begins");
        while !run.is_finished() {
            run.reply(1, None, None).expect("a reply");
        }
        let mut result = run.result(Timestamp(1_795_773_000));
        result.show_results = true;
        result
    }

    #[test]
    fn the_end_screen_with_results_and_the_key_prompt_fits_every_size_scale_and_language() {
        let result = finished();
        let titles: Vec<&str> = result.records.iter().map(|r| r.scenario.as_str()).collect();
        let key = SealKey::generate().expect("a key");
        let mut failures = Vec::new();
        for setting in settings() {
            let view = EndView {
                lang: setting.lang,
                result: &result,
                titles: &titles,
                save: &SaveStatus::Saved(Default::default()),
                seal_key: Some(&key),
            };
            // The recruiter has pressed the chord: the fingerprint prompt shows.
            let mut lock = EndLock {
                asked: true,
                ..EndLock::default()
            };
            let content = two_passes(&setting.ctx, setting.size, |ctx| {
                draw(ctx, &view, &mut lock).content
            });
            if !setting.holds(content) {
                failures.push(format!("{}: {content:?}", setting.name));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn a_name_ending_in_a_full_stop_does_not_double_it() {
        let thanks = |name| fill(tr(Lang::En, T::ThankYou), &[&name_in_sentence(name)]);
        assert_eq!(thanks("Olga P."), "Thank you, Olga P.");
        assert_eq!(thanks(" Dana "), "Thank you, Dana.");
    }
}
