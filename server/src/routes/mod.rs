//! One module per endpoint; each handler parses, calls `tally`, and serializes.

pub mod check;
pub mod conflicts;
pub mod documents;
pub mod health;
pub mod openapi;
