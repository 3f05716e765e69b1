//! The article corpus: the texts, what is known of them, which parts are page furniture,
//! and their sentences. Pure data and text processing; no UI and no file access.

pub mod fold;
pub mod sentences;

use std::ops::Range;

use crate::model::PartialDate;

/// What a stretch of an article's text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartKind {
    /// The article's running text.
    Body,
    /// A photo caption: content, shown labelled as a caption.
    Caption,
    /// The summary under the title, written by the outlet.
    Standfirst,
    /// A section heading.
    Heading,
    /// The title, as printed in the file.
    Title,
    /// Site navigation or the site's name.
    Navigation,
    /// Author names and affiliations.
    Byline,
    /// A pull-quote repeating a sentence of the body.
    PullQuote,
    /// A photo credit.
    PhotoCredit,
    /// "Related articles" teasers about other stories.
    Related,
    /// Copyright and reuse lines.
    Copyright,
    /// A translation credit.
    TranslationCredit,
    /// A donation appeal.
    Donation,
    /// The site's "Spelling error report" widget text.
    SpellingReport,
}

impl PartKind {
    /// Whether the part is what the article says (body, caption or standfirst): only these
    /// are quoted and searched for mentions.
    pub fn is_content(self) -> bool {
        matches!(self, Self::Body | Self::Caption | Self::Standfirst)
    }

    /// A label for excerpts from this part ("photo caption"), none for the body.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Self::Caption => Some("photo caption"),
            Self::Standfirst => Some("standfirst"),
            _ => None,
        }
    }

    /// The name used in the metadata file.
    pub fn name(self) -> &'static str {
        match self {
            Self::Body => "body",
            Self::Caption => "caption",
            Self::Standfirst => "standfirst",
            Self::Heading => "heading",
            Self::Title => "title",
            Self::Navigation => "navigation",
            Self::Byline => "byline",
            Self::PullQuote => "pull-quote",
            Self::PhotoCredit => "photo-credit",
            Self::Related => "related",
            Self::Copyright => "copyright",
            Self::TranslationCredit => "translation-credit",
            Self::Donation => "donation",
            Self::SpellingReport => "spelling-report",
        }
    }
}

/// How an article's date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateBasis {
    /// Printed in or with the article.
    Stated,
    /// Inferred from the events it cites.
    Inferred,
}

/// What is known of an article; `None` is unknown, never guessed.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ArticleMeta {
    /// Short stable id used by `sources` in the features ("diplomat-2022").
    pub id: String,
    /// The file name in the seeds folder.
    pub file: String,
    /// The title.
    pub title: Option<String>,
    /// Whether the title is printed in the file (otherwise it comes from the outlet).
    pub title_in_file: bool,
    /// The outlet that published it.
    pub outlet: Option<String>,
    /// The authors; `None` when not known.
    pub authors: Option<Vec<String>>,
    /// The translator, if it is a translation.
    pub translator: Option<String>,
    /// When it was published.
    pub date: Option<PartialDate>,
    /// Whether the date is stated or inferred.
    pub date_basis: DateBasis,
    /// How the date was established.
    pub date_note: Option<String>,
    /// Where it was published online, if known.
    pub url: Option<String>,
}

impl ArticleMeta {
    /// "Flemming Splidsboel Hansen" or "author unknown".
    pub fn authors_text(&self) -> String {
        match &self.authors {
            Some(a) if !a.is_empty() => a.join(", "),
            _ => "author unknown".to_owned(),
        }
    }

    /// "about May 2022 (inferred)" or "January 2022", or "date unknown".
    pub fn date_text(&self) -> String {
        match (self.date, self.date_basis) {
            (Some(d), DateBasis::Stated) => d.to_string(),
            (Some(d), DateBasis::Inferred) => format!("about {d} (inferred)"),
            (None, _) => "date unknown".to_owned(),
        }
    }

    /// A one-line citation: title, outlet, authors, date.
    pub fn citation(&self) -> String {
        let title = self.title.as_deref().unwrap_or("untitled");
        let outlet = self.outlet.as_deref().unwrap_or("outlet unknown");
        format!(
            "“{title}”, {outlet}, {}, {}",
            self.authors_text(),
            self.date_text()
        )
    }
}

/// A stretch of an article of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// What it is.
    pub kind: PartKind,
    /// Where it is in the text (bytes).
    pub range: Range<usize>,
    /// Its line number in the file, from 1.
    pub line: usize,
}

/// One sentence of an article's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Where it is in the text (bytes), without a glued footnote marker.
    pub range: Range<usize>,
    /// The kind of part it is in (body, caption or standfirst).
    pub kind: PartKind,
    /// Index of its part in [`Article::parts`].
    pub part: usize,
    /// A footnote marker glued to its end, if any.
    pub footnote: Option<Range<usize>>,
}

/// An article: its text, metadata, parts and sentences.
#[derive(Clone, Debug)]
pub struct Article {
    /// What is known of it.
    pub meta: ArticleMeta,
    /// The text, exactly as in the file.
    pub text: String,
    /// The text cut into classified parts, in order (blank lines left out).
    pub parts: Vec<Part>,
    /// The sentences of its content parts, in order.
    pub sentences: Vec<Sentence>,
}

/// Where a quote was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteSpan {
    /// The quote's bytes in the article.
    pub range: Range<usize>,
    /// The sentences (indices into [`Article::sentences`]) it overlaps.
    pub sentences: Range<usize>,
}

/// Why a quote was not found, with the nearest thing that was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuoteMiss {
    /// Found only in page furniture (e.g. a pull-quote or a byline).
    InFurniture(PartKind),
    /// Not found; the nearest content sentence and where the quote first departs from it.
    NotFound {
        /// The closest sentence of the article.
        nearest: String,
        /// The quote's text up to where it stops matching, if any of it matches.
        differs_after: Option<String>,
    },
}

impl std::fmt::Display for QuoteMiss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InFurniture(kind) => write!(
                f,
                "the quote is only in page furniture ({}), not in what the article says",
                kind.name()
            ),
            Self::NotFound {
                nearest,
                differs_after,
            } => {
                write!(
                    f,
                    "the quote is not in the article; nearest sentence: {nearest:?}"
                )?;
                if let Some(prefix) = differs_after {
                    write!(f, " (they differ after {prefix:?})")?;
                }
                Ok(())
            }
        }
    }
}

impl Article {
    /// Builds an article: classifies its lines by `line_kinds` (1-based line → kind, the
    /// rest is body) and `spans` (byte ranges of a kind inside lines), then splits the
    /// content into sentences.
    pub fn new(
        meta: ArticleMeta,
        text: String,
        line_kinds: &dyn Fn(usize) -> Option<PartKind>,
        spans: &[(Range<usize>, PartKind)],
    ) -> Self {
        let mut parts = Vec::new();
        let mut offset = 0;
        for (index, raw_line) in text.split('\n').enumerate() {
            let line_no = index + 1;
            let line = raw_line.trim_end_matches('\r');
            let range = offset..offset + line.len();
            offset += raw_line.len() + 1;
            if line.trim().is_empty() {
                continue;
            }
            let kind = line_kinds(line_no).unwrap_or(PartKind::Body);
            // Carve the spans out of the line.
            let mut inner: Vec<&(Range<usize>, PartKind)> = spans
                .iter()
                .filter(|(r, _)| r.start >= range.start && r.end <= range.end)
                .collect();
            inner.sort_by_key(|(r, _)| r.start);
            let mut at = range.start;
            for (r, k) in inner {
                if r.start < at {
                    continue;
                }
                push_part(&text, &mut parts, kind, at..r.start, line_no);
                push_part(&text, &mut parts, *k, r.clone(), line_no);
                at = r.end;
            }
            push_part(&text, &mut parts, kind, at..range.end, line_no);
        }
        let mut sentences = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            if !part.kind.is_content() {
                continue;
            }
            let piece = &text[part.range.clone()];
            for s in sentences::split(piece) {
                let shift = |r: Range<usize>| r.start + part.range.start..r.end + part.range.start;
                sentences.push(Sentence {
                    range: shift(s.range),
                    kind: part.kind,
                    part: index,
                    footnote: s.footnote.map(shift),
                });
            }
        }
        Self {
            meta,
            text,
            parts,
            sentences,
        }
    }

    /// The text of a sentence.
    pub fn sentence_text(&self, index: usize) -> &str {
        self.sentences
            .get(index)
            .and_then(|s| self.text.get(s.range.clone()))
            .unwrap_or_default()
    }

    /// The part that holds byte `at`.
    pub fn part_at(&self, at: usize) -> Option<&Part> {
        self.parts
            .iter()
            .find(|p| p.range.start <= at && at < p.range.end)
    }

    /// Finds a quote by exact match in the article's content (never in page furniture).
    pub fn find_quote(&self, quote: &str) -> Result<QuoteSpan, QuoteMiss> {
        let mut furniture = None;
        if !quote.trim().is_empty() {
            for (start, _) in self.text.match_indices(quote) {
                let range = start..start + quote.len();
                match self.part_at(start) {
                    Some(part) if part.kind.is_content() && range.end <= part.range.end => {
                        let first = self
                            .sentences
                            .iter()
                            .position(|s| s.range.end > range.start)
                            .unwrap_or(0);
                        let last = self
                            .sentences
                            .iter()
                            .rposition(|s| s.range.start < range.end)
                            .map_or(first + 1, |i| i + 1);
                        return Ok(QuoteSpan {
                            range,
                            sentences: first..last.max(first + 1),
                        });
                    }
                    Some(part) => furniture = furniture.or(Some(part.kind)),
                    None => {}
                }
            }
        }
        if let Some(kind) = furniture {
            return Err(QuoteMiss::InFurniture(kind));
        }
        Err(self.nearest(quote))
    }

    /// The content sentence sharing the most words with `quote`, and how far they agree.
    fn nearest(&self, quote: &str) -> QuoteMiss {
        let words: Vec<String> = fold::tokens(quote);
        let best = (0..self.sentences.len()).max_by_key(|&i| {
            let s = fold::tokens(self.sentence_text(i));
            words.iter().filter(|w| s.contains(w)).count()
        });
        let Some(best) = best else {
            return QuoteMiss::NotFound {
                nearest: String::new(),
                differs_after: None,
            };
        };
        let sentence = self.sentence_text(best);
        // Align on the quote's first word and report the longest prefix the sentence has.
        let differs_after = (0..sentence.len())
            .filter(|&i| sentence.is_char_boundary(i))
            .map(|i| common_prefix(quote, &sentence[i..]))
            .max()
            .filter(|&n| n > 0)
            .map(|n| quote[..n].to_owned());
        QuoteMiss::NotFound {
            nearest: sentence.to_owned(),
            differs_after,
        }
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .last()
        .map_or(0, |((i, c), _)| i + c.len_utf8())
}

fn push_part(text: &str, parts: &mut Vec<Part>, kind: PartKind, range: Range<usize>, line: usize) {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail >= piece.len() {
        return;
    }
    parts.push(Part {
        kind,
        range: range.start + lead..range.end - trail,
        line,
    });
}

/// All the articles.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    /// In metadata order.
    pub articles: Vec<Article>,
}

impl Corpus {
    /// The article with this id.
    pub fn get(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.meta.id == id)
    }

    /// Index of the article with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.articles.iter().position(|a| a.meta.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> ArticleMeta {
        ArticleMeta {
            id: "a".into(),
            file: "a.txt".into(),
            title: None,
            title_in_file: false,
            outlet: None,
            authors: None,
            translator: None,
            date: None,
            date_basis: DateBasis::Stated,
            date_note: None,
            url: None,
        }
    }

    #[test]
    fn furniture_is_never_quoted_and_misses_show_the_nearest() {
        let text = "Site name\nBody one says Kant will operate until 2027. Another sentence.\nKant will operate until 2027.\nPhoto of a base. AFP";
        let kinds = |line: usize| match line {
            1 => Some(PartKind::Navigation),
            3 => Some(PartKind::PullQuote),
            4 => Some(PartKind::Caption),
            _ => None,
        };
        let afp = text.rfind("AFP").expect("present");
        let article = Article::new(
            meta(),
            text.to_owned(),
            &kinds,
            &[(afp..afp + 3, PartKind::PhotoCredit)],
        );
        let texts: Vec<&str> = (0..article.sentences.len())
            .map(|i| article.sentence_text(i))
            .collect();
        assert_eq!(
            texts,
            [
                "Body one says Kant will operate until 2027.",
                "Another sentence.",
                "Photo of a base."
            ]
        );
        let found = article
            .find_quote("Kant will operate until 2027")
            .expect("in the body");
        assert_eq!(found.sentences, 0..1);
        assert_eq!(
            article.find_quote("Site name"),
            Err(QuoteMiss::InFurniture(PartKind::Navigation))
        );
        let miss = article
            .find_quote("Kant will operate until 2028")
            .expect_err("not there");
        assert_eq!(
            miss,
            QuoteMiss::NotFound {
                nearest: "Body one says Kant will operate until 2027.".into(),
                differs_after: Some("Kant will operate until 202".into()),
            }
        );
    }
}
