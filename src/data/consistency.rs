//! The atlas against itself. What a caption, a note, a country fact or a correction says in
//! the atlas's own voice about a feature's agreement or its end is checked against that
//! feature's period; every site is checked against the dating convention (`docs/DATA.md`:
//! a site's `from` is the first agreement or decision that put it under its actor). Words
//! in quotation marks are an article's, not the atlas's, and are left out. `casa check`
//! reports what this finds as warnings that name both places.

use crate::model::corpus::fold;
use crate::model::issue::{LoadIssue, Severity};
use crate::model::{Category, Correction, Feature, PartialDate, Source};

use super::{AssetFile, Loaded};

/// Words that name an agreement; a year near one is the agreement's.
const AGREEMENT_WORDS: [&str; 5] = ["agreement", "agreements", "treaty", "protocol", "accord"];
/// Words after which a year is an end ("until 2032", "withdrawn in December 2015").
const END_WORDS: [&str; 6] = ["until", "till", "ended", "withdrawn", "withdrew", "closed"];
/// How many tokens before and after an agreement word its year may stand.
const AGREEMENT_REACH: (usize, usize) = (3, 6);
/// How many tokens after an end word its year may stand.
const END_REACH: usize = 4;

/// A text in the atlas's own voice, and where it is.
struct Text<'a> {
    file: &'static str,
    /// The item that holds it (a feature's or a fact's id, a scene's number and title).
    item: String,
    /// The field ("caption", "corrections[0].record").
    field: String,
    text: &'a str,
    /// The feature the text belongs to: what it says of that feature is its own history,
    /// told beside the period it explains, so only what it says of others is checked.
    owner: Option<usize>,
}

/// What a sentence says of a feature.
#[derive(Debug, PartialEq, Eq)]
enum Claim {
    /// It rests on an agreement of this year.
    Agreement(i32),
    /// It ends (or its term runs) in this year.
    End(i32),
}

/// Every contradiction between the atlas's texts and its features' periods, and every
/// site off the dating convention, as warnings.
pub fn contradictions(loaded: &Loaded) -> Vec<LoadIssue> {
    let features = &loaded.atlas.features;
    let names: Vec<(usize, Vec<String>)> = features
        .iter()
        .enumerate()
        .flat_map(|(i, f)| f.names().map(move |n| (i, fold::tokens(n))))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let mut issues = Vec::new();
    for text in texts(loaded) {
        for sentence in sentences(&own_voice(text.text)) {
            let tokens = fold::tokens(&sentence);
            let mentions = mentions(&tokens, &names);
            for (at, claim) in claims(&tokens) {
                let subject = subject(&mentions, at).filter(|s| Some(*s) != text.owner);
                let Some(f) = subject.and_then(|i| features.get(i)) else {
                    continue;
                };
                if let Some(problem) = contradiction(f, &claim, clause(&tokens, &mentions, at)) {
                    issues.push(LoadIssue {
                        file: text.file.to_owned(),
                        feature: Some(text.item.clone()),
                        problem: format!(
                            "{} {problem} ({}: {})",
                            text.field,
                            AssetFile::Features.file_name(),
                            f.id
                        ),
                        severity: Severity::Warning,
                        path: None,
                    });
                }
            }
        }
    }
    issues.extend(features.iter().filter_map(off_convention));
    issues
}

/// The texts to check: scene captions and notes, country facts, and every feature's,
/// fact's, scene's and membership's notes and correction records.
fn texts(loaded: &Loaded) -> Vec<Text<'_>> {
    let mut out = Vec::new();
    for (i, scene) in loaded.briefing.scenes.iter().enumerate() {
        let item = format!("scene {} “{}”", i + 1, scene.name);
        let file = AssetFile::Scenes.file_name();
        out.push(text(file, &item, "caption", &scene.caption, None));
        out.push(text(file, &item, "notes", &scene.notes, None));
        push_records(&mut out, file, &item, None, &scene.corrections);
    }
    for fact in &loaded.atlas.facts {
        let file = AssetFile::Facts.file_name();
        out.push(text(file, &fact.id, "text", &fact.text, None));
        push_records(&mut out, file, &fact.id, None, &fact.corrections);
    }
    for (i, f) in loaded.atlas.features.iter().enumerate() {
        let file = AssetFile::Features.file_name();
        let own = Some(i);
        for (field, value) in [
            ("note", f.note.as_deref()),
            (
                "period.note",
                f.period.as_ref().and_then(|p| p.note.as_deref()),
            ),
            ("certainty_note", f.certainty_note.as_deref()),
        ] {
            if let Some(value) = value {
                out.push(text(file, &f.id, field, value, own));
            }
        }
        push_records(&mut out, file, &f.id, own, &f.corrections);
    }
    for m in &loaded.atlas.memberships {
        let file = AssetFile::Memberships.file_name();
        let item = format!("{} in {}", m.country.0, m.organisation);
        if let Some(note) = &m.note {
            out.push(text(file, &item, "note", note, None));
        }
        push_records(&mut out, file, &item, None, &m.corrections);
    }
    out
}

fn text<'a>(
    file: &'static str,
    item: &str,
    field: &str,
    value: &'a str,
    owner: Option<usize>,
) -> Text<'a> {
    Text {
        file,
        item: item.to_owned(),
        field: field.to_owned(),
        text: value,
        owner,
    }
}

fn push_records<'a>(
    out: &mut Vec<Text<'a>>,
    file: &'static str,
    item: &str,
    owner: Option<usize>,
    corrections: &'a [Correction],
) {
    for (j, c) in corrections.iter().enumerate() {
        let field = format!("corrections[{j}].record");
        out.push(text(file, item, &field, &c.record, owner));
    }
}

/// The text without what it quotes: spans in ‘…’, “…” and "…" are an article's words.
/// A ’ followed by a letter is an apostrophe ("Russia’s"), not a closing quote.
pub(crate) fn own_voice(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut closing: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match closing {
            Some(close) => {
                let next_is_letter = chars.peek().is_some_and(|n| n.is_alphabetic());
                if c == close && !(close == '’' && next_is_letter) {
                    closing = None;
                    out.push(' ');
                }
            }
            None => match c {
                '‘' => closing = Some('’'),
                '“' => closing = Some('”'),
                '"' => closing = Some('"'),
                _ => out.push(c),
            },
        }
    }
    out
}

/// The text's sentences and clauses: split at `.`, `;`, `!` or `?` before a space.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let boundary =
            matches!(c, '.' | ';' | '!' | '?') && chars.peek().is_none_or(|n| n.is_whitespace());
        if boundary {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

/// Where features are named in a sentence's tokens: (token index, feature), the longest
/// name winning where two overlap.
fn mentions(tokens: &[String], names: &[(usize, Vec<String>)]) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (feature, name) in names {
        let mut from = 0;
        while let Some(at) = fold::find_tokens(&tokens[from..], name) {
            found.push((from + at, name.len(), *feature));
            from += at + 1;
        }
    }
    found.sort_by_key(|&(at, len, _)| (at, std::cmp::Reverse(len)));
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let mut covered_to = 0;
    for (at, len, feature) in found {
        if at < covered_to && kept.last().is_some_and(|&(_, f)| f != feature) {
            continue;
        }
        covered_to = covered_to.max(at + len);
        kept.push((at, feature));
    }
    kept
}

/// The feature a claim at token `at` is about: the nearest one named before it, else the
/// first named after it.
fn subject(mentions: &[(usize, usize)], at: usize) -> Option<usize> {
    mentions
        .iter()
        .rev()
        .find(|(m, _)| *m < at)
        .or_else(|| mentions.first())
        .map(|&(_, f)| f)
}

/// The part of a sentence that speaks of the feature a claim at token `at` is about: from
/// the name before the claim to the next name after it.
fn clause<'t>(tokens: &'t [String], mentions: &[(usize, usize)], at: usize) -> &'t [String] {
    let start = mentions
        .iter()
        .rev()
        .find(|(m, _)| *m < at)
        .map_or(0, |(m, _)| *m);
    let end = mentions
        .iter()
        .find(|(m, _)| *m > at)
        .map_or(tokens.len(), |(m, _)| *m);
    &tokens[start..end]
}

fn year_at(tokens: &[String], i: usize) -> Option<i32> {
    let t = tokens.get(i)?;
    if t.len() != 4 {
        return None;
    }
    t.parse().ok().filter(|y| (1900..=2100).contains(y))
}

/// The claims a sentence makes, each with the token it hangs on.
fn claims(tokens: &[String]) -> Vec<(usize, Claim)> {
    let mut out = Vec::new();
    for (k, token) in tokens.iter().enumerate() {
        if AGREEMENT_WORDS.contains(&token.as_str()) {
            let (back, ahead) = AGREEMENT_REACH;
            let nearest = (k.saturating_sub(back)..=k + ahead)
                .filter_map(|i| year_at(tokens, i).map(|y| (i.abs_diff(k), y)))
                .min();
            if let Some((_, year)) = nearest {
                out.push((k, Claim::Agreement(year)));
            }
        } else if END_WORDS.contains(&token.as_str())
            && let Some(year) = (k + 1..=k + END_REACH).find_map(|i| year_at(tokens, i))
        {
            out.push((k, Claim::End(year)));
        }
    }
    out
}

/// What is wrong with a claim about `f`, if it contradicts the feature's period. `tokens`
/// is the clause that speaks of `f`: one that also names the governing agreement's year
/// tells the feature's history.
fn contradiction(f: &Feature, claim: &Claim, tokens: &[String]) -> Option<String> {
    let period = f.period.as_ref()?;
    let years_in_sentence = |y: i32| (0..tokens.len()).any(|i| year_at(tokens, i) == Some(y));
    match *claim {
        Claim::Agreement(year) => {
            let governing = period.agreements.last()?;
            let ended = period.until.is_some();
            let known = period.agreements.iter().any(|a| a.signed.year == year);
            if governing.signed.year == year
                || (ended && known)
                || years_in_sentence(governing.signed.year)
            {
                return None;
            }
            Some(format!(
                "names an agreement of {year} for {}, which is held under the {}",
                f.name,
                governing.text()
            ))
        }
        Claim::End(year) => {
            let ends: Vec<PartialDate> = period
                .until
                .into_iter()
                .chain(period.agreements.iter().filter_map(|a| a.term))
                .collect();
            if ends.iter().any(|d| d.year == year) {
                return None;
            }
            let known = if ends.is_empty() {
                "gives no end".to_owned()
            } else {
                let list: Vec<String> = ends.iter().map(ToString::to_string).collect();
                format!("ends {}", list.join(" or "))
            };
            Some(format!(
                "gives {year} as the end of {}, whose period {known}",
                f.name
            ))
        }
    }
}

/// A site or facility off the convention: a footprint site with no start or no named
/// reference, or a site or facility whose start is not its first agreement's date.
fn off_convention(f: &Feature) -> Option<LoadIssue> {
    if !matches!(f.kind.category(), Category::Site | Category::Infrastructure) {
        return None;
    }
    let footprint = f.in_footprint();
    let problem = match f.period.as_ref() {
        None if footprint => Some("a site needs a period with a \"from\" date".to_owned()),
        Some(p) if footprint && p.from.is_none() => {
            Some("a site needs a \"from\" date".to_owned())
        }
        None => None,
        Some(p) => p.agreements.first().and_then(|first| {
            let from = p.from?;
            let agrees = from.year == first.signed.year
                && (from.month.is_none() || first.signed.month.is_none() || from.month == first.signed.month);
            (!agrees).then(|| {
                format!(
                    "starts {from}, but its first agreement ({}) dates it {}: a site's \"from\" is the agreement or decision that put it under its actor",
                    first.name, first.signed
                )
            })
        }),
    }
    .or_else(|| {
        if !footprint {
            return None;
        }
        let referenced = f
            .sources
            .iter()
            .any(|s| matches!(s, Source::Reference { .. }));
        (!referenced).then(|| "a site needs at least one named reference".to_owned())
    })?;
    Some(LoadIssue {
        file: AssetFile::Features.file_name().to_owned(),
        feature: Some(f.id.clone()),
        problem,
        severity: Severity::Warning,
        path: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_words_are_not_the_atlas_s() {
        assert_eq!(
            own_voice("Russia’s base ‘until 2027’ runs to “2032”, as \"said\"."),
            "Russia’s base   runs to  , as  ."
        );
    }

    #[test]
    fn claims_are_read_where_a_reader_reads_them() {
        let t = fold::tokens(
            "Kant on a Russia–Kyrgyzstan agreement of 2003, in force until at least 2032",
        );
        assert_eq!(
            claims(&t),
            [(5, Claim::Agreement(2003)), (10, Claim::End(2032))]
        );
        let t = fold::tokens("the 2012 agreement");
        assert_eq!(claims(&t), [(2, Claim::Agreement(2012))]);
    }

    #[test]
    fn a_claim_is_about_the_feature_named_before_it() {
        let names = vec![(0, fold::tokens("201st base")), (1, fold::tokens("Kant"))];
        let t =
            fold::tokens("the 201st base on an agreement of 2012, Kant on an agreement of 2003");
        let m = mentions(&t, &names);
        assert_eq!(m, [(1, 0), (8, 1)]);
        assert_eq!(subject(&m, 6), Some(0));
        assert_eq!(subject(&m, 12), Some(1));
    }
}
