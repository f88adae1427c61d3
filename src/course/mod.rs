//! Courses: timed exams from shareable exam codes, attempts and their results files
//! (docs/exams.md), and the class report built from a class's results (docs/report.md).
//! GUI-free: the app's screens drive these types.

pub mod attempt;
pub mod blueprint;
pub mod code;
pub mod exam;
pub mod report;
pub mod results_file;
pub mod schema;

pub use attempt::{Attempt, AttemptRecord, Change, ExamResult};
pub use blueprint::{Blueprint, Paper};
pub use exam::{BankRef, Exam, ExamError, FeedbackPolicy, FormCode};
pub use results_file::ResultsFile;
