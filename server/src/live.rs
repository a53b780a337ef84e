//! The corpus a server checks against, kept current with its store.
//!
//! The index sits behind a lock: a check reads one version of it from start to end, and a write
//! takes the lock only to add or remove the documents that changed ([`CorpusIndex::add_document`],
//! [`CorpusIndex::remove_document`]), never to rebuild. A server learns of changes from its own
//! writes at once, and of other servers' and the CLI's by polling the store's version
//! ([`Live::follow`]). When removed documents reach a quarter of the index, a fresh index is built
//! beside the served one and swapped in.

use crate::corpus_source;
use crate::store::{Change, Store};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};
use std::time::{Duration, Instant};
use tally::api::{conflicts, ConflictJson};
use tally::check::index::{self, CorpusIndex};
use tally::corpus::Corpus;

/// The index and the store version it is of.
#[derive(Debug)]
pub struct Served {
    pub index: CorpusIndex,
    /// The store version; 0 for a corpus read from files, which never changes.
    pub version: i64,
}

/// The served corpus: the index, its store (none for a read-only corpus), and what is derived
/// from it.
#[derive(Debug)]
pub struct Live {
    served: RwLock<Served>,
    store: Option<Store>,
    /// Held while changes are read from the store and applied, so each is applied once, in
    /// order.
    catching_up: tokio::sync::Mutex<()>,
    /// The corpus's conflicts, for the version they were computed on.
    conflicts: Mutex<Option<(i64, Arc<Vec<ConflictJson>>)>>,
}

/// Removed documents past this share of the index trigger a rebuild.
const REBUILD_SHARE: usize = 4;
/// ... and past this count (a small corpus is cheap to keep as it is).
const REBUILD_MIN: usize = 64;

impl Live {
    /// A corpus that never changes (`--corpus DIR`, or the embedded seeds in tests).
    pub fn fixed(index: CorpusIndex) -> Live {
        Live::new(index, 0, None)
    }

    /// A corpus kept by `store`, indexed at `version`.
    pub fn stored(index: CorpusIndex, version: i64, store: Store) -> Live {
        Live::new(index, version, Some(store))
    }

    fn new(index: CorpusIndex, version: i64, store: Option<Store>) -> Live {
        Live {
            served: RwLock::new(Served { index, version }),
            store,
            catching_up: tokio::sync::Mutex::new(()),
            conflicts: Mutex::new(None),
        }
    }

    /// The corpus as it is now; checks hold this for their whole run, so that an answer never
    /// mixes versions.
    pub fn read(&self) -> RwLockReadGuard<'_, Served> {
        self.served.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The store, if the corpus is writable.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// The corpus's conflicts at the current version, computed once per version.
    pub fn conflicts(&self) -> Arc<Vec<ConflictJson>> {
        let served = self.read();
        let mut cache = self.conflicts.lock().unwrap_or_else(|e| e.into_inner());
        match &*cache {
            Some((v, c)) if *v == served.version => c.clone(),
            _ => {
                let c = Arc::new(conflicts(&served.index));
                *cache = Some((served.version, c.clone()));
                c
            }
        }
    }

    /// Brings the index up to the store's version: a write calls it after its commit, before
    /// answering; the follower when the version moved. Returns the version served.
    pub async fn catch_up(self: &Arc<Self>) -> anyhow::Result<i64> {
        let Some(store) = &self.store else {
            return Ok(self.read().version);
        };
        let _turn = self.catching_up.lock().await;
        let from = self.read().version;
        let (changes, to) = store.changes_since(from).await?;
        if to <= from {
            return Ok(from);
        }
        let live = self.clone();
        let rebuild = actix_web::web::block(move || {
            // The documents are extracted before the lock is taken: checks go on meanwhile,
            // and wait only for the filing.
            let started = Instant::now();
            let count = changes.len();
            let changes = prepare(changes);
            // Where they go is worked out beside the checks, under the read lock (nothing else
            // changes the index: this turn is held).
            let filing = live.read().index.plan(changes.added);
            let prepared = started.elapsed();
            let mut served = live.served.write().unwrap_or_else(|e| e.into_inner());
            let locked = Instant::now();
            finish(&mut served.index, &changes.ids, filing);
            served.version = to;
            served.index.set_version(to.to_string());
            let removed = served.index.removed_count();
            let rebuild =
                removed >= REBUILD_MIN && removed * REBUILD_SHARE > served.index.document_count();
            drop(served);
            tracing::debug!(
                version = to,
                changes = count,
                prepare_and_plan_ms = prepared.as_secs_f64() * 1e3,
                wait_ms = (locked - started - prepared).as_secs_f64() * 1e3,
                locked_ms = locked.elapsed().as_secs_f64() * 1e3,
                "applied the store's changes"
            );
            rebuild
        })
        .await?;
        if rebuild {
            tracing::info!("rebuilding the index: a quarter of its documents were removed");
            self.rebuild(store).await?;
        }
        Ok(to)
    }

    /// Builds a fresh index of the live documents beside the served one, brings it up to date
    /// and swaps it in. Called with the catch-up turn held.
    async fn rebuild(self: &Arc<Self>, store: &Store) -> anyhow::Result<()> {
        let live = self.clone();
        let (fresh, version) = actix_web::web::block(move || {
            let served = live.read();
            let documents: Vec<_> = served.index.documents().cloned().collect();
            let version = served.version;
            drop(served);
            let corpus = Corpus {
                documents,
                version: version.to_string(),
            };
            (corpus_source::index(corpus), version)
        })
        .await?;
        // Nothing was applied meanwhile (the turn is held), but the store may have moved on.
        let (changes, to) = store.changes_since(version).await?;
        let live = self.clone();
        actix_web::web::block(move || {
            let mut fresh = fresh;
            apply(&mut fresh, prepare(changes));
            fresh.set_version(to.max(version).to_string());
            let mut served = live.served.write().unwrap_or_else(|e| e.into_inner());
            *served = Served {
                index: fresh,
                version: to.max(version),
            };
        })
        .await?;
        Ok(())
    }

    /// Polls the store's version every `every` and catches up when it moved: how a server sees
    /// writes made through another server or the CLI. Runs until the server stops.
    pub async fn follow(self: Arc<Self>, every: Duration) {
        let Some(store) = self.store.clone() else {
            return;
        };
        let mut failing = false;
        loop {
            actix_web::rt::time::sleep(every).await;
            let result = match store.version().await {
                Ok(v) if v > self.read().version => self.catch_up().await.map(|_| ()),
                Ok(_) => Ok(()),
                Err(e) => Err(e),
            };
            match result {
                Err(e) if !failing => {
                    tracing::warn!("cannot follow the corpus store: {e:#}");
                    failing = true;
                }
                Ok(()) if failing => {
                    tracing::info!("following the corpus store again");
                    failing = false;
                }
                _ => {}
            }
        }
    }
}

/// Changes read from the store, their documents extracted for the index.
#[derive(Debug)]
pub struct Prepared {
    /// Every id written or removed: each leaves the index first.
    ids: Vec<String>,
    /// The documents written, in the order they were written.
    added: Vec<index::Prepared>,
}

/// Extracts the documents the changes write, on every core. The store gives each id once (its
/// row as it is now), so the changes are: take every id out, then put the written ones in.
pub fn prepare(changes: Vec<Change>) -> Prepared {
    let mut ids = Vec::with_capacity(changes.len());
    let mut docs = Vec::new();
    for change in changes {
        match change {
            Change::Put(doc) => {
                ids.push(doc.id.clone());
                docs.push(doc);
            }
            Change::Removed(id) => ids.push(id),
        }
    }
    let added = if docs.len() < 4 {
        // A write or two: not worth a thread.
        docs.into_iter().map(index::Prepared::new).collect()
    } else {
        corpus_source::on_every_core(&docs, |_, part| {
            part.iter()
                .cloned()
                .map(index::Prepared::new)
                .collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect()
    };
    Prepared { ids, added }
}

/// Applies prepared changes: the ids leave, the written documents come in.
pub fn apply(index: &mut CorpusIndex, changes: Prepared) {
    let filing = index.plan(changes.added);
    finish(index, &changes.ids, filing);
}

/// Takes the ids out and files the planned documents.
fn finish(index: &mut CorpusIndex, ids: &[String], filing: index::Filing) {
    for id in ids {
        index.remove_document(id);
    }
    // Every id was just freed, and the store gives each once: nothing can be refused.
    if let Err(e) = index.file(filing) {
        tracing::error!("a change could not be applied: {e}");
    }
}
