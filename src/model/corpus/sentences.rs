//! Splitting article text into sentences: "U.S." and initials are not ends, a quotation is
//! kept whole with the sentence that carries it, and a footnote digit glued to a sentence's
//! end ("Tajikistan.3 Chinese…") ends the sentence and is kept apart from it.

use std::ops::Range;

/// One sentence found in a stretch of text (byte offsets into that text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceSpan {
    /// The sentence, from its first character to its closing punctuation and quotes.
    pub range: Range<usize>,
    /// A footnote marker glued after the sentence's end, if any.
    pub footnote: Option<Range<usize>>,
}

/// Abbreviations (lower case, without their final dot) that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "u.s", "u.k", "u.n", "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "maj",
    "capt", "sgt", "ret", "no", "vs", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "approx",
    "prof", "sen", "rep", "gov", "amb", "est",
];

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | ')' | ']' | '»')
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '‘' | '(' | '[' | '«' | '¿')
}

/// The word just before byte `dot` (letters and inner dots), lower-cased.
fn word_before(text: &str, dot: usize) -> String {
    let head = &text[..dot];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    head[start..].to_lowercase()
}

/// Splits `text` into sentences.
pub fn split(text: &str) -> Vec<SentenceSpan> {
    let with_quotes = split_with(text, true);
    match with_quotes {
        Some(spans) => spans,
        // An unbalanced quotation mark: split on punctuation alone rather than keep the
        // whole paragraph as one sentence.
        None => split_with(text, false).unwrap_or_default(),
    }
}

fn split_with(text: &str, track_quotes: bool) -> Option<Vec<SentenceSpan>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut open = false;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if start.is_none() {
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            start = Some(at);
        }
        match c {
            '“' | '«' if track_quotes => open = true,
            '”' | '»' if track_quotes => open = false,
            '"' if track_quotes => open = !open,
            _ => {}
        }
        if !matches!(c, '.' | '!' | '?') {
            i += 1;
            continue;
        }
        // Take the run of punctuation and closing quotes/brackets after the mark.
        let mut j = i + 1;
        while let Some(&(_, d)) = chars.get(j) {
            if matches!(d, '.' | '!' | '?') || is_closer(d) {
                if track_quotes {
                    match d {
                        '”' | '»' => open = false,
                        '"' => open = !open,
                        _ => {}
                    }
                }
                j += 1;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        // A footnote: digits glued to the end of a word's sentence, then a space.
        let mut k = j;
        let before_is_letter = i > 0 && chars[i - 1].1.is_alphabetic();
        while chars.get(k).is_some_and(|&(_, d)| d.is_ascii_digit()) && k - j < 3 {
            k += 1;
        }
        let footnote = (k > j
            && before_is_letter
            && c == '.'
            && chars.get(k).is_some_and(|&(_, d)| d.is_whitespace()))
        .then(|| chars[j].0..chars[k].0);
        let after = if footnote.is_some() { k } else { j };
        // A boundary needs whitespace (or the end) after it, then a sentence opener.
        let at_end = after >= chars.len();
        let spaced = at_end || chars[after].1.is_whitespace();
        let next = chars[after..].iter().find(|(_, d)| !d.is_whitespace());
        let opens = next.is_none_or(|&(_, d)| starts_sentence(d));
        let abbreviation = c == '.' && {
            let w = word_before(text, at);
            ABBREVIATIONS.contains(&w.as_str())
                || (w.chars().count() == 1
                    && w.chars().all(char::is_alphabetic)
                    && i > 0
                    && chars[i - 1].1.is_uppercase())
        };
        if spaced && opens && !(track_quotes && open) && !(abbreviation && next.is_some()) {
            if let Some(s) = start.take() {
                out.push(SentenceSpan {
                    range: s..end,
                    footnote,
                });
            }
            i = after;
            continue;
        }
        i = j.max(i + 1);
    }
    if track_quotes && open {
        return None;
    }
    if let Some(s) = start {
        let end = text.trim_end().len();
        if end > s {
            out.push(SentenceSpan {
                range: s..end,
                footnote: None,
            });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|s| &text[s.range]).collect()
    }

    #[test]
    fn abbreviations_and_numbers_do_not_end_sentences() {
        let text = "The U.S. Development Finance Corporation has $60 billion. As U.S. forces left, 7 000 troops stayed. It grew 2.5 percent.";
        assert_eq!(
            sentences(text),
            [
                "The U.S. Development Finance Corporation has $60 billion.",
                "As U.S. forces left, 7 000 troops stayed.",
                "It grew 2.5 percent.",
            ]
        );
    }

    #[test]
    fn quotations_stay_whole() {
        let text = "He warned them. “Look carefully”, said K., “you are mistaken. The world has changed”. Then he left.";
        assert_eq!(
            sentences(text),
            [
                "He warned them.",
                "“Look carefully”, said K., “you are mistaken. The world has changed”.",
                "Then he left.",
            ]
        );
        let mixed = "“We underestimate it. Any action is local,\" Umarov said. Next.";
        assert_eq!(
            sentences(mixed),
            [
                "“We underestimate it. Any action is local,\" Umarov said.",
                "Next."
            ]
        );
    }

    #[test]
    fn footnote_digits_end_the_sentence_and_stay_apart() {
        let text = "gold mines in northern Tajikistan.3 Chinese-controlled sources grow. A port.6 Djibouti owes.";
        let spans = split(text);
        let got: Vec<(&str, Option<&str>)> = spans
            .iter()
            .map(|s| (&text[s.range.clone()], s.footnote.clone().map(|f| &text[f])))
            .collect();
        assert_eq!(
            got,
            [
                ("gold mines in northern Tajikistan.", Some("3")),
                ("Chinese-controlled sources grow.", None),
                ("A port.", Some("6")),
                ("Djibouti owes.", None),
            ]
        );
    }

    #[test]
    fn unbalanced_quotes_fall_back_to_punctuation() {
        let text = "He said “this is open. And so it stays. Forever.";
        assert_eq!(
            sentences(text),
            ["He said “this is open.", "And so it stays.", "Forever."]
        );
    }

    #[test]
    fn a_lower_case_continuation_is_not_a_new_sentence() {
        assert_eq!(
            sentences("in invading Ukraine. Russia has made it clear. and so"),
            ["in invading Ukraine.", "Russia has made it clear. and so"]
        );
    }
}
