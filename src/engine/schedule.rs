//! Spaced repetition with FSRS (the scheduler Anki uses since 23.10), through the `rs-fsrs` crate
//! with its default FSRS-5 parameters. Time comes in as milliseconds since the epoch.

use chrono::{DateTime, TimeZone as _, Utc};
use rs_fsrs::{Card, FSRS, Parameters, Rating, State};

/// How well the learner recalled the answer (Anki's four buttons).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recall {
    /// Forgotten.
    Again,
    /// Recalled with difficulty.
    Hard,
    /// Recalled.
    Good,
    /// Recalled easily.
    Easy,
}

impl Recall {
    /// All four, in button order (keys 1-4).
    pub const ALL: [Self; 4] = [Self::Again, Self::Hard, Self::Good, Self::Easy];

    /// The rating a graded answer implies when the learner does not choose one: fully right is
    /// Good, partly right (at least half) is Hard, otherwise Again.
    pub fn from_score(score: f64) -> Self {
        if super::is_right(score) {
            Self::Good
        } else if score >= 0.5 {
            Self::Hard
        } else {
            Self::Again
        }
    }

    /// Button label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Again => "Again",
            Self::Hard => "Hard",
            Self::Good => "Good",
            Self::Easy => "Easy",
        }
    }

    fn rating(self) -> Rating {
        match self {
            Self::Again => Rating::Again,
            Self::Hard => Rating::Hard,
            Self::Good => Rating::Good,
            Self::Easy => Rating::Easy,
        }
    }
}

/// FSRS memory state of one question: a small `Copy` value whose methods return the next state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Memory {
    /// Stability in days.
    pub stability: f64,
    /// Difficulty, 1..10.
    pub difficulty: f64,
    /// Due time, ms since the epoch.
    pub due_ms: i64,
    /// Last review, ms since the epoch.
    pub last_review_ms: i64,
    /// Reviews so far.
    pub reps: u32,
    /// Times forgotten.
    pub lapses: u32,
    /// 0 new, 1 learning, 2 review, 3 relearning.
    pub state: u8,
    /// Interval given at the last review, days.
    pub scheduled_days: i64,
}

/// One day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

fn to_utc(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

impl Memory {
    /// A question never studied, due now.
    pub fn new_at(now_ms: i64) -> Self {
        Self {
            stability: 0.0,
            difficulty: 0.0,
            due_ms: now_ms,
            last_review_ms: now_ms,
            reps: 0,
            lapses: 0,
            state: 0,
            scheduled_days: 0,
        }
    }

    fn card(self) -> Card {
        let state = match self.state {
            1 => State::Learning,
            2 => State::Review,
            3 => State::Relearning,
            _ => State::New,
        };
        let last_review = to_utc(self.last_review_ms);
        let elapsed_days = (self.due_ms - self.last_review_ms).max(0) / DAY_MS;
        Card {
            due: to_utc(self.due_ms),
            stability: self.stability,
            difficulty: self.difficulty,
            elapsed_days,
            scheduled_days: self.scheduled_days,
            reps: i32::try_from(self.reps).unwrap_or(i32::MAX),
            lapses: i32::try_from(self.lapses).unwrap_or(i32::MAX),
            state,
            last_review,
        }
    }

    fn from_card(card: &Card) -> Self {
        Self {
            stability: card.stability,
            difficulty: card.difficulty,
            due_ms: card.due.timestamp_millis(),
            last_review_ms: card.last_review.timestamp_millis(),
            reps: u32::try_from(card.reps).unwrap_or(0),
            lapses: u32::try_from(card.lapses).unwrap_or(0),
            state: card.state as u8,
            scheduled_days: card.scheduled_days,
        }
    }

    /// The state after a review rated `recall` at `now_ms`, aiming at `desired_retention`
    /// (0.7..0.99; the app's default is 0.9).
    #[must_use]
    pub fn review(self, recall: Recall, now_ms: i64, desired_retention: f64) -> Self {
        let parameters = Parameters {
            request_retention: desired_retention.clamp(0.7, 0.99),
            ..Parameters::default()
        };
        let next = FSRS::new(parameters).next(self.card(), to_utc(now_ms), recall.rating());
        Self::from_card(&next.card)
    }

    /// Whether it is due at `now_ms`.
    pub fn is_due(self, now_ms: i64) -> bool {
        self.due_ms <= now_ms
    }

    /// Probability of recall at `now_ms` (0 for a question never studied).
    pub fn retrievability(self, now_ms: i64) -> f64 {
        self.card().get_retrievability(to_utc(now_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2022-11-29 12:30:00 UTC, the start time of the reference sequence.
    const START_MS: i64 = 1_669_725_000_000;

    /// The reference intervals of rs-fsrs / ts-fsrs for this rating sequence with the default
    /// FSRS-5 parameters and retention 0.9: driving the scheduler through `Memory` must give them.
    #[test]
    fn intervals_match_the_fsrs_reference_sequence() {
        use Recall::{Again, Good};
        let ratings = [
            Good, Good, Good, Good, Good, Good, Again, Again, Good, Good, Good, Good, Good,
        ];
        let mut memory = Memory::new_at(START_MS);
        let mut now = START_MS;
        let mut intervals = Vec::new();
        for rating in ratings {
            memory = memory.review(rating, now, 0.9);
            intervals.push(memory.scheduled_days);
            now = memory.due_ms;
        }
        assert_eq!(intervals, [0, 4, 15, 48, 136, 351, 0, 0, 7, 13, 24, 43, 77]);
    }

    #[test]
    fn simulated_days_make_questions_due_and_lapses_count() {
        let mut memory = Memory::new_at(START_MS);
        assert!(memory.is_due(START_MS));
        memory = memory.review(Recall::Good, START_MS, 0.9);
        memory = memory.review(Recall::Good, memory.due_ms, 0.9);
        assert_eq!(memory.state, 2, "in review after two good answers");
        let due = memory.due_ms;
        assert!(!memory.is_due(due - DAY_MS));
        assert!(memory.is_due(due));
        // Recall is high right after the review and falls with time.
        let r_soon = memory.retrievability(memory.last_review_ms + DAY_MS);
        let r_late = memory.retrievability(memory.last_review_ms + 100 * DAY_MS);
        assert!(r_soon > r_late && r_late > 0.0, "{r_soon} {r_late}");
        let lapsed = memory.review(Recall::Again, due, 0.9);
        assert_eq!(lapsed.lapses, 1);
        assert_eq!(lapsed.state, 3, "relearning");
    }

    #[test]
    fn higher_retention_means_shorter_intervals() {
        let start = Memory::new_at(START_MS)
            .review(Recall::Good, START_MS, 0.9)
            .review(Recall::Good, START_MS + DAY_MS, 0.9);
        let low = start.review(Recall::Good, start.due_ms, 0.8);
        let high = start.review(Recall::Good, start.due_ms, 0.97);
        assert!(high.scheduled_days < low.scheduled_days);
    }

    #[test]
    fn rating_from_score() {
        assert_eq!(Recall::from_score(1.0), Recall::Good);
        assert_eq!(Recall::from_score(0.5), Recall::Hard);
        assert_eq!(Recall::from_score(0.2), Recall::Again);
    }
}
