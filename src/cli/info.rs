//! `casa info QUERY`: a feature's or a country's facts and excerpts in context, as the
//! side panel shows them, as text or JSON.

use crate::data::Loaded;
use crate::model::corpus::Corpus;
use crate::model::{Correction, Feature, Source};
use crate::query::dossier::{self, Passage};
use crate::query::search;
use std::fmt::Write as _;

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
    if let Some(when) = dossier::when(f) {
        let note = when.note.map_or_else(String::new, |n| format!(" ({n})"));
        let marks = if when.marks.is_empty() {
            String::new()
        } else {
            format!(" {}", when.marks)
        };
        let mut lines = when.text.lines();
        let first = lines.next().unwrap_or_default();
        let _ = writeln!(t, "  when: {first}{note}{marks}");
        for line in lines {
            let _ = writeln!(t, "    {line}");
        }
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

/// Citation marks after a space (" [1][2]"), or nothing.
fn source_marks(sources: &[usize]) -> String {
    if sources.is_empty() {
        return String::new();
    }
    format!(" {}", dossier::source_marks(sources))
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
        "operator": f.operator,
        "status": f.status,
        "countries": f.countries.iter().map(|c| &c.0).collect::<Vec<_>>(),
        "position": dossier::position_text(f),
        "precision": f.precision,
        "placement": f.placement,
        "period": f.period.as_ref().map(|p| serde_json::json!({
            "from": p.from, "until": p.until, "note": p.note, "agreements": p.agreements,
            "sources": p.sources,
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
