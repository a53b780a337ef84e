//! The corpus store: the documents a server serves, kept durably in an embedded SQLite database
//! under `--data-dir` (the default) or in PostgreSQL (`--database-url`), which several servers
//! can share. One query layer (sqlx's `Any` driver) serves both, with the same portable SQL.
//!
//! Every write is one transaction that bumps the corpus version (`corpus_state`) and stamps the
//! rows it changes with it. A removed document keeps its row, emptied, so that a server that has
//! version `v` learns everything after it from one query ([`Store::changes_since`]): that is how
//! a server follows writes made through another server or the CLI.
//!
//! sqlx is async; its pool and connections run on a small runtime of their own ([`Store::open`]),
//! so that handlers on actix's per-thread runtimes and the synchronous CLI use it alike.

use anyhow::Context;
use futures_util::TryStreamExt;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Row, SqlSafeStr};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tally::corpus::{Date, Document};
use tokio::runtime::{Handle, Runtime};

/// Where the corpus is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// `corpus.sqlite3` in this directory, created if missing.
    Sqlite(PathBuf),
    /// A `postgres://` or `postgresql://` URL.
    Postgres(String),
}

impl Location {
    /// The PostgreSQL URL when one is given, else the SQLite database under `data_dir`.
    pub fn new(data_dir: &Path, database_url: Option<&str>) -> anyhow::Result<Location> {
        match database_url {
            None => Ok(Location::Sqlite(data_dir.to_path_buf())),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(Location::Postgres(url.to_string()))
            }
            Some(_) => anyhow::bail!(
                "--database-url must be a postgres:// URL (without one, the corpus is kept in \
                 SQLite under --data-dir)"
            ),
        }
    }

    /// For messages: the database file, or the PostgreSQL URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Location::Sqlite(dir) => dir.join(SQLITE_FILE).display().to_string(),
            Location::Postgres(url) => redact(url),
        }
    }
}

const SQLITE_FILE: &str = "corpus.sqlite3";

/// The schema's versions, applied in order at start-up and recorded in `_sqlx_migrations`.
const MIGRATIONS: [(i64, &str, &str); 1] = [(
    1,
    "documents",
    include_str!("../migrations/0001_documents.sql"),
)];

/// What changed after a version: a document written (created or replaced) or removed.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Put(Document),
    Removed(String),
}

/// Why a write was not made.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// `create` of an id the corpus has.
    #[error("the corpus already has a document with id {0:?}")]
    Exists(String),
    #[error(transparent)]
    Database(#[from] anyhow::Error),
}

/// The corpus store. Cheap to clone: clones share the pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    postgres: bool,
    rt: Handle,
    location: String,
}

/// The runtime the store's connections live on; keep it for as long as the store is used.
pub fn runtime() -> anyhow::Result<Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("tally-store")
        .enable_all()
        .build()
        .context("cannot start the store's runtime")
}

impl Store {
    /// Opens the store (creating the SQLite file and its directory if needed), brings its schema
    /// up to date, and on a store never written to, writes `seed` as its first version.
    pub fn open(rt: Handle, location: &Location, seed: &[Document]) -> anyhow::Result<Store> {
        let what = location.describe();
        let open = async {
            sqlx::any::install_default_drivers();
            let (url, postgres) = match location {
                Location::Sqlite(dir) => {
                    std::fs::create_dir_all(dir).with_context(|| {
                        format!("cannot create the data directory {}", dir.display())
                    })?;
                    let file = dir.join(SQLITE_FILE);
                    (format!("sqlite://{}?mode=rwc", file.display()), false)
                }
                Location::Postgres(url) => (url.clone(), true),
            };
            let pool = AnyPoolOptions::new()
                .max_connections(if postgres { 8 } else { 4 })
                .acquire_timeout(Duration::from_secs(10))
                .connect(&url)
                .await?;
            if !postgres {
                // Readers never wait for the writer, and a commit is one append: a process
                // killed at any point leaves the last committed version.
                sqlx::query("PRAGMA journal_mode = WAL")
                    .execute(&pool)
                    .await?;
            }
            let migrations = MIGRATIONS
                .iter()
                .map(|&(version, name, sql)| {
                    Migration::new(
                        version,
                        name.into(),
                        MigrationType::Simple,
                        sql.into_sql_str(),
                        false,
                    )
                })
                .collect();
            Migrator::with_migrations(migrations).run(&pool).await?;
            anyhow::Ok(pool)
        };
        let pool = rt
            .block_on(open)
            .with_context(|| format!("cannot open the corpus store {what}"))?;
        let store = Store {
            pool,
            postgres: matches!(location, Location::Postgres(_)),
            rt,
            location: what,
        };
        if !seed.is_empty() {
            store.seed(seed)?;
        }
        Ok(store)
    }

    /// The store, for messages (no password).
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Runs `f` on the store's runtime and waits for it, from any runtime or none.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl Future<Output = anyhow::Result<T>> + Send + 'static,
    ) -> anyhow::Result<T> {
        self.rt.spawn(f).await.context("a store task stopped")?
    }

    /// Runs `f` on the store's runtime from synchronous code (the CLI, start-up).
    pub fn block_on<T>(&self, f: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
        self.rt.block_on(f)
    }

    /// Writes `seed` as version 1 if the store has never been written to. Two servers starting
    /// on a new PostgreSQL database race here; the version's row lock lets one win.
    fn seed(&self, seed: &[Document]) -> anyhow::Result<()> {
        let pool = self.pool.clone();
        let docs = seed.to_vec();
        self.block_on(async move {
            let mut tx = pool.begin().await?;
            let version = bump(&mut tx).await?;
            if version != 1 {
                tx.rollback().await?;
                return Ok(());
            }
            for (place, d) in docs.iter().enumerate() {
                upsert(&mut tx, d, version, place).await?;
            }
            tx.commit().await?;
            anyhow::Ok(())
        })
        .context("cannot seed the corpus store")
    }

    /// The corpus version: how many write transactions the store has committed.
    pub async fn version(&self) -> anyhow::Result<i64> {
        let pool = self.pool.clone();
        self.run(async move { current_version(&pool).await }).await
    }

    /// Every live document, in the order they were created, and the version they are of, read
    /// in one snapshot.
    pub async fn load(&self) -> anyhow::Result<(Vec<Document>, i64)> {
        let pool = self.pool.clone();
        let postgres = self.postgres;
        self.run(async move {
            let (mut tx, version) = snapshot(&pool, postgres).await?;
            // Row by row, so that a large corpus is never held twice (rows and documents).
            let mut docs = Vec::new();
            let mut rows = sqlx::query(
                "SELECT id, title, published, date_basis, url, body, removed FROM documents \
                 WHERE removed = 0 ORDER BY created, place",
            )
            .fetch(&mut *tx);
            while let Some(row) = rows.try_next().await? {
                docs.extend(document(&row)?);
            }
            drop(rows);
            tx.commit().await?;
            Ok((docs, version))
        })
        .await
    }

    /// What changed after `version`, in the order it was written, and the version it brings the
    /// corpus to.
    pub async fn changes_since(&self, version: i64) -> anyhow::Result<(Vec<Change>, i64)> {
        let pool = self.pool.clone();
        let postgres = self.postgres;
        self.run(async move {
            let (mut tx, now) = snapshot(&pool, postgres).await?;
            if now <= version {
                tx.commit().await?;
                return Ok((Vec::new(), now));
            }
            let rows = sqlx::query(
                "SELECT id, title, published, date_basis, url, body, removed FROM documents \
                 WHERE version > $1 ORDER BY version, created, place",
            )
            .bind(version)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            let changes = rows
                .iter()
                .map(|r| {
                    Ok(match document(r)? {
                        Some(d) => Change::Put(d),
                        None => Change::Removed(r.try_get("id")?),
                    })
                })
                .collect::<anyhow::Result<_>>()?;
            Ok((changes, now))
        })
        .await
    }

    /// Adds a document whose id the corpus does not have; returns the new version.
    pub async fn create(&self, doc: Document) -> Result<i64, WriteError> {
        let pool = self.pool.clone();
        self.run(async move {
            let mut tx = pool.begin().await?;
            let version = bump(&mut tx).await?;
            let live = sqlx::query("SELECT removed FROM documents WHERE id = $1")
                .bind(doc.id.clone())
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get::<i64, _>(0))
                .transpose()?
                .is_some_and(|removed| removed == 0);
            if live {
                tx.rollback().await?;
                return Ok(Err(doc.id));
            }
            upsert(&mut tx, &doc, version, 0).await?;
            tx.commit().await?;
            Ok(Ok(version))
        })
        .await?
        .map_err(WriteError::Exists)
    }

    /// Writes documents, each created or replacing the one with its id, in one transaction;
    /// returns the new version.
    pub async fn put(&self, docs: Vec<Document>) -> anyhow::Result<i64> {
        let pool = self.pool.clone();
        self.run(async move {
            let mut tx = pool.begin().await?;
            let version = bump(&mut tx).await?;
            for (place, d) in docs.iter().enumerate() {
                upsert(&mut tx, d, version, place).await?;
            }
            tx.commit().await?;
            Ok(version)
        })
        .await
    }

    /// Removes a document; returns the new version, or `None` if the corpus has no such
    /// document.
    pub async fn remove(&self, id: &str) -> anyhow::Result<Option<i64>> {
        let pool = self.pool.clone();
        let id = id.to_string();
        self.run(async move {
            let mut tx = pool.begin().await?;
            let version = bump(&mut tx).await?;
            let done = sqlx::query(
                "UPDATE documents SET removed = 1, body = '', title = '', date_basis = NULL, \
                 url = NULL, version = $1 WHERE id = $2 AND removed = 0",
            )
            .bind(version)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                tx.rollback().await?;
                return Ok(None);
            }
            tx.commit().await?;
            Ok(Some(version))
        })
        .await
    }

    /// Whether the store has a live document with this id.
    pub async fn contains(&self, id: &str) -> anyhow::Result<bool> {
        let pool = self.pool.clone();
        let id = id.to_string();
        self.run(async move {
            let row = sqlx::query("SELECT removed FROM documents WHERE id = $1")
                .bind(id)
                .fetch_optional(&pool)
                .await?;
            Ok(match row {
                Some(r) => r.try_get::<i64, _>(0)? == 0,
                None => false,
            })
        })
        .await
    }
}

/// Bumps the corpus version inside a write transaction. This is the transaction's first
/// statement, so it takes the write lock (SQLite) or the version row's lock (PostgreSQL) at
/// once: writers queue here, and versions are committed in order.
async fn bump(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> anyhow::Result<i64> {
    Ok(
        sqlx::query("UPDATE corpus_state SET version = version + 1 WHERE id = 1 RETURNING version")
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?,
    )
}

/// A read transaction that sees one version of the corpus throughout, and that version.
async fn snapshot(
    pool: &AnyPool,
    postgres: bool,
) -> anyhow::Result<(sqlx::Transaction<'static, sqlx::Any>, i64)> {
    let mut tx = pool.begin().await?;
    if postgres {
        // SQLite's read transaction is a snapshot already (WAL).
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            .execute(&mut *tx)
            .await?;
    }
    let version: i64 = sqlx::query("SELECT version FROM corpus_state WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    Ok((tx, version))
}

async fn current_version(pool: &AnyPool) -> anyhow::Result<i64> {
    Ok(sqlx::query("SELECT version FROM corpus_state WHERE id = 1")
        .fetch_one(pool)
        .await?
        .try_get(0)?)
}

/// Creates or replaces a document at `version`, `place` being its place among the write's
/// documents. A replaced document keeps its place in the corpus's order; one created again after
/// removal goes to the end.
async fn upsert(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    d: &Document,
    version: i64,
    place: usize,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO documents (id, title, published, date_basis, url, body, version, created, \
         place, removed) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, 0) \
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, published = excluded.published, \
         date_basis = excluded.date_basis, url = excluded.url, body = excluded.body, \
         version = excluded.version, removed = 0, \
         created = CASE WHEN documents.removed = 0 THEN documents.created ELSE excluded.created END, \
         place = CASE WHEN documents.removed = 0 THEN documents.place ELSE excluded.place END",
    )
    .bind(d.id.clone())
    .bind(d.title.clone())
    .bind(d.published.to_string())
    .bind(d.date_basis.clone())
    .bind(d.url.clone())
    .bind(d.text.clone())
    .bind(version)
    .bind(place as i64)
    .execute(&mut **tx)
    .await
    .with_context(|| format!("cannot write document {:?}", d.id))?;
    Ok(())
}

/// A row as a document; `None` for a removed one.
fn document(row: &AnyRow) -> anyhow::Result<Option<Document>> {
    if row.try_get::<i64, _>("removed")? != 0 {
        return Ok(None);
    }
    let id: String = row.try_get("id")?;
    let published: String = row.try_get("published")?;
    let published = Date::parse(&published)
        .with_context(|| format!("document {id:?} has an invalid date {published:?}"))?;
    Ok(Some(Document {
        title: row.try_get("title")?,
        published,
        date_basis: row.try_get("date_basis")?,
        url: row.try_get("url")?,
        text: row.try_get("body")?,
        id,
    }))
}

/// A database URL without its password.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..s + 3], &creds[..colon], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, text: &str) -> Document {
        Document {
            id: id.to_string(),
            title: format!("Title {id}"),
            published: Date::parse("2025-02-28").unwrap(),
            date_basis: None,
            url: Some(format!("https://example.org/{id}")),
            text: text.to_string(),
        }
    }

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redact("postgres://tally:secret@db:5432/tally"),
            "postgres://tally:***@db:5432/tally"
        );
        assert_eq!(redact("postgres://db/tally"), "postgres://db/tally");
    }

    #[test]
    fn a_database_url_must_be_postgres() {
        assert!(Location::new(Path::new("d"), Some("mysql://x")).is_err());
        assert_eq!(
            Location::new(Path::new("d"), None).unwrap(),
            Location::Sqlite(PathBuf::from("d"))
        );
    }

    /// The store's whole life on SQLite: seeded once, written, removed, followed from a version,
    /// and reopened. (The same is run on PostgreSQL by `tests/tests/corpus_store.rs`.)
    #[test]
    fn writes_are_versioned_and_followed_on_sqlite() {
        let dir = std::env::temp_dir().join(format!("tally-store-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let rt = runtime().unwrap();
        let location = Location::Sqlite(dir.clone());
        let seed = [
            doc("a", "Hamas freed 33 hostages."),
            doc("b", "130 hostages."),
        ];
        let store = Store::open(rt.handle().clone(), &location, &seed).unwrap();
        let (docs, v1) = rt.block_on(store.load()).unwrap();
        assert_eq!((docs.len(), v1), (2, 1));
        assert_eq!(docs[0], seed[0]);

        let v2 = rt.block_on(store.create(doc("c", "59 hostages."))).unwrap();
        assert_eq!(v2, 2);
        assert!(matches!(
            rt.block_on(store.create(doc("c", "x"))),
            Err(WriteError::Exists(id)) if id == "c"
        ));
        let v3 = rt
            .block_on(store.put(vec![doc("a", "Hamas freed 34 hostages.")]))
            .unwrap();
        let v4 = rt.block_on(store.remove("b")).unwrap().unwrap();
        assert_eq!((v3, v4), (3, 4));
        assert_eq!(rt.block_on(store.remove("b")).unwrap(), None);
        assert_eq!(rt.block_on(store.version()).unwrap(), 4);

        let (changes, now) = rt.block_on(store.changes_since(1)).unwrap();
        assert_eq!(now, 4);
        assert_eq!(
            changes,
            vec![
                Change::Put(doc("c", "59 hostages.")),
                Change::Put(doc("a", "Hamas freed 34 hostages.")),
                Change::Removed("b".to_string()),
            ]
        );
        assert_eq!(rt.block_on(store.changes_since(4)).unwrap(), (vec![], 4));

        // Reopened (and offered the seed again), it has what was written, and only that.
        drop(store);
        let store = Store::open(rt.handle().clone(), &location, &seed).unwrap();
        let (docs, v) = rt.block_on(store.load()).unwrap();
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!((ids, v), (vec!["a", "c"], 4));
        // Created again after removal, a document goes to the end.
        rt.block_on(store.create(doc("b", "Back."))).unwrap();
        let (docs, _) = rt.block_on(store.load()).unwrap();
        assert_eq!(docs.last().unwrap().id, "b");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
