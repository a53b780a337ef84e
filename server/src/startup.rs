//! Assembling the HTTP server from its settings.

use crate::budget::{Budget, Outcome, Peer, Report};
use crate::error::ApiError;
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
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tally::api::ConflictJson;
use tally::check::index::CorpusIndex;
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
    pub index: CorpusIndex,
    /// The corpus's own disagreements, computed on the first request for them (a large
    /// corpus takes a while, and most deployments never ask).
    pub conflicts: OnceLock<Vec<ConflictJson>>,
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

/// Binds the server on the indexed corpus (port 0 picks a free port) and returns it with the
/// address it got. `startup` is how long loading and indexing took, for `/metrics`.
pub fn build(
    settings: Settings,
    index: CorpusIndex,
    startup: Duration,
) -> std::io::Result<(Server, SocketAddr)> {
    let metrics = Arc::new(Metrics::new(index.stats(), startup));
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
        index,
        conflicts: OnceLock::new(),
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
                    .service(resource("/documents", Method::GET, routes::documents::list))
                    .service(resource(
                        "/documents/{id}",
                        Method::GET,
                        routes::documents::get,
                    ))
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
