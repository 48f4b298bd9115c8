//! The screens, one plugin per file.

use bevy::prelude::*;

mod conversation;
mod debrief;
mod history;
mod menu;
mod picker;
mod settings;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        menu::plugin,
        picker::plugin,
        conversation::plugin,
        debrief::plugin,
        history::plugin,
        settings::plugin,
    ));
}
