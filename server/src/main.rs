//! `tally`: the HTTP server (API, editor page, widget) and the command-line tools.

mod assets;
mod body;
mod budget;
mod check_cmd;
mod corpus_cmd;
mod corpus_source;
mod error;
mod extract_cmd;
mod live;
mod metrics;
mod routes;
mod startup;
mod store;
mod telemetry;

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Tally checks the figures in news drafts against a corpus of articles.
#[derive(Debug, Parser)]
#[command(name = "tally", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the HTTP server: the API, the editor page at `/`, and the widget.
    Serve {
        /// Address and port to listen on.
        #[arg(long, env = "TALLY_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Serve a read-only corpus from this directory (manifest.json plus articles) instead of
        /// the store.
        #[arg(long, env = "TALLY_CORPUS", conflicts_with = "database_url")]
        corpus: Option<PathBuf>,
        #[command(flatten)]
        store: StoreArgs,
        /// A file of admin tokens, one a line, that may write to the corpus
        /// (`Authorization: Bearer <token>`). TALLY_ADMIN_TOKENS may list more, comma-separated.
        /// With neither, writes are off (403).
        #[arg(long, env = "TALLY_ADMIN_TOKEN_FILE")]
        admin_token_file: Option<PathBuf>,
        /// The largest import (`POST /v1/documents` with newline-delimited documents), in bytes.
        #[arg(long, env = "TALLY_IMPORT_LIMIT", default_value_t = 64 << 20)]
        import_limit: usize,
        /// Origins allowed to call the API from browsers (the embedded widget), comma-separated;
        /// `*` allows any. Default: none.
        #[arg(long, env = "TALLY_CORS_ORIGINS", value_delimiter = ',')]
        cors_origin: Vec<String>,
        /// The largest request body accepted, in bytes.
        #[arg(long, env = "TALLY_BODY_LIMIT", default_value_t = 1 << 20)]
        body_limit: usize,
        /// Seconds a client may take to send a request.
        #[arg(long, env = "TALLY_REQUEST_TIMEOUT", default_value_t = 30)]
        request_timeout: u64,
        /// Seconds an idle connection is kept open for another request; 0 closes each
        /// connection after its response. Keep 0 unless a reverse proxy in front enforces a
        /// header timeout: the server times out only a connection's first request head, so a
        /// client could hold a kept-alive connection open forever with half a request.
        #[arg(long, env = "TALLY_KEEP_ALIVE", default_value_t = 0)]
        keep_alive: u64,
        /// How many checks and extractions run at once; others wait (see --queue-wait).
        /// Default: the number of cores.
        #[arg(long, env = "TALLY_MAX_CHECKS", default_value_t = startup::cores())]
        max_checks: usize,
        /// Seconds a check waits for a free slot before it is refused with 503 and
        /// Retry-After.
        #[arg(long, env = "TALLY_QUEUE_WAIT", default_value_t = 2)]
        queue_wait: u64,
        /// Seconds one check or extraction may run before it is stopped with 503
        /// check_timeout.
        #[arg(long, env = "TALLY_CHECK_DEADLINE", default_value_t = 10)]
        check_deadline: u64,
        /// The organization named as the author of fact-checks answered as ClaimReview
        /// (`POST /v1/check?format=claimreview`).
        #[arg(long, env = "TALLY_REVIEW_AUTHOR", default_value = "Tally")]
        review_author: String,
        /// How log lines on stderr are written; `RUST_LOG` sets the level (default info).
        #[arg(long, env = "TALLY_LOG_FORMAT", value_enum, default_value_t = telemetry::LogFormat::Text)]
        log_format: telemetry::LogFormat,
    },
    /// Check the figures of a draft against the corpus. Exit code 1 when a figure is
    /// contradicted or outdated, 0 otherwise, 2 on a usage or input error.
    Check {
        /// The draft to read; `-` or nothing reads standard input.
        file: Option<PathBuf>,
        /// Only sources published on or before this date (YYYY-MM-DD) count.
        #[arg(long)]
        as_of: Option<String>,
        /// Print the JSON body `POST /v1/check` would answer.
        #[arg(long)]
        json: bool,
        /// A corpus directory to use instead of the embedded one.
        #[arg(long, env = "TALLY_CORPUS", conflicts_with_all = ["data_dir", "database_url"])]
        corpus: Option<PathBuf>,
        /// Check against the corpus store in this directory (as `tally serve --data-dir`).
        #[arg(long, conflicts_with = "database_url")]
        data_dir: Option<PathBuf>,
        /// Check against the corpus store in PostgreSQL (as `tally serve --database-url`).
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Add, list and remove the corpus's documents, in the store or through a running server.
    Corpus {
        #[command(subcommand)]
        action: CorpusAction,
        #[command(flatten)]
        store: StoreArgs,
        /// Work through this server's API (e.g. http://127.0.0.1:8080) instead of the store;
        /// writes send the admin token in TALLY_ADMIN_TOKEN.
        #[arg(long, env = "TALLY_SERVER", global = true)]
        server: Option<String>,
    },
    /// Print the numeric claims found in a text.
    Extract {
        /// The text file to read; `-` or nothing reads standard input.
        file: Option<PathBuf>,
        /// Print one JSON object per claim and line instead of a readable listing.
        #[arg(long)]
        json: bool,
    },
}

/// Where the corpus is kept: SQLite under the data directory, or PostgreSQL.
#[derive(Debug, clap::Args)]
struct StoreArgs {
    /// The directory of the corpus store (an SQLite database), created and seeded with the
    /// embedded corpus on first use.
    #[arg(
        long,
        env = "TALLY_DATA_DIR",
        default_value = "tally-data",
        global = true
    )]
    data_dir: PathBuf,
    /// Keep the corpus in PostgreSQL instead (postgres://user:password@host:port/db), so that
    /// several servers share it.
    #[arg(long, env = "TALLY_DATABASE_URL", global = true)]
    database_url: Option<String>,
}

impl StoreArgs {
    fn location(&self) -> anyhow::Result<store::Location> {
        store::Location::new(&self.data_dir, self.database_url.as_deref())
    }
}

#[derive(Debug, Subcommand)]
enum CorpusAction {
    /// Write the documents of a corpus directory (manifest.json plus articles) or of a file of
    /// newline-delimited JSON documents (`-`: standard input); each is created or replaces the
    /// document with its id. Exit code 1 when some were refused (each is listed).
    Import {
        path: PathBuf,
        /// Documents written per transaction (per request to a server).
        #[arg(long, default_value_t = 500)]
        batch: usize,
    },
    /// List the documents: id, date and title, one a line.
    List {
        /// Print JSON, as `GET /v1/documents` answers.
        #[arg(long)]
        json: bool,
    },
    /// Remove a document. Exit code 1 if there is none with that id.
    Remove { id: String },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve {
            bind,
            corpus,
            store,
            admin_token_file,
            import_limit,
            cors_origin,
            body_limit,
            request_timeout,
            keep_alive,
            max_checks,
            queue_wait,
            check_deadline,
            review_author,
            log_format,
        } => {
            telemetry::init(log_format);
            let admin_tokens = match startup::admin_tokens(
                admin_token_file.as_deref(),
                std::env::var("TALLY_ADMIN_TOKENS").ok().as_deref(),
            ) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("tally: {e:#}");
                    return ExitCode::from(2);
                }
            };
            let settings = startup::Settings {
                bind,
                cors_origins: cors_origin,
                body_limit,
                request_timeout: std::time::Duration::from_secs(request_timeout),
                keep_alive: std::time::Duration::from_secs(keep_alive),
                max_checks,
                queue_wait: std::time::Duration::from_secs(queue_wait),
                check_deadline: std::time::Duration::from_secs(check_deadline),
                review_author,
                admin_tokens,
                import_limit,
                follow_every: std::time::Duration::from_millis(250),
            };
            let source = match corpus {
                Some(dir) => Ok(Source::Files(dir)),
                None => store.location().map(Source::Store),
            };
            source.and_then(|s| serve(settings, s))
        }
        Command::Corpus {
            action,
            store,
            server,
        } => corpus(action, store, server),
        Command::Extract { file, json } => extract_cmd::run(file.as_deref(), json),
        Command::Check {
            file,
            as_of,
            json,
            corpus,
            data_dir,
            database_url,
        } => {
            let corpus = match (data_dir, database_url) {
                (None, None) => corpus_source::load(corpus.as_deref()),
                (dir, url) => store::Location::new(
                    &dir.unwrap_or_else(|| PathBuf::from("tally-data")),
                    url.as_deref(),
                )
                .and_then(|location| corpus_cmd::snapshot(&location)),
            };
            corpus.and_then(|c| check_cmd::run(file.as_deref(), as_of.as_deref(), json, c))
        }
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("tally: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// What `tally serve` serves.
enum Source {
    /// A read-only corpus directory.
    Files(PathBuf),
    /// The corpus store.
    Store(store::Location),
}

fn serve(settings: startup::Settings, source: Source) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    // The store's connections live on this runtime, kept until the server has stopped.
    let runtime = store::runtime()?;
    let live = match source {
        Source::Files(dir) => {
            live::Live::fixed(corpus_source::index(corpus_source::load(Some(&dir))?))
        }
        Source::Store(location) => {
            let seed = corpus_source::load(None)?.documents;
            let store = store::Store::open(runtime.handle().clone(), &location, &seed)?;
            let (documents, version) = store.block_on(store.load())?;
            tracing::info!("corpus store {} at version {version}", store.location());
            let corpus = tally::corpus::Corpus {
                documents,
                version: version.to_string(),
            };
            live::Live::stored(corpus_source::index(corpus), version, store)
        }
    };
    let startup = started.elapsed();
    let (documents, claims, version) = {
        let served = live.read();
        (
            served.index.document_count(),
            served.index.claims.len(),
            served.index.corpus.version.clone(),
        )
    };
    tracing::info!(
        "indexed {claims} claims of {documents} documents in {:.2} s",
        startup.as_secs_f64()
    );
    let live = std::sync::Arc::new(live);
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let (server, addr) = startup::build(settings, live, startup)?;
        tracing::info!("serving {documents} documents (corpus {version}) on http://{addr}/");
        server.await?;
        anyhow::Ok(())
    })?;
    drop(runtime);
    Ok(ExitCode::SUCCESS)
}

/// `tally corpus ...`.
fn corpus(
    action: CorpusAction,
    store: StoreArgs,
    server: Option<String>,
) -> anyhow::Result<ExitCode> {
    let target = match server {
        Some(url) => corpus_cmd::Target::Server {
            url,
            token: std::env::var("TALLY_ADMIN_TOKEN").ok(),
        },
        None => corpus_cmd::Target::Store(store.location()?),
    };
    match action {
        CorpusAction::Import { path, batch } => corpus_cmd::import(&target, &path, batch),
        CorpusAction::List { json } => corpus_cmd::list(&target, json),
        CorpusAction::Remove { id } => corpus_cmd::remove(&target, &id),
    }
}
