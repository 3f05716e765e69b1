//! Adding to the atlas as an analyst does: an article from a text file, its page furniture
//! marked, a sentence cited on a new feature placed by a click on the map, found again
//! after a restart; a selection across furniture refused; a colleague's additions imported
//! with a conflict resolved by choice.

use crate::common;

use std::path::Path;

use casa::app::AppOptions;
use common::{app_harness_with, scratch_dir};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const SENTENCE: &str = "Russian and Uzbek troops held a joint exercise at the Termez training ground in November 2026.";

const MENTION: &str =
    "The exercise followed a similar drill in 2025 with troops of the 201st military base.";

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/articles")
        .join(name)
}

/// The app with its settings, briefing and own atlas in `dir`, as after a restart.
fn app_in(dir: &Path) -> Harness<'static, casa::app::CasaApp> {
    let options = AppOptions {
        state: Some(dir.join("state.json")),
        scenes: Some(dir.join("scenes.json")),
        user: Some(dir.join("atlas")),
        ..AppOptions::default()
    };
    let mut harness = app_harness_with(options, egui::Theme::Light);
    harness.state_mut().settings.recent_folders = vec![dir.to_path_buf()];
    harness
}

/// Types into a text field as a user does: focus it, then type.
fn type_into(harness: &mut Harness<'_, casa::app::CasaApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

fn click(harness: &mut Harness<'_, casa::app::CasaApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

/// Picks a value of a labelled drop-down.
fn choose(harness: &mut Harness<'_, casa::app::CasaApp>, combo: &str, value: &str) {
    click(harness, combo);
    // Scrolled into view first, as one scrolls a long list.
    harness
        .get_all_by_label(value)
        .last()
        .expect("the value is offered")
        .scroll_to_me();
    harness.run();
    harness
        .get_all_by_label(value)
        .last()
        .expect("the value is offered")
        .click();
    harness.run();
}

fn notice(harness: &Harness<'_, casa::app::CasaApp>) -> Result<String, String> {
    match harness
        .state()
        .notices
        .get(casa::session::notices::Topic::Atlas)
    {
        Some(n) if n.refused => Err(n.text.clone()),
        Some(n) => Ok(n.text.clone()),
        None => Err("no notice".into()),
    }
}

fn add_article(harness: &mut Harness<'_, casa::app::CasaApp>, dir: &Path, snap: bool) {
    let file = dir.join("termez-drill.txt");
    std::fs::copy(fixture("termez-drill.txt"), &file).expect("copy");
    let before = std::fs::read(&file).expect("read");
    click(harness, "Atlas");
    click(harness, "Add article…");
    click(harness, "Open text file…");
    common::pick_file(harness, &file, "Open");
    type_into(harness, "Title", "Troops drill near Termez");
    // What is typed is saved with the settings within seconds (nothing lost on a crash).
    let state = dir.join("state.json");
    for _ in 0..600 {
        if std::fs::read_to_string(&state).is_ok_and(|s| s.contains("Troops drill near Termez")) {
            break;
        }
        harness.step();
    }
    let saved = std::fs::read_to_string(&state).unwrap_or_default();
    assert!(
        saved.contains("Troops drill near Termez"),
        "the draft is saved"
    );
    type_into(harness, "Outlet", "Example Gazette");
    type_into(harness, "Authors", "Test Author");
    type_into(harness, "Date", "2026-11");
    click(harness, "Propose an id");
    // Page furniture, line by line.
    click(harness, "Line 5: By Test Author");
    choose(harness, "Mark as", "related");
    click(harness, "Line 9: Related: Another story");
    choose(harness, "Mark as", "navigation");
    click(
        harness,
        "Line 1: Example Gazette · a test fixture for CASA, not a real article",
    );
    choose(harness, "Mark as", "title");
    click(harness, "Line 3: Troops drill near Termez");
    if snap {
        harness.remove_cursor();
        harness.run();
        harness.snapshot("authoring_1_add_article");
    }
    click(harness, "Add to my atlas");
    assert_eq!(
        notice(harness),
        Ok("Added the article \"example-gazette-2026\" to your atlas".into())
    );
    assert_eq!(std::fs::read(&file).expect("read"), before, "only read");
}

#[test]
fn an_article_added_cited_and_placed_is_on_the_map_after_a_restart() {
    let dir = scratch_dir("authoring");
    let mut harness = app_in(&dir);
    add_article(&mut harness, &dir, true);
    let atlas = dir.join("atlas");
    assert!(atlas.join("example-gazette-2026.txt").is_file());
    let entry = std::fs::read_to_string(atlas.join("articles.json")).expect("saved");
    assert!(entry.contains("\"byline\"") && entry.contains("\"lines\": [\n"));

    // The reader opens on the new article; citing mode shows its sentences.
    click(&mut harness, "Cite from this article");
    harness.get_by_label(SENTENCE).click();
    harness.run();
    harness
        .get_by_label(
            "The exercise followed a similar drill in 2025 with troops of the 201st military base.",
        )
        .click_modifiers(egui::Modifiers::SHIFT);
    harness.run();
    let refused = notice(&harness).expect_err("refused");
    assert!(
        refused.contains("page furniture (related, line 9)"),
        "{refused}"
    );
    assert!(harness.state().authoring.passage.is_none());

    // A sentence, extended to the next one with Shift.
    harness.get_by_label(SENTENCE).click();
    harness.run();
    harness
        .get_by_label("About 1,000 soldiers took part.")
        .click_modifiers(egui::Modifiers::SHIFT);
    harness.run();
    let quote = format!("{SENTENCE} About 1,000 soldiers took part.");
    assert_eq!(
        harness
            .state()
            .authoring
            .passage
            .as_ref()
            .map(|(_, q)| q.clone()),
        Some(quote.clone())
    );
    harness.remove_cursor();
    harness.run();
    harness.snapshot("authoring_2_cite_passage");
    click(&mut harness, "New feature from this passage");
    type_into(&mut harness, "Name", "Termez joint exercise");
    // The figure as the passage words it.
    click(&mut harness, "1,000 soldiers");
    type_into(&mut harness, "Figure 1", "troops");
    choose(&mut harness, "Kind", "exercise");
    assert_eq!(
        harness
            .state()
            .settings
            .feature_draft
            .as_ref()
            .map(|d| d.kind),
        Some(casa::model::FeatureKind::Exercise)
    );
    type_into(
        &mut harness,
        "Placement note",
        "At the Termez training ground, as the article says; the ground itself is not placed.",
    );
    // The date comes from the passage; the click on the map places it.
    assert_eq!(
        harness
            .state()
            .settings
            .feature_draft
            .as_ref()
            .map(|d| d.from.clone()),
        Some("2026".into())
    );
    // While placing, the form steps aside for the map.
    click(&mut harness, "Place on map");
    assert!(harness.query_by_label("Save feature").is_none());
    common::click_map_at(&mut harness, 67.28, 37.23);
    let draft = harness
        .state()
        .settings
        .feature_draft
        .clone()
        .expect("open");
    assert_eq!(draft.countries, ["UZB"]);
    click(&mut harness, "Save feature");
    assert_eq!(
        notice(&harness),
        Ok("Saved \"Termez joint exercise\" to your atlas".into())
    );
    // On the map, selected, with its excerpt in the side panel.
    harness.get_by_role_and_label(egui::accesskit::Role::Button, "Termez joint exercise");
    assert!(
        harness
            .query_by_label("Added by you (your atlas)")
            .is_some()
    );
    // The sentence in the reader, and the excerpt in the side panel.
    assert_eq!(harness.query_all_by_label_contains(SENTENCE).count(), 2);
    // With the reader closed, the side panel shows it all.
    click(&mut harness, "Close window");
    harness.remove_cursor();
    harness.run();
    harness.snapshot("authoring_3_feature_on_map");
    // A scene made of the view selects it: the feature is not deleted from under it.
    click(&mut harness, "Briefing");
    click(&mut harness, "+ New scene from the view");
    click(&mut harness, "Delete feature");
    let refused = notice(&harness).expect_err("a scene shows it");
    assert!(
        refused.contains("change or delete the scene first"),
        "{refused}"
    );
    casa::session::settings::save(&dir.join("state.json"), &harness.state().settings)
        .expect("save");
    drop(harness);

    let harness = app_in(&dir);
    let app = harness.state();
    let feature = app
        .doc
        .atlas
        .feature("termez-joint-exercise")
        .expect("found after a restart");
    assert_eq!(feature.sources.len(), 1);
    assert_eq!(feature.figures[0].label, "troops");
    assert_eq!(feature.figures[0].value, "1,000 soldiers");
    assert!(app.doc.corpus.get("example-gazette-2026").is_some());
    assert!(
        app.notices.problems.is_empty(),
        "{:?}",
        app.notices.problems
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_colleagues_additions_import_with_a_conflict_resolved_by_choice() {
    let dir = scratch_dir("authoring-import");
    let mut harness = app_in(&dir);
    add_article(&mut harness, &dir, false);
    // The colleague has the same article (same id) with another title, and a feature.
    let mut theirs = harness
        .state()
        .authoring
        .part
        .as_ref()
        .expect("a user atlas")
        .atlas
        .clone();
    theirs.articles[0].entry["title"] = "Troops drill at Termez".into();
    let feature = casa::edit::authoring::FeatureDraft {
        name: "Termez drill".into(),
        position: Some([67.28, 37.23]),
        countries: vec!["UZB".into()],
        placement: "At Termez".into(),
        sources: vec![("example-gazette-2026".into(), SENTENCE.into())],
        ..casa::edit::authoring::FeatureDraft::default()
    };
    theirs
        .features
        .push(feature.to_value("termez-drill").expect("complete"));
    let shared = dir.join("colleague.json");
    std::fs::write(&shared, theirs.to_shared()).expect("write");

    click(&mut harness, "Atlas");
    click(&mut harness, "Import additions…");
    common::pick_file(&mut harness, &shared, "Open");
    harness.get_by_label_contains("1 new item(s)");
    click(&mut harness, "Take theirs: example-gazette-2026");
    click(&mut harness, "Import");
    assert_eq!(notice(&harness), Ok("Imported 1 new item(s)".into()));
    let app = harness.state();
    let article = app.doc.corpus.get("example-gazette-2026").expect("kept");
    assert_eq!(
        article.meta.title.as_deref(),
        Some("Troops drill at Termez")
    );
    assert!(app.doc.atlas.feature("termez-drill").is_some());

    // Undo takes the import back, redo brings it again.
    click(&mut harness, "Atlas");
    click(&mut harness, "Undo change to my atlas");
    assert!(harness.state().doc.atlas.feature("termez-drill").is_none());
    click(&mut harness, "Atlas");
    click(&mut harness, "Redo change to my atlas");
    assert!(harness.state().doc.atlas.feature("termez-drill").is_some());

    // Deleted from the side panel (the reader closed), and back with Undo.
    click(&mut harness, "Close window");
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Termez drill")
        .click();
    harness.run();
    click(&mut harness, "Delete feature");
    assert_eq!(
        notice(&harness),
        Ok("Deleted termez-drill (Undo brings it back)".into())
    );
    assert!(harness.state().doc.atlas.feature("termez-drill").is_none());
    click(&mut harness, "Atlas");
    click(&mut harness, "Undo change to my atlas");
    assert!(harness.state().doc.atlas.feature("termez-drill").is_some());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_passage_cited_on_a_shipped_feature_and_a_correction_of_it_are_kept() {
    let dir = scratch_dir("authoring-correct");
    let mut harness = app_in(&dir);
    add_article(&mut harness, &dir, false);
    let sources = |h: &Harness<'_, casa::app::CasaApp>| {
        let f = h
            .state()
            .doc
            .atlas
            .feature("ru-201st-base")
            .expect("shipped");
        (f.sources.len(), f.corrections.len())
    };
    let (before, corrected) = sources(&harness);
    click(&mut harness, "Cite from this article");
    harness.get_by_label(MENTION).click();
    harness.run();
    choose(&mut harness, "Cite on", "201st military base");
    click(&mut harness, "Cite");
    assert_eq!(
        notice(&harness),
        Ok("Cited the passage on 201st military base".into())
    );
    assert_eq!(sources(&harness), (before + 1, corrected));

    // A correction beside it: refused without a named reference, saved with one.
    harness.get_by_label(MENTION).click();
    harness.run();
    click(&mut harness, "Correct it with this passage…");
    type_into(
        &mut harness,
        "About (period, kind, position, figures.…)",
        "period",
    );
    type_into(
        &mut harness,
        "The record says",
        "A test record: the drill was in 2024.",
    );
    click(&mut harness, "Save correction");
    let refused = notice(&harness).expect_err("no reference");
    assert!(refused.contains("no \"reference\""), "{refused}");
    type_into(
        &mut harness,
        "Reference",
        "A test reference, 1 December 2026",
    );
    click(&mut harness, "Save correction");
    assert_eq!(
        notice(&harness),
        Ok("Saved the correction of ru-201st-base".into())
    );
    // The passage was cited already: not twice.
    assert_eq!(sources(&harness), (before + 1, corrected + 1));

    // A passage cited on a country's membership (Uzbekistan in the SCO).
    let period = |h: &Harness<'_, casa::app::CasaApp>| {
        h.state()
            .doc
            .atlas
            .memberships
            .iter()
            .position(|m| m.organisation == "SCO" && m.country.0 == "UZB")
            .expect("shipped")
    };
    let index = period(&harness);
    let m = &harness.state().doc.atlas.memberships[index];
    let (label, cited) = (
        format!("SCO · Uzbekistan · {} from {}", m.status.label(), m.from),
        m.sources.len(),
    );
    harness.get_by_label(SENTENCE).click();
    harness.run();
    choose(&mut harness, "or on a membership", &label);
    click(&mut harness, "Cite on the membership");
    assert!(
        notice(&harness)
            .is_ok_and(|n| n.starts_with("Cited the passage on the membership SCO/UZB/"))
    );

    // The article edited: marking a cited line as furniture is refused, a title fixed is
    // saved; removing it while cited is refused.
    click(&mut harness, "Edit article");
    choose(&mut harness, "Mark as", "pull-quote");
    click(&mut harness, &format!("Line 11: {MENTION}"));
    click(&mut harness, "Save article");
    let refused = notice(&harness).expect_err("a cited line became furniture");
    assert!(
        refused.contains("only in page furniture (pull-quote)"),
        "{refused}"
    );
    click(&mut harness, &format!("Line 11: {MENTION}"));
    type_into(&mut harness, "Title", " (updated)");
    click(&mut harness, "Save article");
    assert_eq!(
        notice(&harness),
        Ok("Saved the article \"example-gazette-2026\"".into())
    );
    let title = |h: &Harness<'_, casa::app::CasaApp>| {
        h.state()
            .doc
            .corpus
            .get("example-gazette-2026")
            .and_then(|a| a.meta.title.clone())
    };
    assert_eq!(
        title(&harness).as_deref(),
        Some("Troops drill near Termez (updated)")
    );
    click(&mut harness, "Remove article");
    let refused = notice(&harness).expect_err("still cited");
    assert!(
        refused.contains("unknown article \"example-gazette-2026\""),
        "{refused}"
    );
    drop(harness);
    let harness = app_in(&dir);
    assert_eq!(sources(&harness), (before + 1, corrected + 1));
    let m = &harness.state().doc.atlas.memberships[period(&harness)];
    assert_eq!(m.sources.len(), cited + 1);
    let _ = std::fs::remove_dir_all(dir);
}
