//! Adding to the atlas in the app: articles, citations and features go to the user's atlas
//! folder, each change checked by the loader's own checks before it is saved (atomically,
//! and never over what another window wrote), undone and redone as a whole.

use std::path::Path;

use serde_json::{Value, json};

use super::CasaApp;
use crate::compose::Selection;
use crate::data::user_atlas::{self, Layered, UserAtlas, WriteError, feature_id};
use crate::data::{LoadIssue, Severity};
use crate::edit::authoring::{
    ArticleDraft, AtlasEdit, CorrectionDraft, FeatureDraft, Merge, SentenceRange, slug, unique_id,
};
use crate::geo::projection::LonLat;
use crate::session::notices::Topic;
use crate::ui::Author;

impl CasaApp {
    /// Takes the user atlas part of a load (see [`crate::data::load_with_user`]).
    pub(super) fn adopt_user_atlas(&mut self, part: Option<user_atlas::UserPart>) {
        let dir = part.as_ref().map(|p| p.dir.display().to_string());
        self.authoring.issues = dir.map_or_else(Vec::new, |d| {
            self.notices
                .problems
                .iter()
                .filter(|i| i.file.starts_with(&d))
                .cloned()
                .collect()
        });
        self.authoring.part = part;
    }

    /// Applies one authoring command.
    pub(super) fn author(&mut self, command: Author) {
        match command {
            Author::AddArticle => {
                if self.settings.article_draft.is_none() {
                    self.settings.article_draft = Some(ArticleDraft::default());
                }
            }
            Author::CloseArticleForm => self.settings.article_draft = None,
            Author::EditArticle(id) => self.edit_article(&id),
            Author::RemoveArticle(id) => self.remove_article(&id),
            Author::SaveArticle => self.save_article(),
            Author::SelectSentence {
                article,
                sentence,
                extend,
            } => self.select_sentence(article, sentence, extend),
            Author::ClearPassage => self.authoring.passage = None,
            Author::CiteOn(id) => self.cite_on(&id),
            Author::CiteOnMembership(i) => self.cite_on_membership(i),
            Author::NewFeature => self.new_feature_from_passage(),
            Author::EditFeature(id) => self.edit_feature(&id),
            Author::DeleteFeature(id) => self.delete_feature(&id),
            Author::CloseFeatureForm => {
                self.settings.feature_draft = None;
                self.authoring.placing = false;
            }
            Author::PlaceOnMap(on) => self.authoring.placing = on,
            Author::PlaceTyped => self.place_typed(),
            Author::SaveFeature => self.save_feature(),
            Author::Correct(id) => self.open_correction(id),
            Author::SaveCorrection => self.save_correction(),
            Author::CloseCorrectionForm => self.settings.correction_draft = None,
            Author::Undo => self.step_history(true),
            Author::Redo => self.step_history(false),
            Author::ApplyImport => {
                if let Some((merge, part)) = self
                    .authoring
                    .merge
                    .take()
                    .zip(self.authoring.part.as_ref())
                {
                    let merged = merge.apply(&part.atlas);
                    let what = format!("Imported {} new item(s)", merge.new);
                    if !self.commit(merged, what) {
                        self.authoring.merge = Some(merge);
                    }
                }
            }
            Author::CancelImport => {
                self.authoring.merge = None;
                if let Some(waiting) = self.presentation.waiting.take() {
                    self.notices.refuse(
                        crate::session::notices::Topic::Briefing,
                        format!(
                            "{} not opened: its scenes cite entries that were not added (open it again to choose)",
                            waiting.source.display()
                        ),
                    );
                }
            }
        }
    }

    /// Checks `new` as the loader would, then saves it and shows it; refused (with the
    /// reasons in the notice) if it adds a problem or the folder cannot be written.
    pub(super) fn commit(&mut self, new: UserAtlas, done: String) -> bool {
        let Some(part) = &self.authoring.part else {
            self.refuse("CASA has no data folder to keep your additions in".into());
            return false;
        };
        if part.blocked.is_some() {
            // Perhaps fixed since: read it again; if it now reads, make the change again.
            let dir = part.dir.clone();
            self.reread_user_atlas(&dir);
            let blocked = self.authoring.part.as_ref().and_then(|p| p.blocked.clone());
            self.refuse(blocked.unwrap_or_else(|| {
                format!("{} reads again now; make the change again", dir.display())
            }));
            return false;
        }
        let layered = self.layer(&new);
        // A problem the folder already had is not the change's: compared without the
        // position of an entry in its list (a removal shifts it) or the numbers and lists
        // that describe the rest of the atlas, and counted, so a second one is new.
        let key = |i: &LoadIssue| {
            let label = i
                .feature
                .as_deref()
                .filter(|f| !f.ends_with(']') && !f.contains('#'));
            let problem = i.problem.split(" (known: ").next().unwrap_or_default();
            let problem: String = problem
                .chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .collect();
            (i.file.clone(), label.map(str::to_owned), problem)
        };
        let mut known: std::collections::BTreeMap<_, usize> = std::collections::BTreeMap::new();
        for i in self
            .authoring
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
        {
            *known.entry(key(i)).or_default() += 1;
        }
        let mut fresh: Vec<String> = Vec::new();
        for i in layered
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
        {
            match known.get_mut(&key(i)) {
                Some(n) if *n > 0 => *n -= 1,
                _ => fresh.push(match &i.feature {
                    Some(f) => format!("{f}: {}", i.problem),
                    None => i.problem.clone(),
                }),
            }
        }
        if !fresh.is_empty() {
            self.refuse(format!("Not saved: {}", fresh.join("; ")));
            return false;
        }
        let edit = AtlasEdit {
            before: part.atlas.clone(),
            after: new.clone(),
        };
        if !self.write_and_install(new, layered) {
            return false;
        }
        self.authoring.history.record(edit);
        self.notices.tell(Topic::Atlas, done);
        true
    }

    fn refuse(&mut self, why: String) {
        self.notices.refuse(Topic::Atlas, why);
    }

    /// The shipped content with `user` layered over it.
    fn layer(&self, user: &UserAtlas) -> Layered {
        let Some(part) = &self.authoring.part else {
            return Layered::default();
        };
        user_atlas::layer(
            &part.shipped,
            &self.doc.atlas.countries,
            user,
            &part.dir.display().to_string(),
        )
    }

    /// Writes `new` over what the folder held and shows it; if the folder was changed
    /// elsewhere, reads it again instead and says so.
    fn write_and_install(&mut self, new: UserAtlas, layered: Layered) -> bool {
        let Some(part) = &self.authoring.part else {
            return false;
        };
        let dir = part.dir.clone();
        match new.write(&dir, &part.atlas) {
            Ok(()) => {
                self.install(new, layered);
                true
            }
            Err(WriteError::Changed(why)) => {
                // What is there now is what the user has; the history no longer applies.
                self.reread_user_atlas(&dir);
                self.authoring.history.clear();
                self.refuse(why);
                false
            }
            Err(WriteError::Failed(why)) => {
                self.refuse(why);
                false
            }
        }
    }

    /// Reads the folder again and shows what it holds (its unreadable files in the banner).
    fn reread_user_atlas(&mut self, dir: &Path) {
        let read = UserAtlas::read(dir);
        let mut layered = self.layer(&read.atlas);
        layered.issues.splice(0..0, read.issues);
        if let Some(part) = &mut self.authoring.part {
            part.blocked = read.blocked;
        }
        self.install(read.atlas, layered);
    }

    /// Shows a layered user atlas: the features, articles and the banner's problems.
    fn install(&mut self, atlas: UserAtlas, layered: Layered) {
        let selected = self
            .maps
            .selection
            .feature()
            .and_then(|i| self.doc.atlas.features.get(i))
            .map(|f| f.id.clone());
        let article = self
            .panels
            .article
            .as_ref()
            .and_then(|(i, _)| self.doc.corpus.articles.get(*i))
            .map(|a| a.meta.id.clone());
        if let Some(part) = &mut self.authoring.part {
            let dir = part.dir.display().to_string();
            part.atlas = atlas;
            part.added = layered.added;
            self.notices.problems.retain(|i| !i.file.starts_with(&dir));
        }
        self.notices.problems.extend(layered.issues.iter().cloned());
        self.authoring.issues = layered.issues;
        self.doc
            .replace_content(layered.features, layered.memberships, layered.corpus);
        if matches!(self.maps.selection, Selection::Feature(_)) {
            self.maps.selection = selected
                .and_then(|id| self.doc.atlas.features.iter().position(|f| f.id == id))
                .map_or(Selection::None, Selection::Feature);
        }
        if let Some(id) = article {
            match self.doc.corpus.index_of(&id) {
                Some(i) => {
                    if let Some((index, _)) = &mut self.panels.article {
                        *index = i;
                    }
                }
                None => self.panels.article = None,
            }
        }
        self.panels.search_results = None;
        // Indices into what changed: the passage (an article's sentences), the subjects.
        self.authoring.passage = None;
        self.presentation.subjects = match self.presentation.current_scene() {
            Some(scene) => self
                .doc
                .scene_subjects(&scene.caption, self.maps.selection.feature()),
            None => Vec::new(),
        };
        self.refresh_layers();
        self.refresh_overlay();
    }

    /// Undoes (or redoes) the last change to the user's atlas: the atlas as it was written
    /// back; if it cannot be, the history stands as it was.
    fn step_history(&mut self, undo: bool) {
        if self.authoring.part.is_none() {
            return;
        }
        let step = if undo {
            self.authoring.history.undo()
        } else {
            self.authoring.history.redo()
        };
        let Some(edit) = step else {
            return;
        };
        let target = if undo { edit.before } else { edit.after };
        let layered = self.layer(&target);
        if self.write_and_install(target, layered) {
            let what = if undo { "Undone" } else { "Redone" };
            self.notices
                .tell(Topic::Atlas, format!("{what}: your atlas as it was"));
        } else if !self.authoring.history.is_empty() {
            // Not written (and the history still stands): as it was.
            self.authoring.history.take_back(undo);
        }
    }

    /// A copy of the user atlas to change; without a data folder, says so.
    fn user_atlas(&mut self) -> Option<UserAtlas> {
        let atlas = self.authoring.part.as_ref().map(|p| p.atlas.clone());
        if atlas.is_none() {
            self.refuse("CASA has no data folder to keep your additions in".into());
        }
        atlas
    }

    fn save_article(&mut self) {
        let Some(draft) = self.settings.article_draft.clone() else {
            return;
        };
        let Some(mut atlas) = self.user_atlas() else {
            self.refuse("CASA has no data folder to keep your additions in".into());
            return;
        };
        let id = draft.id.trim().to_owned();
        let mut article = match draft.to_article() {
            Ok(a) => a,
            Err(why) => return self.refuse(format!("Not saved: {why}")),
        };
        let done = if let Some(editing) = &draft.editing {
            let Some(old) = atlas.articles.iter_mut().find(|a| a.id() == Some(editing)) else {
                return self.refuse(format!("Not saved: {editing} is no longer in your atlas"));
            };
            // Only what the form shows changes: the id, the file and its text stay (what
            // cites the article depends on them), and so does what the form does not show.
            for key in [
                "title",
                "title_in_file",
                "outlet",
                "authors",
                "date",
                "date_basis",
                "date_note",
                "url",
                "parts",
            ] {
                if let Some(map) = old.entry.as_object_mut() {
                    map.insert(key.into(), article.entry[key].clone());
                }
            }
            format!("Saved the article {editing:?}")
        } else {
            if self.doc.corpus.get(&id).is_some() {
                return self.refuse(format!(
                    "Not saved: an article with the id {id:?} is already in the atlas; choose another id"
                ));
            }
            // Never over another article's text (an entry written by hand may name any file).
            let dir = self.authoring.part.as_ref().map(|p| p.dir.clone());
            let taken = |stem: &str| {
                let name = format!("{stem}.txt");
                let on_disk = dir.as_ref().is_some_and(|d| d.join(&name).exists());
                on_disk
                    || atlas
                        .articles
                        .iter()
                        .any(|a| a.file().is_some_and(|f| f.eq_ignore_ascii_case(&name)))
            };
            article.entry["file"] = format!("{}.txt", unique_id(&id, &taken)).into();
            atlas.articles.push(article);
            format!("Added the article {id:?} to your atlas")
        };
        let id = draft.editing.clone().unwrap_or(id);
        if self.commit(atlas, done) {
            self.settings.article_draft = None;
            if let Some(index) = self.doc.corpus.index_of(&id) {
                self.panels.article = Some((index, 0..0));
                self.panels.scroll_article = false;
            }
        }
    }

    fn edit_article(&mut self, id: &str) {
        if self.settings.article_draft.is_some() {
            return self.refuse("Add or discard the article form that is open first".into());
        }
        let article = self
            .authoring
            .part
            .as_ref()
            .and_then(|p| p.atlas.articles.iter().find(|a| a.id() == Some(id)));
        match article.and_then(ArticleDraft::from_article) {
            Some(draft) => self.settings.article_draft = Some(draft),
            None => self.refuse(format!(
                "{id} cannot be edited here (its entry or text does not read as CASA writes them)"
            )),
        }
    }

    fn remove_article(&mut self, id: &str) {
        let Some(mut atlas) = self.user_atlas() else {
            return;
        };
        atlas.articles.retain(|a| a.id() != Some(id));
        // Whatever still cites it is reported by the checks, and the removal refused.
        let _ = self.commit(
            atlas,
            format!("Removed the article {id:?} from your atlas (Undo brings it back)"),
        );
    }

    fn select_sentence(&mut self, article: usize, sentence: usize, extend: bool) {
        let first = match &self.authoring.passage {
            Some((p, _)) if extend && p.article == article => p.first,
            _ => sentence,
        };
        let passage = SentenceRange {
            article,
            first,
            last: sentence,
        };
        let Some(text) = self.doc.corpus.articles.get(article) else {
            return;
        };
        match passage.range(text) {
            Ok(range) => {
                let quote = text.text[range].to_owned();
                self.authoring.passage = Some((passage, quote));
                self.notices.clear(Topic::Atlas);
            }
            Err(why) => {
                self.authoring.passage = None;
                self.refuse(format!("Cannot quote this: {why}"));
            }
        }
    }

    /// The article id and the quote selected, checked verbatim in the article's content.
    fn quote(&mut self) -> Option<(String, String)> {
        let (passage, quote) = self.authoring.passage.clone()?;
        let article = self.doc.corpus.articles.get(passage.article)?;
        if let Err(miss) = article.find_quote(&quote) {
            self.refuse(format!("Cannot cite this: {miss}"));
            return None;
        }
        Some((article.meta.id.clone(), quote))
    }

    /// Whether a feature or membership period already cites this passage.
    fn cites(sources: &[crate::model::Source], article: &str, quote: &str) -> bool {
        sources.iter().any(|s| {
            matches!(s, crate::model::Source::Quote { article: a, quote: q, .. } if a == article && q == quote)
        })
    }

    fn cite_on(&mut self, id: &str) {
        let Some((article, quote)) = self.quote() else {
            return;
        };
        if self
            .doc
            .atlas
            .feature(id)
            .is_some_and(|f| Self::cites(&f.sources, &article, &quote))
        {
            return self.refuse(format!("{id} already cites this passage"));
        }
        let Some(mut atlas) = self.user_atlas() else {
            return;
        };
        if let Err(why) = add_citation(&mut atlas, id, &article, &quote) {
            return self.refuse(why);
        }
        let name = self
            .doc
            .atlas
            .feature(id)
            .map_or(id.to_owned(), |f| f.name.clone());
        if self.commit(atlas, format!("Cited the passage on {name}")) {
            self.authoring.passage = None;
        }
    }

    fn cite_on_membership(&mut self, index: usize) {
        let Some(period) = self.doc.atlas.memberships.get(index) else {
            return;
        };
        let reference = user_atlas::MembershipRef::of(period);
        let cited = period.sources.clone();
        let Some((article, quote)) = self.quote() else {
            return;
        };
        if Self::cites(&cited, &article, &quote) {
            return self.refuse(format!("{} already cites this passage", reference.key()));
        }
        let Some(mut atlas) = self.user_atlas() else {
            return;
        };
        atlas.citations.push(json!({
            "membership": reference,
            "article": article,
            "quote": quote,
        }));
        let what = reference.key();
        if self.commit(atlas, format!("Cited the passage on the membership {what}")) {
            self.authoring.passage = None;
        }
    }

    fn open_correction(&mut self, id: String) {
        if self.settings.correction_draft.is_some() {
            return self.refuse("Save or discard the correction that is open first".into());
        }
        let passage = self
            .authoring
            .passage
            .is_some()
            .then(|| self.quote())
            .flatten();
        let article_says = passage
            .as_ref()
            .map(|(_, q)| format!("‘{q}’"))
            .unwrap_or_default();
        self.settings.correction_draft = Some(CorrectionDraft {
            feature: id,
            article_says,
            passage,
            ..CorrectionDraft::default()
        });
    }

    fn save_correction(&mut self) {
        let (Some(draft), Some(mut atlas)) =
            (self.settings.correction_draft.clone(), self.user_atlas())
        else {
            return;
        };
        let value = match draft.to_value() {
            Ok(v) => v,
            Err(why) => return self.refuse(format!("Not saved: {why}")),
        };
        // The article's words stay among the feature's sources, beside the correction.
        if let Some((article, quote)) = &draft.passage {
            let cited = self.doc.atlas.feature(&draft.feature).is_some_and(|f| {
                f.sources.iter().any(
                    |s| matches!(s, crate::model::Source::Quote { quote: q, article: a, .. } if q == quote && a == article),
                )
            });
            if !cited && let Err(why) = add_citation(&mut atlas, &draft.feature, article, quote) {
                return self.refuse(why);
            }
        }
        atlas.corrections.push(value);
        if self.commit(atlas, format!("Saved the correction of {}", draft.feature)) {
            self.settings.correction_draft = None;
            self.authoring.passage = None;
        }
    }

    fn new_feature_from_passage(&mut self) {
        let Some((article, quote)) = self.quote() else {
            return;
        };
        let from = crate::edit::authoring::years_in(&quote)
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        match &mut self.settings.feature_draft {
            // A feature being written down cites one more passage.
            Some(draft) if draft.editing.is_none() => {
                if !draft.sources.contains(&(article.clone(), quote.clone())) {
                    draft.sources.push((article, quote));
                }
                self.notices.tell(
                    Topic::Atlas,
                    "The passage is added to the feature being written down",
                );
            }
            Some(_) => {
                return self.refuse("Save or discard the feature being edited first".into());
            }
            None => {
                self.settings.feature_draft = Some(FeatureDraft {
                    sources: vec![(article, quote)],
                    from,
                    ..FeatureDraft::default()
                });
            }
        }
        self.authoring.passage = None;
    }

    fn edit_feature(&mut self, id: &str) {
        if self.settings.feature_draft.is_some() {
            return self.refuse("Save or discard the feature form that is open first".into());
        }
        let value = self
            .authoring
            .part
            .as_ref()
            .and_then(|p| p.atlas.features.iter().find(|f| feature_id(f) == Some(id)));
        match value.and_then(FeatureDraft::from_value) {
            Some(draft) => self.settings.feature_draft = Some(draft),
            None => self.refuse(format!("{id} is not one of your point features")),
        }
    }

    fn delete_feature(&mut self, id: &str) {
        // A scene showing it would be left out of the briefing at the next start.
        let shown = self.presentation.briefing.scenes.iter().find(|scene| {
            scene.select.as_deref() == Some(id)
                || scene.annotations.iter().any(|a| match a {
                    crate::model::annotation::Entry::Read(a) => a.names(id),
                    crate::model::annotation::Entry::Unread(_) => false,
                })
        });
        if let Some(scene) = shown {
            return self.refuse(format!(
                "The scene {:?} shows {id}: change or delete the scene first",
                scene.name
            ));
        }
        let Some(mut atlas) = self.user_atlas() else {
            return;
        };
        atlas.features.retain(|f| feature_id(f) != Some(id));
        let names = |v: &Value| v.get("feature").and_then(Value::as_str) == Some(id);
        atlas.citations.retain(|c| !names(c));
        atlas.corrections.retain(|c| !names(c));
        let _ = self.commit(atlas, format!("Deleted {id} (Undo brings it back)"));
    }

    /// Places the feature being edited at a clicked position, with the countries there.
    pub(super) fn place_feature_at(&mut self, at: LonLat) {
        let countries = self.countries_at(at);
        if let Some(draft) = &mut self.settings.feature_draft {
            draft.position = Some([at.lon, at.lat]);
            draft.countries = countries;
        }
        self.authoring.placing = false;
    }

    fn countries_at(&self, at: LonLat) -> Vec<String> {
        use geo::Contains;
        let point = geo::Point::new(at.lon, at.lat);
        self.doc
            .atlas
            .countries
            .iter()
            .filter(|c| c.geometry.contains(&point))
            .map(|c| c.id.0.clone())
            .collect()
    }

    fn place_typed(&mut self) {
        let Some(typed) = self
            .settings
            .feature_draft
            .as_ref()
            .map(|d| d.typed.clone())
        else {
            return;
        };
        match crate::query::search::resolve(&self.doc.atlas, &typed) {
            Ok(endpoint) => {
                self.place_feature_at(endpoint.at);
                self.notices
                    .tell(Topic::Atlas, format!("Placed at {}", endpoint.name));
            }
            Err(why) => self.refuse(why.to_string()),
        }
    }

    fn save_feature(&mut self) {
        let (Some(draft), Some(mut atlas)) =
            (self.settings.feature_draft.clone(), self.user_atlas())
        else {
            return;
        };
        let id = draft.editing.clone().unwrap_or_else(|| {
            // Not an id of the atlas, nor of one of the user's that did not load.
            let taken = |id: &str| {
                self.doc.atlas.feature(id).is_some()
                    || atlas.features.iter().any(|f| feature_id(f) == Some(id))
            };
            unique_id(&slug(&draft.name), &taken)
        });
        let old = atlas
            .features
            .iter_mut()
            .find(|f| feature_id(f) == Some(&id));
        let result = match (old, &draft.editing) {
            (Some(old), Some(_)) => draft.apply_to(old, &id).map(|v| *old = v),
            (None, None) => draft.to_value(&id).map(|v| atlas.features.push(v)),
            _ => Err(format!("{id} is no longer among your features")),
        };
        if let Err(why) = result {
            return self.refuse(format!("Not saved: {why}"));
        }
        if self.commit(
            atlas,
            format!("Saved {:?} to your atlas", draft.name.trim()),
        ) {
            self.settings.feature_draft = None;
            self.authoring.placing = false;
            if let Some(i) = self.doc.atlas.features.iter().position(|f| f.id == id) {
                self.maps.selection = Selection::Feature(i);
            }
        }
    }

    /// Reads a text file into the Add article form (the file is only read).
    pub(super) fn read_article_file(&mut self, path: &Path) {
        match crate::data::read_user_text(path) {
            Ok(text) => {
                let draft = self
                    .settings
                    .article_draft
                    .get_or_insert_with(ArticleDraft::default);
                draft.text = text;
                draft.from_file = path.display().to_string();
                draft.furniture.clear();
                self.notices.clear(Topic::Atlas);
            }
            Err(why) => self.refuse(why),
        }
    }

    /// Writes the user's additions to one file to share.
    pub(super) fn export_additions(&mut self, path: &Path) {
        let Some(atlas) = self.user_atlas() else {
            return;
        };
        if atlas.is_empty() {
            return self.refuse("You have added nothing to share yet".into());
        }
        match crate::sys::persist::write_atomic(path, atlas.to_shared().as_bytes()) {
            Ok(()) => {
                self.notices.tell(
                    Topic::Atlas,
                    format!(
                        "Saved your additions ({} articles, {} features, {} citations) to {}",
                        atlas.articles.len(),
                        atlas.features.len(),
                        atlas.citations.len(),
                        path.display()
                    ),
                );
            }
            Err(e) => self.refuse(format!("Cannot write {}: {e}", path.display())),
        }
    }

    /// Reads a colleague's additions and sets them against one's own.
    pub(super) fn import_additions(&mut self, path: &Path) {
        if self.presentation.waiting.is_some() {
            return self.refuse(
                "A briefing package's entries are waiting for your choice: finish that first"
                    .into(),
            );
        }
        let Some(mine) = self.user_atlas() else {
            return self.refuse("CASA has no data folder to keep your additions in".into());
        };
        let theirs = crate::data::read_user_text(path).and_then(|t| {
            UserAtlas::from_shared(&t).map_err(|e| format!("{}: {e}", path.display()))
        });
        match theirs {
            Ok(theirs) => {
                let merge = Merge::new(&mine, theirs);
                if merge.new == 0 && merge.conflicts.is_empty() {
                    self.notices.tell(
                        Topic::Atlas,
                        format!("Nothing new in {}: you have it all", path.display()),
                    );
                } else {
                    self.authoring.merge = Some(merge);
                }
            }
            Err(why) => self.refuse(why),
        }
    }
}

/// Cites a passage on a feature: in its own sources if it is the user's, else in the
/// citations file.
fn add_citation(atlas: &mut UserAtlas, id: &str, article: &str, quote: &str) -> Result<(), String> {
    let source = json!({ "article": article, "quote": quote });
    match atlas
        .features
        .iter_mut()
        .find(|f| feature_id(f) == Some(id))
    {
        Some(feature) => match feature
            .pointer_mut("/properties/sources")
            .and_then(Value::as_array_mut)
        {
            Some(sources) => sources.push(source),
            None => return Err(format!("{id} has no sources list to add to")),
        },
        None => atlas
            .citations
            .push(json!({ "feature": id, "article": article, "quote": quote })),
    }
    Ok(())
}
