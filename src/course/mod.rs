//! Courses: exams taken by a class and the class report built from their results.

pub mod report;
