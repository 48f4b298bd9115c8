//! The screens, one plugin per file.

use bevy::prelude::*;

pub mod assessment_end;
mod assessment_setup;
pub mod conversation;
pub mod debrief;
mod history;
mod menu;
mod picker;
pub mod seminar;
mod settings;
pub mod studio;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        assessment_setup::plugin,
        assessment_end::plugin,
        menu::plugin,
        picker::plugin,
        seminar::plugin,
        conversation::plugin,
        debrief::plugin,
        history::plugin,
        settings::plugin,
        studio::plugin,
    ));
}
