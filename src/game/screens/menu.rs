//! The title screen: the player's name, the three modes, history, settings and quit.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::Screen;
use crate::game::assessment::InterruptedRuns;
use crate::game::i18n::{Lang, T, tr};
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, ACCENT, MUTED};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<FocusName>()
        .add_systems(OnEnter(Screen::Title), |mut focus: ResMut<FocusName>| {
            focus.0 = true;
        })
        .add_systems(
            EguiPrimaryContextPass,
            menu_ui
                .in_set(ScreensUiSystems)
                .run_if(in_state(Screen::Title)),
        );
}

/// The name field takes the keyboard once each time the menu opens, so typing goes into it and
/// never fires a shortcut; Esc leaves it for the letter keys.
#[derive(Debug, Default, Resource)]
struct FocusName(bool);

/// What the player asked for on the title screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MenuChoice {
    Go(Screen),
    Quit,
}

/// The letter shortcuts: only while the name field does not have the keyboard, so typing a
/// name never opens a screen. Enter starts practice, or, while an interrupted assessment
/// waits, opens it: the machine of a candidate whose run broke off must not slip into practice.
fn shortcut(ctx: &egui::Context, interrupted: bool) -> Option<MenuChoice> {
    let typing = ctx.egui_wants_keyboard_input();
    ctx.input(|i| {
        if i.key_pressed(egui::Key::Enter) {
            let screen = if interrupted {
                Screen::AssessmentSetup
            } else {
                Screen::Picker
            };
            return Some(MenuChoice::Go(screen));
        }
        if typing {
            return None;
        }
        [
            (egui::Key::A, MenuChoice::Go(Screen::AssessmentSetup)),
            (egui::Key::T, MenuChoice::Go(Screen::Seminar)),
            (egui::Key::H, MenuChoice::Go(Screen::History)),
            (egui::Key::S, MenuChoice::Go(Screen::Settings)),
            (egui::Key::E, MenuChoice::Go(Screen::Studio)),
            (egui::Key::Q, MenuChoice::Quit),
        ]
        .into_iter()
        .find_map(|(key, choice)| i.key_pressed(key).then_some(choice))
    })
}

fn menu_ui(
    mut contexts: EguiContexts,
    mut settings: ResMut<Settings>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
    mut warned: Local<bool>,
    mut focus: ResMut<FocusName>,
    interrupted: Res<InterruptedRuns>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    let mut name = settings.player.clone();
    let mut chosen = shortcut(ctx, interrupted.0);
    let mut ui = root_ui(ctx);
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() * 0.08);
                ui.label(
                    egui::RichText::new("Rapport")
                        .size(56.0)
                        .strong()
                        .color(ACCENT),
                );
                ui.label(
                    egui::RichText::new(tr(lang, T::AppTagline))
                        .size(20.0)
                        .color(MUTED),
                );
                ui.add_space(28.0);
                ui.allocate_ui(egui::vec2(460.0, 600.0), |ui| {
                    let card = MenuCard {
                        lang,
                        warned: *warned,
                        focus_name: std::mem::take(&mut focus.0),
                        interrupted: interrupted.0,
                    };
                    if let Some(choice) = card.show(ui, &mut name) {
                        chosen = Some(choice);
                    }
                });
            });
        });
    if name != settings.player {
        settings.player = name;
    }
    match chosen {
        Some(MenuChoice::Go(Screen::Picker)) if settings.player.trim().is_empty() => {
            *warned = true;
        }
        Some(MenuChoice::Go(screen)) => next.set(screen),
        Some(MenuChoice::Quit) => {
            exit.write(AppExit::Success);
        }
        None => {}
    }
    Ok(())
}

/// The card with the name and the modes.
struct MenuCard {
    lang: Lang,
    /// The player tried to start without a name.
    warned: bool,
    /// Give the name field the keyboard (the menu has just opened).
    focus_name: bool,
    /// An interrupted assessment waits to be resumed.
    interrupted: bool,
}

impl MenuCard {
    fn show(&self, ui: &mut egui::Ui, name: &mut String) -> Option<MenuChoice> {
        let lang = self.lang;
        let mut chosen = None;
        let mut pick = |choice| chosen = Some(choice);
        theme::card().show(ui, |ui| {
            ui.set_width(420.0);
            ui.label(egui::RichText::new(tr(lang, T::YourName)).strong());
            let edit = ui.add(
                egui::TextEdit::singleline(name)
                    .id(egui::Id::new("player-name"))
                    .hint_text(tr(lang, T::NamePlaceholder))
                    .desired_width(f32::INFINITY)
                    .char_limit(60),
            );
            // The name field has the keyboard when the menu opens, remembered name or not.
            if self.focus_name || (self.warned && name.trim().is_empty()) {
                edit.request_focus();
            }
            if self.warned && name.trim().is_empty() {
                ui.label(egui::RichText::new(tr(lang, T::NameNeeded)).color(theme::BAD));
            }
            ui.add_space(12.0);
            if widgets::primary_button(ui, tr(lang, T::Practice)) {
                pick(MenuChoice::Go(Screen::Picker));
            }
            widgets::hint(ui, tr(lang, T::PracticeHint));
            ui.add_space(8.0);
            if widgets::button(ui, tr(lang, T::Assessment)) {
                pick(MenuChoice::Go(Screen::AssessmentSetup));
            }
            widgets::hint(ui, tr(lang, T::AssessmentHint));
            if self.interrupted {
                ui.label(egui::RichText::new(tr(lang, T::ResumeBanner)).color(theme::WARN));
            }
            if widgets::button(ui, tr(lang, T::Seminar)) {
                pick(MenuChoice::Go(Screen::Seminar));
            }
            widgets::hint(ui, tr(lang, T::SeminarHint));
            ui.add_space(8.0);
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                if widgets::button(ui, tr(lang, T::History)) {
                    pick(MenuChoice::Go(Screen::History));
                }
                if widgets::button(ui, tr(lang, T::Settings)) {
                    pick(MenuChoice::Go(Screen::Settings));
                }
                if widgets::button(ui, tr(lang, T::Studio)) {
                    pick(MenuChoice::Go(Screen::Studio));
                }
                if widgets::button(ui, tr(lang, T::Quit)) {
                    pick(MenuChoice::Quit);
                }
            });
            widgets::hint(ui, tr(lang, T::MenuKeys));
        });
        chosen
    }
}
