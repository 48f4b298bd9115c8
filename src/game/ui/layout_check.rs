//! What the layout tests share: every window size and text scale in both languages, a screen
//! drawn twice on a windowless egui context (egui sizes panels on the first pass), and a click
//! on a widget found by its label.

use bevy_egui::egui;

use super::theme;
use crate::game::i18n::Lang;
use crate::game::settings::LARGE_TEXT_SCALE;

/// The window sizes every screen must work at, in pixels.
pub const WINDOW_SIZES: [(f32, f32); 3] = [(1024.0, 768.0), (1280.0, 800.0), (1366.0, 768.0)];

/// One setting a screen is laid out in.
pub struct Setting {
    /// "1024×768 scale 1.25 Ru", for failure messages.
    pub name: String,
    pub lang: Lang,
    /// A context with the product's theme and fonts.
    pub ctx: egui::Context,
    /// The window in points at this scale.
    pub size: egui::Vec2,
}

impl Setting {
    /// The window's rectangle in points.
    pub fn screen(&self) -> egui::Rect {
        egui::Rect::from_min_size(egui::Pos2::ZERO, self.size)
    }

    /// Whether `rect` lies inside the window (half a point of rounding allowed).
    pub fn holds(&self, rect: egui::Rect) -> bool {
        self.screen().expand(0.5).contains_rect(rect)
    }
}

/// Every size, at scale 1.0 and in large text, in every language.
pub fn settings() -> impl Iterator<Item = Setting> {
    WINDOW_SIZES.into_iter().flat_map(|(width, height)| {
        [1.0, LARGE_TEXT_SCALE].into_iter().flat_map(move |scale| {
            Lang::ALL.into_iter().map(move |lang| {
                let ctx = egui::Context::default();
                theme::install(&ctx);
                Setting {
                    name: format!("{width}×{height} scale {scale} {lang:?}"),
                    lang,
                    ctx,
                    size: egui::vec2(width / scale, height / scale),
                }
            })
        })
    })
}

/// Draws a frame of `size` twice with `draw` and returns the second frame's result.
pub fn two_passes<R>(
    ctx: &egui::Context,
    size: egui::Vec2,
    mut draw: impl FnMut(&egui::Context) -> R,
) -> R {
    one_pass(ctx, size, &mut draw);
    one_pass(ctx, size, &mut draw)
}

/// One frame of `size` with `draw`.
fn one_pass<R>(
    ctx: &egui::Context,
    size: egui::Vec2,
    draw: &mut impl FnMut(&egui::Context) -> R,
) -> R {
    pass_with(ctx, size, Vec::new(), draw).0
}

/// One frame of `size` with these input events; what `draw` returned and egui's output.
fn pass_with<R>(
    ctx: &egui::Context,
    size: egui::Vec2,
    events: Vec<egui::Event>,
    draw: &mut impl FnMut(&egui::Context) -> R,
) -> (R, egui::FullOutput) {
    ctx.begin_pass(egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
        events,
        ..Default::default()
    });
    let result = draw(ctx);
    let mut output = ctx.end_pass();
    output.textures_delta.clear();
    (result, output)
}

/// The centre of the topmost widget labelled `label` in egui's accessibility tree (a text
/// label carries its text as its value).
fn find_label(output: &egui::FullOutput, label: &str) -> Option<egui::Pos2> {
    let update = output.platform_output.accesskit_update.as_ref()?;
    update
        .nodes
        .iter()
        .filter(|(_, node)| node.label() == Some(label) || node.value() == Some(label))
        .filter_map(|(_, node)| node.bounds())
        .map(|b| egui::pos2(((b.x0 + b.x1) / 2.0) as f32, ((b.y0 + b.y1) / 2.0) as f32))
        .min_by(|a, b| a.y.total_cmp(&b.y))
}

/// Clicks the widget labelled `label` in a window of `size`, found as a screen reader finds
/// it; returns what `draw` returned on the frames of the click (hover, press, release), or
/// `None` when no such widget was drawn.
pub fn click_label<R>(
    ctx: &egui::Context,
    size: egui::Vec2,
    label: &str,
    mut draw: impl FnMut(&egui::Context) -> R,
) -> Option<Vec<R>> {
    ctx.enable_accesskit();
    pass_with(ctx, size, Vec::new(), &mut draw);
    let (_, output) = pass_with(ctx, size, Vec::new(), &mut draw);
    let at = find_label(&output, label)?;
    let button = |pressed| egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    let frames = [
        vec![egui::Event::PointerMoved(at)],
        vec![button(true)],
        vec![button(false)],
    ];
    Some(
        frames
            .into_iter()
            .map(|events| pass_with(ctx, size, events, &mut draw).0)
            .collect(),
    )
}
