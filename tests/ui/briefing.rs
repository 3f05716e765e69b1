//! The briefing as a user drives it through AccessKit: find Kant and read what the articles
//! say with their sources, open the article, toggle layers, search with the corpus's
//! spellings, set the year, compare memberships — on the real app and shipped data.

use crate::common;

use casa::model::layers::FeatureLayer;
use common::{app_harness, click_label, click_map_at, press, set_year, settle, zoom_toward};
use egui::accesskit::Role;
use egui_kittest::kittest::{Queryable, by};

fn feature_index(harness: &egui_kittest::Harness<'_, casa::app::CasaApp>, id: &str) -> usize {
    harness
        .state()
        .doc
        .atlas
        .features
        .iter()
        .position(|f| f.id == id)
        .expect("shipped feature")
}

#[test]
fn clicking_kant_shows_how_long_it_will_operate_with_its_source() {
    let mut harness = app_harness();
    harness.get_by_label("Kant air base").click();
    harness.run();
    assert_eq!(
        harness.state().selected_feature(),
        Some(feature_index(&harness, "ru-kant-air-base"))
    );
    // The quote inside its sentence, then the citation with the article's date.
    harness.get_by_label_contains(
        "Under current agreements, Russia’s Kant airbase in Kyrgyzstan will operate until at least 2027",
    );
    assert!(
        harness
            .get_all_by_label_contains(
                "How the Central Asian States Can Protect Themselves From Russia, The Diplomat, author unknown · January 2022",
            )
            .count()
            >= 1
    );
    harness.get_by_label_contains("air base · Russia");
    harness.get_by_label_contains("until at least 2027 [1]");

    // "Copy quote with citation" puts the quoted words and the article's full citation on
    // the clipboard, for a document. The record's corrections come first in the panel, so
    // the user scrolls down to the excerpts.
    harness
        .get_all_by_label("Copy quote with citation")
        .next()
        .expect("a button")
        .scroll_to_me();
    harness.run();
    harness
        .get_all_by_label("Copy quote with citation")
        .next()
        .expect("a button")
        .click();
    harness.step();
    let copied: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "{copied:?}");
    assert!(
        copied[0].starts_with("“")
            && copied[0].contains("Kant airbase in Kyrgyzstan will operate until at least 2027"),
        "{copied:?}"
    );
    assert!(
        copied[0].ends_with(
            "” — “How the Central Asian States Can Protect Themselves From Russia”, The Diplomat, author unknown, January 2022"
        ),
        "{copied:?}"
    );
    harness.run();

    // "Open article" shows the whole article at the passage, furniture hidden.
    harness
        .get_all_by_label("Open article")
        .next()
        .expect("a button")
        .scroll_to_me();
    harness.run();
    harness
        .get_all_by_label("Open article")
        .next()
        .expect("a button")
        .click();
    harness.run();
    harness.get_by_label_contains(
        "Article: How the Central Asian States Can Protect Themselves From Russia",
    );
    let window_text = harness
        .get_all_by_label_contains("Moscow has military bases in Kyrgyzstan and Tajikistan")
        .count();
    assert!(
        window_text >= 2,
        "the passage is in the side panel and in the article window"
    );

    press(&mut harness, egui::Key::Escape);
    assert_eq!(harness.state().selected_feature(), None);
}

#[test]
fn toggling_a_layer_removes_its_features_from_the_map_and_from_hit_testing() {
    let mut harness = app_harness();
    // Close enough that Kant is the only feature under the pointer.
    zoom_toward(&mut harness, 74.846, 42.853, 400.0);
    click_map_at(&mut harness, 74.846, 42.853);
    assert_eq!(
        harness.state().selected_feature(),
        Some(feature_index(&harness, "ru-kant-air-base"))
    );
    harness.get_by_label("Russian sites (23)").click();
    harness.run();
    assert!(
        !harness
            .state()
            .settings
            .layers
            .shows(FeatureLayer::RussianSites)
    );
    assert!(harness.query_by_label("Kant air base").is_none());
    // Clicking where Kant is now selects the country under it.
    click_map_at(&mut harness, 74.846, 42.853);
    assert_eq!(harness.state().selected_feature(), None);
    harness.get_by_label("Kyrgyzstan");

    press(&mut harness, egui::Key::Home);
    // Chinese sites on, Russian off, then solo: only the Chinese sites remain.
    harness
        .get_all_by_label("solo")
        .nth(1)
        .expect("solo of Chinese sites")
        .click();
    harness.run();
    let layers = &harness.state().settings.layers;
    assert!(layers.shows(FeatureLayer::ChineseSites));
    assert!(!layers.shows(FeatureLayer::Events));
    harness.get_by_label("Reported Chinese military post in Gorno-Badakhshan");
    assert!(
        harness
            .query_by_label("Rubezh-2021 CSTO exercise · 2021")
            .is_none()
    );
}

#[test]
fn searching_wakan_selects_the_wakhan_corridor() {
    let mut harness = app_harness();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run();
    harness.get(by().role(Role::TextInput)).type_text("Wakan");
    harness.run();
    harness.get_by_label_contains("Wakhan corridor — region");
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    assert_eq!(
        harness.state().selected_feature(),
        Some(feature_index(&harness, "wakhan-corridor"))
    );
    harness.get_by_label_contains("near Afghanistan’s Wakan Corridor");
}

#[test]
fn the_base_in_djibouti_is_reachable_from_the_edge_of_the_map() {
    let mut harness = app_harness();
    harness
        .get_by_label("Off the map: Chinese military base in Djibouti")
        .click();
    settle(&mut harness);
    let app = harness.state();
    assert_eq!(
        app.selected_feature(),
        Some(feature_index(&harness, "cn-djibouti-base"))
    );
    // The camera flew there: the base is now in view and its symbol is a widget.
    harness.get(
        by().role(Role::Button)
            .label("Chinese military base in Djibouti"),
    );
    harness.get_by_label_contains("which has built a military base near the new port");
}

#[test]
fn the_year_hides_the_sco_before_it_existed() {
    let mut harness = app_harness();
    click_label(&mut harness, "SCO (10 members)");
    click_label(&mut harness, "As of a year");
    assert_eq!(harness.state().settings.layers.year, Some(2026));
    // The year slider, set as a screen reader would.
    set_year(&mut harness, 2000);
    assert_eq!(harness.state().settings.layers.year, Some(2000));
    harness.get_by_label("SCO (0 members)");
    let sco = harness
        .state()
        .doc
        .atlas
        .organisations
        .iter()
        .position(|o| o.id == "SCO");
    assert!(
        harness
            .state()
            .maps
            .side
            .marks
            .iter()
            .all(|m| Some(m.organisation) != sco)
    );
    // The Samarkand summit of 2022 is not on the map in 2000.
    assert!(
        harness
            .query_by_label("SCO summit in Samarkand, 2022")
            .is_none()
    );
    harness.get_by_label_contains("Map of Central Asia, as of 2000");
}

#[test]
fn countries_in_both_the_csto_and_the_sco_show_both() {
    let mut harness = app_harness();
    click_label(&mut harness, "CSTO (5 members)");
    click_label(&mut harness, "SCO (10 members)");
    harness.get_by_label_contains(
        "Members of CSTO and SCO in 2026: Belarus, Kazakhstan, Kyrgyzstan, Russia, Tajikistan",
    );
    let kaz = harness
        .state()
        .doc
        .atlas
        .countries
        .iter()
        .position(|c| c.id.0 == "KAZ");
    let orgs: Vec<usize> = harness
        .state()
        .maps
        .side
        .marks
        .iter()
        .filter(|m| Some(m.country) == kaz)
        .map(|m| m.organisation)
        .collect();
    assert_eq!(orgs.len(), 2, "Kazakhstan is hatched for both");

    set_year(&mut harness, 2024);
    // Belarus joined the SCO in July 2024.
    harness.get_by_label_contains(
        "Members of CSTO and SCO in 2024: Belarus, Kazakhstan, Kyrgyzstan, Russia, Tajikistan",
    );
    set_year(&mut harness, 2015);
    harness.get_by_label_contains(
        "Members of CSTO and SCO in 2015: Kazakhstan, Kyrgyzstan, Russia, Tajikistan",
    );

    // The country's panel lists both memberships with their years.
    click_map_at(&mut harness, 67.0, 48.5);
    harness.get_by_label("CSTO: member in 2015");
    harness.get_by_label("SCO: member in 2015");
    harness.get_by_label_contains("member since 15 May 1992");
}

#[test]
fn f1_lists_the_shortcuts() {
    let mut harness = app_harness();
    press(&mut harness, egui::Key::F1);
    harness.get_by_label("Keyboard shortcuts");
    harness.get_by_label(
        "stop drawing; clear the selection; in presenter mode, close the window on top, then leave",
    );
    harness.get_by_label("undo the last drawing edit");
    harness.get_by_label("next scene (what presentation clickers send)");
}

#[test]
fn shortcuts_read_cmd_on_a_mac() {
    let mut harness = app_harness();
    press(&mut harness, egui::Key::F1);
    harness.get_by_label("Ctrl+F");
    harness.ctx.set_os(egui::os::OperatingSystem::Mac);
    harness.run();
    assert!(harness.query_by_label("Ctrl+F").is_none());
    let mac = harness.ctx.format_shortcut(&casa::ui::shortcuts::SEARCH);
    assert!(mac.contains('⌘') || mac.contains("Cmd"), "{mac}");
    harness.get_by_label(&mac);
    // Cmd+F (the COMMAND modifier on a Mac) focuses the search field.
    assert!(harness.ctx.memory(|m| m.focused()).is_none());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run();
    assert!(
        harness.ctx.memory(|m| m.focused()).is_some(),
        "the search field has focus"
    );
}

#[test]
fn the_layers_are_part_of_the_saved_state() {
    let mut harness = app_harness();
    click_label(&mut harness, "Events (26)");
    click_label(&mut harness, "CSTO (5 members)");
    let state = harness.state().settings.clone();
    let saved = serde_json::to_string(&state).expect("serialise");
    let restored: casa::session::settings::Settings =
        serde_json::from_str(&saved).expect("deserialise");
    assert_eq!(restored.layers, state.layers);
    assert_eq!(restored.theme, state.theme);
    assert!(!restored.layers.shows(FeatureLayer::Events));
    assert!(restored.layers.organisations.contains("CSTO"));
    // A state saved before layers existed still loads, with every layer on.
    let old: casa::session::settings::Settings =
        serde_json::from_str(r#"{"theme":"Dark","show_graticule":false,"camera":null}"#)
            .expect("old state");
    assert!(old.layers.shows(FeatureLayer::Events));
    // And the app started with the restored state shows it.
    let app = casa::app::CasaApp::from_loaded(
        casa::data::load_atlas(&casa::data::AssetSource::Embedded),
        restored,
        "test".into(),
    );
    let events = app
        .doc
        .atlas
        .features
        .iter()
        .zip(&app.maps.side.visibility)
        .filter(|(f, v)| {
            FeatureLayer::of(f) == FeatureLayer::Events
                && **v != casa::model::layers::Visibility::Hidden
        })
        .count();
    assert_eq!(events, 0);
    assert!(!app.maps.side.marks.is_empty());
}

/// The March 2022 UN vote is a set of countries, hatched like a membership: the three that
/// abstained and the two that did not vote, from 2 March 2022 on.
#[test]
fn the_un_vote_is_shown_set_aware_like_memberships() {
    let mut harness = app_harness();
    // The sets of countries are folded under the organisations.
    assert!(
        harness
            .query_by_label("Abstained, UN vote 2 Mar 2022 (9 countries)")
            .is_none()
    );
    click_label(&mut harness, "Country sets (4)");
    click_label(&mut harness, "Abstained, UN vote 2 Mar 2022 (9 countries)");
    click_label(
        &mut harness,
        "Did not vote, UN vote 2 Mar 2022 (3 countries)",
    );
    let app = harness.state();
    let atlas = &app.doc.atlas;
    let in_set = |id: &str| -> Vec<String> {
        let o = atlas.organisations.iter().position(|o| o.id == id);
        let mut c: Vec<String> = app
            .maps
            .side
            .marks
            .iter()
            .filter(|m| Some(m.organisation) == o)
            .map(|m| atlas.countries[m.country].id.0.clone())
            .collect();
        c.sort();
        c
    };
    let abstained = in_set("UNGA-2022-ABSTAINED");
    for c in ["KAZ", "KGZ", "TJK"] {
        assert!(abstained.contains(&c.to_owned()), "{abstained:?}");
    }
    assert_eq!(in_set("UNGA-2022-ABSENT"), ["AZE", "TKM", "UZB"]);
    // Kazakhstan's panel says so, with the article's words.
    click_map_at(&mut harness, 67.0, 48.5);
    harness.get_by_label("Abstained, UN vote 2 Mar 2022 (as of 2026)");
    // Before the vote, no country is in either set.
    click_label(&mut harness, "As of a year");
    set_year(&mut harness, 2021);
    harness.get_by_label("Abstained, UN vote 2 Mar 2022 (0 countries)");
}

#[test]
fn other_powers_show_who_else_was_here_in_2004_and_not_in_2016() {
    let mut harness = app_harness();
    let shows = |h: &egui_kittest::Harness<'_, casa::app::CasaApp>| {
        h.state().settings.layers.shows(FeatureLayer::OtherPowers)
    };
    assert!(!shows(&harness), "context starts off");
    set_year(&mut harness, 2004);
    // The US and German bases of 2004 (Manas, beside Kant, shows when zoomed in).
    let sites = ["Karshi-Khanabad air base (K2)", "Termez air transport base"];
    for site in sites {
        assert!(harness.query_by_label(site).is_none(), "{site} while off");
    }
    click_label(&mut harness, "Other powers (0 of 6)");
    assert!(shows(&harness));
    harness.get_by_label("Other powers (5 of 6)");
    for site in sites {
        harness.get_by_label(site);
    }
    set_year(&mut harness, 2016);
    for site in sites {
        assert!(harness.query_by_label(site).is_none(), "{site} in 2016");
    }
    // India's Ayni alone was still there.
    harness.get_by_label("Other powers (1 of 6)");
}
