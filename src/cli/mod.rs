//! The command-line reports: `casa check` (validate everything) and `casa info QUERY`
//! (a feature's facts and excerpts, as the side panel shows them).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::data::{Loaded, Severity};
use crate::model::corpus::Corpus;
use crate::model::{Correction, Feature, Source};
use crate::query::dossier::{self, Passage};
use crate::query::search;

/// The outcome of `casa check`: the report to print and whether it passed.
pub struct CheckReport {
    /// One line per problem, then a summary.
    pub text: String,
    /// False when anything was skipped (an error); warnings alone pass.
    pub ok: bool,
}

/// Validates a load: each problem on one line (`file: feature id: problem`), then counts.
pub fn check(loaded: &Loaded) -> CheckReport {
    let mut text = String::new();
    for issue in &loaded.issues {
        let tag = match issue.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "note",
        };
        let _ = writeln!(text, "{tag}: {issue}");
    }
    let errors = loaded.errors().count();
    let warnings = loaded.issues.len() - errors;
    let atlas = &loaded.atlas;
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_category: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut quotes, mut references) = (0, 0);
    let mut count_sources = |sources: &[Source]| {
        for s in sources {
            match s {
                Source::Quote { .. } => quotes += 1,
                Source::Reference { .. } => references += 1,
            }
        }
    };
    for f in &atlas.features {
        *by_kind.entry(f.kind.label()).or_default() += 1;
        *by_category.entry(f.kind.category().label()).or_default() += 1;
        count_sources(&f.sources);
    }
    for o in &atlas.organisations {
        count_sources(&o.sources);
    }
    for m in &atlas.memberships {
        count_sources(&m.sources);
    }
    let sentences: usize = loaded
        .corpus
        .articles
        .iter()
        .map(|a| a.sentences.len())
        .sum();
    let mentions: usize = atlas.features.iter().map(|f| f.mentions.len()).sum();
    let list = |m: &BTreeMap<&str, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        text,
        "{} features ({}): {}",
        atlas.features.len(),
        list(&by_category),
        list(&by_kind)
    );
    let _ = writeln!(
        text,
        "{} organisations, {} membership periods; {} articles, {} sentences",
        atlas.organisations.len(),
        atlas.memberships.len(),
        loaded.corpus.articles.len(),
        sentences
    );
    let _ = writeln!(
        text,
        "{} sources: {quotes} quotes verified verbatim, {references} named references; {mentions} other sentences mention a feature",
        quotes + references
    );
    let scene_quotes: usize = loaded
        .briefing
        .scenes
        .iter()
        .flat_map(|s| &s.sources)
        .filter(|s| matches!(s, crate::model::briefing::SceneSource::Quote { .. }))
        .count();
    let _ = writeln!(
        text,
        "briefing “{}”: {} scenes, their captions citing {scene_quotes} quotes verified verbatim",
        loaded.briefing.title,
        loaded.briefing.scenes.len()
    );
    let _ = writeln!(text, "{}", review_summary(loaded));
    let _ = writeln!(
        text,
        "{}: {errors} error(s), {warnings} warning(s)",
        if errors == 0 {
            "check passed"
        } else {
            "check FAILED"
        }
    );
    CheckReport {
        text,
        ok: errors == 0,
    }
}

/// How much of the atlas was checked against the public record, and how often it differs.
fn review_summary(loaded: &Loaded) -> String {
    let atlas = &loaded.atlas;
    let scenes = &loaded.briefing.scenes;
    let reviewed = atlas
        .features
        .iter()
        .filter(|f| f.reviewed.is_some())
        .count()
        + atlas
            .memberships
            .iter()
            .filter(|m| m.reviewed.is_some())
            .count()
        + atlas
            .organisations
            .iter()
            .filter(|o| o.reviewed.is_some())
            .count()
        + atlas.facts.iter().filter(|f| f.reviewed.is_some()).count()
        + scenes.iter().filter(|s| s.reviewed.is_some()).count();
    let items = atlas.features.len()
        + atlas.memberships.len()
        + atlas.organisations.len()
        + atlas.facts.len()
        + scenes.len();
    let corrections = atlas
        .features
        .iter()
        .map(|f| f.corrections.len())
        .sum::<usize>()
        + atlas
            .memberships
            .iter()
            .map(|m| m.corrections.len())
            .sum::<usize>()
        + atlas
            .facts
            .iter()
            .map(|f| f.corrections.len())
            .sum::<usize>()
        + scenes.iter().map(|s| s.corrections.len()).sum::<usize>();
    format!(
        "{} country facts; against the public record: {reviewed} of {items} items reviewed, {corrections} corrections where the record differs from an article",
        atlas.facts.len()
    )
}

/// `casa info QUERY`: the matching feature's facts and excerpts, or the list of matches.
/// `Err` when nothing matches.
pub fn info(loaded: &Loaded, query: &str, json: bool) -> Result<String, String> {
    if let Some(d) =
        dossier::find_country(&loaded.atlas, query).and_then(|i| dossier::country(&loaded.atlas, i))
    {
        return Ok(if json {
            serde_json::to_string_pretty(&country_json(loaded, &d)).unwrap_or_default()
        } else {
            country_text(loaded, &d)
        });
    }
    let found = search::find_features(&loaded.atlas, query);
    match found.as_slice() {
        [] => Err(format!("no feature or country matches {query:?}")),
        [one] if json => {
            Ok(serde_json::to_string_pretty(&feature_json(loaded, one)).unwrap_or_default())
        }
        [one] => Ok(feature_text(loaded, one)),
        many if json => Ok(serde_json::to_string_pretty(&serde_json::json!({
            "query": query,
            "matches": many.iter().map(|f| serde_json::json!({
                "id": f.id, "name": f.name, "kind": f.kind.label(),
            })).collect::<Vec<_>>(),
        }))
        .unwrap_or_default()),
        many => {
            let mut text = format!(
                "{} features match {query:?}; ask for one by id:\n",
                many.len()
            );
            for f in many {
                let _ = writeln!(text, "  {:<36} {} ({})", f.id, f.name, f.kind.label());
            }
            Ok(text)
        }
    }
}

fn cite(corpus: &Corpus, p: &Passage) -> String {
    corpus
        .articles
        .get(p.article)
        .map_or_else(String::new, |a| {
            let label = p.label.map_or_else(String::new, |l| format!("{l}, "));
            format!(
                "{}{} [{}, line {}]",
                label,
                a.meta.citation(),
                a.meta.file,
                p.line
            )
        })
}

/// The passage with its highlight in «guillemets».
fn marked(p: &Passage) -> String {
    let c = &p.context;
    if p.highlight.is_empty() {
        return c.clone();
    }
    format!(
        "{}«{}»{}",
        &c[..p.highlight.start],
        &c[p.highlight.clone()],
        &c[p.highlight.end..]
    )
}

fn feature_text(loaded: &Loaded, f: &Feature) -> String {
    let atlas = &loaded.atlas;
    let corpus = &loaded.corpus;
    let mut t = String::new();
    let _ = writeln!(t, "{}  [{}]", f.name, f.id);
    if !f.aliases.is_empty() {
        let _ = writeln!(t, "  also: {}", f.aliases.join("; "));
    }
    let _ = writeln!(
        t,
        "  kind: {} ({})",
        f.kind.label(),
        f.kind.category().label()
    );
    let _ = writeln!(t, "  actor: {}", dossier::actor_text(f));
    let _ = writeln!(t, "  country: {}", dossier::countries_text(f, atlas));
    let _ = writeln!(
        t,
        "  position: {} — precision {}: {}",
        dossier::position_text(f),
        f.precision.label(),
        f.placement
    );
    if let Some(p) = &f.period {
        let note = p
            .note
            .as_ref()
            .map_or_else(String::new, |n| format!(" ({n})"));
        let _ = writeln!(t, "  when: {}{note}{}", p.text(), source_marks(&p.sources));
    }
    for fig in &f.figures {
        let _ = writeln!(
            t,
            "  {}: {}{}",
            fig.label,
            fig.value,
            source_marks(&[fig.source])
        );
    }
    let certainty = f
        .certainty_note
        .as_ref()
        .map_or_else(String::new, |n| format!(" — {n}"));
    let _ = writeln!(t, "  certainty: {}{certainty}", f.certainty.label());
    if let Some(n) = &f.note {
        let _ = writeln!(t, "  note: {n}");
    }
    corrections_text(&mut t, &f.corrections, "  ");
    if let Some(r) = &f.reviewed {
        let _ = writeln!(t, "  {}", r.text());
    }
    let excerpts = dossier::excerpts(f, corpus);
    if !excerpts.is_empty() {
        let _ = writeln!(t, "\nWhat the articles say:");
        for (i, p) in &excerpts {
            let _ = writeln!(
                t,
                "  [{}] {}\n      — {}",
                i + 1,
                marked(p),
                cite(corpus, p)
            );
        }
    }
    let references = dossier::references(f);
    if !references.is_empty() {
        let _ = writeln!(t, "\nOther references:");
        for (i, reference, about) in references {
            let _ = writeln!(t, "  [{}] {reference} — for {about}", i + 1);
        }
    }
    let mentions = dossier::mentions(f, corpus);
    if !mentions.is_empty() {
        let _ = writeln!(t, "\nAlso mentioned:");
        for p in &mentions {
            let _ = writeln!(t, "  - {}\n      — {}", p.context, cite(corpus, p));
        }
    }
    let related = related_to(loaded, f);
    if !related.is_empty() {
        let _ = writeln!(t, "\nRelated features (named in the same passages):");
        for r in related {
            let _ = writeln!(t, "  {:<36} {}", r.id, r.name);
        }
    }
    t
}

/// The features named in the same sentences as `f`, most shared first.
fn related_to<'a>(loaded: &'a Loaded, f: &Feature) -> Vec<&'a Feature> {
    let features = &loaded.atlas.features;
    let Some(index) = features.iter().position(|g| g.id == f.id) else {
        return Vec::new();
    };
    dossier::related(features)
        .get(index)
        .map(|r| r.iter().filter_map(|&j| features.get(j)).collect())
        .unwrap_or_default()
}

/// Each correction on its own line, marked: what the article says, then the record.
fn corrections_text(t: &mut String, corrections: &[Correction], indent: &str) {
    for c in corrections {
        let article = c
            .article
            .as_ref()
            .map_or_else(String::new, |a| format!(" {a}."));
        let _ = writeln!(
            t,
            "{indent}{} {}:{article} {}",
            dossier::CORRECTED_MARK,
            c.subject(),
            c.text()
        );
    }
}

/// `casa info COUNTRY`: what the country panel shows.
fn country_text(loaded: &Loaded, d: &dossier::CountryDossier<'_>) -> String {
    let atlas = &loaded.atlas;
    let corpus = &loaded.corpus;
    let c = d.country;
    let mut t = String::new();
    let _ = writeln!(t, "{}  [{}]\n  {}", c.name, c.id.0, c.role.describe());
    if let Some(note) = &c.note {
        let _ = writeln!(t, "  {} — {}", note.text, note.source);
    }
    let _ = writeln!(t, "\nMemberships:");
    if d.memberships.is_empty() {
        let _ = writeln!(t, "  none recorded in the atlas");
    }
    for (o, periods) in &d.memberships {
        let org = &atlas.organisations[*o];
        let rule = org
            .date_rule
            .as_ref()
            .map_or_else(String::new, |r| format!(" — dates: {r}"));
        let _ = writeln!(t, "  {} ({}){rule}", org.name, org.full_name);
        for m in periods {
            let note = m
                .note
                .as_ref()
                .map_or_else(String::new, |n| format!(" — {n}"));
            let _ = writeln!(t, "    {}{note}", dossier::period_text(org, m));
            for s in &m.sources {
                let _ = writeln!(t, "      {}", dossier::source_line(corpus, s));
            }
            corrections_text(&mut t, &m.corrections, "      ");
        }
    }
    if !d.facts.is_empty() {
        let _ = writeln!(t, "\nWhat the articles say about {}:", c.name);
        for f in &d.facts {
            let _ = writeln!(t, "  [{}] {}", f.topic, f.text);
            for s in &f.sources {
                let _ = writeln!(t, "      {}", dossier::source_line(corpus, s));
            }
            corrections_text(&mut t, &f.corrections, "      ");
        }
    }
    let _ = writeln!(t, "\nFeatures in {}: {}", c.name, d.features.len());
    for &i in &d.features {
        let f = &atlas.features[i];
        let mark = if f.corrections.is_empty() {
            ""
        } else {
            dossier::CORRECTED_MARK
        };
        let when = f
            .period
            .as_ref()
            .map_or_else(String::new, |p| format!(", {}", p.text()));
        let _ = writeln!(
            t,
            "  {:<36} {}{mark} ({}{when})",
            f.id,
            f.name,
            f.kind.label()
        );
    }
    t
}

fn country_json(loaded: &Loaded, d: &dossier::CountryDossier<'_>) -> serde_json::Value {
    let atlas = &loaded.atlas;
    let corpus = &loaded.corpus;
    let lines = |sources: &[Source]| -> Vec<String> {
        sources
            .iter()
            .map(|s| dossier::source_line(corpus, s))
            .collect()
    };
    serde_json::json!({
        "id": d.country.id.0,
        "name": d.country.name,
        "role": d.country.role.describe(),
        "memberships": d.memberships.iter().map(|(o, periods)| {
            let org = &atlas.organisations[*o];
            serde_json::json!({
                "organisation": org.id,
                "date_rule": org.date_rule,
                "periods": periods.iter().map(|m| serde_json::json!({
                    "status": m.status, "from": m.from, "until": m.until, "note": m.note,
                    "sources": lines(&m.sources), "corrections": m.corrections,
                })).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
        "facts": d.facts.iter().map(|f| serde_json::json!({
            "id": f.id, "topic": f.topic, "text": f.text,
            "countries": f.countries.iter().map(|c| &c.0).collect::<Vec<_>>(),
            "sources": lines(&f.sources), "corrections": f.corrections,
        })).collect::<Vec<_>>(),
        "features": d.features.iter().map(|&i| &atlas.features[i].id).collect::<Vec<_>>(),
    })
}

fn source_marks(sources: &[usize]) -> String {
    if sources.is_empty() {
        return String::new();
    }
    let marks: Vec<String> = sources.iter().map(|s| format!("[{}]", s + 1)).collect();
    format!(" {}", marks.join(""))
}

fn passage_json(corpus: &Corpus, p: &Passage) -> serde_json::Value {
    let meta = corpus.articles.get(p.article).map(|a| &a.meta);
    serde_json::json!({
        "text": p.context,
        "highlight": (!p.highlight.is_empty()).then(|| &p.context[p.highlight.clone()]),
        "label": p.label,
        "article": meta.map(|m| &m.id),
        "file": meta.map(|m| &m.file),
        "line": p.line,
        "title": meta.and_then(|m| m.title.as_ref()),
        "outlet": meta.and_then(|m| m.outlet.as_ref()),
        "authors": meta.and_then(|m| m.authors.as_ref()),
        "date": meta.map(|m| m.date_text()),
    })
}

fn feature_json(loaded: &Loaded, f: &Feature) -> serde_json::Value {
    let corpus = &loaded.corpus;
    let sources: Vec<serde_json::Value> = f
        .sources
        .iter()
        .map(|s| match s {
            Source::Quote {
                article,
                quote,
                location,
            } => {
                let passage = dossier::passage(
                    corpus,
                    location.article,
                    location.range.clone(),
                    location.sentences.clone(),
                );
                serde_json::json!({
                    "article": article,
                    "quote": quote,
                    "passage": passage.map(|p| passage_json(corpus, &p)),
                })
            }
            Source::Reference { reference, about } => {
                serde_json::json!({ "reference": reference, "about": about })
            }
        })
        .collect();
    serde_json::json!({
        "id": f.id,
        "name": f.name,
        "aliases": f.aliases,
        "kind": f.kind,
        "category": f.kind.category(),
        "actor": f.actor,
        "actor_detail": f.actor_detail,
        "countries": f.countries.iter().map(|c| &c.0).collect::<Vec<_>>(),
        "position": dossier::position_text(f),
        "precision": f.precision,
        "placement": f.placement,
        "period": f.period.as_ref().map(|p| serde_json::json!({
            "from": p.from, "until": p.until, "note": p.note, "sources": p.sources,
        })),
        "figures": f.figures,
        "certainty": f.certainty,
        "certainty_note": f.certainty_note,
        "note": f.note,
        "sources": sources,
        "corrections": f.corrections,
        "reviewed": f.reviewed,
        "also_mentioned": dossier::mentions(f, corpus)
            .iter()
            .map(|p| passage_json(corpus, p))
            .collect::<Vec<_>>(),
        "related": related_to(loaded, f).iter().map(|r| &r.id).collect::<Vec<_>>(),
    })
}

/// `casa check --layer FILE...`: validates files as layers, as import and `casa export
/// --layer` read them. One line per kind of problem (`verbose`: per problem), then a
/// summary per file. `ok` is false if a file is refused or a feature skipped, and, when
/// `strict`, if there is any warning (a layer with nothing to draw is one).
pub fn check_layers(paths: &[std::path::PathBuf], verbose: bool, strict: bool) -> CheckReport {
    let mut text = String::new();
    let mut ok = true;
    for path in paths {
        match crate::data::user_layer::load_layer(path) {
            Ok(layer) => {
                for note in &layer.notes {
                    let _ = writeln!(text, "note: {}: {note}", path.display());
                }
                for line in crate::model::issue::summarize(&layer.skipped, verbose) {
                    let _ = writeln!(text, "{line}");
                }
                if let Some(empty) = &layer.empty {
                    let _ = writeln!(text, "warning: {}: {empty}", path.display());
                }
                let unlisted: usize = layer.unlisted.iter().sum();
                if unlisted > 0 {
                    let _ = writeln!(
                        text,
                        "note: {}: {unlisted} more problem(s) not listed (the first {} are)",
                        path.display(),
                        crate::model::user_layer::MAX_LISTED_ISSUES
                    );
                }
                let count = |s: Severity| layer.count(s);
                let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
                let warnings = warnings + usize::from(layer.empty.is_some());
                ok &= errors == 0;
                if strict && warnings > 0 {
                    ok = false;
                    let _ = writeln!(
                        text,
                        "--strict: {} has {warnings} warning(s), which count as failures",
                        path.display()
                    );
                }
                let (points, lines, polygons) = layer.counts();
                let _ = writeln!(
                    text,
                    "{}: {} features ({points} points, {lines} lines, {polygons} polygons); {errors} skipped, {warnings} warning(s), {} note(s)",
                    path.display(),
                    layer.features.len(),
                    count(Severity::Notice) + layer.notes.len(),
                );
            }
            Err(e) => {
                ok = false;
                let _ = writeln!(text, "error: {e}");
            }
        }
    }
    CheckReport { text, ok }
}

/// What `casa export` is asked for.
#[derive(Clone, Debug, Default)]
pub struct ExportRequest {
    /// A scene, by name or number; `None`: the overview with every feature layer.
    pub scene: Option<String>,
    /// The whole briefing: a PDF deck, or a folder of PNG slides.
    pub briefing: bool,
    /// With `briefing`: a speaker-notes page after each scene.
    pub notes: bool,
    /// A handling mark at the top and bottom of every page; `None`: the briefing's own.
    pub banner: Option<String>,
    /// GeoJSON files drawn as extra layers.
    pub layers: Vec<std::path::PathBuf>,
    /// Pixels.
    pub size: [u32; 2],
    /// The output: .png, .svg or .pdf; with `briefing`, .pdf or a folder.
    pub out: std::path::PathBuf,
    /// The dark theme.
    pub dark: bool,
    /// The briefing file to take the scene from; `None`: the user's, else the shipped one.
    pub scenes: Option<std::path::PathBuf>,
    /// Fail (after writing) if a layer has warnings or skipped features, or nothing to
    /// draw.
    pub strict: bool,
}

impl ExportRequest {
    /// Whether the output is a folder (of PNG slides): it ends with a separator or is an
    /// existing folder.
    fn out_is_folder(&self) -> bool {
        let text = self.out.as_os_str().to_string_lossy();
        text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) || self.out.is_dir()
    }
}

/// `casa export`: draws a slide, or the whole briefing as a deck, without a window or GPU.
/// Returns what was written and any warnings (skipped features of a layer, scenes that
/// failed their checks), or why nothing was.
pub fn export(loaded: Loaded, request: &ExportRequest) -> Result<String, String> {
    let mut warnings = 0;
    let report = export_counting(loaded, request, &mut warnings)?;
    if request.strict && warnings > 0 {
        return Err(format!(
            "{report}--strict: {warnings} warning(s) or skipped feature(s) in the layers (the file was written)"
        ));
    }
    Ok(report)
}

/// [`export`], counting the layers' warnings and skipped features.
fn export_counting(
    loaded: Loaded,
    request: &ExportRequest,
    warnings: &mut usize,
) -> Result<String, String> {
    check_request(request)?;
    let mut report = String::new();
    let Loaded {
        atlas,
        corpus,
        briefing,
        ..
    } = loaded;
    let (doc, extra) = document_and_layers(atlas, corpus, &request.layers, &mut report, warnings)?;
    let theme = if request.dark {
        crate::render::style::Theme::Dark
    } else {
        crate::render::style::Theme::Light
    };
    let palette = crate::render::style::Palette::of(theme);
    let scenes = export_briefing_file(request, &doc, briefing, &mut report)?;
    let imported: Vec<crate::compose::ImportedView<'_>> = extra
        .iter()
        .map(|(layer, geometry)| crate::compose::ImportedView {
            layer,
            geometry,
            visible: true,
        })
        .collect();
    let graticule = crate::render::style::GRATICULE_BY_DEFAULT;
    // `--banner ""` asks for none, even where the briefing has one.
    let banner = match &request.banner {
        Some(b) => Some(b.trim().to_owned()).filter(|b| !b.is_empty()),
        None => scenes.banner(),
    };
    let with = if extra.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = extra
            .iter()
            .map(|(l, _)| format!("{} ({} features)", l.name, l.features.len()))
            .collect();
        format!(", with {}", names.join(", "))
    };
    if request.briefing {
        let options = crate::export::deck::DeckOptions {
            notes: request.notes,
            banner,
            date: crate::sys::clock::today(),
        };
        let source = crate::export::deck::DeckSource {
            doc: &doc,
            palette: &palette,
            graticule,
            briefing: &scenes,
            imported,
            options: &options,
        };
        let done = export_deck(&source, request)?;
        let _ = writeln!(report, "{done}{with}");
        return Ok(report);
    }
    let scene = match &request.scene {
        None => None,
        Some(query) => Some(scenes.find(query).ok_or_else(|| {
            let names: Vec<String> = scenes
                .scenes
                .iter()
                .enumerate()
                .map(|(i, s)| format!("  {}. {}", i + 1, s.name))
                .collect();
            format!("no scene {query:?}; the scenes are:\n{}", names.join("\n"))
        })?),
    };
    let mut slide = match scene.and_then(|i| scenes.scenes.get(i)) {
        Some(s) => crate::export::scene_slide(&doc, &palette, graticule, s, imported, request.size),
        None => crate::export::overview_slide(&doc, &palette, graticule, imported, request.size),
    };
    slide.banner = banner;
    crate::export::write(&slide, &request.out).map_err(|e| e.to_string())?;
    let what = scene
        .and_then(|i| scenes.scenes.get(i))
        .map_or("the overview".to_owned(), |s| format!("scene “{}”", s.name));
    let _ = writeln!(
        report,
        "wrote {} ({}×{}, {what}{with})",
        request.out.display(),
        request.size[0],
        request.size[1],
    );
    Ok(report)
}

/// What is wrong with an export request before anything is loaded: its size, the
/// output's format, options that need others, a briefing file that is not there.
fn check_request(request: &ExportRequest) -> Result<(), String> {
    crate::export::check_size(request.size).map_err(|e| e.to_string())?;
    if request.briefing {
        let pdf = extension_is(&request.out, "pdf");
        if !request.out_is_folder() && !pdf {
            return Err(format!(
                "{}: a briefing is written as a .pdf file, or into a folder of PNG slides (end the name with /)",
                request.out.display()
            ));
        }
        if request.notes && !pdf {
            return Err(
                "--notes adds speaker-notes pages to a PDF deck; a folder of slides has none"
                    .into(),
            );
        }
    } else {
        crate::export::check_format(&request.out).map_err(|e| e.to_string())?;
    }
    if request.notes && !request.briefing {
        return Err(
            "--notes adds speaker-notes pages to a briefing deck: use it with --briefing".into(),
        );
    }
    // A briefing file named for a deck must exist (for one slide, as for the app, a file
    // not yet written means no briefing of your own: the shipped one).
    if let Some(file) = request.scenes.as_ref().filter(|_| request.briefing)
        && !file.is_file()
    {
        return Err(format!("{}: no such briefing file", file.display()));
    }
    Ok(())
}

/// Whether a path's extension is `ext` (case-insensitive).
fn extension_is(path: &std::path::Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// Layers from files, read and projected, for an export.
type ExtraLayers = Vec<(
    crate::model::user_layer::UserLayer,
    crate::render::imported::ImportedGeometry,
)>;

/// The document, built while the extra layers load (the two are independent and a big
/// layer is most of the time); the layers' skipped features are reported. Only the
/// document: no GUI app, no background mesh builder.
fn document_and_layers(
    atlas: crate::model::Atlas,
    corpus: Corpus,
    paths: &[std::path::PathBuf],
    report: &mut String,
    warnings: &mut usize,
) -> Result<(crate::render::document::Document, ExtraLayers), String> {
    let (doc, layers) = std::thread::scope(|scope| {
        let doc = scope.spawn(|| crate::render::document::Document::build(atlas, corpus));
        let layers: Result<Vec<_>, String> = paths
            .iter()
            .map(|path| crate::data::user_layer::load_layer(path).map_err(|e| e.to_string()))
            .collect();
        let doc = doc.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (doc, layers)
    });
    let mut extra = Vec::new();
    for (path, layer) in paths.iter().zip(layers?) {
        for line in crate::model::issue::summarize(&layer.skipped, false) {
            let _ = writeln!(report, "{line}");
        }
        *warnings += layer.count(Severity::Warning) + layer.count(Severity::Error);
        if let Some(empty) = &layer.empty {
            *warnings += 1;
            let _ = writeln!(report, "warning: {}: {empty}", path.display());
        }
        let geometry =
            crate::render::imported::ImportedGeometry::build(&layer, &doc.geometry.projection);
        extra.push((layer, geometry));
    }
    Ok((doc, extra))
}

/// The briefing to export from: `--scenes FILE`, else the user's, else the shipped one;
/// the scenes that fail their checks are reported and left out. The file is only read
/// (never set aside or copied, as the app does with its own): a named file that cannot be
/// read or is not a briefing is an error; the user's own is then only a warning.
fn export_briefing_file(
    request: &ExportRequest,
    doc: &crate::render::document::Document,
    shipped: crate::model::briefing::Briefing,
    report: &mut String,
) -> Result<crate::model::briefing::Briefing, String> {
    let named = request.scenes.is_some();
    let file = request.scenes.clone().or_else(|| {
        crate::sys::persist::user_data_dir().map(|d| d.join(crate::model::briefing::SCENES_FILE))
    });
    let Some(file) = file.filter(|f| f.exists()) else {
        return Ok(shipped);
    };
    let refuse = |problem: String, report: &mut String| {
        if named {
            Err(problem)
        } else {
            let _ = writeln!(report, "warning: {problem}; using the shipped briefing");
            Ok(None)
        }
    };
    let name = file.display().to_string();
    let parsed = match crate::data::read_user_text(&file) {
        Err(problem) => refuse(problem, report)?,
        Ok(text) => {
            let (briefing, issues) =
                crate::model::briefing::Briefing::parse(&name, &text, &doc.atlas, &doc.corpus);
            let whole_file = issues.iter().find(|i| i.feature.is_none());
            match whole_file {
                Some(issue) if briefing.scenes.is_empty() => refuse(issue.to_string(), report)?,
                _ => {
                    for issue in &issues {
                        let _ = writeln!(report, "warning: {issue}");
                    }
                    Some(briefing)
                }
            }
        }
    };
    Ok(parsed.unwrap_or(shipped))
}

/// Writes the deck (PDF) or the folder of slides (PNG) a request asks for; says what was
/// written.
fn export_deck(
    source: &crate::export::deck::DeckSource<'_>,
    request: &ExportRequest,
) -> Result<String, String> {
    let scenes = source.briefing.scenes.len();
    if scenes == 0 {
        return Err("the briefing has no scene to export".into());
    }
    if request.out_is_folder() {
        let files = crate::export::deck::write_png_folder(source, request.size, &request.out)
            .map_err(|e| e.to_string())?;
        return Ok(format!(
            "wrote {} slides into {} ({}×{})",
            files.len(),
            request.out.display(),
            request.size[0],
            request.size[1]
        ));
    }
    let pages = source.pages();
    let title = crate::export::deck::deck_title(source.briefing);
    let n = crate::export::deck::write_pdf(&pages, title, &request.out, &mut |_| true)
        .map_err(|e| e.to_string())?;
    let bytes = std::fs::metadata(&request.out).map_or(0, |m| m.len());
    Ok(format!(
        "wrote {} ({n} pages: title, {scenes} scene{}{}, sources; {:.1} MB)",
        request.out.display(),
        if scenes == 1 { "" } else { "s" },
        if request.notes { " with notes" } else { "" },
        bytes as f64 / 1e6
    ))
}
