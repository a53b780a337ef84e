//! The index of a live corpus takes documents in and out without a rebuild (issue 12): an
//! index grown one document at a time, or with documents taken out, answers every labelled
//! draft exactly as an index built at once from the same documents.

use serde::Deserialize;
use tally::api::{check_json, conflicts, CheckResponse};
use tally::check::index::{AddError, CorpusIndex, Prepared};
use tally::corpus::Corpus;
use tally_tests::eval::{corpus_of, Drafts};
use tally_tests::testdata;

#[derive(Debug, Deserialize)]
struct Draft {
    text: String,
}

/// Every labelled draft of `testdata/check/drafts.json`.
fn drafts() -> Vec<String> {
    let path = testdata().join("check/drafts.json");
    let file: Drafts<Draft> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("drafts.json")).expect("parses");
    file.drafts.into_iter().map(|d| d.text).collect()
}

fn seed() -> Corpus {
    corpus_of(&tally_tests::corpus_dir())
}

/// The answers of `index` to every draft, and its conflicts, as JSON (the version left out:
/// two indexes of one corpus state may be told different versions).
fn answers(index: &CorpusIndex, drafts: &[String]) -> Vec<String> {
    let mut out: Vec<String> = drafts
        .iter()
        .map(|d| {
            let r: CheckResponse = check_json(index, d, None);
            serde_json::to_string(&(&r.claims, &r.consistency, r.corpus.documents)).expect("json")
        })
        .collect();
    out.push(serde_json::to_string(&conflicts(index)).expect("json"));
    out
}

/// The index's sizes, but for the estimate of its bytes (which counts spare capacity).
fn sizes(index: &CorpusIndex) -> (usize, usize, usize, usize, usize, usize) {
    let s = index.stats();
    (
        s.documents,
        s.claims,
        s.keys,
        s.postings,
        s.values,
        s.text_bytes,
    )
}

#[test]
fn an_index_grown_a_document_at_a_time_answers_as_one_built_at_once() {
    let drafts = drafts();
    let corpus = seed();
    let whole = CorpusIndex::build(corpus.clone());
    let mut first = corpus.clone();
    let rest = first.documents.split_off(2);
    let mut grown = CorpusIndex::build(first);
    for doc in rest {
        grown.add_document(doc).expect("a new id");
    }
    assert_eq!(sizes(&grown), sizes(&whole));
    assert_eq!(answers(&grown, &drafts), answers(&whole, &drafts));
}

/// Documents prepared apart and filed in batches ([`CorpusIndex::add_prepared`], how a server
/// applies a write) end where a build puts them: the seed corpus and another beat's articles,
/// in batches of one, three and the rest, answer every draft as one index built at once.
#[test]
fn an_index_grown_in_prepared_batches_answers_as_one_built_at_once() {
    let drafts = drafts();
    let mut corpus = seed();
    let beat = corpus_of(&testdata().join("beat/morocco-quake"));
    corpus.documents.extend(beat.documents);
    let whole = CorpusIndex::build(corpus.clone());
    let mut rest = corpus.documents.split_off(1);
    let mut grown = CorpusIndex::build(corpus);
    for size in [1, 3, rest.len() - 4] {
        let batch: Vec<Prepared> = rest.drain(..size).map(Prepared::new).collect();
        grown.add_prepared(batch).expect("new ids");
    }
    assert_eq!(sizes(&grown), sizes(&whole));
    assert_eq!(answers(&grown, &drafts), answers(&whole, &drafts));
    // A batch with an id held, or one id twice, is refused whole.
    let doc = whole.documents().next().unwrap().clone();
    let twice = vec![Prepared::new(doc.clone()), Prepared::new(doc.clone())];
    assert_eq!(
        grown.add_prepared(twice),
        Err(AddError::Exists(doc.id.clone()))
    );
    assert!(grown.remove_document(&doc.id));
    let twice = vec![Prepared::new(doc.clone()), Prepared::new(doc.clone())];
    assert_eq!(
        grown.add_prepared(twice),
        Err(AddError::Exists(doc.id.clone()))
    );
    assert_eq!(grown.document_count(), whole.document_count() - 1);
}

#[test]
fn an_index_with_documents_taken_out_answers_as_one_built_without_them() {
    let drafts = drafts();
    let corpus = seed();
    let gone = [
        corpus.documents[1].id.clone(),
        corpus.documents[3].id.clone(),
    ];
    let mut without = corpus.clone();
    without.documents.retain(|d| !gone.contains(&d.id));
    let built = CorpusIndex::build(without);
    let mut shrunk = CorpusIndex::build(corpus);
    for id in &gone {
        assert!(shrunk.remove_document(id));
        assert!(!shrunk.remove_document(id), "taken out once");
        assert!(shrunk.document(id).is_none());
    }
    assert_eq!(shrunk.document_count(), 3);
    assert_eq!(shrunk.removed_count(), 2);
    assert_eq!(
        shrunk.documents().map(|d| &d.id).collect::<Vec<_>>(),
        built.documents().map(|d| &d.id).collect::<Vec<_>>()
    );
    assert_eq!(answers(&shrunk, &drafts), answers(&built, &drafts));
}

#[test]
fn a_document_taken_out_and_put_back_is_found_again_and_ids_stay_unique() {
    let corpus = seed();
    let doc = corpus.documents[0].clone();
    let mut index = CorpusIndex::build(corpus);
    assert_eq!(
        index.add_document(doc.clone()),
        Err(AddError::Exists(doc.id.clone()))
    );
    assert!(index.remove_document(&doc.id));
    let draft = "Hamas has freed 35 hostages since the truce began.";
    let before = check_json(&index, draft, None);
    index
        .add_document(doc.clone())
        .expect("the id is free again");
    assert_eq!(index.document(&doc.id).map(|d| &d.title), Some(&doc.title));
    let after = check_json(&index, draft, None);
    assert_eq!(after.corpus.documents, 5);
    assert!(after.claims[0].evidence.len() >= before.claims[0].evidence.len());
}

/// A live corpus plans a write under its read lock and files it under its write lock, taking a
/// replaced document out in between: the plan stays good across removals, and a filing whose
/// id is still held is refused with the index unchanged.
#[test]
fn a_plan_is_filed_after_the_documents_it_replaces_are_taken_out() {
    let drafts = drafts();
    let corpus = seed();
    let replaced = corpus.documents[2].clone();
    let mut index = CorpusIndex::build(corpus);
    let filing = index.plan(vec![Prepared::new(replaced.clone())]);
    let before = sizes(&index);
    assert_eq!(
        index.file(filing),
        Err(AddError::Exists(replaced.id.clone()))
    );
    assert_eq!(sizes(&index), before, "a refused filing changes nothing");
    let filing = index.plan(vec![Prepared::new(replaced.clone())]);
    assert!(index.remove_document(&replaced.id));
    index.file(filing).expect("the id was freed");
    assert_eq!(index.document_count(), 5);
    assert_eq!(index.removed_count(), 1);
    // The same documents, one of them filed again at the end: the same answers as a build.
    let mut reordered = seed();
    let doc = reordered.documents.remove(2);
    reordered.documents.push(doc);
    let built = CorpusIndex::build(reordered);
    assert_eq!(answers(&index, &drafts), answers(&built, &drafts));
}
