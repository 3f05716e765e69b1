//! The About window: what CASA is, where every piece of its data comes from, and the
//! licences of CASA, of the fonts it embeds and of the crates it is built from.

use std::sync::LazyLock;

use super::Command;

/// The credits shipped with the data (also the repository's `NOTICE` file).
pub const NOTICE: &str = include_str!("../../NOTICE");

/// CASA's own licences (MIT OR Apache-2.0, at the user's option).
const LICENSES: [(&str, &str); 2] = [
    ("MIT License", include_str!("../../LICENSE-MIT")),
    ("Apache License 2.0", include_str!("../../LICENSE-APACHE")),
];

/// The licences of the fonts CASA embeds (egui's defaults), as `licenses/` ships them.
const FONT_LICENSES: [(&str, &str); 4] = [
    (
        "Ubuntu Light: Ubuntu Font Licence 1.0",
        include_str!("../../licenses/font-ubuntu.txt"),
    ),
    (
        "Hack: MIT License and the Bitstream Vera licence",
        include_str!("../../licenses/font-hack.txt"),
    ),
    (
        "Noto Emoji: SIL Open Font License 1.1",
        include_str!("../../licenses/font-noto-emoji.txt"),
    ),
    (
        "emoji-icon-font, egui-icons: MIT License",
        include_str!("../../licenses/font-emoji-icon.txt"),
    ),
];

/// The third-party notice cargo-about generates from Cargo.lock (`tools/licenses.sh`).
pub const THIRD_PARTY: &str = include_str!("../../THIRD-PARTY-LICENSES.txt");

/// One licence of the third-party notice: its heading, the crates under it, its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThirdPartyLicense<'a> {
    /// The licence's name and SPDX id, as "MIT License (MIT)".
    pub heading: &'a str,
    /// The crates it covers, "name version (repository)".
    pub crates: Vec<&'a str>,
    /// The licence's text.
    pub text: &'a str,
}

/// The notice cut into its licences (each starts at a line "=== NAME (ID)").
pub fn third_party_licenses(notice: &str) -> Vec<ThirdPartyLicense<'_>> {
    notice
        .split("\n=== ")
        .skip(1)
        .map(|section| {
            let (heading, rest) = section.split_once('\n').unwrap_or((section, ""));
            let mut crates = Vec::new();
            let mut text = rest;
            while let Some(line) = text.strip_prefix("- ") {
                let (item, after) = line.split_once('\n').unwrap_or((line, ""));
                crates.push(item);
                text = after;
            }
            ThirdPartyLicense {
                heading,
                crates,
                text: text.trim_matches('\n'),
            }
        })
        .collect()
}

/// The notice's licences grouped by licence (the notice gives each licence text once, and
/// copyright lines make texts of one licence differ), and how many crates they cover: cut
/// once.
struct ThirdParty {
    /// Each licence's heading and its texts (the crates' list joined once, and the text),
    /// in the notice's order.
    groups: Vec<(&'static str, Vec<(String, &'static str)>)>,
    /// The crates named, each once.
    crates: usize,
}

static THIRD_PARTY_LICENSES: LazyLock<ThirdParty> = LazyLock::new(|| {
    let licenses = third_party_licenses(THIRD_PARTY);
    let crates: std::collections::BTreeSet<&str> = licenses
        .iter()
        .flat_map(|l| l.crates.iter().copied())
        .collect();
    let mut groups: Vec<(&str, Vec<(String, &str)>)> = Vec::new();
    for licence in licenses {
        let text = (licence.crates.join("\n"), licence.text);
        match groups.iter_mut().find(|(h, _)| *h == licence.heading) {
            Some((_, texts)) => texts.push(text),
            None => groups.push((licence.heading, vec![text])),
        }
    }
    ThirdParty {
        groups,
        crates: crates.len(),
    }
});

/// A licence's text (or the notice), small and monospaced.
fn monospaced(ui: &mut egui::Ui, text: &str) {
    ui.label(egui::RichText::new(text).monospace().size(11.0));
}

/// A licence's text in a section that lays it out only when opened.
fn licence_text(ui: &mut egui::Ui, heading: &str, text: &str) {
    egui::CollapsingHeader::new(heading).show(ui, |ui| monospaced(ui, text));
}

/// Draws the About window while `open`; returns a command to close it.
pub fn about_window(ctx: &egui::Context, open: bool) -> Option<Command> {
    let mut still_open = open;
    egui::Window::new("About CASA")
        .open(&mut still_open)
        .collapsible(false)
        .default_width(560.0)
        .vscroll(true)
        .show(ctx, |ui| {
            ui.label(
                "CASA, the Central Asia Security Atlas, maps Russian and Chinese military \
                 influence in Central Asia for live briefings.",
            );
            ui.label(format!(
                "Version {}. Free software under the MIT License or the Apache License 2.0, \
                 at your option.",
                env!("CARGO_PKG_VERSION")
            ));
            for (heading, text) in LICENSES {
                licence_text(ui, heading, text);
            }
            ui.add_space(6.0);
            ui.heading("Data sources and licences");
            monospaced(ui, NOTICE);
            ui.add_space(6.0);
            ui.heading("Fonts");
            for (heading, text) in FONT_LICENSES {
                licence_text(ui, heading, text);
            }
            ui.add_space(6.0);
            ui.heading("Third-party software");
            let third_party = &*THIRD_PARTY_LICENSES;
            ui.label(format!(
                "CASA is built from {} Rust crates, under {} licences:",
                third_party.crates,
                third_party.groups.len()
            ));
            for (heading, texts) in &third_party.groups {
                let count: usize = texts.iter().map(|(c, _)| c.lines().count()).sum();
                egui::CollapsingHeader::new(format!("{heading} — {count} crates"))
                    .id_salt(heading)
                    .show(ui, |ui| {
                        for (crates, text) in texts {
                            ui.label(crates.as_str());
                            ui.add_space(4.0);
                            monospaced(ui, text);
                            ui.separator();
                        }
                    });
            }
        });
    (still_open != open).then_some(Command::ShowAbout(still_open))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_is_cut_into_its_licences() {
        let notice = "Third-party software\n\nintro\n\n=== MIT License (MIT)\n- a 1.0.0 (https://x)\n- b 2.0.0\n\nPermission is hereby granted\n\n=== ISC License (ISC)\n- c 0.1.0\n\nISC text\n";
        let licenses = third_party_licenses(notice);
        assert_eq!(licenses.len(), 2);
        assert_eq!(licenses[0].heading, "MIT License (MIT)");
        assert_eq!(licenses[0].crates, ["a 1.0.0 (https://x)", "b 2.0.0"]);
        assert_eq!(licenses[0].text, "Permission is hereby granted");
        assert_eq!(licenses[1].crates, ["c 0.1.0"]);
        assert_eq!(licenses[1].text, "ISC text");
    }

    #[test]
    fn the_shipped_notice_names_the_crates_casa_is_built_from() {
        let licenses = third_party_licenses(THIRD_PARTY);
        assert!(licenses.len() >= 5, "{} licences", licenses.len());
        let crates: Vec<&str> = licenses.iter().flat_map(|l| l.crates.clone()).collect();
        for name in ["eframe ", "geo ", "serde ", "tiny-skia ", "krilla "] {
            assert!(
                crates.iter().any(|c| c.starts_with(name)),
                "{name} is not in THIRD-PARTY-LICENSES.txt"
            );
        }
        assert!(
            licenses
                .iter()
                .all(|l| !l.text.is_empty() && !l.crates.is_empty())
        );
    }
}
