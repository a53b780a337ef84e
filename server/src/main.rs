//! `tally`: the HTTP server (API, editor page, widget) and the command-line tools.

mod assets;
mod body;
mod budget;
mod check_cmd;
mod corpus_source;
mod error;
mod extract_cmd;
mod metrics;
mod routes;
mod startup;
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
        /// A corpus directory (manifest.json plus articles) to use instead of the embedded one.
        #[arg(long, env = "TALLY_CORPUS")]
        corpus: Option<PathBuf>,
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
        #[arg(long, env = "TALLY_CORPUS")]
        corpus: Option<PathBuf>,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve {
            bind,
            corpus,
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
            };
            serve(settings, corpus)
        }
        Command::Extract { file, json } => extract_cmd::run(file.as_deref(), json),
        Command::Check {
            file,
            as_of,
            json,
            corpus,
        } => corpus_source::load(corpus.as_deref())
            .and_then(|c| check_cmd::run(file.as_deref(), as_of.as_deref(), json, c)),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("tally: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn serve(settings: startup::Settings, corpus: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let corpus = corpus_source::load(corpus.as_deref())?;
    let (documents, version) = (corpus.documents.len(), corpus.version.clone());
    let index = corpus_source::index(corpus);
    let startup = started.elapsed();
    tracing::info!(
        "indexed {} claims of {documents} documents in {:.2} s",
        index.claims.len(),
        startup.as_secs_f64()
    );
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let (server, addr) = startup::build(settings, index, startup)?;
        tracing::info!("serving {documents} documents (corpus {version}) on http://{addr}/");
        server.await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
