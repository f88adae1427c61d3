//! Integration tests: one binary, one module per area (see CONTRIBUTING.md).

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
#![expect(clippy::indexing_slicing, reason = "a failed index is a failed test")]
#![expect(clippy::expect_used, reason = "a failed expectation is a failed test")]
#![expect(
    clippy::print_stdout,
    reason = "tests print why they skip and what they measured"
)]

mod app_import;
mod check_cli;
mod content;
mod exam_cli;
mod fuzz;
mod fuzz_harness;
mod generate;
mod input_limits;
mod interchange_aiken_csv;
mod interchange_cli;
mod interchange_gift;
mod interchange_robustness;
mod interchange_roundtrip;
mod interchange_xml;
mod lrs;
mod lrs_fake;
mod lrs_files;
mod map;
mod regress;
mod report;
mod report_html;
mod results;
mod scaffold;
mod schema;
mod store;
#[cfg(feature = "gui")]
mod ui;
#[cfg(feature = "gui")]
mod ui_a11y;
#[cfg(feature = "gui")]
mod ui_authoring;
#[cfg(feature = "gui")]
mod ui_exam;
#[cfg(feature = "gui")]
mod ui_lrs;
#[cfg(feature = "gui")]
mod ui_map;
#[cfg(feature = "gui")]
mod ui_progress;
mod util;
mod validator;
mod watch;
mod xapi_validation;
