//! Prometheus metrics in the text exposition format: requests by route and status, a latency
//! histogram, claims checked by verdict, and the corpus index's sizes and start-up time.
//! Plain atomics; no registry crate needed.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use tally::check::index::IndexStats;
use tally::check::Verdict;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

#[derive(Debug)]
pub struct Metrics {
    index: IndexStats,
    /// Loading and indexing the corpus.
    startup: Duration,
    /// (route, status) → count.
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    buckets: [AtomicU64; BUCKETS.len()],
    latency_count: AtomicU64,
    latency_sum_micros: AtomicU64,
    verdicts: [AtomicU64; 5],
}

impl Metrics {
    pub fn new(index: IndexStats, startup: Duration) -> Self {
        Metrics {
            index,
            startup,
            requests: Mutex::default(),
            buckets: Default::default(),
            latency_count: AtomicU64::default(),
            latency_sum_micros: AtomicU64::default(),
            verdicts: Default::default(),
        }
    }

    pub fn observe(&self, route: &str, status: u16, elapsed: Duration) {
        if let Ok(mut r) = self.requests.lock() {
            *r.entry((route.to_string(), status)).or_insert(0) += 1;
        }
        let secs = elapsed.as_secs_f64();
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Ordering::Relaxed);
        self.latency_sum_micros
            .fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
    }

    pub fn count_verdicts(&self, verdicts: impl Iterator<Item = Verdict>) {
        for v in verdicts {
            let i = Verdict::ALL.iter().position(|x| *x == v).unwrap_or(0);
            self.verdicts[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP tally_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE tally_http_requests_total counter\n");
        if let Ok(r) = self.requests.lock() {
            for ((route, status), n) in r.iter() {
                out.push_str(&format!(
                    "tally_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}\n"
                ));
            }
        }
        out.push_str("# HELP tally_http_request_duration_seconds Time to answer a request.\n");
        out.push_str("# TYPE tally_http_request_duration_seconds histogram\n");
        for (i, le) in BUCKETS.iter().enumerate() {
            let n = self.buckets[i].load(Ordering::Relaxed);
            out.push_str(&format!(
                "tally_http_request_duration_seconds_bucket{{le=\"{le}\"}} {n}\n"
            ));
        }
        let count = self.latency_count.load(Ordering::Relaxed);
        let sum = self.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        out.push_str(&format!(
            "tally_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}\n"
        ));
        out.push_str(&format!("tally_http_request_duration_seconds_sum {sum}\n"));
        out.push_str(&format!(
            "tally_http_request_duration_seconds_count {count}\n"
        ));
        out.push_str("# HELP tally_claims_checked_total Claims checked, by verdict.\n");
        out.push_str("# TYPE tally_claims_checked_total counter\n");
        for (i, v) in Verdict::ALL.iter().enumerate() {
            let n = self.verdicts[i].load(Ordering::Relaxed);
            out.push_str(&format!(
                "tally_claims_checked_total{{verdict=\"{}\"}} {n}\n",
                v.as_str()
            ));
        }
        let s = &self.index;
        let gauges = [
            (
                "index_documents",
                "Documents in the corpus.",
                s.documents as f64,
            ),
            ("index_claims", "Checkable claims indexed.", s.claims as f64),
            (
                "index_keys",
                "Index buckets (counted things, predicates, dimensions).",
                s.keys as f64,
            ),
            (
                "index_postings",
                "Entries in all index buckets.",
                s.postings as f64,
            ),
            ("index_values", "Distinct figure values.", s.values as f64),
            (
                "index_text_bytes",
                "Bytes of corpus text.",
                s.text_bytes as f64,
            ),
            (
                "index_bytes",
                "Estimated bytes of the index besides the text.",
                s.index_bytes as f64,
            ),
            (
                "startup_seconds",
                "Time to load and index the corpus.",
                self.startup.as_secs_f64(),
            ),
        ];
        for (name, help, value) in gauges {
            out.push_str(&format!(
                "# HELP tally_{name} {help}\n# TYPE tally_{name} gauge\ntally_{name} {value}\n"
            ));
        }
        out
    }
}
