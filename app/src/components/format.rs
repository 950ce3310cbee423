//! Formatting helpers for dates and labels (the date arithmetic itself is in `crate::dates`,
//! shared with the backend).

pub use crate::dates::day;
