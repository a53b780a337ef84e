//! Assembling the HTTP server from its settings.

use crate::budget::{Budget, Outcome, Peer, Report};
use crate::error::ApiError;
use crate::live::Live;
use crate::metrics::Metrics;
use crate::routes::{self, resource};
use crate::telemetry;
use actix_cors::Cors;
use actix_web::dev::{Server, Service};
use actix_web::http::KeepAlive;
use actix_web::http::Method;
use actix_web::{http, middleware, web, App, HttpRequest, HttpResponse, HttpServer};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tally::{Stopped, Work};
use tracing_actix_web::TracingLogger;

/// Everything `tally serve` can be told, built once in `main`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    /// Origins allowed to call the API from a browser (the widget on publishers' pages).
    /// Empty: no cross-origin calls.
    pub cors_origins: Vec<String>,
    /// The largest request body accepted, in bytes.
    pub body_limit: usize,
    /// How long a client may take to send a request.
    pub request_timeout: Duration,
    /// How long an idle connection is kept for another request; zero: not kept.
    pub keep_alive: Duration,
    /// How many checks and extractions run at once.
    pub max_checks: usize,
    /// How long a check waits for a free slot before it is refused.
    pub queue_wait: Duration,
    /// How long one check or extraction may run.
    pub check_deadline: Duration,
    /// The organization named as the author of ClaimReview answers.
    pub review_author: String,
    /// Tokens that may write to the corpus (`Authorization: Bearer`); none: writes are off.
    pub admin_tokens: Vec<String>,
    /// The largest import body (newline-delimited documents), in bytes.
    pub import_limit: usize,
    /// How often the store's version is polled for writes made elsewhere.
    pub follow_every: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: "127.0.0.1:8080".parse().expect("a valid address"),
            cors_origins: Vec::new(),
            body_limit: 1 << 20,
            request_timeout: Duration::from_secs(30),
            keep_alive: Duration::ZERO,
            max_checks: cores(),
            queue_wait: Duration::from_secs(2),
            check_deadline: Duration::from_secs(10),
            review_author: "Tally".to_string(),
            admin_tokens: Vec::new(),
            import_limit: 64 << 20,
            follow_every: Duration::from_millis(250),
        }
    }
}

/// The number of cores, the default for how many checks run at once.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// What every handler can reach.
#[derive(Debug)]
pub struct AppState {
    pub settings: Settings,
    /// The corpus served, and its store.
    pub corpus: Arc<Live>,
    pub metrics: Arc<Metrics>,
    /// The OpenAPI document, built once.
    pub openapi: serde_json::Value,
    /// Slots and limits for checks and extractions.
    pub budget: Budget,
}

impl AppState {
    /// Runs a check or extraction under the budget ([`Budget::run`]), and records how it
    /// ended.
    pub async fn run<T: Send + 'static>(
        &self,
        req: &HttpRequest,
        bytes: usize,
        f: impl FnOnce(&Work) -> Result<T, Stopped> + Send + 'static,
    ) -> Result<T, ApiError> {
        let metrics = self.metrics.clone();
        let finished = move |r: &Report| {
            metrics.check_finished(r.outcome.as_str(), r.elapsed);
            if r.outcome != Outcome::Ok {
                tracing::warn!(
                    outcome = r.outcome.as_str(),
                    seconds = r.elapsed.as_secs_f64(),
                    work = r.steps,
                    "work stopped"
                );
            }
            if r.outcome == Outcome::Timeout {
                metrics.refused("deadline");
            }
        };
        let peer = req.conn_data::<Peer>().cloned();
        let (result, report) = self.budget.run(bytes, peer, f, finished).await;
        match (&result, report) {
            (_, Some(r)) => telemetry::record_work(r.steps),
            (Err(ApiError::Overloaded { .. }), None) => self.metrics.refused("overloaded"),
            (_, None) => self.metrics.check_finished("error", Duration::ZERO),
        }
        result
    }
}

/// Binds the server on the corpus (port 0 picks a free port) and returns it with the address it
/// got, and starts following the corpus's store. `startup` is how long loading and indexing
/// took, for `/metrics`. Call inside an actix system.
pub fn build(
    settings: Settings,
    corpus: Arc<Live>,
    startup: Duration,
) -> std::io::Result<(Server, SocketAddr)> {
    let metrics = Arc::new(Metrics::new(startup));
    actix_web::rt::spawn(corpus.clone().follow(settings.follow_every));
    let timeout = settings.request_timeout;
    let keep_alive = if settings.keep_alive.is_zero() {
        KeepAlive::Disabled
    } else {
        KeepAlive::Timeout(settings.keep_alive)
    };
    let bind = settings.bind;
    let openapi = routes::openapi::document();
    let budget = Budget::new(
        settings.max_checks,
        settings.queue_wait,
        settings.check_deadline,
    );
    // On SIGTERM in-flight requests finish; the longest a check can run is its deadline.
    let shutdown = settings.check_deadline + Duration::from_secs(5);
    let state = web::Data::new(AppState {
        settings,
        corpus,
        metrics,
        openapi,
        budget,
    });
    let server = HttpServer::new(move || {
        let metrics = state.metrics.clone();
        App::new()
            .app_data(state.clone())
            .wrap(cors(&state.settings.cors_origins))
            .wrap(middleware::Compress::default())
            .wrap(security_headers())
            .wrap_fn(move |mut req, srv| {
                let route = req
                    .match_pattern()
                    .unwrap_or_else(|| "unmatched".to_string());
                let start = Instant::now();
                let metrics = metrics.clone();
                telemetry::count_body(&mut req);
                let fut = srv.call(req);
                async move {
                    // Handlers' errors are responses by now (ApiError, JSON 405 and 404), so
                    // they are counted here and carry their X-Request-Id.
                    let res = fut.await?;
                    metrics.observe(&route, res.status().as_u16(), start.elapsed());
                    Ok(telemetry::with_request_id(res))
                }
            })
            // Outermost: the request's span covers everything else, and its id is known inside.
            .wrap(TracingLogger::<telemetry::RequestSpan>::new())
            .service(resource("/healthz", Method::GET, routes::health::healthz))
            .service(resource("/metrics", Method::GET, routes::health::metrics))
            .service(resource("/openapi.json", Method::GET, routes::openapi::get))
            .service(
                web::scope("/v1")
                    .service(resource("/check", Method::POST, routes::check::check))
                    .service(resource("/extract", Method::POST, routes::check::extract))
                    .service(
                        web::resource("/documents")
                            .route(web::get().to(routes::documents::list))
                            .route(web::post().to(routes::documents::create))
                            .default_service(routes::method_not_allowed("GET, POST".into())),
                    )
                    .service(
                        web::resource("/documents/{id}")
                            .route(web::get().to(routes::documents::get))
                            .route(web::put().to(routes::documents::put))
                            .route(web::delete().to(routes::documents::remove))
                            .default_service(routes::method_not_allowed("GET, PUT, DELETE".into())),
                    )
                    .service(resource("/conflicts", Method::GET, routes::conflicts::list)),
            )
            .configure(crate::assets::configure)
            .default_service(web::to(not_found))
    })
    // A duplicate of each connection's socket, for checks to notice a client that went away.
    .on_connect(|connection, data| {
        if let Some(peer) = Peer::of(connection) {
            data.insert(peer);
        }
    })
    .client_request_timeout(timeout)
    .keep_alive(keep_alive)
    .client_disconnect_timeout(Duration::from_secs(5))
    .shutdown_timeout(shutdown.as_secs())
    .bind(bind)?;
    let addr = server.addrs()[0];
    Ok((server.run(), addr))
}

/// Headers on every response. Pages set their own Content-Security-Policy (`assets`); anything
/// else (JSON, errors) is data that must never be rendered as a page or framed. API answers
/// carry drafts and are not to be stored by caches; assets set their own `Cache-Control`.
fn security_headers() -> middleware::DefaultHeaders {
    middleware::DefaultHeaders::new()
        .add((http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((http::header::REFERRER_POLICY, "no-referrer"))
        .add((
            http::header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'",
        ))
        .add((http::header::CACHE_CONTROL, "no-store"))
}

/// CORS from configuration only: no origin is allowed unless listed ("*" allows any).
fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(vec![http::Method::GET, http::Method::POST])
        // Writes (with Authorization) are for servers and the CLI, not for browsers elsewhere.
        .allowed_headers(vec![http::header::CONTENT_TYPE])
        .max_age(3600);
    for o in origins {
        cors = if o == "*" {
            cors.allow_any_origin()
        } else {
            cors.allowed_origin(o)
        };
    }
    cors
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound("There is no such route.".into()))
}

/// The shortest admin token accepted: a guessable token would open the corpus to anyone.
const MIN_TOKEN: usize = 16;

/// The admin tokens from `file` (one a line; blank lines and lines starting with `#` are
/// skipped) and from `listed` (comma-separated, as `TALLY_ADMIN_TOKENS` gives them).
pub fn admin_tokens(
    file: Option<&std::path::Path>,
    listed: Option<&str>,
) -> anyhow::Result<Vec<String>> {
    use anyhow::Context;
    let mut tokens = Vec::new();
    if let Some(path) = file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the admin token file {}", path.display()))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            check_token(line).with_context(|| format!("{} line {}", path.display(), n + 1))?;
            tokens.push(line.to_string());
        }
    }
    for (n, token) in listed.unwrap_or("").split(',').map(str::trim).enumerate() {
        if token.is_empty() {
            continue;
        }
        check_token(token).with_context(|| format!("TALLY_ADMIN_TOKENS, token {}", n + 1))?;
        tokens.push(token.to_string());
    }
    Ok(tokens)
}

fn check_token(token: &str) -> anyhow::Result<()> {
    if token.len() < MIN_TOKEN {
        anyhow::bail!("an admin token must be at least {MIN_TOKEN} characters long");
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        anyhow::bail!("an admin token must be printable ASCII with no spaces");
    }
    Ok(())
}
