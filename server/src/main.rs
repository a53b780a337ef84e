//! `tally`: the HTTP server (API, editor page, widget) and the command-line tools.

mod assets;
mod corpus_source;
mod extract_cmd;
mod startup;

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
        Command::Serve { bind, corpus } => serve(bind, corpus),
        Command::Extract { file, json } => extract_cmd::run(file.as_deref(), json),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("tally: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn serve(bind: SocketAddr, corpus: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let corpus = corpus_source::load(corpus.as_deref())?;
    eprintln!(
        "tally: serving {} documents (corpus {}) on http://{bind}/",
        corpus.documents.len(),
        corpus.version
    );
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let (server, _addr) = startup::build(bind, corpus)?;
        server.await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
