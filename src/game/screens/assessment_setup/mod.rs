//! Starting an assessment: pick a definition (or resume an interrupted run), the candidate's
//! name and any extra time, the consent notice, then the instructions.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use crate::game::assessment::{AssessmentError, Definitions, StartAssessment};
use crate::game::i18n::{Lang, T, counted, fill, problem_text, tr};
use crate::game::settings::Settings;
use crate::game::ui::theme::{self, ACCENT, BAD, MUTED};
use crate::game::ui::{ScreensUiSystems, root_ui, widgets};
use crate::game::{GameOptions, Screen};
use rapport_core::assessment::{
    DefinitionFile, Interrupted, MAX_EXTRA_TIME, OfferedDefinition, limits,
};
use rapport_core::store::journal::interrupted_runs;

/// Where the recruiter and candidate are in the set-up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Step {
    #[default]
    Pick,
    Details,
    Instructions,
}

#[derive(Debug, Default, Resource)]
pub(super) struct SetupForm {
    step: Step,
    chosen: Option<usize>,
    candidate: String,
    extra_time: f64,
    agreed: bool,
    interrupted: Vec<Interrupted>,
    /// The interrupted run the recruiter is asked to confirm discarding, and what they typed.
    discarding: Option<(usize, String)>,
}

mod resume;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SetupForm>()
        .add_systems(OnEnter(Screen::AssessmentSetup), reset_form)
        .add_systems(
            Update,
            refresh_offers.run_if(in_state(Screen::AssessmentSetup)),
        )
        .add_systems(
            EguiPrimaryContextPass,
            setup_ui
                .in_set(ScreensUiSystems)
                .run_if(in_state(Screen::AssessmentSetup)),
        );
}

fn reset_form(mut form: ResMut<SetupForm>, options: Res<GameOptions>) {
    *form = SetupForm {
        extra_time: options.extra_time.max(1.0),
        interrupted: interrupted_runs(&options.data_dir),
        ..SetupForm::default()
    };
}

/// The offers follow the data folder: a run resumed or discarded leaves the list.
fn refresh_offers(
    mut form: ResMut<SetupForm>,
    options: Res<GameOptions>,
    runs: Res<crate::game::assessment::InterruptedRuns>,
) {
    if runs.is_changed() {
        form.interrupted = interrupted_runs(&options.data_dir);
    }
}

#[allow(clippy::too_many_arguments)]
fn setup_ui(
    mut contexts: EguiContexts,
    mut commands: Commands,
    mut form: ResMut<SetupForm>,
    definitions: Res<Definitions>,
    error: Res<AssessmentError>,
    settings: Res<Settings>,
    options: Res<GameOptions>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let lang = settings.lang;
    let (enter, escape) = ctx.input(|i| {
        (
            i.key_pressed(egui::Key::Enter),
            i.key_pressed(egui::Key::Escape),
        )
    });
    let form = &mut *form;
    let back = |form: &mut SetupForm, next: &mut NextState<Screen>| match form.step {
        Step::Pick => next.set(Screen::Title),
        Step::Details => form.step = Step::Pick,
        Step::Instructions => form.step = Step::Details,
    };
    if escape {
        back(form, &mut next);
    }
    let chosen = form
        .chosen
        .and_then(|i| definitions.0.get(i))
        .and_then(|d| d.as_ref().ok());
    let mut ui = root_ui(ctx);
    egui::CentralPanel::default()
        .frame(theme::page())
        .show(&mut ui, |ui| {
            if widgets::page_header(ui, tr(lang, T::Back), tr(lang, T::Assessment)) {
                back(form, &mut next);
            }
            if let Some(problem) = &error.0 {
                ui.label(egui::RichText::new(problem_text(lang, problem)).color(BAD));
            }
            ui.add_space(8.0);
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.set_max_width(760.0);
                    let view = StepView {
                        lang,
                        enter,
                        options: &options,
                    };
                    match (form.step, chosen) {
                        (Step::Pick, _) | (_, None) => {
                            pick_step(ui, &view, form, &definitions.0, &mut commands);
                        }
                        (Step::Details, Some(file)) => details_step(ui, &view, form, file),
                        (Step::Instructions, Some(file)) => {
                            instructions_step(ui, &view, form, file, &mut commands);
                        }
                    }
                });
        });
    Ok(())
}

/// What every step of the form needs.
pub(super) struct StepView<'a> {
    lang: Lang,
    /// Enter was pressed this frame.
    enter: bool,
    options: &'a GameOptions,
}

/// Resume an interrupted run, or choose an assessment.
fn pick_step(
    ui: &mut egui::Ui,
    view: &StepView,
    form: &mut SetupForm,
    definitions: &[OfferedDefinition],
    commands: &mut Commands,
) {
    let (lang, enter) = (view.lang, view.enter);
    if !form.interrupted.is_empty() {
        resume::offers(ui, view, form, definitions, commands);
        ui.add_space(12.0);
    }
    ui.label(
        egui::RichText::new(tr(lang, T::ChooseAssessment))
            .strong()
            .color(ACCENT),
    );
    for (i, offered) in definitions.iter().enumerate() {
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            match offered {
                Ok(file) => {
                    ui.horizontal(|ui| {
                        ui.vertical(|ui| {
                            ui.label(egui::RichText::new(&file.def.title).strong().size(20.0));
                            let (part, total) = limits(&file.def, 1.0);
                            ui.label(
                                egui::RichText::new(limits_text(lang, part, total))
                                    .small()
                                    .color(MUTED),
                            );
                        });
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            let only = definitions.len() == 1 && enter;
                            if widgets::primary_button(ui, tr(lang, T::Start)) || only {
                                form.chosen = Some(i);
                                form.step = Step::Details;
                            }
                        });
                    });
                }
                Err((origin, errors)) => {
                    ui.label(egui::RichText::new(origin).strong());
                    ui.label(egui::RichText::new(tr(lang, T::BrokenAssessment)).color(BAD));
                    for line in errors {
                        ui.label(egui::RichText::new(line).monospace().small());
                    }
                }
            }
        });
    }
}

/// The candidate's name, extra time and consent.
fn details_step(ui: &mut egui::Ui, view: &StepView, form: &mut SetupForm, file: &DefinitionFile) {
    let (lang, enter, options) = (view.lang, view.enter, view.options);
    ui.heading(&file.def.title);
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(egui::RichText::new(tr(lang, T::CandidateName)).strong());
        let edit = ui.add(
            egui::TextEdit::singleline(&mut form.candidate)
                .desired_width(f32::INFINITY)
                .char_limit(60),
        );
        if form.candidate.is_empty() && !edit.has_focus() {
            edit.request_focus();
        }
        ui.add_space(8.0);
        extra_time_field(ui, lang, &mut form.extra_time);
        ui.add_space(8.0);
        ui.label(
            egui::RichText::new(tr(lang, T::ConsentTitle))
                .strong()
                .color(ACCENT),
        );
        let folder = options.data_dir.display().to_string();
        ui.label(fill(tr(lang, T::ConsentText), &[&folder]));
        ui.label(fill(
            tr(lang, T::ConsentWho),
            &[&file.def.data_controller, &file.def.retention],
        ));
        if let Some(key) = &options.seal_key {
            let fingerprint = key.fingerprint();
            ui.label(
                egui::RichText::new(fill(tr(lang, T::SealedWith), &[&fingerprint])).color(MUTED),
            );
        }
        ui.checkbox(&mut form.agreed, tr(lang, T::Agree));
    });
    let ready = form.agreed && !form.candidate.trim().is_empty();
    ui.add_enabled_ui(ready, |ui| {
        if widgets::primary_button(ui, tr(lang, T::Continue)) || (ready && enter) {
            form.step = Step::Instructions;
        }
    });
}

/// The instructions and the limits, then the start.
fn instructions_step(
    ui: &mut egui::Ui,
    view: &StepView,
    form: &SetupForm,
    file: &DefinitionFile,
    commands: &mut Commands,
) {
    let (lang, enter) = (view.lang, view.enter);
    ui.heading(tr(lang, T::Instructions));
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(egui::RichText::new(&file.def.instructions).size(19.0));
        let (part, total) = limits(&file.def, form.extra_time);
        ui.label(egui::RichText::new(limits_text(lang, part, total)).strong());
    });
    if widgets::primary_button(ui, tr(lang, T::StartAssessment)) || enter {
        commands.trigger(StartAssessment {
            definition: file.clone(),
            candidate: form.candidate.trim().to_owned(),
            extra_time: form.extra_time,
        });
    }
}

/// "5 minutes per customer, 20 minutes in total", counted in the language's plural forms;
/// seconds only where extra time leaves some.
fn limits_text(lang: Lang, part: std::time::Duration, total: std::time::Duration) -> String {
    let span = |d: std::time::Duration| {
        let secs = d.as_secs();
        let minutes = counted(lang, T::MinutesCount, secs / 60);
        match secs % 60 {
            0 => minutes,
            rest => format!("{minutes} {rest} {}", tr(lang, T::SecondsShort)),
        }
    };
    fill(tr(lang, T::Limits), &[&span(part), &span(total)])
}

/// The accommodation as the usual steps (×1, ×1.25, ×1.5, ×2) or any other factor typed in.
fn extra_time_field(ui: &mut egui::Ui, lang: Lang, extra_time: &mut f64) {
    ui.label(egui::RichText::new(tr(lang, T::ExtraTime)).strong());
    ui.horizontal_wrapped(|ui| {
        for step in [1.0, 1.25, 1.5, 2.0] {
            let label = format!("×{step}");
            if ui
                .selectable_label((*extra_time - step).abs() < 1e-9, label)
                .clicked()
            {
                *extra_time = step;
            }
        }
        ui.label(tr(lang, T::OtherFactor));
        ui.add(
            egui::DragValue::new(extra_time)
                .range(1.0..=MAX_EXTRA_TIME)
                .speed(0.05)
                .fixed_decimals(2)
                .prefix("×"),
        );
    });
    widgets::hint(ui, tr(lang, T::ExtraTimeHint));
}
