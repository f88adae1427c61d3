//! Courses: timed exams from shareable exam codes, attempts and their results files
//! (docs/exams.md). GUI-free: the app's screens drive these types.

pub mod attempt;
pub mod blueprint;
pub mod code;
pub mod exam;
pub mod results_file;

pub use attempt::{Attempt, AttemptRecord, Change, ExamResult};
pub use blueprint::{Blueprint, Paper};
pub use exam::{BankRef, Exam, ExamError, FeedbackPolicy, FormCode};
pub use results_file::ResultsFile;
