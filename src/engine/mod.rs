//! The quiz engine: building quizzes, grading answers, session state. Pure: time and randomness
//! come in as arguments.

mod grade;
pub mod map_layout;
mod quiz;
mod schedule;
mod session;

pub use grade::{
    Grade, Outcome, RIGHT_SCORE, Response, grade, is_right, normalise_text, parse_number,
};
pub use quiz::{ChoiceMark, Filter, Quiz, QuizItem, build_quiz, quiz_of};
pub use schedule::{DAY_MS, Memory, Recall};
pub use session::{Answered, Session, Summary, TopicSummary};
