//! A budget per request for the CPU work of checks and extractions: at most
//! `Settings::max_checks` run at once (others wait up to `Settings::queue_wait`, then get
//! `503 overloaded` with `Retry-After`), counted apart for texts over [`LARGE`] bytes so that
//! an editor's draft never queues behind someone's megabyte; and each runs under a deadline
//! (`Settings::check_deadline`, then `503 check_timeout`). Work for a client that has gone away
//! stops as well. actix-web does not notice a closed connection while a handler runs, so each
//! connection's socket is duplicated when it is accepted ([`Peer`]) and the work looks at it
//! every [`PEER_PROBE`]; a handler future that is dropped also stops its work.
//!
//! The work itself runs on the blocking pool and is stopped cooperatively through
//! [`tally::Work`], which the pure crate asks between claims; nothing is killed.

use crate::error::ApiError;
use actix_web::web;
use socket2::SockRef;
use std::any::Any;
use std::cell::Cell;
use std::io::ErrorKind;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tally::{Stopped, Work};
use tokio::sync::Semaphore;

/// How often running work asks whether its client is still connected.
pub const PEER_PROBE: Duration = Duration::from_millis(50);

/// The client's end of a connection: a duplicate of the accepted socket, kept in the
/// connection's data (`HttpServer::on_connect`), so that long work can ask whether the client
/// has gone.
#[derive(Debug, Clone)]
pub struct Peer(Arc<OwnedFd>);

impl Peer {
    /// The peer of a newly accepted connection; `None` for a transport that is not TCP.
    pub fn of(connection: &dyn Any) -> Option<Peer> {
        let tcp = connection.downcast_ref::<actix_web::rt::net::TcpStream>()?;
        let fd = tcp.as_fd().try_clone_to_owned().ok()?;
        Some(Peer(Arc::new(fd)))
    }

    /// True when the client closed the connection or reset it. The socket is non-blocking
    /// (the duplicate shares tokio's flags), so a look that finds nothing returns at once.
    pub fn gone(&self) -> bool {
        let mut byte = [MaybeUninit::<u8>::uninit(); 1];
        match SockRef::from(&*self.0).peek(&mut byte) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted),
        }
    }
}

/// How a budgeted run ended, as the metrics and logs name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Past the deadline.
    Timeout,
    /// The client went away.
    Cancelled,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Timeout => "timeout",
            Outcome::Cancelled => "cancelled",
        }
    }
}

/// Texts over this many bytes take their slot from a pool of their own: a 5,000-word draft is
/// about 30 KB.
pub const LARGE: usize = 64 * 1024;

/// The slots for checks and the limits they run under; one per server.
#[derive(Debug)]
pub struct Budget {
    /// Slots for texts of up to [`LARGE`] bytes, and for larger ones.
    slots: Arc<Semaphore>,
    large_slots: Arc<Semaphore>,
    queue_wait: Duration,
    deadline: Duration,
}

/// What a finished run reports besides its result: how it ended, its work and its time.
#[derive(Debug)]
pub struct Report {
    pub outcome: Outcome,
    pub steps: u64,
    pub elapsed: Duration,
}

/// Sets the flag when dropped: the handler's future was dropped (the client went away), or the
/// run finished, after which the flag no longer matters.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl Budget {
    pub fn new(max_checks: usize, queue_wait: Duration, deadline: Duration) -> Self {
        Budget {
            slots: Arc::new(Semaphore::new(max_checks.max(1))),
            large_slots: Arc::new(Semaphore::new(max_checks.max(1))),
            queue_wait,
            deadline,
        }
    }

    /// Seconds a refused client is told to wait before trying again.
    pub fn retry_after(&self) -> u64 {
        self.queue_wait.as_secs().max(1)
    }

    /// Runs `f` on the blocking pool once a slot is free, with a [`Work`] meter that stops at
    /// the deadline or when this future is dropped. Refuses with [`ApiError::Overloaded`] when
    /// no slot frees up within the queue wait, and answers [`ApiError::CheckTimeout`] when the
    /// work was stopped at the deadline. `finished` sees every run that started, as it ends,
    /// even one whose client went away.
    pub async fn run<T: Send + 'static>(
        &self,
        bytes: usize,
        peer: Option<Peer>,
        f: impl FnOnce(&Work) -> Result<T, Stopped> + Send + 'static,
        finished: impl FnOnce(&Report) + Send + 'static,
    ) -> (Result<T, ApiError>, Option<Report>) {
        let slots = if bytes > LARGE {
            &self.large_slots
        } else {
            &self.slots
        };
        let permit =
            match tokio::time::timeout(self.queue_wait, slots.clone().acquire_owned()).await {
                Ok(Ok(permit)) => permit,
                // The semaphore is never closed; a timeout is the only refusal.
                Ok(Err(_)) | Err(_) => {
                    let e = ApiError::Overloaded {
                        retry_after: self.retry_after(),
                    };
                    return (Err(e), None);
                }
            };
        let gone = Arc::new(AtomicBool::new(false));
        let _guard = CancelOnDrop(gone.clone());
        let deadline = self.deadline;
        let result = web::block(move || {
            let _permit = permit;
            let started = Instant::now();
            let seen = gone.clone();
            let last_probe = Cell::new(started);
            let work = Work::stop_when(move || {
                let now = Instant::now();
                if now.duration_since(last_probe.get()) >= PEER_PROBE {
                    last_probe.set(now);
                    if peer.as_ref().is_some_and(Peer::gone) {
                        seen.store(true, Ordering::Relaxed);
                    }
                }
                seen.load(Ordering::Relaxed) || now.duration_since(started) >= deadline
            });
            let result = f(&work);
            let outcome = match &result {
                Ok(_) => Outcome::Ok,
                Err(Stopped) if gone.load(Ordering::Relaxed) => Outcome::Cancelled,
                Err(Stopped) => Outcome::Timeout,
            };
            let report = Report {
                outcome,
                steps: work.steps(),
                elapsed: started.elapsed(),
            };
            finished(&report);
            (result, report)
        })
        .await;
        match result {
            Ok((Ok(value), report)) => (Ok(value), Some(report)),
            Ok((Err(Stopped), report)) => {
                let e = ApiError::CheckTimeout {
                    deadline: self.deadline,
                };
                (Err(e), Some(report))
            }
            Err(e) => (
                Err(ApiError::Internal(format!("a blocking task failed: {e}"))),
                None,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn work_past_the_deadline_stops_and_answers_check_timeout() {
        let budget = Budget::new(1, Duration::from_secs(1), Duration::from_millis(50));
        let (result, report) = budget
            .run(
                0,
                None,
                |work| {
                    while !work.stopped() {
                        work.add(1);
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    Err::<(), _>(Stopped)
                },
                |_| (),
            )
            .await;
        assert!(matches!(result, Err(ApiError::CheckTimeout { .. })));
        let report = report.expect("a run that started reports");
        assert_eq!(report.outcome, Outcome::Timeout);
        assert!(report.steps > 0);
    }

    #[actix_web::test]
    async fn a_full_budget_refuses_after_the_queue_wait_but_keeps_large_texts_apart() {
        let budget = Arc::new(Budget::new(
            1,
            Duration::from_millis(50),
            Duration::from_secs(5),
        ));
        let busy = budget.clone();
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let long = actix_web::rt::spawn(async move {
            busy.run(
                0,
                None,
                move |work| {
                    started_tx.send(()).ok();
                    std::thread::sleep(Duration::from_millis(300));
                    Ok::<u64, Stopped>(work.steps())
                },
                |_| (),
            )
            .await
            .0
            .is_ok()
        });
        // Wait until the first run holds the only slot.
        while started_rx.try_recv().is_err() {
            actix_web::rt::time::sleep(Duration::from_millis(5)).await;
        }
        let (refused, report) = budget.run(0, None, |_| Ok::<(), Stopped>(()), |_| ()).await;
        assert!(matches!(refused, Err(ApiError::Overloaded { .. })));
        assert!(report.is_none());
        // Large texts have slots of their own: the busy small slot does not hold them up.
        let large = budget.run(LARGE + 1, None, |_| Ok::<(), Stopped>(()), |_| ());
        assert!(large.await.0.is_ok());
        assert!(long.await.expect("the first run completes"));
        // Once the slot is free, the next run goes through.
        assert!(budget
            .run(0, None, |_| Ok::<(), Stopped>(()), |_| ())
            .await
            .0
            .is_ok());
    }

    #[actix_web::test]
    async fn dropping_the_request_stops_its_work() {
        let budget = Arc::new(Budget::new(
            1,
            Duration::from_secs(1),
            Duration::from_secs(30),
        ));
        let (stopped_tx, stopped_rx) = std::sync::mpsc::channel();
        let runner = budget.clone();
        let handle = actix_web::rt::spawn(async move {
            runner
                .run(
                    0,
                    None,
                    move |work| {
                        while !work.stopped() {
                            std::thread::sleep(Duration::from_millis(1));
                        }
                        stopped_tx.send(()).ok();
                        Err::<(), _>(Stopped)
                    },
                    |_| (),
                )
                .await
        });
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        handle.abort();
        // Wait without blocking the runtime's one thread, which must drop the aborted task.
        let waited = Instant::now();
        while stopped_rx.try_recv().is_err() {
            assert!(
                waited.elapsed() < Duration::from_secs(5),
                "the work kept running after the request was dropped"
            );
            actix_web::rt::time::sleep(Duration::from_millis(5)).await;
        }
    }
}
