//! Moving banks and results to and from other formats.

pub mod results;
