//! Prints every sentence of the shipped corpus with its kind: a quick way to review the
//! sentence splitting and the page furniture (`cargo run --example sentences`).

fn main() {
    let loaded = casa::data::load(
        &casa::data::AssetSource::Embedded,
        &casa::data::SeedSource::Embedded,
    );
    for issue in &loaded.issues {
        println!("ISSUE {issue}");
    }
    for a in &loaded.corpus.articles {
        println!("== {} ({} sentences)", a.meta.id, a.sentences.len());
        for (i, s) in a.sentences.iter().enumerate() {
            let foot = s
                .footnote
                .clone()
                .map_or(String::new(), |f| format!(" [footnote {}]", &a.text[f]));
            println!("{i:3} {:?} {}{foot}", s.kind, a.sentence_text(i));
        }
        for p in a.parts.iter().filter(|p| !p.kind.is_content()) {
            println!(
                "    furniture {:?} line {}: {:.60}",
                p.kind,
                p.line,
                &a.text[p.range.clone()]
            );
        }
    }
}
