//! For developers: how each figure of a draft is read and how it meets the corpus figures
//! nearest to it, with and without its frame (occasion, place, time), and the corpus figures
//! of the same value that do not match at all.
//!
//! `cargo run --release -p tally-tests --example explain -- CORPUS_DIR "draft text"`
use tally::check::features::Features;
use tally::check::matching;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: explain CORPUS_DIR \"draft text\"");
        std::process::exit(2);
    }
    let index = tally_tests::eval::index_of(std::path::Path::new(&args[1]));
    let text = &args[2];
    let claims = tally::extract(text);
    let feats = Features::of_text(text, &claims);
    for (c, f) in claims.iter().zip(&feats) {
        if !c.is_checkable() {
            continue;
        }
        println!(
            "\n== {:?} {:?} subj={:?} pred={:?} mods={:?} modal={} proposed={} by={:?} agent={} neg={} cum={} frame={:?}",
            c.figure.slice(text),
            f.class,
            f.subject,
            f.predicate,
            f.modifiers,
            f.modal,
            f.proposed,
            f.proposer,
            f.agent,
            f.negated,
            f.cumulative,
            f.frame_words().iter().map(|w| &w.text).collect::<Vec<_>>()
        );
        let mut rows: Vec<(f64, String)> = Vec::new();
        for k in &index.claims {
            let same_value = f.class == k.features.class && f.agrees_with(&k.features);
            let loose = matching::score_sources(f, &k.features);
            if loose.is_none() && !same_value {
                continue;
            }
            let strict = matching::score(f, &k.features, 0.0);
            let doc = &index.corpus.documents[k.doc];
            let sentence = k.sentence.slice(&doc.text);
            rows.push((
                loose.map_or(-99.0, |s| s.score) + if same_value { 100.0 } else { 0.0 },
                format!(
                    "  {}{} [{}] loose={:?} strict={:?} subj={:?} pred={:?} mods={:?} modal={} proposed={} by={:?} agent={}\n      {}",
                    if same_value { "=" } else { " " },
                    k.value,
                    doc.id,
                    loose.map(|s| (s.score, s.strong)),
                    strict.map(|s| (s.score, s.strong)),
                    k.features.subject,
                    k.features.predicate,
                    k.features.modifiers,
                    k.features.modal,
                    k.features.proposed,
                    k.features.proposer,
                    k.features.agent,
                    sentence.chars().take(220).collect::<String>()
                ),
            ));
        }
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, r) in rows.iter().take(6) {
            println!("{r}");
        }
    }
}
