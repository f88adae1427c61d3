//! The Aiken format (single-answer multiple choice), import only.

pub mod import;
