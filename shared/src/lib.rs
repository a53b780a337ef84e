//! # tally — numeric claims in news text
//!
//! Pure logic, no I/O: extraction of numeric claims from English news text, and (in later
//! modules) checking them against a corpus. The server and the widget both build on it.
//!
//! ```
//! let claims = tally::extract("Hamas has freed more than 600 Palestinian prisoners.");
//! let c = &claims[0];
//! assert_eq!(c.value, 600.0);
//! assert_eq!(c.hedge, tally::Hedge::MoreThan);
//! assert_eq!(c.subject.as_ref().unwrap().concept, "prisoner");
//! assert_eq!(c.predicate.as_ref().unwrap().concept, "released");
//! ```

pub mod api;
pub mod check;
pub mod claim;
pub mod claim_review;
pub mod corpus;
pub mod extract;
pub mod hedge;
pub mod lexicon;
pub mod number;
pub mod sentence;
pub mod span;
pub mod submission;
pub mod temporal;
pub mod token;
pub mod unit;
pub mod work;

pub use claim::{Attribution, Claim, ClaimKind, Predicate, Subject};
pub use extract::extract;
pub use hedge::{Hedge, Interval};
pub use span::{LineIndex, Span, Utf16Index};
pub use temporal::Temporal;
pub use unit::{Dimension, Unit};
pub use work::{Stopped, Work};
