//! Counting the work an extraction or a check does, and stopping it when the caller asks.
//!
//! Every loop whose length depends on the input adds its iterations to a [`Work`] meter, so
//! that tests can prove without a clock that the cost of a text grows linearly with its size
//! (`tests/tests/linear_work.rs`), and the server can log the work each request took.
//!
//! The crate reads no clock: a caller that wants a deadline passes a closure that says when to
//! stop ([`Work::stop_when`]), and long loops ask [`Work::stopped`] between claims. Stopped
//! work returns [`Stopped`] and its partial results are dropped.

use std::cell::Cell;
use std::fmt;

/// A meter of work done, and an optional request to stop.
#[derive(Default)]
pub struct Work {
    steps: Cell<u64>,
    stop: Option<Box<dyn Fn() -> bool>>,
}

/// The work was stopped by its caller's [`Work::stop_when`] condition before it finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the work was stopped before it finished")]
pub struct Stopped;

impl Work {
    /// A meter with no limit.
    pub fn new() -> Self {
        Work::default()
    }

    /// A meter whose work stops once `stop` returns true (a deadline passed, a client gone).
    /// `stop` is called between claims and between the stages of the pipeline, not per step.
    pub fn stop_when(stop: impl Fn() -> bool + 'static) -> Self {
        Work {
            steps: Cell::new(0),
            stop: Some(Box::new(stop)),
        }
    }

    /// Adds `n` steps.
    #[inline]
    pub fn add(&self, n: u64) {
        self.steps.set(self.steps.get().saturating_add(n));
    }

    /// The steps counted so far.
    pub fn steps(&self) -> u64 {
        self.steps.get()
    }

    /// True when the caller asked to stop.
    pub fn stopped(&self) -> bool {
        self.stop.as_ref().is_some_and(|f| f())
    }

    /// `Err(Stopped)` when the caller asked to stop: for `?` between stages.
    pub fn check(&self) -> Result<(), Stopped> {
        if self.stopped() {
            Err(Stopped)
        } else {
            Ok(())
        }
    }
}

impl fmt::Debug for Work {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Work")
            .field("steps", &self.steps.get())
            .field("stoppable", &self.stop.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn a_meter_counts_and_stops_when_its_condition_holds() {
        let flag = Rc::new(Cell::new(false));
        let seen = flag.clone();
        let w = Work::stop_when(move || seen.get());
        w.add(3);
        w.add(4);
        assert_eq!(w.steps(), 7);
        assert_eq!(w.check(), Ok(()));
        flag.set(true);
        assert_eq!(w.check(), Err(Stopped));
        assert!(!Work::new().stopped());
    }
}
