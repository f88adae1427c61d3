//! Counterpoint: cited question banks and a quiz engine for counter-extremism education.
//!
//! Dependencies run one way: [`model`] ← [`bank`] ← [`engine`] ← [`store`] / [`interchange`] ←
//! [`app`] ← [`cli`] / `ui`.
//! Only `ui` (behind the default `gui` feature) uses egui.

pub mod app;
pub mod bank;
pub mod cli;
pub mod course;
pub mod engine;
pub mod interchange;
pub mod lrs;
pub mod model;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;
pub mod words;
