//! The banner that says what data was skipped or repaired at load.

use crate::data::{LoadIssue, Severity};

/// Draws the banner (only when there are issues).
pub fn issues_banner(ui: &mut egui::Ui, issues: &[LoadIssue], source: &str) {
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    let notices = issues
        .iter()
        .filter(|i| i.severity == Severity::Notice)
        .count();
    let warnings = issues.len() - errors - notices;
    let title = if errors + warnings == 0 {
        format!("Notices ({notices}): each line names its file.")
    } else {
        let also = if notices > 0 {
            format!(
                " and {notices} notice{}",
                if notices == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        };
        format!(
            "Data problems: {errors} skipped, {warnings} repaired{also}; each line names its file (atlas: {source}). The map shows what is valid."
        )
    };
    egui::CollapsingHeader::new(egui::RichText::new(title).strong())
        .id_salt("load-issues")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(160.0)
                .show(ui, |ui| {
                    for issue in issues {
                        let tag = match issue.severity {
                            Severity::Error => "skipped",
                            Severity::Warning => "repaired",
                            Severity::Notice => "notice",
                        };
                        ui.label(format!("[{tag}] {issue}"));
                    }
                });
        });
}
