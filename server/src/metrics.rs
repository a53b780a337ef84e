//! Prometheus metrics for `/metrics`: requests by route and status, a latency histogram, claims
//! checked by verdict, checks by outcome and their duration, requests refused, and the corpus
//! index's sizes and start-up time.
//!
//! Kept in a `prometheus-client` registry (the Prometheus project's own Rust client: no default
//! features, a few small dependencies) and rendered in the text format 0.0.4, the one Prometheus
//! and every scraper read; OpenMetrics would change the counters' `# TYPE` lines and add `# EOF`
//! for no gain here.

use prometheus_client::encoding::prometheus_text;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;
use std::time::Duration;
use tally::check::index::IndexStats;
use tally::check::Verdict;

/// The `Content-Type` of [`Metrics::render`]'s output.
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

/// Upper bounds of the request latency buckets, in seconds.
const REQUEST_BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

/// Upper bounds of the check duration buckets, in seconds: a check of a long draft on a large
/// corpus takes up to seconds, and one stopped by a deadline lands in the top buckets.
const CHECK_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// How a check ended, as the check handler reports it.
const OUTCOMES: [&str; 4] = ["ok", "timeout", "cancelled", "error"];

/// Why a request was refused before any work.
const REFUSALS: [&str; 2] = ["overloaded", "deadline"];

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct VerdictLabels {
    verdict: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: String,
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

/// The server's metrics; every method takes `&self` and may be called from any thread.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_duration: Histogram,
    verdicts: Family<VerdictLabels, Counter>,
    check_duration: HistogramFamily<OutcomeLabels>,
    refused: Family<ReasonLabels, Counter>,
    /// The index's sizes, by name (see [`Metrics::set_corpus`]).
    index: Vec<(&'static str, Gauge<i64>)>,
    corpus_version: Gauge<i64>,
}

impl Metrics {
    /// Metrics for a server whose corpus took `startup` to load and index.
    pub fn new(startup: Duration) -> Self {
        let mut registry = Registry::with_prefix("tally");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by route and status",
            requests.clone(),
        );
        let request_duration = Histogram::new(REQUEST_BUCKETS);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request",
            request_duration.clone(),
        );
        let verdicts = Family::<VerdictLabels, Counter>::default();
        registry.register(
            "claims_checked",
            "Claims checked, by verdict",
            verdicts.clone(),
        );
        let check_duration: HistogramFamily<OutcomeLabels> =
            Family::new_with_constructor(|| Histogram::new(CHECK_BUCKETS));
        registry.register(
            "check_duration_seconds",
            "Time spent checking a draft, by how the check ended",
            check_duration.clone(),
        );
        let refused = Family::<ReasonLabels, Counter>::default();
        registry.register(
            "requests_refused",
            "Requests refused before any work, by reason",
            refused.clone(),
        );
        // Every label value known in advance is shown from the start, at zero, so that a
        // dashboard's rate() has a series before the first event.
        for v in Verdict::ALL {
            let _ = verdicts.get_or_create(&VerdictLabels {
                verdict: v.as_str().to_string(),
            });
        }
        for outcome in OUTCOMES {
            let _ = check_duration.get_or_create(&OutcomeLabels {
                outcome: outcome.to_string(),
            });
        }
        for reason in REFUSALS {
            let _ = refused.get_or_create(&ReasonLabels {
                reason: reason.to_string(),
            });
        }
        let gauges = [
            ("index_documents", "Documents in the corpus"),
            ("index_claims", "Checkable claims indexed"),
            (
                "index_keys",
                "Index buckets (counted things, predicates, dimensions)",
            ),
            ("index_postings", "Entries in all index buckets"),
            ("index_values", "Distinct figure values"),
            ("index_text_bytes", "Bytes of corpus text"),
            (
                "index_bytes",
                "Estimated bytes of the index besides the text",
            ),
        ];
        let index = gauges
            .into_iter()
            .map(|(name, help)| {
                let gauge = Gauge::<i64>::default();
                registry.register(name, help, gauge.clone());
                (name, gauge)
            })
            .collect();
        let corpus_version = Gauge::<i64>::default();
        registry.register(
            "corpus_version",
            "The corpus store's version served (0 for a corpus read from files)",
            corpus_version.clone(),
        );
        let startup_seconds = Gauge::<f64, AtomicU64>::default();
        startup_seconds.set(startup.as_secs_f64());
        registry.register(
            "startup_seconds",
            "Time to load and index the corpus",
            startup_seconds,
        );
        Metrics {
            registry,
            requests,
            request_duration,
            verdicts,
            check_duration,
            refused,
            index,
            corpus_version,
        }
    }

    /// The corpus served now: its index's sizes and its version (set before each render).
    pub fn set_corpus(&self, stats: IndexStats, version: i64) {
        let value = |name: &str| match name {
            "index_documents" => stats.documents,
            "index_claims" => stats.claims,
            "index_keys" => stats.keys,
            "index_postings" => stats.postings,
            "index_values" => stats.values,
            "index_text_bytes" => stats.text_bytes,
            _ => stats.index_bytes,
        };
        for (name, gauge) in &self.index {
            gauge.set(i64::try_from(value(name)).unwrap_or(i64::MAX));
        }
        self.corpus_version.set(version);
    }

    /// A request answered: `route` is its pattern (`/v1/documents/{id}`), or `unmatched`.
    pub fn observe(&self, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_string(),
                status,
            })
            .inc();
        self.request_duration.observe(elapsed.as_secs_f64());
    }

    /// Claims checked, counted per verdict in the order of [`Verdict::ALL`] (one update per
    /// verdict, not per claim: a large text has hundreds of thousands).
    pub fn count_verdicts(&self, counts: [u64; Verdict::ALL.len()]) {
        for (v, n) in Verdict::ALL.iter().zip(counts) {
            if n > 0 {
                self.verdicts
                    .get_or_create(&VerdictLabels {
                        verdict: v.as_str().to_string(),
                    })
                    .inc_by(n);
            }
        }
    }

    /// A check ended after `elapsed`: `outcome` is `ok`, `timeout`, `cancelled` or `error`.
    pub fn check_finished(&self, outcome: &str, elapsed: Duration) {
        self.check_duration
            .get_or_create(&OutcomeLabels {
                outcome: outcome.to_string(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// A request refused before any work: `reason` is `overloaded` or `deadline`.
    pub fn refused(&self, reason: &str) {
        self.refused
            .get_or_create(&ReasonLabels {
                reason: reason.to_string(),
            })
            .inc();
    }

    /// The metrics in the Prometheus text format ([`CONTENT_TYPE`]).
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail; the encoder's Result is for io-like writers.
        prometheus_text::encode(&mut out, &self.registry).expect("metrics encode into a String");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics() -> Metrics {
        let index = IndexStats {
            documents: 5,
            claims: 0,
            keys: 0,
            postings: 0,
            values: 0,
            text_bytes: 0,
            index_bytes: 0,
        };
        let m = Metrics::new(Duration::from_millis(1500));
        m.set_corpus(index, 7);
        m
    }

    /// The value of the sample line `series` (name and labels exactly as rendered).
    fn sample(text: &str, series: &str) -> Option<f64> {
        text.lines()
            .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
    }

    #[test]
    fn check_finished_shows_in_the_duration_histogram_by_outcome() {
        let m = metrics();
        m.check_finished("ok", Duration::from_millis(20));
        m.check_finished("ok", Duration::from_millis(30));
        m.check_finished("timeout", Duration::from_secs(10));
        let text = m.render();
        assert!(text.contains("# TYPE tally_check_duration_seconds histogram"));
        let ok = "tally_check_duration_seconds_count{outcome=\"ok\"}";
        assert_eq!(sample(&text, ok), Some(2.0), "{text}");
        let ok_sum = "tally_check_duration_seconds_sum{outcome=\"ok\"}";
        assert!((sample(&text, ok_sum).unwrap() - 0.05).abs() < 1e-9);
        let timeout = "tally_check_duration_seconds_bucket{outcome=\"timeout\",le=\"5\"}";
        assert_eq!(sample(&text, timeout), Some(0.0), "{text}");
        let timeout = "tally_check_duration_seconds_bucket{outcome=\"timeout\",le=\"10\"}";
        assert_eq!(sample(&text, timeout), Some(1.0), "{text}");
        let cancelled = "tally_check_duration_seconds_count{outcome=\"cancelled\"}";
        assert_eq!(
            sample(&text, cancelled),
            Some(0.0),
            "shown before any: {text}"
        );
    }

    #[test]
    fn refused_counts_by_reason() {
        let m = metrics();
        m.refused("overloaded");
        m.refused("overloaded");
        let text = m.render();
        assert!(text.contains("# TYPE tally_requests_refused_total counter"));
        let overloaded = "tally_requests_refused_total{reason=\"overloaded\"}";
        assert_eq!(sample(&text, overloaded), Some(2.0), "{text}");
        let deadline = "tally_requests_refused_total{reason=\"deadline\"}";
        assert_eq!(sample(&text, deadline), Some(0.0), "{text}");
    }

    #[test]
    fn the_metrics_served_before_the_registry_keep_their_names_and_labels() {
        let m = metrics();
        m.observe("/v1/check", 200, Duration::from_millis(3));
        m.observe("unmatched", 404, Duration::from_micros(500));
        m.count_verdicts([0, 2, 0, 0, 0]);
        let text = m.render();
        for (series, want) in [
            (
                "tally_http_requests_total{route=\"/v1/check\",status=\"200\"}",
                1.0,
            ),
            (
                "tally_http_requests_total{route=\"unmatched\",status=\"404\"}",
                1.0,
            ),
            (
                "tally_http_request_duration_seconds_bucket{le=\"0.001\"}",
                1.0,
            ),
            (
                "tally_http_request_duration_seconds_bucket{le=\"0.005\"}",
                2.0,
            ),
            (
                "tally_http_request_duration_seconds_bucket{le=\"+Inf\"}",
                2.0,
            ),
            ("tally_http_request_duration_seconds_count", 2.0),
            ("tally_claims_checked_total{verdict=\"contradicted\"}", 2.0),
            ("tally_claims_checked_total{verdict=\"supported\"}", 0.0),
            ("tally_index_documents", 5.0),
            ("tally_corpus_version", 7.0),
            ("tally_index_bytes", 0.0),
            ("tally_startup_seconds", 1.5),
        ] {
            assert_eq!(sample(&text, series), Some(want), "{series} in\n{text}");
        }
        assert!(text.contains("# TYPE tally_http_requests_total counter"));
        assert!(text.contains("# TYPE tally_startup_seconds gauge"));
    }
}
