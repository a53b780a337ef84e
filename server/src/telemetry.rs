//! Logs for `tally serve`: `tracing` events written to stderr as text or JSON lines, at the
//! level `RUST_LOG` sets (default `info`), and one line per request when it completes.
//!
//! Each request runs in a `request` span (`tracing-actix-web` creates it, [`RequestSpan`]
//! shapes it) with its id, method, route pattern and the `work` a handler did; the line logged at
//! its end adds the status, the duration and the body size, at `warn` for requests slower than
//! [`SLOW`] and `info` otherwise. The id is sent back in `X-Request-Id` on every response, so
//! that a client's report can be found in the log.

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{Error, HttpMessage};
use futures_util::{Stream, TryStreamExt};
use std::cell::Cell;
use std::pin::Pin;
use std::rc::Rc;
use std::time::{Duration, Instant};
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};
use tracing_subscriber::EnvFilter;

/// Requests slower than this are logged at `warn`.
pub const SLOW: Duration = Duration::from_secs(1);

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One readable line per event.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Installs the global subscriber: `format` lines on stderr, filtered by `RUST_LOG` (default
/// `info`). Only `tally serve` calls it; `tally check` and `tally extract` print their own output.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        // The event's fields at the top level, and the request span's fields under "span".
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

/// Records on the current request's span how much work its handler did (for example, steps of
/// extraction or candidates compared), so that the request's log line shows it.
///
/// Call it from the handler's own async code: a closure run by `routes::blocking` is on another
/// thread, outside the request's span, and the value would be dropped.
pub fn record_work(steps: u64) {
    Span::current().record("work", steps);
}

/// When the request started, for its duration.
#[derive(Debug, Clone, Copy)]
struct Started(Instant);

/// Bytes of the request body read so far (shared with the payload stream that counts them).
#[derive(Debug, Clone, Default)]
struct BodyBytes(Rc<Cell<u64>>);

/// Shapes the span `tracing-actix-web` opens for each request and logs its end.
#[derive(Debug)]
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        request.extensions_mut().insert(Started(Instant::now()));
        let id = request.extensions().get::<RequestId>().copied();
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "unmatched".to_string());
        // At `warn`, the level of a slow request's line, so that the line keeps the span's
        // fields when `RUST_LOG=warn` filters out the `info` ones.
        tracing::warn_span!(
            "request",
            request_id = id.map(tracing::field::display),
            method = %request.method(),
            route = %route,
            work = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let (status, started, body_bytes) = match outcome {
            Ok(response) => {
                let ext = response.request().extensions();
                (
                    response.status().as_u16(),
                    ext.get::<Started>().map(|s| s.0),
                    ext.get::<BodyBytes>().map(|b| b.0.get()),
                )
            }
            // An error no inner service turned into a response (none does today); actix
            // answers it after this, with no X-Request-Id.
            Err(e) => (e.as_response_error().status_code().as_u16(), None, None),
        };
        let elapsed = started.map(|s| s.elapsed()).unwrap_or_default();
        let duration_ms = elapsed.as_secs_f64() * 1000.0;
        let body_bytes = body_bytes.unwrap_or(0);
        if elapsed > SLOW {
            tracing::warn!(parent: &span, status, duration_ms, body_bytes, "slow request");
        } else {
            tracing::info!(parent: &span, status, duration_ms, body_bytes, "request");
        }
    }
}

/// Replaces the request's payload with one that counts its bytes as the handler reads them: the
/// body size logged is what arrived, also for a chunked body with no `Content-Length`.
pub fn count_body(request: &mut ServiceRequest) {
    let counter = BodyBytes::default();
    request.extensions_mut().insert(counter.clone());
    let payload = request.take_payload();
    let counted = payload.inspect_ok(move |chunk| {
        counter.0.set(counter.0.get() + chunk.len() as u64);
    });
    let boxed: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(counted);
    request.set_payload(Payload::from(boxed));
}

/// Sets `X-Request-Id` on the response to the id of its request.
pub fn with_request_id<B>(mut response: ServiceResponse<B>) -> ServiceResponse<B> {
    let id = response.request().extensions().get::<RequestId>().copied();
    if let Some(value) = id.and_then(|id| HeaderValue::from_str(&id.to_string()).ok()) {
        let name = HeaderName::from_static("x-request-id");
        response.headers_mut().insert(name, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;
    use actix_web::HttpResponse;
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    /// A log sink for one test.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_request_line_carries_the_work_recorded_in_the_handler() {
        let sink = Sink::default();
        let writer = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            let request = TestRequest::post().uri("/v1/check").to_srv_request();
            request.extensions_mut().insert(BodyBytes::default());
            let span = RequestSpan::on_request_start(&request);
            span.in_scope(|| record_work(4242));
            let response = request.into_response(HttpResponse::Ok().finish());
            RequestSpan::on_request_end(span, &Ok(response));
        });
        let log = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert_eq!(log.lines().count(), 1, "{log}");
        for field in [
            "INFO",
            "method=POST",
            "work=4242",
            "status=200",
            "body_bytes=0",
        ] {
            assert!(log.contains(field), "{field} missing from {log}");
        }
    }
}
