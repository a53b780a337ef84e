//! Placeholder lib so the test crate builds; the tests live in tests/.
