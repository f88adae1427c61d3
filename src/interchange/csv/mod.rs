//! Our spreadsheet layout (CSV with a header row), import only. The columns are documented in
//! `docs/interchange.md` and in [`import::COLUMNS`].

pub mod import;
