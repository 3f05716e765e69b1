//! The shortcuts that work anywhere (Ctrl+F, Ctrl+O, F1), and the presentation keys: F5
//! and Esc, PageDown/PageUp and Space (what clickers send), and in presentation mode the
//! arrow keys too (outside it they pan the map).

use super::CasaApp;
use crate::ui::{Command, Draw};

impl CasaApp {
    /// Shortcuts that work anywhere: Ctrl+F, F1; and the presentation keys: F5 and Esc,
    /// PageDown/PageUp and Space (what clickers send) step through the scenes, and in
    /// presentation mode the arrow keys too (outside it they pan the map).
    pub(super) fn keyboard(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut commands = Vec::new();
        let typing = ctx.egui_wants_keyboard_input();
        let presenting = self.presentation.presenting;
        // The drawing tools' windows step aside while presenting, and so do their keys.
        let drawing = self.drawing.in_progress.is_some() && !presenting;
        let reshaping = self.drawing.reshaping.is_some() && !presenting;
        // While presenting, Esc first closes the window on top, then leaves.
        let escape = if presenting {
            Some(self.topmost_window(ctx).unwrap_or(Command::Present(false)))
        } else {
            None
        };
        ctx.input_mut(|i| {
            if i.consume_shortcut(&crate::ui::shortcuts::SEARCH) {
                self.panels.focus_search = true;
            }
            if i.consume_shortcut(&crate::ui::shortcuts::OPEN_LAYER) {
                commands.push(Command::ChooseFile(crate::ui::FileAction::OpenLayer));
            }
            if i.consume_key(egui::Modifiers::NONE, egui::Key::F1) {
                commands.push(Command::ShowShortcuts(!self.panels.shortcuts_open));
            }
            if typing {
                return;
            }
            // Redo first: Ctrl+Shift+Z would also match Ctrl+Z.
            if i.consume_shortcut(&crate::ui::shortcuts::REDO) {
                commands.push(Command::Draw(Draw::Redo));
            } else if i.consume_shortcut(&crate::ui::shortcuts::UNDO) {
                commands.push(Command::Draw(Draw::Undo));
            }
            if reshaping && i.consume_key(egui::Modifiers::NONE, egui::Key::Escape) {
                commands.push(Command::Draw(Draw::StopEditing));
            }
            if drawing {
                if i.consume_key(egui::Modifiers::NONE, egui::Key::Escape) {
                    commands.push(Command::Draw(Draw::Tool(None)));
                }
                if i.consume_key(egui::Modifiers::NONE, egui::Key::Enter) {
                    commands.push(Command::Draw(Draw::FinishDrawing { to_sketch: false }));
                }
                if i.consume_key(egui::Modifiers::NONE, egui::Key::Backspace) {
                    commands.push(Command::Draw(Draw::UndoPoint));
                }
            }
            if i.consume_key(egui::Modifiers::NONE, egui::Key::F5) {
                commands.push(Command::Present(!presenting));
            }
            if let Some(escape) = escape
                && i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)
            {
                commands.push(escape);
            }
            if i.consume_key(egui::Modifiers::NONE, egui::Key::R) {
                commands.push(Command::SetRelief(self.settings.relief.next()));
            }
            if presenting && i.consume_key(egui::Modifiers::NONE, egui::Key::L) {
                commands.push(Command::ShowLegend(!self.settings.presentation_legend));
            }
            let mut step: i32 = 0;
            if i.consume_key(egui::Modifiers::NONE, egui::Key::PageDown) {
                step += 1;
            }
            if i.consume_key(egui::Modifiers::NONE, egui::Key::PageUp) {
                step -= 1;
            }
            // Space steps even when a button has focus (Enter still presses it): after a
            // click on the map, a clicker's Space must not be taken by the last button.
            if i.consume_key(egui::Modifiers::SHIFT, egui::Key::Space) {
                step -= 1;
            } else if i.consume_key(egui::Modifiers::NONE, egui::Key::Space) {
                step += 1;
            }
            if presenting {
                for (key, delta) in [
                    (egui::Key::ArrowRight, 1),
                    (egui::Key::ArrowDown, 1),
                    (egui::Key::ArrowLeft, -1),
                    (egui::Key::ArrowUp, -1),
                ] {
                    if i.consume_key(egui::Modifiers::NONE, key) {
                        step += delta;
                    }
                }
            }
            if step != 0 {
                commands.push(Command::StepScene(step.signum()));
            }
        });
        commands
    }

    /// The command that closes the window on top among those open while presenting (the
    /// shortcuts, an article opened from the side panel), if any is open.
    fn topmost_window(&self, ctx: &egui::Context) -> Option<Command> {
        let mut open = Vec::new();
        if self.panels.article_presenting.is_some() {
            open.push((crate::ui::article::window_id(), Command::CloseArticle));
        }
        if self.panels.shortcuts_open {
            open.push((
                crate::ui::shortcuts::window_id(),
                Command::ShowShortcuts(false),
            ));
        }
        let top = ctx.memory(|m| m.areas().top_layer_id(egui::Order::Middle));
        let on_top = open
            .iter()
            .position(|(id, _)| top.is_some_and(|layer| layer.id == *id));
        match on_top {
            Some(k) => Some(open.swap_remove(k).1),
            None => open.pop().map(|(_, command)| command),
        }
    }
}
